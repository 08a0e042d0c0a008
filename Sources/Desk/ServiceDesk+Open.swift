import Domain
import Foundation
import GRDB
import Store

extension ServiceDesk {
    /// What the desk runs with: the service point, its policies, where the print key lives and the clock.
    public struct Settings: Sendable {
        public var servicePoint: ServicePoint
        public var policy: CertificationPolicy
        public var signIn: SignInPolicy
        public var fingerprint: FingerprintPolicy
        public var visits: VisitPolicy
        public var printKeyFile: String?
        public var clock: KioskClock
        /// Where certifications' receipts are written and printed.
        public var receipts: ReceiptPrinter
        /// With a city hub: how long without a sync before enrolments are refused.
        public var hubStaleAfterHours: Int?

        public init(servicePoint: ServicePoint, policy: CertificationPolicy, signIn: SignInPolicy, fingerprint: FingerprintPolicy,
                    visits: VisitPolicy, printKeyFile: String?, clock: KioskClock, receipts: ReceiptPrinter, hubStaleAfterHours: Int? = nil) {
            self.hubStaleAfterHours = hubStaleAfterHours
            self.servicePoint = servicePoint
            self.policy = policy
            self.signIn = signIn
            self.fingerprint = fingerprint
            self.visits = visits
            self.printKeyFile = printKeyFile
            self.clock = clock
            self.receipts = receipts
        }

        var store: AppDatabase.Settings {
            AppDatabase.Settings(servicePoint: servicePoint, policy: policy, signInPolicy: signIn, fingerprintPolicy: fingerprint,
                                 visitPolicy: visits, printKeyFile: printKeyFile, hubStaleAfterHours: hubStaleAfterHours, clock: clock)
        }
    }

    /// The desk of a data directory made by `kiosk init`, cleared of what interrupted work left,
    /// with the receipts a kill kept from being written written now.
    public static func open(dataDirectory: String, settings: Settings) throws(KioskError) -> ServiceDesk {
        let database = try AppDatabase.open(dataDirectory: dataDirectory, settings: settings.store)
        var swept = try database.sweepInterruptedWork()
        swept.receiptsWritten = try ReceiptsDesk(database: database, printer: settings.receipts).writeOwed()
        return ServiceDesk(database, receipts: settings.receipts, sweptAtOpen: swept)
    }

    /// A new data directory, with its first admin; `testClock` makes one for tests and demos,
    /// whose clock KIOSK_TODAY may set and whose records say TEST.
    public static func create(dataDirectory: String, settings: Settings, adminName: String,
                              adminPassword: String, testClock: Bool = false) throws(KioskError) -> (ServiceDesk, StaffMember) {
        let (database, admin) = try AppDatabase.create(dataDirectory: dataDirectory, settings: settings.store, adminName: adminName,
                                                       adminPassword: adminPassword, testClock: testClock)
        return (ServiceDesk(database, receipts: settings.receipts), admin)
    }

    /// Puts a backup in place in a data directory that holds no database yet (an admin of the backup signs in).
    public static func restore(from backupPath: String, dataDirectory: String, settings: Settings, adminName: String,
                               password: String) throws(KioskError) -> RestoreSummary {
        try AppDatabase.restore(from: backupPath, dataDirectory: dataDirectory, settings: settings.store) { copy throws(KioskError) in
            try ServiceDesk(copy, receipts: settings.receipts).signIn(name: adminName, password: password)
        }
    }

    /// What anyone at the counter may see without signing in: the file with the ID masked on screen.
    public func record(_ id: ResidentID) throws(KioskError) -> ResidentRecord {
        try ResidentsDesk.lookUp(id, in: database)
    }

    /// Recomputes the audit chain and every covered record, and checks the given anchors.
    public func verifyAudit(anchors: [AuditAnchor] = []) throws(KioskError) -> AuditVerification {
        try database.verifyAudit(anchors: anchors)
    }

    /// An admin accepts the clock as it is now although the audit log's latest entry is later (the
    /// clock had been set ahead when it was written): one audited entry, from which records are
    /// dated again. Returns the latest entry's time it moved back from, or nil when the clock was
    /// not behind (nothing is written then).
    public func acceptClock(_ admin: StaffMember) throws(KioskError) -> LocalDateTime? {
        try admin.mustBeAllowed(.correctClock)
        return try database.write { db -> LocalDateTime? in
            let now = database.clock.now()
            guard let latest = try AuditLog.head(db).recordedAt, now < latest else { return nil }
            let from = database.clock.local(latest)
            try AuditLog.append(db, in: database, staff: admin.id, action: .clockCorrected, subject: nil,
                                detail: "latest=\(from) now=\(database.clock.local(now))")
            return from
        }
    }

    public func roster(_ staff: StaffMember) -> RosterDesk { RosterDesk(database: database, staff: staff) }
    public func staffAccounts(_ admin: StaffMember) -> StaffDesk { StaffDesk(database: database, staff: admin) }
    public func records(_ staff: StaffMember) -> RecordsDesk { RecordsDesk(database: database, staff: staff) }
    public func readerStorage(_ staff: StaffMember, reader: ReaderClient) -> ReaderStorageDesk {
        ReaderStorageDesk(database: database, reader: reader, staff: staff)
    }
}

/// The bureau's roster, imported in one transaction.
public struct RosterDesk: Sendable {
    let database: AppDatabase
    let staff: StaffMember

    public func importRoster(path: String, strict: Bool,
                             progress: (@Sendable (RosterImportProgress) -> Void)? = nil) throws(KioskError) -> RosterImportReport {
        try staff.mustBeAllowed(.importRoster)
        return try database.importRoster(path: path, strict: strict, by: staff, progress: progress)
    }
}

/// Passwords for accounts the bureau manages on the city hub: checked as a kiosk's own, and
/// hashed the same way, so the hub and the kiosks only ever hold the hash.
public enum StaffPasswords {
    public static func hash(_ password: String, name: String, policy: SignInPolicy) throws(KioskError) -> String {
        try StaffAccounts.checkNewAccount(name: name, password: password, policy: policy)
        return try StaffAccounts.hash(password: password)
    }
}

/// Staff accounts, managed by an admin.
public struct StaffDesk: Sendable {
    let database: AppDatabase
    let staff: StaffMember

    /// An admin opens a new account.
    public func add(name: String, role: StaffRole, password: String) throws(KioskError) -> StaffMember {
        try staff.mustBeAllowed(.manageStaff)
        try StaffAccounts.checkNewAccount(name: name, password: password, policy: database.signInPolicy)
        let hash = try StaffAccounts.hash(password: password)
        return try database.write { db in
            let member = try StaffAccounts.insert(db, name: name, role: role, passwordHash: hash, createdBy: staff.id, in: database)
            try AuditLog.append(db, in: database, staff: staff.id, action: .staffCreated, subject: .init(table: "staff", id: member.id),
                                detail: "role=\(role.rawValue)")
            return member
        }
    }

    /// An admin clears a lock before it runs out.
    public func unlock(name: String) throws(KioskError) {
        try staff.mustBeAllowed(.manageStaff)
        try database.write { db in
            guard let id = try String.fetchOne(db, sql: "SELECT id FROM staff WHERE name = ?", arguments: [name]) else {
                throw KioskError.staffNotFound(name)
            }
            try AuditLog.requireIntact(db, AuditSubject(table: "staff", id: id))
            try db.execute(sql: "UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ?", arguments: [id])
            try AuditLog.append(db, in: database, staff: staff.id, action: .staffUnlocked, subject: .init(table: "staff", id: id), detail: "")
        }
    }

    /// Any signed-in staff member may see who has an account and whether it is locked.
    public func list() throws(KioskError) -> [StaffAccount] {
        try database.read { db in
            try StaffRow.fetchAll(db, sql: "SELECT * FROM staff ORDER BY name").map { row in
                let stillLocked = row.lockedUntil.map { database.signInPolicy.isLocked(lockedUntil: $0, now: database.clock.now() / 1000) } ?? false
                return StaffAccount(name: row.name, role: try row.member().role, active: row.active,
                                    lockedUntil: stillLocked ? database.clock.local(row.lockedUntil! * 1000) : nil, failedAttempts: row.failedAttempts)
            }
        }
    }
}

/// What leaves the service point: the export for the bureau and the backup.
public struct RecordsDesk: Sendable {
    let database: AppDatabase
    let staff: StaffMember

    public static let exportHeader = AppDatabase.exportHeader

    public func export(since: CivilDate, to path: String) throws(KioskError) -> ExportManifest {
        try staff.mustBeAllowed(.exportCertifications)
        return try database.exportCertifications(since: since, to: path, by: staff)
    }

    public func backup(to path: String) throws(KioskError) -> BackupSummary {
        try staff.mustBeAllowed(.backUpData)
        return try database.backup(to: path, by: staff)
    }
}

/// A reader that keeps prints on its chip: clearing it forgets the enrolments it held.
public struct ReaderStorageDesk: Sendable {
    let database: AppDatabase
    let reader: ReaderClient
    let staff: StaffMember

    public func mayManage() throws(KioskError) { try staff.mustBeAllowed(.manageReaderStorage) }

    /// Clears the first reader's chip; returns how many enrolments went with it.
    public func clear() async throws(KioskError) -> Int {
        try mayManage()
        let chip = try await ReaderCalls.firstReader(reader)
        // Checked before the chip is touched: a chip cleared cannot be undone if the records then refuse.
        try database.read { db in for printID in try printsStored(on: chip, db) { try AuditLog.requireIntact(db, .print(printID)) } }
        try await ReaderCalls.reading { () throws(ReaderFailure) in try await reader.clearStorage() }
        return try forgetPrints(storedOn: chip)
    }

    private func printsStored(on chip: ReaderInfo, _ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT id FROM enrolled_print WHERE stored_on_device = 1 AND driver = ? AND device_id = ?",
                            arguments: [chip.driver, chip.deviceID])
    }

    /// Forgets the enrolments kept on a reader's chip once the chip was cleared.
    private func forgetPrints(storedOn chip: ReaderInfo) throws(KioskError) -> Int {
        try staff.mustBeAllowed(.manageReaderStorage)
        return try database.write { db in
            let ids = try printsStored(on: chip, db)
            for printID in ids {
                try AuditLog.requireIntact(db, .print(printID))
                try db.execute(sql: "DELETE FROM enrolled_print WHERE id = ?", arguments: [printID])
                try AuditLog.append(db, in: database, staff: staff.id, action: .printRemoved, subject: .print(printID),
                                    detail: "reader storage cleared")
            }
            return ids.count
        }
    }
}

extension EnrolDesk {
    public func fingers(of id: ResidentID) throws(KioskError) -> [Finger] { try database.prints(of: id).map(\.finger) }

    /// Removes an enrolled finger, from the reader's chip first when it keeps prints.
    public func unenrol(_ finger: Finger, of id: ResidentID) async throws(KioskError) {
        guard let stored = try database.prints(of: id).first(where: { $0.finger == finger }) else { throw .printNotEnrolled(finger) }
        if stored.template.storedOnDevice {
            try database.read { db in try AuditLog.requireIntact(db, .print(stored.id)) }
            try await ReaderCalls.reading { () throws(ReaderFailure) in try await reader.deleteStored(stored.template) }
        }
        try remove(finger, of: id)
    }
}

extension CertifyDesk {
    /// One scan identified among every print enrolled on this reader: who pressed the finger, and
    /// which finger. The scan is the biometric check, so `certify(_:again:)` records it without
    /// asking for the finger again.
    public func identify(coach: @escaping ReaderClient.Events) async throws(KioskError) -> Identification {
        try staff.mustBeAllowed(.viewResident)
        let info = try await ReaderCalls.firstReader(reader)
        guard info.has(.identify) else { throw .reader(.notSupported) }
        let gallery = try database.gallery(excluding: nil).filter { $0.template.fits(info) }
        guard !gallery.isEmpty else { throw .noPrintsEnrolled }
        let match = try await ReaderCalls.reading { () throws(ReaderFailure) in try await reader.identify(gallery.map(\.template), coach) }
        guard let match, let file = try database.residentFile(gallery[match].residentID) else { throw .notIdentified }
        let record = ResidentRecord(file: file, status: database.status(of: file), fingers: try database.prints(of: file.resident.id).map(\.finger))
        return Identification(record: record, finger: gallery[match].finger, reader: "\(info.driver)#\(info.deviceID)",
                              at: database.clock.now(), staffID: staff.id)
    }
}
