import Foundation
import Testing

/// The clock is not an input: KIOSK_TODAY works only for a data directory made for tests or demos
/// (`kiosk init --test-clock`), which says TEST wherever it shows or exports a record; and no
/// record is written dated before the audit log's latest entry.
@Suite("the clock is not an input")
struct ClockTests {
    static let due = CommandLineTests.due

    /// A data directory made as at a service point: no --test-clock, the machine's clock.
    func realServicePoint() throws -> Sandbox {
        let sandbox = try Sandbox()
        sandbox.environment["KIOSK_TODAY"] = nil
        let made = try sandbox.run(["init", "--admin", "admin", "--password-file", sandbox.passwordFile])
        #expect(made.status == 0, "\(made.stderr)")
        let imported = try sandbox.run(["roster", "import", try sandbox.write("roster.csv", CommandLineTests.roster)] + sandbox.asAdmin)
        #expect(imported.status == 0, "\(imported.stderr)")
        return sandbox
    }

    func changePhone(_ sandbox: Sandbox, environment: [String: String] = [:]) throws -> Sandbox.Run {
        try sandbox.run(["resident", "contact", Self.due, "--phone", "13800001111", "--lang", "en"] + sandbox.asAdmin, environment: environment)
    }

    func phoneAndEntries(_ sandbox: Sandbox) throws -> String {
        try sandbox.sqlite("SELECT (SELECT phone FROM resident WHERE id_number = '\(Self.due)') || ' ' || (SELECT count(*) FROM audit_entry)")
    }

    @Test func kioskTodayOnARealDataDirectoryIsRefusedAndWritesNothing() throws {
        let sandbox = try realServicePoint()
        let before = try phoneAndEntries(sandbox)
        let refused = try changePhone(sandbox, environment: ["KIOSK_TODAY": "2026-11-20"])
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("KIOSK_TODAY works only for a test or demo data directory made with kiosk init --test-clock"), "\(refused.stderr)")
        #expect(try phoneAndEntries(sandbox) == before)
        let shown = try sandbox.run(["resident", "show", Self.due], environment: ["KIOSK_TODAY": "2026-11-20"])
        #expect(shown.status == 78)
        #expect(shown.stderr.contains("KIOSK_TODAY 只能用于以 kiosk init --test-clock 创建的测试或演示数据目录"), "\(shown.stderr)")

        // Without it, the same change goes through; the export says these are real records.
        #expect(try changePhone(sandbox).status == 0)
        let export = sandbox.directory.appendingPathComponent("out.csv").path
        #expect(try sandbox.run(["export", "certifications", "--since", "2026-01-01", "--out", export] + sandbox.asAdmin).status == 0)
        #expect(try String(contentsOfFile: export + ".manifest.json", encoding: .utf8).contains("\"test_clock\" : false"))
    }

    @Test func initWithKioskTodayNeedsTheTestClock() throws {
        let sandbox = try Sandbox()
        let refused = try sandbox.run(["init", "--admin", "admin", "--password-file", sandbox.passwordFile, "--lang", "en"])
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("--test-clock"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.database), "nothing was made")

        try sandbox.initialize()
        #expect(try sandbox.sqlite("SELECT value FROM kiosk_meta WHERE key = 'test_clock'") == "1")
        #expect(try sandbox.sqlite("SELECT detail FROM audit_entry WHERE seq = 1") == "service_point=HRB-NG-XF01 test_clock=1")
        #expect(try sandbox.run(["audit", "verify"]).status == 0)
    }

    @Test func theSignInLockIsNotWaitedOutByMovingKioskToday() throws {
        let sandbox = try realServicePoint()
        let wrong = try sandbox.write("wrong", "wrong-password\n")
        for _ in 1...5 {
            #expect(try sandbox.run(["staff", "list", "--staff", "admin", "--password-file", wrong]).status == 77)
        }
        #expect(try sandbox.run(["staff", "list"] + sandbox.asAdmin).status == 77, "locked")
        let tomorrow = Date().addingTimeInterval(86_400).formatted(.iso8601.year().month().day())
        let moved = try sandbox.run(["staff", "list"] + sandbox.asAdmin, environment: ["KIOSK_TODAY": tomorrow])
        #expect(moved.status == 78, "\(moved.stdout)")
        #expect(try sandbox.run(["staff", "list"] + sandbox.asAdmin).status == 77, "still locked")
    }

    @Test func aTestClockDirectorySaysTestInItsExport() throws {
        let sandbox = try CommandLineTests().sandboxWithRoster()
        let export = sandbox.directory.appendingPathComponent("out.csv").path
        let exported = try sandbox.run(["export", "certifications", "--since", "2026-01-01", "--out", export] + sandbox.asAdmin)
        #expect(exported.status == 0, "\(exported.stderr)")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: export + ".manifest.json"))) as? [String: Any]
        #expect(manifest?["test_clock"] as? Bool == true)
    }

    @Test func aTestClockRowAddedWithSqliteDoesNotEnableKioskToday() throws {
        let sandbox = try realServicePoint()
        _ = try sandbox.sqlite("INSERT INTO kiosk_meta (key, value) VALUES ('test_clock', '1')")
        let before = try phoneAndEntries(sandbox)
        for environment in [["KIOSK_TODAY": "2026-11-20"], [:]] {
            let refused = try changePhone(sandbox, environment: environment)
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("disagrees with the audit log's first entry"), "\(refused.stderr)")
        }
        #expect(try phoneAndEntries(sandbox) == before)
    }

    @Test func aClockTurnedBackIsRefused() throws {
        let sandbox = try realServicePoint()
        // An entry from 2100-01-01 00:00 UTC, as if the kiosk had run then and the clock was turned back since.
        _ = try sandbox.sqlite("""
            INSERT INTO audit_entry (seq, id, service_point, recorded_at, staff_id, action, subject_table, subject_id,
                                     record_digest, resident_digest, detail, prev_hash, hash)
            SELECT seq + 1, id || '-later', service_point, 4102444800000, staff_id, action, subject_table, subject_id,
                   record_digest, resident_digest, detail, hash, hash FROM audit_entry ORDER BY seq DESC LIMIT 1
            """)
        let before = try phoneAndEntries(sandbox)
        let refused = try changePhone(sandbox)
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("earlier than the audit log's latest entry at 2100-01-01 08:00:00"), "\(refused.stderr)")
        #expect(try phoneAndEntries(sandbox) == before)
    }

    @Test func aTestClockDirectoryMayMoveKioskTodayBack() throws {
        let sandbox = try CommandLineTests().sandboxWithRoster()
        let earlier = try changePhone(sandbox, environment: ["KIOSK_TODAY": "2026-11-01T09:00"])
        #expect(earlier.status == 0, "\(earlier.stderr)")
    }
}
