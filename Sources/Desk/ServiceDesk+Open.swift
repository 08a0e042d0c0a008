import Domain
import Foundation
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

        public init(servicePoint: ServicePoint, policy: CertificationPolicy, signIn: SignInPolicy, fingerprint: FingerprintPolicy,
                    visits: VisitPolicy, printKeyFile: String?, clock: KioskClock) {
            self.servicePoint = servicePoint
            self.policy = policy
            self.signIn = signIn
            self.fingerprint = fingerprint
            self.visits = visits
            self.printKeyFile = printKeyFile
            self.clock = clock
        }

        var store: AppDatabase.Settings {
            AppDatabase.Settings(servicePoint: servicePoint, policy: policy, signInPolicy: signIn, fingerprintPolicy: fingerprint,
                                 visitPolicy: visits, printKeyFile: printKeyFile, clock: clock)
        }
    }

    /// The desk of a data directory made by `kiosk init`.
    public static func open(dataDirectory: String, settings: Settings) throws(KioskError) -> ServiceDesk {
        ServiceDesk(try AppDatabase.open(dataDirectory: dataDirectory, settings: settings.store))
    }

    /// A new data directory, with its first admin; `testClock` makes one for tests and demos,
    /// whose clock KIOSK_TODAY may set and whose records say TEST.
    public static func create(dataDirectory: String, settings: Settings, adminName: String,
                              adminPassword: String, testClock: Bool = false) throws(KioskError) -> (ServiceDesk, StaffMember) {
        let (database, admin) = try AppDatabase.create(dataDirectory: dataDirectory, settings: settings.store, adminName: adminName,
                                                       adminPassword: adminPassword, testClock: testClock)
        return (ServiceDesk(database), admin)
    }

    /// Puts a backup in place in a data directory that holds no database yet (an admin of the backup signs in).
    public static func restore(from backupPath: String, dataDirectory: String, settings: Settings, adminName: String,
                               password: String) throws(KioskError) -> RestoreSummary {
        try AppDatabase.restore(from: backupPath, dataDirectory: dataDirectory, settings: settings.store, adminName: adminName,
                                password: password)
    }

    /// What anyone at the counter may see without signing in: the file with the ID masked on screen.
    public func record(_ id: ResidentID) throws(KioskError) -> ResidentRecord {
        guard let file = try database.residentFile(id) else { throw .residentNotFound(id) }
        return ResidentRecord(file: file, status: database.status(of: file), fingers: try database.prints(of: id).map(\.finger))
    }

    /// Recomputes the audit chain and every covered record, and checks the given anchors.
    public func verifyAudit(anchors: [AuditAnchor] = []) throws(KioskError) -> AuditVerification {
        try database.verifyAudit(anchors: anchors)
    }

    public func roster(_ staff: StaffMember) -> RosterDesk { RosterDesk(database: database, staff: staff) }
    public func staffAccounts(_ admin: StaffMember) -> StaffDesk { StaffDesk(database: database, staff: admin) }
    public func records(_ staff: StaffMember) -> RecordsDesk { RecordsDesk(database: database, staff: staff) }
    public func readerStorage(_ staff: StaffMember, reader: ReaderClient) -> ReaderStorageDesk {
        ReaderStorageDesk(database: database, reader: reader, staff: staff)
    }
}

extension ResidentsDesk {
    /// The full ID number and phone for a staff member allowed to see them, the look recorded in the audit log.
    public func reveal(_ id: ResidentID) throws(KioskError) -> ResidentRecord {
        try database.recordReveal(of: id, by: staff)
        return try record(id)
    }
}

/// The bureau's roster, imported in one transaction.
public struct RosterDesk: Sendable {
    let database: AppDatabase
    let staff: StaffMember

    public func importRoster(path: String, strict: Bool,
                             progress: (@Sendable (RosterImportProgress) -> Void)? = nil) throws(KioskError) -> RosterImportReport {
        try database.importRoster(path: path, strict: strict, by: staff, progress: progress)
    }
}

/// Staff accounts, managed by an admin.
public struct StaffDesk: Sendable {
    let database: AppDatabase
    let staff: StaffMember

    public func add(name: String, role: StaffRole, password: String) throws(KioskError) -> StaffMember {
        try database.addStaff(name: name, role: role, password: password, by: staff)
    }

    public func unlock(name: String) throws(KioskError) { try database.unlockStaff(name: name, by: staff) }
    public func list() throws(KioskError) -> [StaffAccount] { try database.staffAccounts() }
}

/// What leaves the service point: the export for the bureau and the backup.
public struct RecordsDesk: Sendable {
    let database: AppDatabase
    let staff: StaffMember

    public static let exportHeader = AppDatabase.exportHeader

    public func export(since: CivilDate, to path: String) throws(KioskError) -> ExportManifest {
        try database.exportCertifications(since: since, to: path, by: staff)
    }

    public func backup(to path: String) throws(KioskError) -> BackupSummary { try database.backup(to: path, by: staff) }
}

/// A reader that keeps prints on its chip: clearing it forgets the enrolments it held.
public struct ReaderStorageDesk: Sendable {
    let database: AppDatabase
    let reader: ReaderClient
    let staff: StaffMember

    public func mayManage() throws(KioskError) { try database.authorize(staff, .manageReaderStorage) }

    /// Clears the first reader's chip; returns how many enrolments went with it.
    public func clear() async throws(KioskError) -> Int {
        try mayManage()
        let chip = try await ReaderCalls.firstReader(reader)
        try await ReaderCalls.reading { () throws(ReaderFailure) in try await reader.clearStorage() }
        return try database.forgetPrints(storedOn: chip, by: staff)
    }
}

extension EnrolDesk {
    public func fingers(of id: ResidentID) throws(KioskError) -> [Finger] { try database.prints(of: id).map(\.finger) }

    /// Removes an enrolled finger, from the reader's chip first when it keeps prints.
    public func unenrol(_ finger: Finger, of id: ResidentID) async throws(KioskError) {
        guard let stored = try database.prints(of: id).first(where: { $0.finger == finger }) else { throw .printNotEnrolled(finger) }
        if stored.template.storedOnDevice {
            try await ReaderCalls.reading { () throws(ReaderFailure) in try await reader.deleteStored(stored.template) }
        }
        try database.removeEnrolledPrint(finger, of: id, by: staff)
    }
}

extension CertifyDesk {
    /// One scan identified among every print enrolled on this reader: who pressed the finger.
    public func identify(coach: @escaping ReaderClient.Events) async throws(KioskError) -> ResidentRecord {
        try database.authorize(staff, .viewResident)
        let info = try await ReaderCalls.firstReader(reader)
        guard info.has(.identify) else { throw .reader(.notSupported) }
        let gallery = try database.gallery(excluding: nil).filter { $0.template.fits(info) }
        guard !gallery.isEmpty else { throw .noPrintsEnrolled }
        let match = try await ReaderCalls.reading { () throws(ReaderFailure) in try await reader.identify(gallery.map(\.template), coach) }
        guard let match, let file = try database.residentFile(gallery[match].residentID) else { throw .notIdentified }
        return ResidentRecord(file: file, status: database.status(of: file), fingers: try database.prints(of: file.resident.id).map(\.finger))
    }
}

extension ReportsDesk {
    public func today() throws(KioskError) -> [(certification: KioskCertification, resident: Resident)] { try database.todayReport(by: staff) }
}

extension VisitsDesk {
    public func pin(_ id: String, on date: CivilDate, with visitor: String, team: [VisitStaff]) throws(KioskError) {
        try database.pinVisit(id, on: date, with: visitor, team: team, by: staff)
    }

    public func stops(on date: CivilDate, visitor: String?) throws(KioskError) -> [VisitStop] {
        try database.visitStops(on: date, staff: visitor, by: staff)
    }

    /// A booking with its history, for staff who may book visits.
    public func record(_ id: String) throws(KioskError) -> VisitRecord {
        try database.authorize(staff, .bookVisit)
        return try database.visitRecord(id)
    }
}

extension ReviewDesk {
    public func record(_ id: String) throws(KioskError) -> PhotoCertification {
        try database.authorize(staff, .reviewPhotos)
        return try database.photoCertification(id)
    }
}
