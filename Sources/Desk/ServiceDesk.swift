import Domain
import Foundation
import GRDB
import Store

/// The application as both front-ends reach it: the service point's database behind one desk
/// per task, each for the staff member signed in. Every action first checks the role the staff
/// member signed in with, then the task's rules inside the write transaction that records it;
/// the screen and the command line only render what comes back.
public final class ServiceDesk: Sendable {
    let database: AppDatabase
    let receiptPrinter: ReceiptPrinter
    /// What interrupted work had left in the data directory, removed (or, for receipts, written)
    /// when the desk was opened.
    public let sweptAtOpen: InterruptedWorkSweep

    public init(_ database: AppDatabase, receipts: ReceiptPrinter,
                sweptAtOpen: InterruptedWorkSweep = InterruptedWorkSweep(partialFiles: 0, unrecordedPhotos: 0)) {
        self.database = database
        self.receiptPrinter = receipts
        self.sweptAtOpen = sweptAtOpen
    }

    public var servicePoint: ServicePoint { database.servicePoint }
    public var policy: CertificationPolicy { database.policy }
    public var today: CivilDate { database.clock.today }
    /// A data directory for tests and demos (`kiosk init --test-clock`): shown as TEST.
    public var testClock: Bool { database.testClock }


    public func residents(_ staff: StaffMember) -> ResidentsDesk { ResidentsDesk(database: database, staff: staff) }
    public func certify(_ staff: StaffMember, reader: ReaderClient) -> CertifyDesk { CertifyDesk(database: database, reader: reader, staff: staff) }
    public func enrol(_ staff: StaffMember, reader: ReaderClient) -> EnrolDesk { EnrolDesk(database: database, reader: reader, staff: staff) }
    public func photos(_ staff: StaffMember) -> PhotoDesk { PhotoDesk(database: database, staff: staff) }
    public func review(_ staff: StaffMember) -> ReviewDesk { ReviewDesk(database: database, staff: staff) }
    public func visits(_ staff: StaffMember) -> VisitsDesk { VisitsDesk(database: database, staff: staff) }
    public func field(_ staff: StaffMember) -> FieldDesk { FieldDesk(database: database, staff: staff) }
    public func alerts(_ staff: StaffMember) -> AlertsDesk { AlertsDesk(database: database, staff: staff) }
    public func reports(_ staff: StaffMember) -> ReportsDesk { ReportsDesk(database: database, staff: staff) }
    /// `bureau`: seals enrolled prints' minutiae to the bureau's key (nil: none leave the kiosk).
    public func sync(_ staff: StaffMember, hub: HubClient, bureau: BureauSealer? = nil) -> SyncDesk {
        SyncDesk(database: database, hub: hub, staff: staff, bureau: bureau)
    }
    public var receipts: ReceiptsDesk { ReceiptsDesk(database: database, printer: receiptPrinter) }

    /// When this kiosk last synced with the city hub, for the header; nil for a kiosk without one.
    public func hubStatus(lastTryFailed: Bool = false) throws(KioskError) -> HubStatus? {
        guard let hours = database.hubStaleAfterHours else { return nil }
        let synced = try database.lastHubSync()
        return HubStatus(lastSync: synced.map(database.clock.local), staleFrom: synced.map { database.clock.local($0 + Int64(hours) * 3_600_000) },
                         lastTryFailed: lastTryFailed)
    }
}

/// A resident as the desks hand them out: the file, the status today and the enrolled fingers.
public struct ResidentRecord: Sendable {
    public var file: ResidentFile
    public var status: ResidentStatus
    public var fingers: [Finger]

    public init(file: ResidentFile, status: ResidentStatus, fingers: [Finger]) {
        self.file = file
        self.status = status
        self.fingers = fingers
    }

    public var id: ResidentID { file.resident.id }
}

extension StaffMember {
    /// Refuses a staff member whose role does not allow `action`: the first rule of every desk action.
    func mustBeAllowed(_ action: StaffAction) throws(KioskError) {
        guard role.may(action) else { throw .notPermitted(role: role, action: action) }
    }
}

// MARK: Signing in

extension ServiceDesk {
    private enum SignInOutcome {
        case signedIn(StaffMember)
        case refused(KioskError)
    }

    /// Signs a staff member in; the desks act as them. Wrong passwords count towards the lock,
    /// and the count is committed (and audited) even though the sign-in fails. The count is read
    /// and raised inside one write transaction, so attempts made in parallel each count.
    public func signIn(name: String, password: String) throws(KioskError) -> StaffMember {
        // An account edited outside the kiosk (a role raised, a password hash swapped) is refused,
        // not trusted, and nothing is written over it.
        let account = try database.read { db -> StaffRow? in
            let row = try StaffRow.named(name, in: db)
            if let row { try AuditLog.requireIntact(db, AuditSubject(table: "staff", id: row.id)) }
            return row
        }
        guard let account else {
            // Spend the same time as a real check, so a wrong name is not told apart by timing.
            _ = try StaffAccounts.matches(password: password, stored: "scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA")
            throw .signInFailed
        }
        let member = try account.member()
        guard account.active else { throw .accountDisabled }
        if let locked = account.lockedUntil, database.signInPolicy.isLocked(lockedUntil: locked, now: database.clock.now() / 1000) {
            throw .accountLocked(until: database.clock.local(locked * 1000))
        }
        let passwordMatches = try StaffAccounts.matches(password: password, stored: account.passwordHash)

        let outcome: SignInOutcome = try database.write { db in
            try AuditLog.requireIntact(db, AuditSubject(table: "staff", id: member.id))
            let current = try Row.fetchOne(db, sql: "SELECT failed_attempts, locked_until FROM staff WHERE id = ?", arguments: [member.id])!
            let failures: Int = current["failed_attempts"]
            let lockedUntil: Int64? = current["locked_until"]
            let seconds = database.clock.now() / 1000
            if database.signInPolicy.isLocked(lockedUntil: lockedUntil, now: seconds) {
                return .refused(.accountLocked(until: database.clock.local(lockedUntil! * 1000)))
            }
            if passwordMatches {
                if failures > 0 || lockedUntil != nil {
                    try db.execute(sql: "UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ?", arguments: [member.id])
                    try AuditLog.append(db, in: database, staff: member.id, action: .signInCountReset,
                                        subject: .init(table: "staff", id: member.id), detail: "")
                }
                return .signedIn(member)
            }
            let next = database.signInPolicy.afterFailure(previousFailures: failures, now: seconds)
            try db.execute(sql: "UPDATE staff SET failed_attempts = ?, locked_until = ? WHERE id = ?",
                           arguments: [next.failures, next.lockedUntil, member.id])
            if let until = next.lockedUntil {
                try AuditLog.append(db, in: database, staff: member.id, action: .accountLocked, subject: .init(table: "staff", id: member.id),
                                    detail: "failures=\(database.signInPolicy.maxFailures)")
                return .refused(.accountLocked(until: database.clock.local(until * 1000)))
            }
            try AuditLog.append(db, in: database, staff: member.id, action: .signInFailed, subject: .init(table: "staff", id: member.id),
                                detail: "failures=\(next.failures)")
            return .refused(.signInFailed)
        }
        switch outcome {
        case .signedIn(let member): return member
        case .refused(let error): throw error
        }
    }
}
