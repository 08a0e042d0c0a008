import Desk
import Domain
import Foundation
@testable import Hub
import PostgresNIO
import Store
import Synchronization

/// The PostgreSQL `make test` started (scripts/test-postgres), as KIOSK_TEST_PG describes it: the
/// tests' superuser, over TLS on loopback. Absent on a user's machine without it (the hub tests
/// skip, saying so); in CI its absence fails them.
struct TestPostgres: Sendable {
    let host: String
    let port: Int
    let adminUser: String
    let adminPasswordFile: String
    let caFile: String

    static let fromEnvironment: TestPostgres? = described(by: "KIOSK_TEST_PG")
    /// The second server, which only the test that kills the hub uses (and kills).
    static let killable: TestPostgres? = described(by: "KIOSK_TEST_PG_KILLABLE")

    private static func described(by variable: String) -> TestPostgres? {
        guard let text = ProcessInfo.processInfo.environment[variable] else { return nil }
        var fields: [String: String] = [:]
        for pair in text.split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        guard let host = fields["host"], let port = fields["port"].flatMap(Int.init), let user = fields["user"],
              let password = fields["password_file"], let ca = fields["ca_file"] else { return nil }
        return TestPostgres(host: host, port: port, adminUser: user, adminPasswordFile: password, caFile: ca)
    }

    /// Whether the hub tests run: with a server, or in CI, where a missing one must fail them.
    static var available: Bool {
        if fromEnvironment != nil || ProcessInfo.processInfo.environment["CI"] == "true" { return true }
        print("hub tests skipped: no PostgreSQL (run them through `make test`, or scripts/test-postgres run -- swift test)")
        return false
    }

    static func require(killable: Bool = false) throws -> TestPostgres {
        guard let server = killable ? Self.killable : fromEnvironment else {
            throw FixtureError("KIOSK_TEST_PG\(killable ? "_KILLABLE" : "") is not set: run the tests through make test (scripts/test-postgres)")
        }
        return server
    }

    func admin(database: String) async throws -> HubConnection {
        try await HubConnection.open(host: host, port: port, database: database, user: adminUser, passwordFile: adminPasswordFile, caFile: caFile)
    }

    /// The hub's fault cases: the killable server killed (`pg_ctl stop -m immediate`) and started again.
    static func control(_ action: String) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/test-postgres").standardized.path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        process.arguments = [action]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw FixtureError("scripts/test-postgres \(action) exited \(process.terminationStatus)") }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A hub of its own for one test: a new database with the schema, and service points registered
/// on it with their own roles and password files.
struct TestHub: Sendable {
    let server: TestPostgres
    let database: String
    let admin: HubConnection
    let directory: String
    /// Point codes are unique to the test: PostgreSQL roles are shared by every database.
    let prefix: String

    /// Runs `body` with a hub of its own, and closes the connection to it afterwards, whatever happened.
    /// `killable`: on the server the fault test may stop, which no other test uses.
    static func with(killable: Bool = false, _ body: (TestHub) async throws -> Void) async throws {
        let hub = try await make(on: try TestPostgres.require(killable: killable))
        do {
            try await body(hub)
        } catch {
            await hub.admin.close()
            throw error
        }
        await hub.admin.close()
    }

    private static func make(on server: TestPostgres) async throws -> TestHub {
        let name = "hub_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let postgres = try await server.admin(database: "postgres")
        try await postgres.execute("CREATE DATABASE \(name)")
        await postgres.close()
        let admin = try await server.admin(database: String(name))
        try await HubAdmin(admin).createSchema()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hub-\(name)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return TestHub(server: server, database: String(name), admin: admin, directory: directory,
                       prefix: "T" + String(UInt32.random(in: 0...UInt32.max), radix: 36).uppercased())
    }

    /// Registers a service point serving `districts`, writes its password file (0600) and returns
    /// how its kiosk reaches the hub.
    func register(_ suffix: String, districts: [String] = ["230103"]) async throws -> HubSettings {
        let code = "\(prefix)-\(suffix)"
        let registration = try await HubAdmin(admin).register(code: code, name: "测试网点 \(suffix)", districts: districts)
        let file = "\(directory)/\(code).password"
        FileManager.default.createFile(atPath: file, contents: Data(registration.password.utf8), attributes: [.posixPermissions: 0o600])
        return HubSettings(host: server.host, port: server.port, database: database, user: registration.role, passwordFile: file,
                           caFile: server.caFile, staleAfterHours: 24)
    }

    func count(_ sql: String) async throws -> Int64 { try await admin.int(sql) }
}

/// A kiosk of a service point in-process (real SQLite, in memory or in a data directory of its
/// own) that syncs with a TestHub.
struct HubKiosk {
    let database: AppDatabase
    let admin: StaffMember
    let hub: HubSettings
    let hand: ClockHand
    private let settings: AppDatabase.Settings

    /// `skewSeconds`: how far this kiosk's clock is off, against the other test kiosks'. With
    /// `dataDirectory`, the database is made there as `kiosk init` makes it (so it can be backed up
    /// and restored); else in memory.
    init(code: String, hub: HubSettings, residents: [ResidentID], staleAfterHours: Int? = nil, skewSeconds: Int64 = 0,
         dataDirectory: String? = nil) throws {
        let hand = ClockHand()
        let settings = AppDatabase.Settings(servicePoint: ServicePoint(code: code, name: LocalizedText(chinese: "网点", english: "Point"), district: "南岗区"),
                                            policy: .harbin, signInPolicy: SignInPolicy(), fingerprintPolicy: FingerprintPolicy(),
                                            hubStaleAfterHours: staleAfterHours, clock: Self.clock(hand: hand, skewSeconds: skewSeconds))
        let (database, admin) = if let dataDirectory {
            try AppDatabase.create(dataDirectory: dataDirectory, settings: settings, adminName: "admin", adminPassword: Self.adminPassword)
        } else {
            try AppDatabase.inMemory(settings: settings, adminName: "admin", adminPassword: Self.adminPassword)
        }
        self.init(database: database, admin: admin, hub: hub, hand: hand, settings: settings)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hub-roster-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let header = RosterColumn.allCases.map(\.header).joined(separator: ",")
        let rows = residents.map { id in
            [id.fullNumber, "王建国", id.fullNumber.prefix(6).description, "normal", "", "3000.00", "13912345678", "哈尔滨市南岗区学府路1号", "学府社区",
             "none", "", "", ""].joined(separator: ",")
        }
        try ([header] + rows).joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        let report = try database.importRoster(path: path, strict: true, by: admin)
        precondition(report.committed && report.inserted == residents.count, "the test roster imports")
    }

    private init(database: AppDatabase, admin: StaffMember, hub: HubSettings, hand: ClockHand, settings: AppDatabase.Settings) {
        self.database = database
        self.admin = admin
        self.hub = hub
        self.hand = hand
        self.settings = settings
    }

    static let adminPassword = "admin-password-1"

    /// This kiosk's backup put in place in a new data directory by `kiosk restore`'s code (the
    /// print key carried over as an admin carries it), its admin signing; the same point and clock.
    func restored(from backup: String, into dataDirectory: String) throws -> HubKiosk {
        let keyFile = (database.path as NSString).deletingLastPathComponent + "/prints.key"
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.copyItem(atPath: keyFile, toPath: dataDirectory + "/prints.key")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: dataDirectory + "/prints.key")
        _ = try AppDatabase.restore(from: backup, dataDirectory: dataDirectory, settings: settings) { copy throws(KioskError) in
            try ServiceDesk(copy, receipts: receipts).signIn(name: "admin", password: Self.adminPassword)
        }
        return HubKiosk(database: try AppDatabase.open(dataDirectory: dataDirectory, settings: settings), admin: admin, hub: hub, hand: hand,
                        settings: settings)
    }

    static let moment = LocalDateTime(date: CivilDate("2026-11-29")!, hour: 10, minute: 0)

    /// When the tests started, on a clock that never goes back.
    static let started = ContinuousClock.now

    /// Time runs as it does (the hub orders contact changes by the real time between them), from
    /// `moment` at the tests' start, plus what the test moved by hand and the kiosk's skew.
    static func clock(hand: ClockHand, skewSeconds: Int64) -> KioskClock {
        let zone = TimeZone(identifier: "Asia/Shanghai")!
        let start = KioskClock(timeZone: zone, now: { 0 }).instant(moment) + skewSeconds * 1000
        return KioskClock(timeZone: zone, now: {
            let elapsed = (ContinuousClock.now - started).components
            return start + elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000 + hand.offset
        })
    }

    var desk: ServiceDesk { ServiceDesk(database, receipts: receipts) }

    private var receipts: ReceiptPrinter {
        ReceiptPrinter(settings: ReceiptSettings(directory: FileManager.default.temporaryDirectory.path + "/hub-receipts", printer: nil, width: 32),
                       language: .chinese, printer: PrinterClient { _, name in .sent(printer: name) })
    }

    /// Pushes and pulls through a connection of its own, as `kiosk sync` does (by the admin, unless `staff`).
    func sync(as staff: StaffMember? = nil, afterRestore: Bool = false, bureau: BureauSealer? = nil) async throws -> HubSyncOutcome {
        let connection: HubConnection
        do { connection = try await HubConnection.open(hub) } catch { throw KioskError.hub(error) }
        defer { Task { await connection.close() } }
        return try await desk.sync(staff ?? admin, hub: .live(connection), bureau: bureau).sync(afterRestore: afterRestore)
    }

    static func id(_ region: String = "230103", birth: String = "19500312", sequence: String) -> ResidentID {
        let first17 = region + birth + sequence
        return ResidentID(trusted: first17 + String(ResidentID.checkCharacter(for: Array(first17.utf8))))
    }
}

/// Time a test moves on by hand, on top of the second each look at the clock takes.
final class ClockHand: Sendable {
    private let milliseconds = Atomic<Int64>(0)
    var offset: Int64 { milliseconds.load(ordering: .relaxed) }
    func advance(seconds: Int64) { milliseconds.add(seconds * 1000, ordering: .relaxed) }
}

extension HubConnection {
    /// The tests' own statements, as the hub's superuser or a point's role.
    func execute(_ sql: String) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }

    func int(_ sql: String) async throws -> Int64 {
        for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(Int64.self) { return value }
        throw FixtureError("no row: \(sql)")
    }
}

extension KioskError {
    /// The kiosk error an async step threw, or nil.
    static func caught(_ body: () async throws -> Void) async -> KioskError? {
        do {
            try await body()
            return nil
        } catch let error as KioskError {
            return error
        } catch {
            return nil
        }
    }
}
