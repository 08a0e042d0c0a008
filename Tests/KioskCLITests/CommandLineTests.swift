import Domain
import Foundation
import Testing

/// The command line end to end: the built binary, a real database file, the shipped configuration.
@Suite("kiosk command line")
struct CommandLineTests {
    static let certified = Sandbox.idNumber(birth: "19500615", sequence: "101")
    static let due = Sandbox.idNumber(birth: "19501215", sequence: "102")
    static let overdue = Sandbox.idNumber(birth: "19500315", sequence: "103")
    static let suspended = Sandbox.idNumber(birth: "19520610", sequence: "104")
    static let referred = Sandbox.idNumber(birth: "19470101", sequence: "105")
    static let toDie = Sandbox.idNumber(birth: "19400707", sequence: "106")
    static let elsewhere = Sandbox.idNumber(region: "230602", birth: "19480202", sequence: "107")
    static let roster = [
        Sandbox.header,
        "\(certified),王建国,230103,normal,,3000.00,13912345678,哈尔滨市南岗区学府路1号,学府社区,none,2026-06-10,face_app",
        "\(due),李秀英,230103,normal,,3100.00,13912345679,哈尔滨市南岗区学府路2号,学府社区,elderly,2025-12-03,silent",
        "\(overdue),张桂兰,230103,normal,,3200.00,13912345680,哈尔滨市南岗区学府路3号,学府社区,none,2024-03-10,face_app",
        "\(suspended),刘淑珍,230103,suspended,2026-03,3300.00,13912345681,哈尔滨市南岗区学府路4号,学府社区,none,2024-05-01,face_app",
        "\(referred),陈玉兰,230103,suspended,2024-06,3400.00,,哈尔滨市南岗区学府路5号,学府社区,ill,,",
        "\(toDie),杨凤英,230103,normal,,3500.00,13912345683,哈尔滨市南岗区学府路6号,学府社区,elderly,2026-01-05,home_visit",
        "\(elsewhere),赵志强,230602,normal,,3600.00,13912345684,哈尔滨市南岗区学府路7号,学府社区,none,,",
    ].joined(separator: "\n") + "\n"

    func sandboxWithRoster() throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.initialize()
        let imported = try sandbox.run(["roster", "import", try sandbox.write("roster.csv", Self.roster)] + sandbox.asAdmin)
        #expect(imported.status == 0, "\(imported.stderr)")
        return sandbox
    }

    func statusOf(_ id: String, in sandbox: Sandbox) throws -> [String: Any] {
        let shown = try sandbox.run(["resident", "show", id, "--json"])
        #expect(shown.status == 0, "\(shown.stderr)")
        return try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any] ?? [:]
    }

    @Test func initMakesTheDataReadableByTheKiosksUserOnly() throws {
        let sandbox = try sandboxWithRoster()
        for (path, mode) in [(sandbox.data, 0o700), (sandbox.database, 0o600), (sandbox.data + "/prints.key", 0o600)] {
            var info = stat()
            #expect(stat(path, &info) == 0, "\(path)")
            #expect(Int(info.st_mode & 0o777) == mode, "\(path): \(String(info.st_mode & 0o777, radix: 8))")
        }
    }

    /// FAQ 19-20: the command line says a pensioner is certified already and takes no second
    /// certification without --again REASON, before any finger is asked for.
    @Test func faq19_aCertifiedPensionerIsNotCertifiedAgainWithoutAReason() throws {
        let sandbox = try sandboxWithRoster()
        let again = try sandbox.run(["certify", Self.certified, "--fingerprint", "--lang", "en"] + sandbox.asAdmin)
        #expect(again.status == 3)
        #expect(again.stderr.contains("Already certified this cycle on 2026-06-10"), "\(again.stderr)")
        #expect(again.stderr.contains("--again REASON"))
        #expect(!again.stderr.contains("Place"), "no finger was asked for")
        #expect(try sandbox.run(["certify", Self.certified, "--fingerprint", "--again", " "] + sandbox.asAdmin).status == 64)
        #expect(try sandbox.sqlite("SELECT count(*) FROM certification") == "0")
    }

    @Test func everyStatusReachesTheJSON() throws {
        let sandbox = try sandboxWithRoster()
        let death = try sandbox.run(["resident", "death", Self.toDie, "--date", "2026-08-15", "--reporter", "杨小明", "--relation", "子",
                                     "--certificate", "HRB-2026-0815"] + sandbox.asAdmin)
        #expect(death.status == 0, "\(death.stderr)")
        #expect(death.stdout.contains("2026-08-22"))
        let expected = [Self.certified: "certified", Self.due: "due", Self.overdue: "overdue", Self.suspended: "suspended",
                        Self.referred: "refer_to_city_bureau", Self.toDie: "deceased", Self.elsewhere: "not_served_here"]
        for (id, status) in expected {
            let json = try statusOf(id, in: sandbox)
            #expect(json["status"] as? String == status, "\(id)")
            #expect(json["id_number"] as? String == ResidentID.mask(id))
        }
        let deceased = try statusOf(Self.toDie, in: sandbox)
        let deathJSON = deceased["death"] as? [String: Any]
        #expect(deathJSON?["months_paid_after_death"] as? Int == 3)
        #expect(deathJSON?["amount_paid_after_death"] as? String == "10500.00")
        let suspended = try statusOf(Self.suspended, in: sandbox)["detail"] as? [String: Any]
        // FAQ 12: certified today (2026-11-29), paid again from December, with January to November paid back.
        let ifCertifiedNow = suspended?["if_certified_now"] as? [String: Any]
        #expect(ifCertifiedNow?["resumes_in"] as? String == "2026-12")
        #expect(ifCertifiedNow?["back_pay_from"] as? String == "2026-03")
    }

    @Test func showSpeaksChineseByDefaultAndEnglishOnRequest() throws {
        let sandbox = try sandboxWithRoster()
        let chinese = try sandbox.run(["resident", "show", Self.referred])
        #expect(chinese.stdout.contains("须到市社保局办理") && chinese.stdout.contains("南岗区中山路181号"))
        #expect(chinese.stdout.contains(ResidentID.mask(Self.referred)) && !chinese.stdout.contains(Self.referred))
        let english = try sandbox.run(["resident", "show", Self.elsewhere, "--lang", "en"])
        #expect(english.stdout.contains("Longjiang Renshe"))
        #expect(english.stdout.contains("139****3684") || english.stdout.contains("139****"))
    }

    @Test func aBadIDNumberIsRefusedWithTheRuleItBreaks() throws {
        let sandbox = try sandboxWithRoster()
        let wrong = String(Self.due.dropLast()) + (Self.due.last == "0" ? "1" : "0")
        let chinese = try sandbox.run(["resident", "show", wrong])
        #expect(chinese.status == 64)
        #expect(chinese.stderr.contains("校验码应为\(Self.due.last!)"))
        #expect(!chinese.stderr.contains(wrong))
        let english = try sandbox.run(["resident", "show", "230103190002291234", "--lang", "en"])
        #expect(english.status == 64)
        #expect(english.stderr.contains("19000229 is not a real calendar date"))
        let unknown = try sandbox.run(["resident", "show", Sandbox.idNumber(birth: "19600101", sequence: "999")])
        #expect(unknown.status == 4)
    }

    @Test func changesNeedASignedInStaffMember() throws {
        let sandbox = try sandboxWithRoster()
        let anonymous = try sandbox.run(["resident", "contact", Self.due, "--phone", "13800001111"])
        #expect(anonymous.status == 77)
        #expect(anonymous.stderr.contains("工作人员登录"))
        let wrong = try sandbox.run(["resident", "contact", Self.due, "--phone", "13800001111", "--staff", "admin"],
                                    environment: ["KIOSK_PASSWORD": "not-the-password"])
        #expect(wrong.status == 77)
        let right = try sandbox.run(["resident", "contact", Self.due, "--phone", "13800001111", "--staff", "admin"],
                                    environment: ["KIOSK_PASSWORD": Sandbox.password])
        #expect(right.status == 0, "\(right.stderr)")
        #expect(right.stdout.contains("139****5679 → 138****1111"))
        #expect(try statusOf(Self.due, in: sandbox)["phone"] as? String == "138****1111")
        let revealed = try sandbox.run(["resident", "show", Self.due, "--reveal", "--json"] + sandbox.asAdmin)
        #expect(revealed.stdout.contains(Self.due) && revealed.stdout.contains("13800001111"))
    }

    @Test func fiveWrongPasswordsLockTheAccount() throws {
        let sandbox = try Sandbox(today: "2026-11-29T10:00")
        try sandbox.initialize()
        let wrong = try sandbox.write("wrong", "wrong-password\n")
        for _ in 1...4 {
            #expect(try sandbox.run(["staff", "list", "--staff", "admin", "--password-file", wrong]).status == 77)
        }
        let fifth = try sandbox.run(["staff", "list", "--staff", "admin", "--password-file", wrong])
        #expect(fifth.stderr.contains("锁定至 2026-11-29 10:15:00"))
        #expect(try sandbox.run(["staff", "list"] + sandbox.asAdmin).status == 77)
        let later = try sandbox.run(["staff", "list"] + sandbox.asAdmin, environment: ["KIOSK_TODAY": "2026-11-29T10:16"])
        #expect(later.status == 0, "\(later.stderr)")
    }

    @Test func importReportsBadRowsAndWritesThemAside() throws {
        let sandbox = try Sandbox()
        try sandbox.initialize()
        let rows = Self.roster + "\(Self.due.dropLast())X,重复,230103,normal,,1,,,,,,\nnot-an-id,无名,230103,normal,,,,,,,,\n"
        let path = try sandbox.write("bad.csv", rows)
        let rejects = sandbox.directory.appendingPathComponent("rejects.csv").path
        let imported = try sandbox.run(["roster", "import", path, "--rejects", rejects, "--lang", "en"] + sandbox.asAdmin)
        #expect(imported.status == 0)
        #expect(imported.stderr.contains("line 10: id_number: it must have 18 characters, it has 9"))
        #expect(imported.stdout.contains("7 inserted") && imported.stdout.contains("2 rejected"))
        let written = try String(contentsOfFile: rejects, encoding: .utf8)
        #expect(written.contains("10,\"id_number: it must have 18 characters, it has 9\",\"not-an-id,无名"))
        #expect((try FileManager.default.attributesOfItem(atPath: rejects)[.posixPermissions] as? Int) == 0o600)

        let strict = try Sandbox()
        try strict.initialize()
        let refused = try strict.run(["roster", "import", try strict.write("bad.csv", rows), "--strict", "--json"] + strict.asAdmin)
        #expect(refused.status == 65)
        #expect(try strict.sqlite("SELECT count(*) FROM resident") == "0")
        let json = try JSONSerialization.jsonObject(with: Data(refused.stdout.utf8)) as? [String: Any]
        #expect(json?["committed"] as? Bool == false)
        #expect((json?["rejections"] as? [[String: Any]])?.count == 2)
    }

    @Test func reportsListResidentsWithPhonesForReminderCalls() throws {
        let sandbox = try sandboxWithRoster()
        let due = try sandbox.run(["report", "due", "--month", "2026-12", "--csv"] + sandbox.asAdmin)
        #expect(due.status == 0, "\(due.stderr)")
        let lines = due.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[1].contains(ResidentID.mask(Self.due)) && lines[1].contains("13912345679"))
        let overdue = try sandbox.run(["report", "overdue", "--json"] + sandbox.asAdmin)
        #expect(overdue.stdout.contains(ResidentID.mask(Self.overdue)))
        let referred = try sandbox.run(["report", "referred"] + sandbox.asAdmin)
        #expect(referred.stdout.contains("陈玉兰"))
        #expect(try sandbox.run(["report", "overdue", "--month", "2026-12"] + sandbox.asAdmin).status == 64)
        let export = sandbox.directory.appendingPathComponent("out.csv").path
        let exported = try sandbox.run(["export", "certifications", "--since", "2026-01-01", "--out", export] + sandbox.asAdmin)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(FileManager.default.fileExists(atPath: export + ".manifest.json"))
    }

    @Test func tamperingWithTheSqliteToolIsCaught() throws {
        let sandbox = try sandboxWithRoster()
        #expect(try sandbox.run(["audit", "verify"]).status == 0)
        _ = try sandbox.sqlite("UPDATE resident SET roster_status = 'normal', suspended_since = NULL WHERE id_number = '\(Self.referred)'")
        let broken = try sandbox.run(["audit", "verify", "--json"])
        #expect(broken.status == 2)
        let json = try JSONSerialization.jsonObject(with: Data(broken.stdout.utf8)) as? [String: Any]
        #expect(json?["intact"] as? Bool == false)
        #expect(json?["first_broken_entry"] as? Int == 3)
        let text = try sandbox.run(["audit", "verify", "--lang", "en"])
        #expect(text.stderr.contains("audit entry 3"))
    }

    @Test func anExportManifestAnchorsTheAuditLog() throws {
        let sandbox = try sandboxWithRoster()
        let export = sandbox.directory.appendingPathComponent("out.csv").path
        #expect(try sandbox.run(["export", "certifications", "--since", "2026-01-01", "--out", export] + sandbox.asAdmin).status == 0)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: export + ".manifest.json"))) as? [String: Any]
        let anchor = try #require(manifest?["audit_anchor"] as? [String: Any])
        let text = "\(anchor["seq"] as? Int ?? 0):\(anchor["hash"] as? String ?? "")"
        #expect(try sandbox.run(["audit", "verify", "--anchor", text]).status == 0)
        let forged = "\(anchor["seq"] as? Int ?? 0):" + String(repeating: "0", count: 64)
        #expect(try sandbox.run(["audit", "verify", "--anchor", forged]).status == 2)
        #expect(try sandbox.run(["audit", "verify", "--anchor", "nonsense"]).status == 64)
    }

    @Test func theRosterBenchmarkRunsAndPrintsItsFigures() throws {
        let sandbox = try Sandbox()
        let bench = try sandbox.runTool(["bench", "roster", "--rows", "3000", "--keep", sandbox.directory.appendingPathComponent("bench").path, "--lang", "en"])
        #expect(bench.status == 0, "\(bench.stderr)")
        for figure in ["generated roster: 3000 rows", "kiosk import (full validation)", "peak RSS", "sqlite3 .import", "ratio kiosk/sqlite3",
                       "resident lookup (3000 random IDs)", "due-this-month report"] {
            #expect(bench.stdout.contains(figure), "\(figure)")
        }
    }

    @Test func theStartupBenchmarkDrivesTheKioskOnAPseudoTerminal() throws {
        let sandbox = try Sandbox()
        let bench = try sandbox.runTool(["bench", "startup", "--rows", "500", "--runs", "2", "--lang", "en"])
        #expect(bench.status == 0, "\(bench.stderr)")
        for figure in ["baseline kiosk --version", "start to the sign-in screen drawn, 0 residents (2 runs)",
                       "start to the sign-in screen drawn, 500 residents (2 runs)", "ratio 500 residents / empty database",
                       "keystroke to redraw, typing a character (200)", "keystroke to redraw, whole screen redrawn (F3, language) (40)"] {
            #expect(bench.stdout.contains(figure), "\(figure)")
        }
    }

    @Test func theVisitsBenchmarkPrintsTimeAndQuality() throws {
        let sandbox = try Sandbox()
        let bench = try sandbox.runTool(["bench", "visits", "--bookings", "300", "--staff", "3", "--days", "10", "--runs", "1", "--lang", "en"])
        #expect(bench.status == 0, "\(bench.stderr)")
        for figure in ["300 open bookings, 3 visiting staff, 10 days", "kiosk scheduler: queue and schedule", "baseline first fit",
                       "deadlines missed", "visits per trip", "time ratio kiosk/first fit"] {
            #expect(bench.stdout.contains(figure), "\(figure)")
        }
    }

    @Test func theBenchmarkRefusesToOverwriteADirectory() throws {
        let sandbox = try sandboxWithRoster()
        let result = try sandbox.runTool(["bench", "roster", "--rows", "10", "--keep", sandbox.directory.path])
        #expect(result.status == 1)
        #expect(FileManager.default.fileExists(atPath: sandbox.database))
    }

    @Test func configurationErrorsNameFileLineAndKey() throws {
        let sandbox = try Sandbox()
        let config = try sandbox.configuration("policy.yaml", [("  deadline_days: 7", "  deadline_dayz: 7")])
        let result = try sandbox.run(["resident", "show", Self.due, "--config", config, "--lang", "en"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("policy.yaml:"))
        #expect(result.stderr.contains("key death.deadline_dayz: unknown key (did you mean deadline_days?)"))
    }

    @Test func aDataDirectoryBelongsToOneServicePoint() throws {
        let sandbox = try sandboxWithRoster()
        let config = try sandbox.configuration("service-point.yaml", [("code: HRB-NG-XF01", "code: HRB-DL-0002")])
        let result = try sandbox.run(["resident", "show", Self.due, "--config", config])
        #expect(result.status == 78)
        #expect(result.stderr.contains("HRB-NG-XF01"))
        #expect(try sandbox.run(["init", "--admin", "admin", "--password-file", sandbox.passwordFile]).status == 3)
    }

    @Test func kioskTodayMustBeADate() throws {
        let sandbox = try sandboxWithRoster()
        let result = try sandbox.run(["resident", "show", Self.due], environment: ["KIOSK_TODAY": "yesterday"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("KIOSK_TODAY"))
    }
}
