@testable import Desk
import Domain
import Foundation
import GRDB
@testable import Store

/// Time is the one thing tests fake: a clock staff cannot move, that a test can.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var milliseconds: Int64 = 0
    let timeZone = TimeZone(identifier: "Asia/Shanghai")!

    var clock: KioskClock { KioskClock(timeZone: timeZone, now: { [self] in lock.withLock { milliseconds } }) }

    func set(_ local: String) {
        let parsed = LocalDateTime.parse(local)!
        let instant = clock.instant(LocalDateTime(date: parsed.date, secondOfDay: parsed.secondOfDay ?? 36_000))
        lock.withLock { milliseconds = instant }
    }

    func advance(minutes: Int) { lock.withLock { milliseconds += Int64(minutes) * 60_000 } }
}

/// A kiosk on a real SQLite database (in memory, or a file in a fresh directory), with its admin.
struct TestKiosk {
    static let adminPassword = "admin-password-1"
    static let servicePoint = ServicePoint(code: "HRB-NG-XF01", name: LocalizedText(chinese: "学府社区", english: "Xuefu"), district: "南岗区")

    let database: AppDatabase
    let admin: StaffMember
    let clock: ManualClock
    let directory: URL

    /// `testClock`: a data directory made with `kiosk init --test-clock` (on disk only).
    init(at moment: String = "2026-11-29T10:00", onDisk: Bool = false, testClock: Bool = false, policy: CertificationPolicy = .harbin) throws {
        clock = ManualClock()
        clock.set(moment)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let settings = AppDatabase.Settings(servicePoint: Self.servicePoint, policy: policy, signInPolicy: SignInPolicy(), clock: clock.clock)
        if onDisk {
            (database, admin) = try AppDatabase.create(dataDirectory: directory.appendingPathComponent("data").path, settings: settings,
                                                       adminName: "admin", adminPassword: Self.adminPassword, testClock: testClock)
        } else {
            (database, admin) = try AppDatabase.inMemory(settings: settings, adminName: "admin", adminPassword: Self.adminPassword)
        }
    }

    /// Writes `lines` (a header is added unless given) as a roster file and returns its path.
    func roster(_ lines: [String], header: String? = RosterColumn.allCases.map(\.header).joined(separator: ","), name: String = "roster.csv") throws -> String {
        let path = directory.appendingPathComponent(name).path
        let text = ([header].compactMap { $0 } + lines).joined(separator: "\n") + "\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func importRoster(_ lines: [String], strict: Bool = false) throws -> RosterImportReport {
        try database.importRoster(path: try roster(lines), strict: strict, by: admin)
    }

    /// Runs raw SQL, as someone with the sqlite3 tool would.
    func tamper(_ sql: String) throws {
        try database.writer.writeWithoutTransaction { try $0.execute(sql: sql) }
    }

    func count(_ table: String) throws -> Int {
        try database.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM \(table)")! }
    }
}

enum IDs {
    static func make(region: String = "230103", birth: String, sequence: String = "123") -> String {
        let first17 = region + birth + sequence
        return first17 + String(ResidentID.checkCharacter(for: Array(first17.utf8)))
    }

    static func resident(_ number: String) -> ResidentID { ResidentID(trusted: number) }
}

/// One roster CSV line from named fields; unnamed ones take sensible defaults.
func rosterLine(id: String, name: String = "王建国", region: String = "230103", status: String = "normal", suspendedSince: String = "",
                pension: String = "3000.00", phone: String = "13912345678", address: String = "哈尔滨市南岗区学府路1号",
                community: String = "学府社区", mobility: String = "none", lastCertified: String = "", lastMethod: String = "",
                residence: String = "") -> String {
    [id, name, region, status, suspendedSince, pension, phone, address, community, mobility, lastCertified, lastMethod, residence]
        .map(CSVField.escape).joined(separator: ",")
}

extension KioskError {
    /// The error a throwing expression raised, for `#expect(throws:)`-free checks of typed errors.
    static func caught(_ body: () throws -> Void) -> KioskError? {
        do {
            try body()
            return nil
        } catch let error as KioskError {
            return error
        } catch {
            return .databaseFailure(path: "?", detail: "\(error)")
        }
    }
}

/// The actions the store's tests set their records up with, as staff take them: through the
/// desk, whose rules they are. One line each, so a test reads as the story it tells.
extension AppDatabase {
    /// Receipts are not what these tests look at: they go to a scratch directory, never a printer.
    var desk: ServiceDesk {
        ServiceDesk(self, receipts: ReceiptPrinter(settings: ReceiptSettings(directory: NSTemporaryDirectory() + "store-tests-receipts", printer: nil,
                                                                             width: 32), language: .chinese))
    }

    func recordCertification(of id: ResidentID, method: CertificationMethod, evidence: String?, again: String? = nil,
                             by staff: StaffMember) throws(KioskError) -> Certified {
        try desk.certify(staff, reader: ScriptedReader().client).record(id, method: method, evidence: evidence, again: again)
    }

    func changeContact(of id: ResidentID, _ entry: ContactEntry, by staff: StaffMember) throws(KioskError) -> [ContactChange] {
        try desk.residents(staff).changeContact(of: id, entry)
    }

    func reportDeath(of id: ResidentID, _ entry: DeathEntry, by staff: StaffMember) throws(KioskError) -> DeathReport {
        try desk.residents(staff).reportDeath(of: id, entry)
    }

    func addStaff(name: String, role: StaffRole, password: String, by admin: StaffMember) throws(KioskError) -> StaffMember {
        try desk.staffAccounts(admin).add(name: name, role: role, password: password)
    }

    func unlockStaff(name: String, by admin: StaffMember) throws(KioskError) { try desk.staffAccounts(admin).unlock(name: name) }
    func signIn(name: String, password: String) throws(KioskError) -> StaffMember { try desk.signIn(name: name, password: password) }
    func staffAccounts(by staff: StaffMember) throws(KioskError) -> [StaffAccount] { try desk.staffAccounts(staff).list() }

    func fraudAlerts(includingResolved: Bool, by staff: StaffMember) throws(KioskError) -> [FraudAlert] {
        try desk.alerts(staff).list(includingResolved: includingResolved)
    }
}
