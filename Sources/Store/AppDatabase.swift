import Crypto
import Domain
import Files
import Foundation
import GRDB
import GRDBSQLite

/// The kiosk's database: one SQLite file in WAL mode (so reports and lookups read while an import
/// writes), migrated when opened, so no code ever sees an old schema. The desks open its write
/// transactions and append each change's audit entry in the same one: a change and its audit
/// entry land together or not at all.
public final class AppDatabase: Sendable {
    public static let fileName = "kiosk.sqlite"

    let writer: any DatabaseWriter
    package let path: String
    public let servicePoint: ServicePoint
    public let policy: CertificationPolicy
    public let signInPolicy: SignInPolicy
    public let fingerprintPolicy: FingerprintPolicy
    public let visitPolicy: VisitPolicy
    /// With a city hub: how long without a sync before enrolments are refused (nil: no hub).
    public let hubStaleAfterHours: Int?
    public let clock: KioskClock
    /// Made with `kiosk init --test-clock`, for tests and demos: KIOSK_TODAY may set its clock,
    /// so its records are marked TEST wherever they are shown or leave the kiosk.
    public let testClock: Bool
    package let printKey: SymmetricKey
    public var engine: StatusEngine { StatusEngine(policy: policy) }

    /// The latest entry written down beside the database (none for an in-memory one).
    let anchorFile: AuditAnchorFile?

    init(writer: any DatabaseWriter, path: String, settings: Settings, printKey: SymmetricKey, testClock: Bool) {
        self.writer = writer
        self.path = path
        anchorFile = path == ":memory:" ? nil : AuditAnchorFile(dataDirectory: (path as NSString).deletingLastPathComponent)
        servicePoint = settings.servicePoint
        policy = settings.policy
        signInPolicy = settings.signInPolicy
        fingerprintPolicy = settings.fingerprintPolicy
        hubStaleAfterHours = settings.hubStaleAfterHours
        visitPolicy = settings.visitPolicy
        clock = settings.clock
        self.testClock = testClock
        self.printKey = printKey
    }

    public struct Settings: Sendable {
        public var servicePoint: ServicePoint
        public var policy: CertificationPolicy
        public var signInPolicy: SignInPolicy
        public var fingerprintPolicy: FingerprintPolicy
        public var visitPolicy: VisitPolicy
        /// Where the print key lives; an in-memory database makes a key that lives as long as it.
        public var printKeyFile: String?
        public var hubStaleAfterHours: Int?
        public var clock: KioskClock

        public init(servicePoint: ServicePoint, policy: CertificationPolicy, signInPolicy: SignInPolicy,
                    fingerprintPolicy: FingerprintPolicy = FingerprintPolicy(), visitPolicy: VisitPolicy = .harbin,
                    printKeyFile: String? = nil, hubStaleAfterHours: Int? = nil, clock: KioskClock) {
            self.hubStaleAfterHours = hubStaleAfterHours
            self.servicePoint = servicePoint
            self.policy = policy
            self.signInPolicy = signInPolicy
            self.fingerprintPolicy = fingerprintPolicy
            self.visitPolicy = visitPolicy
            self.printKeyFile = printKeyFile
            self.clock = clock
        }
    }

    /// How long a write waits for another process's transaction before failing as busy, in
    /// tries of a millisecond each.
    static let busyTries: Int32 = 10_000

    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.label = "kiosk"
        configuration.prepareDatabase { db in
            sqlite3_busy_handler(db.sqliteConnection, waitForLock, nil)
            // 8 KiB pages suit rows of a few hundred bytes (fewer splits than SQLite's default 4 KiB);
            // it takes effect only when the file is created.
            try db.execute(sql: "PRAGMA page_size = 8192")
            // Reads through a memory map: a lookup or a report touches pages without a read() each.
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
        }
        return configuration
    }

    /// Opens the database of a data directory made by `kiosk init`.
    public static func open(dataDirectory: String, settings: Settings) throws(KioskError) -> AppDatabase {
        let path = URL(fileURLWithPath: dataDirectory).appendingPathComponent(fileName).path
        guard FileManager.default.fileExists(atPath: path) else { throw .notInitialized(dataDirectory: dataDirectory) }
        try requirePrivate(dataDirectory: dataDirectory, database: path)
        let key = try PrintKey.load(from: settings.printKeyFile ?? dataDirectory + "/prints.key")
        let writer = try attempt(path) { try DatabasePool(path: path, configuration: configuration()) }
        let testClock = try checkOpening(writer, path: path, dataDirectory: dataDirectory, settings: settings)
        try migrate(writer, path: path)
        let database = AppDatabase(writer: writer, path: path, settings: settings, printKey: key, testClock: testClock)
        // The anchor first: every entry it names was committed before it was written down, so
        // the read transaction's snapshot, taken after, holds it.
        let anchor = database.anchorFile?.latest()
        try database.read { db in try database.requireTrustworthy(db, anchor: anchor) }
        return database
    }

    /// Checks a database before anything is written to it, even a migration: it must belong to the
    /// configured service point, and a clock set by KIOSK_TODAY is accepted only for a test-clock
    /// data directory. Returns whether it is one. (Every release's schema has these two tables; a
    /// file without them was never initialised.)
    static func checkOpening(_ writer: any DatabaseWriter, path: String, dataDirectory: String, settings: Settings) throws(KioskError) -> Bool {
        let (owner, testClockMeta, firstEntry) = try attempt(path) {
            try writer.read { db -> (String?, String?, Row?) in
                guard try db.tableExists("kiosk_meta"), try db.tableExists("audit_entry") else { return (nil, nil, nil) }
                return (try String.fetchOne(db, sql: "SELECT value FROM kiosk_meta WHERE key = 'service_point'"),
                        try String.fetchOne(db, sql: "SELECT value FROM kiosk_meta WHERE key = 'test_clock'"),
                        try Row.fetchOne(db, sql: "SELECT * FROM audit_entry WHERE seq = 1"))
            }
        }
        if let owner, owner != settings.servicePoint.code {
            throw .wrongServicePoint(database: owner, config: settings.servicePoint.code)
        }
        // The chain's first entry is the authority (its hash covers the mark); kiosk_meta repeats it
        // for whoever reads the database. A row added or removed there alone is an edit behind the
        // kiosk's back, refused like any other (a removed one would pass test records off as real).
        let testClock = firstEntry.map(AuditLog.opensTestClockChain) ?? false
        guard (testClockMeta == testClockMetaValue) == testClock else { throw .testClockMarkAltered(dataDirectory: dataDirectory) }
        if settings.clock.isSetByKioskToday && !testClock { throw .kioskTodayNotAllowed(dataDirectory: dataDirectory) }
        return testClock
    }

    /// kiosk_meta's `test_clock` value in a test-clock data directory.
    static let testClockMetaValue = "1"

    /// What can be checked at every start without recomputing the chain: the log reaches the
    /// last entry written down beside it, the append-only guards are in place, and the metadata
    /// says what the first entry recorded. `kiosk audit verify` checks everything else.
    func requireTrustworthy(_ db: Database, anchor: AuditAnchor?) throws {
        try anchorFile?.check(db, reaches: anchor)
        if let table = try Schema.unguardedTables(db).first { throw KioskError.appendOnlyGuardMissing(table: table) }
        if case .metadataAltered(let key)? = try AuditLog.metadataFindings(db).first {
            throw KioskError.recordChangedOutsideKiosk(table: "kiosk_meta", id: key, seq: 1)
        }
    }

    /// Refuses to open personal data others could reach, as the print key is refused: the data
    /// directory must be 0700 and the database with its -wal and -shm 0600 (or narrower; -wal and
    /// -shm are checked when they are there). `kiosk init` and `kiosk restore` make them so.
    static func requirePrivate(dataDirectory: String, database: String) throws(KioskError) {
        for (path, required) in [(dataDirectory, 0o700), (database, 0o600), (database + "-wal", 0o600), (database + "-shm", 0o600)] {
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            let mode = Int(info.st_mode & 0o777)
            guard mode & 0o077 == 0 else { throw .dataTooOpen(path: path, mode: mode, required: required) }
        }
    }

    /// Removes what interrupted work left in the data directory: partial files no process is
    /// writing, and sealed photos no record names. Counts only: nothing personal is reported.
    public func sweepInterruptedWork() throws(KioskError) -> InterruptedWorkSweep {
        let dataDirectory = (path as NSString).deletingLastPathComponent
        return InterruptedWorkSweep(partialFiles: PartialFile.sweep(under: dataDirectory), unrecordedPhotos: try sweepUnrecordedPhotos(),
                                    abandonedImports: sweepAbandonedImport())
    }

    /// A fresh in-memory database with its first admin, for tests: same schema, same rules.
    public static func inMemory(settings: Settings, adminName: String, adminPassword: String) throws(KioskError) -> (AppDatabase, StaffMember) {
        let writer = try attempt(":memory:") { try DatabaseQueue(configuration: configuration()) }
        try migrate(writer, path: ":memory:")
        let database = AppDatabase(writer: writer, path: ":memory:", settings: settings, printKey: SymmetricKey(size: .bits256), testClock: false)
        return (database, try database.initialize(adminName: adminName, password: adminPassword))
    }

    /// Creates the data directory (readable by this user only) and its database, and signs up the
    /// first admin. Refuses a directory that already holds a database, and a clock set by
    /// KIOSK_TODAY unless the directory is to be a test-clock one.
    public static func create(dataDirectory: String, settings: Settings, adminName: String, adminPassword: String, testClock: Bool = false)
        throws(KioskError) -> (AppDatabase, StaffMember) {
        let path = URL(fileURLWithPath: dataDirectory).appendingPathComponent(fileName).path
        guard !FileManager.default.fileExists(atPath: path) else { throw .alreadyInitialized(dataDirectory: dataDirectory) }
        if settings.clock.isSetByKioskToday && !testClock { throw .kioskTodayNotAllowed(dataDirectory: dataDirectory) }
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: dataDirectory)
        } catch {
            throw .fileFailure(path: dataDirectory, detail: error.localizedDescription)
        }
        let key = try PrintKey.create(at: settings.printKeyFile ?? dataDirectory + "/prints.key")
        AuditAnchorFile(dataDirectory: dataDirectory).reset()
        // Made here, 0600, before SQLite opens it: SQLite gives its -wal and -shm the same mode.
        let descriptor = Foundation.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw .fileFailure(path: path, detail: String(cString: strerror(errno))) }
        close(descriptor)
        let writer = try attempt(path) { try DatabasePool(path: path, configuration: configuration()) }
        try migrate(writer, path: path)
        let database = AppDatabase(writer: writer, path: path, settings: settings, printKey: key, testClock: testClock)
        let admin = try database.initialize(adminName: adminName, password: adminPassword)
        return (database, admin)
    }

    static func migrate(_ writer: any DatabaseWriter, path: String) throws(KioskError) {
        // FULL, not GRDB's WAL default NORMAL: a certification the resident walked away with must
        // survive a power cut, not only a crash.
        try attempt(path) { try writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") } }
        let migrator = Schema.migrator
        let superseded = try attempt(path) { try writer.read { db in try migrator.hasBeenSuperseded(db) } }
        if superseded { throw .databaseTooNew(path: path) }
        try attempt(path) { try migrator.migrate(writer) }
    }

    private func initialize(adminName: String, password: String) throws(KioskError) -> StaffMember {
        try StaffAccounts.checkNewAccount(name: adminName, password: password, policy: signInPolicy)
        let hash = try StaffAccounts.hash(password: password)
        return try write { db in
            let createdAt = String(clock.now())
            try db.execute(sql: "INSERT INTO kiosk_meta (key, value) VALUES ('service_point', ?), ('created_at', ?)",
                           arguments: [servicePoint.code, createdAt])
            if testClock {
                try db.execute(sql: "INSERT INTO kiosk_meta (key, value) VALUES ('test_clock', ?)", arguments: [Self.testClockMetaValue])
            }
            let admin = try StaffAccounts.insert(db, name: adminName, role: .admin, passwordHash: hash, createdBy: nil, in: self)
            try AuditLog.append(db, in: self, staff: admin.id, action: .initialize, subject: nil,
                                detail: "service_point=\(servicePoint.code) created_at=\(createdAt)" + (testClock ? " " + AuditLog.testClockDetail : ""))
            try AuditLog.append(db, in: self, staff: admin.id, action: .staffCreated, subject: .init(table: "staff", id: admin.id),
                                detail: "role=admin")
            return admin
        }
    }

    // MARK: Transactions

    /// One write transaction; a throw rolls it all back. Database failures become `KioskError`.
    /// IMMEDIATE: the write lock is taken before the first read, so a read-then-write (a lock
    /// count, a digest) cannot interleave with another process's write.
    ///
    /// `synced: false` leaves the commit unsynced (SQLite's NORMAL), for work a power cut may lose
    /// without harm: a roster import's staging rows, written down by the swap's synced commit.
    package func write<T>(synced: Bool = true, _ body: (Database) throws -> T) throws(KioskError) -> T {
        try Self.attempt(path) {
            try writer.writeWithoutTransaction { db in
                if !synced { try db.execute(sql: "PRAGMA synchronous = NORMAL") }
                defer { if !synced { try? db.execute(sql: "PRAGMA synchronous = FULL") } }
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        }
    }

    /// One write transaction, only if the write lock is free at once (housekeeping at start must
    /// never wait for an import); nil when it was busy, and nothing was done.
    package func writeWithoutWaiting<T>(_ body: (Database) throws -> T) throws(KioskError) -> T? {
        try Self.attempt(path) {
            try writer.writeWithoutTransaction { db in
                sqlite3_busy_handler(db.sqliteConnection, nil, nil)
                defer { sqlite3_busy_handler(db.sqliteConnection, waitForLock, nil) }
                var result: T?
                do {
                    try db.inTransaction(.immediate) {
                        result = try body(db)
                        return .commit
                    }
                } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                    return nil
                }
                return result
            }
        }
    }

    /// The write connection's page cache (SQLite's default is 2 MB).
    func setWriterPageCache(megabytes: Int) throws(KioskError) {
        try Self.attempt(path) { try writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA cache_size = -\(megabytes * 1024)") } }
    }

    package func read<T>(_ body: (Database) throws -> T) throws(KioskError) -> T {
        try Self.attempt(path) { try writer.read(body) }
    }

    static func attempt<T>(_ path: String, _ body: () throws -> T) throws(KioskError) -> T {
        do {
            return try body()
        } catch let error as KioskError {
            throw error
        } catch let error as DatabaseError {
            throw .databaseFailure(path: path, detail: error.message ?? error.description)
        } catch {
            throw .databaseFailure(path: path, detail: String(describing: error))
        }
    }
}

/// The busy handler of every connection: tries for the lock every millisecond, for
/// `AppDatabase.busyTries` tries. SQLite's own handler sleeps up to 100 ms between tries, so a
/// writer waiting on a series of short transactions (a roster import's) would seldom land in the
/// gap between two of them.
private let waitForLock: @convention(c) (UnsafeMutableRawPointer?, Int32) -> Int32 = { _, tries in
    guard tries < AppDatabase.busyTries else { return 0 }
    usleep(1_000)
    return 1
}
