import Domain
import Foundation
import GRDB
import Testing
@testable import Store

/// The clock is not an input: KIOSK_TODAY sets it only for a data directory made for tests and
/// demos (`kiosk init --test-clock`), and no record is dated before the audit log's latest entry.
@Suite("The clock is not an input")
struct ClockTests {
    static let zone = TimeZone(identifier: "Asia/Shanghai")!

    func settings(_ clock: KioskClock) -> AppDatabase.Settings {
        AppDatabase.Settings(servicePoint: TestKiosk.servicePoint, policy: .harbin, signInPolicy: SignInPolicy(), clock: clock)
    }

    func kioskToday(_ value: String) throws -> KioskClock { try KioskClock.live(timeZone: Self.zone, kioskToday: value) }
    func data(_ kiosk: TestKiosk) -> String { kiosk.directory.appendingPathComponent("data").path }

    func addOperator(_ kiosk: TestKiosk) throws -> StaffMember {
        try kiosk.database.addStaff(name: "li", role: .operator, password: "operator-pass-1", by: kiosk.admin)
    }

    @Test func kioskTodayOpensOnlyATestClockDirectory() throws {
        let real = try TestKiosk(onDisk: true)
        let refused = KioskError.caught { _ = try AppDatabase.open(dataDirectory: data(real), settings: settings(kioskToday("2026-12-05"))) }
        #expect(refused == .kioskTodayNotAllowed(dataDirectory: data(real)))
        #expect(try AppDatabase.open(dataDirectory: data(real), settings: settings(real.clock.clock)).testClock == false)

        let test = try TestKiosk(onDisk: true, testClock: true)
        #expect(try AppDatabase.open(dataDirectory: data(test), settings: settings(kioskToday("2026-12-05"))).testClock)
    }

    @Test func initWithKioskTodayNeedsTheTestClock() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-clock-\(UUID().uuidString)").path
        let refused = KioskError.caught {
            _ = try AppDatabase.create(dataDirectory: directory, settings: settings(kioskToday("2026-11-29")), adminName: "admin",
                                       adminPassword: TestKiosk.adminPassword)
        }
        #expect(refused == .kioskTodayNotAllowed(dataDirectory: directory))
        #expect(!FileManager.default.fileExists(atPath: directory), "nothing was made")
    }

    @Test func theTestClockMarkIsInTheDatabaseAndInTheChain() throws {
        let test = try TestKiosk(onDisk: true, testClock: true)
        let (meta, detail) = try test.database.writer.read { db in
            (try String.fetchOne(db, sql: "SELECT value FROM kiosk_meta WHERE key = 'test_clock'"),
             try String.fetchOne(db, sql: "SELECT detail FROM audit_entry WHERE seq = 1"))
        }
        #expect(meta == "1")
        #expect(detail == "service_point=HRB-NG-XF01 test_clock=1")
        #expect(try test.database.verifyAudit().intact)

        // Removed from kiosk_meta alone, test records would pass for real ones: refused.
        try test.tamper("DELETE FROM kiosk_meta WHERE key = 'test_clock'")
        let opened = KioskError.caught { _ = try AppDatabase.open(dataDirectory: data(test), settings: settings(test.clock.clock)) }
        #expect(opened == .testClockMarkAltered(dataDirectory: data(test)))
    }

    @Test func aTestClockRowAddedWithSqliteCountsForNothing() throws {
        let real = try TestKiosk(onDisk: true)
        try real.tamper("INSERT INTO kiosk_meta (key, value) VALUES ('test_clock', '1')")
        for clock in [try kioskToday("2026-12-05"), real.clock.clock] {
            let opened = KioskError.caught { _ = try AppDatabase.open(dataDirectory: data(real), settings: settings(clock)) }
            #expect(opened == .testClockMarkAltered(dataDirectory: data(real)))
        }
    }

    @Test func aClockTurnedBackWritesNothing() throws {
        let kiosk = try TestKiosk(at: "2026-11-29T10:00")
        let entries = try kiosk.count("audit_entry")
        kiosk.clock.set("2026-11-28T09:00")
        let refused = KioskError.caught { _ = try addOperator(kiosk) }
        #expect(refused == .clockBehindAuditLog(latestEntry: LocalDateTime(date: CivilDate("2026-11-29")!, hour: 10, minute: 0),
                                                now: LocalDateTime(date: CivilDate("2026-11-28")!, hour: 9, minute: 0)))
        #expect(try kiosk.count("audit_entry") == entries)
        #expect(try kiosk.count("staff") == 1)
        // The very instant of the latest entry is not before it.
        kiosk.clock.set("2026-11-29T10:00")
        #expect(try addOperator(kiosk).name == "li")
    }

    @Test func aTestClockDirectoryMayGoBackInTime() throws {
        let kiosk = try TestKiosk(at: "2026-11-29T10:00", onDisk: true, testClock: true)
        kiosk.clock.set("2026-11-01T09:00")
        #expect(try addOperator(kiosk).name == "li")
    }

    @Test func receiptsAndExportsOfATestClockDirectorySayTest() throws {
        let id = IDs.make(birth: "19500615", sequence: "111")
        for testClock in [true, false] {
            let kiosk = try TestKiosk(onDisk: true, testClock: testClock)
            _ = try kiosk.importRoster([rosterLine(id: id)])
            let receipt = try kiosk.database.recordCertification(of: IDs.resident(id), method: .fingerprint, evidence: nil, by: kiosk.admin).receipt
            #expect(receipt.testClock == testClock)
            #expect(receipt.lines(width: 32, language: .english).contains { $0.contains("[TEST") } == testClock)
            #expect(receipt.lines(width: 32, language: .chinese).contains { $0.contains("【TEST 测试数据") } == testClock)

            let export = kiosk.directory.appendingPathComponent("export.csv").path
            let manifest = try kiosk.database.exportCertifications(since: CivilDate("2026-01-01")!, to: export, by: kiosk.admin)
            #expect(manifest.testClock == testClock)
            let written = try String(contentsOfFile: export + ".manifest.json", encoding: .utf8)
            #expect(written.contains("\"test_clock\" : \(testClock)"))
        }
    }
}
