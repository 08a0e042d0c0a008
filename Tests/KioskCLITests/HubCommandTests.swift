import Domain
import Foundation
import Testing

/// `kiosk hub` and `kiosk sync` as the bureau and a service point run them, against the PostgreSQL
/// `make test` starts (scripts/test-postgres; KIOSK_TEST_PG says where).
@Suite("Command line: the city hub", .serialized)
struct HubCommandTests {
    /// host, port, user, password_file and ca_file of the tests' superuser.
    static let server = fields(of: "KIOSK_TEST_PG")

    /// The key=value pairs of an environment variable scripts/test-postgres sets, if set.
    static func fields(of variable: String) -> [String: String]? {
        ProcessInfo.processInfo.environment[variable].map { text in
            Dictionary(text.split(separator: " ").compactMap { pair -> (String, String)? in
                let parts = pair.split(separator: "=", maxSplits: 1)
                return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
            }, uniquingKeysWith: { $1 })
        }
    }

    /// The shipped configuration with the service point `code` and a hub section: how the point's
    /// kiosk reaches the hub (the server's certificate authority, at `host` and `port`, the server's unless told).
    static func configuration(_ sandbox: Sandbox, code: String, host: String, port: String? = nil, database: String,
                              passwordFile: String, server: [String: String]? = nil) throws -> String {
        let server = server ?? Self.server!
        let role = "kiosk_point_" + code.lowercased().replacingOccurrences(of: "-", with: "_")
        return try sandbox.configuration("service-point.yaml", [
            ("code: HRB-NG-XF01", "code: \(code)"),
            ("time_zone: Asia/Shanghai", """
                hub:
                  host: \(host)
                  port: \(port ?? server["port"]!)
                  database: \(database)
                  user: \(role)
                  password_file: \(passwordFile)
                  ca_file: \(server["ca_file"]!)
                  stale_after_hours: 24
                time_zone: Asia/Shanghai
                """),
        ])
    }

    static var available: Bool {
        if server != nil || ProcessInfo.processInfo.environment["CI"] == "true" { return true }
        print("hub command tests skipped: no PostgreSQL (run them through `make test`)")
        return false
    }

    /// The bureau's `kiosk hub` options: the tests' superuser, on database `postgres`.
    static func adminOptions(_ server: [String: String]) -> [String] {
        ["--host", server["host"]!, "--port", server["port"]!, "--database", "postgres", "--user", server["user"]!,
         "--password-file", server["password_file"]!, "--ca-file", server["ca_file"]!]
    }

    /// A new service point registered on the hub (its password in the sandbox, 0600), and the kiosk's
    /// data directory configured to sync with it (at `port`, the hub's unless told), with one
    /// resident on its roster, insured in the `district` it serves (one of its own, for a test
    /// whose records the other tests' points must not pull).
    static func registeredKiosk(_ sandbox: Sandbox, _ server: [String: String], port: String? = nil,
                                district: String = "230103") throws -> (code: String, passwordFile: String) {
        let admin = adminOptions(server)
        let code = "CLI-" + String(UInt32.random(in: 0...UInt32.max), radix: 36).uppercased()
        let initialized = try sandbox.run(["hub", "init", "--lang", "en"] + admin)
        #expect(initialized.status == 0, "\(initialized.stderr)")
        #expect(initialized.stdout.contains("row-level security are ready"))
        let passwordFile = sandbox.directory.appendingPathComponent("point.password").path
        let registered = try sandbox.run(["hub", "register", code, "--name", "测试网点", "--districts", district, "--out", passwordFile] + admin)
        #expect(registered.status == 0, "\(registered.stderr)")
        sandbox.environment["KIOSK_CONFIG"] = try configuration(sandbox, code: code, host: server["host"]!, port: port, database: "postgres",
                                                                passwordFile: passwordFile)
        try sandbox.initialize()
        let roster = Sandbox.header + "\n" + Sandbox.idNumber(region: district, birth: "19500312")
            + ",王建国,\(district),normal,,3000.00,13912345678,南岗区学府路1号,学府社区,none,,\n"
        #expect(try sandbox.run(["roster", "import", try sandbox.write("roster.csv", roster)] + sandbox.asAdmin).status == 0)
        return (code, passwordFile)
    }

    @Test(.enabled(if: available)) func theBureauRegistersAPointWhichSyncsUntilRevoked() throws {
        let server = try #require(Self.server, "KIOSK_TEST_PG is not set: run the tests through make test")
        let sandbox = try Sandbox()
        let admin = Self.adminOptions(server)
        let (code, passwordFile) = try Self.registeredKiosk(sandbox, server)
        let mode = try FileManager.default.attributesOfItem(atPath: passwordFile)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let again = try sandbox.run(["hub", "register", code, "--name", "测试网点", "--districts", "230103", "--out", passwordFile] + admin)
        #expect(again.status == 73, "the password file is never overwritten")

        let synced = try sandbox.run(["sync", "--json"] + sandbox.asAdmin)
        #expect(synced.status == 0, "\(synced.stderr)")
        let outcome = try JSONSerialization.jsonObject(with: Data(synced.stdout.utf8)) as? [String: Any]
        let pushed = try #require(outcome?["pushed_entries"] as? Int)
        #expect(pushed >= 3, "init, the admin, the import")
        #expect(outcome?["hub_seq"] as? Int == pushed)

        let report = try sandbox.run(["hub", "report", "--json"] + admin)
        let points = try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [[String: Any]]
        #expect(points?.first { $0["code"] as? String == code }?["entries"] as? Int == pushed)

        // An account the bureau makes on the hub is the point's from its next sync.
        let liuPassword = try sandbox.write("liu.password", "liu-password-2026\n")
        let added = try sandbox.run(["hub", "staff", "add", "Liu", "--role", "operator", "--points", code, "--new-password-file", liuPassword] + admin)
        #expect(added.status == 0, "\(added.stderr)")
        let listed = try sandbox.run(["hub", "staff", "list", "--json"] + admin)
        let accounts = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]]
        #expect(accounts?.first { $0["name"] as? String == "liu" }?["points"] as? [String] == [code])
        let short = try sandbox.run(["hub", "staff", "add", "zhou", "--role", "operator", "--points", code,
                                     "--new-password-file", try sandbox.write("zhou.password", "short\n"), "--lang", "en"] + admin)
        #expect(short.status != 0 && short.stderr.contains("at least"), "the kiosk's password rules apply:\n\(short.stderr)")
        // It comes with the first sync that sees its commit: another test's write still open on the
        // server when it committed holds it back from a pull or two (HubClient.live), never loses it.
        var liu = Sandbox.Run(status: -1, stdout: "", stderr: "")
        for _ in 0..<60 where liu.status != 0 {
            #expect(try sandbox.run(["sync"] + sandbox.asAdmin).status == 0)
            liu = try sandbox.run(["staff", "list", "--json", "--staff", "liu", "--password-file", liuPassword])
        }
        #expect(liu.status == 0 && liu.stdout.contains("\"liu\""), "liu signs in at the point:\n\(liu.stderr)")

        // A password file others may read is not used.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: passwordFile)
        let tooOpen = try sandbox.run(["sync", "--lang", "en"] + sandbox.asAdmin)
        #expect(tooOpen.status == 77 && tooOpen.stderr.contains("chmod 600"), "\(tooOpen.stderr)")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: passwordFile)

        let revoked = try sandbox.run(["hub", "revoke", code] + admin)
        #expect(revoked.status == 0, "\(revoked.stderr)")
        let refused = try sandbox.run(["sync", "--lang", "en"] + sandbox.asAdmin)
        #expect(refused.status == 77, "\(refused.stderr)")
        #expect(refused.stderr.contains("refused this service point"))
    }

    /// A kiosk restored from a backup older than what it had pushed: `kiosk sync` refuses, naming the
    /// way back; `kiosk sync --after-restore` forks the hub's newer entries, takes back the point's
    /// own contact change from them and pushes on; `kiosk hub verify` finds both chains whole.
    @Test(.enabled(if: available)) func aKioskRestoredFromAnOldBackupSyncsAgainAfterRestore() throws {
        let server = try #require(Self.server, "KIOSK_TEST_PG is not set: run the tests through make test")
        let sandbox = try Sandbox()
        // A district of its own: the other hub tests' kiosks would pull its contact change.
        let (code, _) = try Self.registeredKiosk(sandbox, server, district: "230198")
        #expect(try sandbox.run(["sync"] + sandbox.asAdmin).status == 0)
        let backup = sandbox.directory.appendingPathComponent("point.kbk").path
        #expect(try sandbox.run(["backup", "--out", backup] + sandbox.asAdmin).status == 0)
        let resident = Sandbox.idNumber(region: "230198", birth: "19500312")
        #expect(try sandbox.run(["resident", "contact", resident, "--phone", "13800002222"] + sandbox.asAdmin).status == 0)
        #expect(try sandbox.run(["sync"] + sandbox.asAdmin).status == 0)

        // The disk is lost: the backup on a new machine, with the print key brought separately.
        let newData = sandbox.directory.appendingPathComponent("new-machine").path
        try FileManager.default.createDirectory(atPath: newData, withIntermediateDirectories: false)
        try FileManager.default.copyItem(atPath: sandbox.data + "/prints.key", toPath: newData + "/prints.key")
        #expect(try sandbox.run(["restore", backup, "--data-dir", newData] + sandbox.asAdmin).status == 0)
        let onNewMachine = ["--data-dir", newData]
        let refused = try sandbox.run(["sync", "--lang", "en"] + onNewMachine + sandbox.asAdmin)
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("a supervisor runs kiosk sync --after-restore"), "\(refused.stderr)")

        let rejoined = try sandbox.run(["sync", "--after-restore", "--json"] + onNewMachine + sandbox.asAdmin)
        #expect(rejoined.status == 0, "\(rejoined.stderr)")
        let outcome = try JSONSerialization.jsonObject(with: Data(rejoined.stdout.utf8)) as? [String: Any]
        #expect((outcome?["fork"] as? [String: Any])?["number"] as? Int == 1, "\(rejoined.stdout)")
        #expect(outcome?["taken_back"] as? Int == 1, "\(rejoined.stdout)")
        let shown = try sandbox.run(["resident", "show", resident, "--reveal", "--json"] + onNewMachine + sandbox.asAdmin)
        #expect(shown.stdout.contains("13800002222"), "the phone changed before the loss is the resident's again:\n\(shown.stdout)")
        #expect(try sandbox.run(["audit", "verify"] + onNewMachine).status == 0)
        #expect(try sandbox.run(["sync", "--lang", "en"] + onNewMachine + sandbox.asAdmin).status == 0)

        let verified = try sandbox.run(["hub", "verify", "--json"] + Self.adminOptions(server))
        let checks = try JSONSerialization.jsonObject(with: Data(verified.stdout.utf8)) as? [[String: Any]]
        let check = try #require(checks?.first { $0["code"] as? String == code }, "\(verified.stdout)")
        let forks = check["forks"] as? [[String: Any]]
        #expect(forks?.count == 1 && forks?.first?["intact"] as? Bool == true, "\(check)")
        #expect(check["uncovered_records"] as? Int == 0 && check["head_agrees"] as? Bool == true, "\(check)")
        let human = try sandbox.run(["hub", "verify", "--lang", "en"] + Self.adminOptions(server))
        #expect(human.stdout.contains("\(code): chain intact"), "\(human.stdout)\(human.stderr)")
        #expect(human.stdout.contains("fork 1 ("), "\(human.stdout)")
    }

    /// `kiosk run` syncs at sign-in, as the staff member signed in, and its header says when it last
    /// did; a hub it cannot reach is said there too, in the warning colour, and the counter goes on.
    @Test(.enabled(if: available)) func theHeaderShowsTheLastSyncAndAHubThatCannotBeReached() throws {
        let server = try #require(Self.server, "KIOSK_TEST_PG is not set: run the tests through make test")
        let sandbox = try Sandbox()
        let (code, _) = try Self.registeredKiosk(sandbox, server)
        let kiosk = try TmuxKiosk(sandbox)
        kiosk.waitFor("工作人员登录", "城市库：从未同步")
        try kiosk.signIn()
        kiosk.waitFor("首页", "城市库已同步 10:00")
        #expect(try sandbox.sqlite("SELECT count(*) FROM hub_sync WHERE synced_at IS NOT NULL") == "1")
        let report = try sandbox.run(["hub", "report", "--json"] + Self.adminOptions(server))
        let points = try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [[String: Any]]
        let pushed = try #require(points?.first { $0["code"] as? String == code }?["entries"] as? Int)
        #expect("\(pushed)" == (try sandbox.sqlite("SELECT max(seq) FROM audit_entry")), "the whole chain went up")

        // Nothing listens on port 1: the sync at sign-in fails, the header says so, the kiosk works on.
        let island = try Sandbox()
        _ = try Self.registeredKiosk(island, server, port: "1")
        let unreachable = try TmuxKiosk(island)
        try unreachable.signIn()
        let screen = unreachable.waitFor("首页", "城市库：从未同步，连不上")
        #expect(screen.contains("1 "), "the home menu is there:\n\(screen)")
        #expect(try island.sqlite("SELECT count(*) FROM hub_sync WHERE synced_at IS NOT NULL") == "0")
    }

    /// A small `kiosk-tools bench hub`, so that the bench cannot rot: every record reaches every
    /// other point of its district once, and the hub's processes are found.
    @Test(.enabled(if: available)) func theHubBenchDeliversEveryRecordOnce() throws {
        let server = try #require(Self.server, "KIOSK_TEST_PG is not set: run the tests through make test")
        let sandbox = try Sandbox()
        // 20 points over 18 districts: two districts have two points, whose records each reach one other.
        let run = try sandbox.runTool(["bench", "hub", "--lang", "en", "--residents", "2000", "--points", "20", "--certifications", "6",
                                       "--rounds", "2", "--interval", "0.05", "--roster-rows", "300", "--host", server["host"]!, "--port", server["port"]!,
                                       "--user", server["user"]!, "--password-file", server["password_file"]!, "--ca-file", server["ca_file"]!])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("120 certifications pushed"), "\(run.stdout)")
        #expect(run.stdout.contains("delivered 24/24, twice 0"), "\(run.stdout)")
        #expect(run.stdout.contains("postgres processes): CPU"), "\(run.stdout)")
        #expect(!run.stdout.contains("first failure"), "\(run.stdout)")
        #expect(run.stdout.contains("hub roster of 300 rows: checked by the kiosk's rules"), "\(run.stdout)")
        #expect(run.stdout.contains("plain COPY of the same rows into an empty table like city.resident"), "\(run.stdout)")
    }

    @Test(.enabled(if: available)) func theBureauLoadsTheCityRosterWholeOrNotAtAll() throws {
        let server = try #require(Self.server, "KIOSK_TEST_PG is not set: run the tests through make test")
        let sandbox = try Sandbox()
        let admin = ["--host", server["host"]!, "--port", server["port"]!, "--database", "postgres", "--user", server["user"]!,
                     "--password-file", server["password_file"]!, "--ca-file", server["ca_file"]!]
        #expect(try sandbox.run(["hub", "init"] + admin).status == 0)
        // A district of its own: the other hub test's kiosk serves 230103.
        let zhang = Sandbox.idNumber(region: "230199", birth: "19600101", sequence: "731")
        let li = Sandbox.idNumber(region: "230199", birth: "19600202", sequence: "732")
        let bad = try sandbox.write("city-bad.csv", Sandbox.header + "\n" + zhang + ",张三,230199,normal,,3000.00,,,,none,,\n"
                                    + li + ",李四,230199,normal,,lots,,,,none,,\n")
        let refused = try sandbox.run(["hub", "roster", "import", bad, "--lang", "en"] + admin)
        #expect(refused.status == 65, "\(refused.stderr)")
        #expect(refused.stderr.contains("\(bad): line 3: monthly_pension: must be an amount"), "\(refused.stderr)")
        #expect(refused.stderr.contains("the hub's roster was left unchanged"))
        let chinese = try sandbox.run(["hub", "roster", "import", bad] + admin)
        #expect(chinese.stderr.contains("第3行：monthly_pension："), "\(chinese.stderr)")

        let good = try sandbox.write("city.csv", Sandbox.header + "\n" + zhang + ",张三,230199,normal,,3000.00,,,,none,,\n"
                                     + li + ",李四,230199,normal,,2800.00,,,,none,,\n")
        let loaded = try sandbox.run(["hub", "roster", "import", good, "--json"] + admin)
        #expect(loaded.status == 0, "\(loaded.stderr)")
        let outcome = try JSONSerialization.jsonObject(with: Data(loaded.stdout.utf8)) as? [String: Any]
        #expect(outcome?["rows"] as? Int == 2)
        #expect(outcome?["file"] as? String == "city.csv")

        let status = try sandbox.run(["hub", "status", "--json"] + admin)
        #expect(status.status == 0, "\(status.stderr)")
        let figures = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        let districts = figures?["districts"] as? [[String: Any]]
        #expect(districts?.first { $0["key"] as? String == "230199" }?["due"] as? Int == 2)

        let out = sandbox.directory.appendingPathComponent("city-certifications.csv").path
        let exported = try sandbox.run(["hub", "export", "certifications", "--since", "2026-11-01", "--out", out] + admin)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("certification_id,receipt,"))
        #expect(FileManager.default.fileExists(atPath: out + ".manifest.json"))
        #expect(try sandbox.run(["hub", "export", "certifications", "--since", "2026-11-01", "--out", out] + admin).status == 73)
    }

    @Test(.enabled(if: available)) func theBenchPrintsTheRosterLoadAgainstPlainCopy() throws {
        let server = try #require(Self.server, "KIOSK_TEST_PG is not set: run the tests through make test")
        let sandbox = try Sandbox()
        let bench = try sandbox.runTool(["bench", "hub-roster", "--rows", "500", "--lang", "en", "--host", server["host"]!, "--port", server["port"]!,
                                         "--database", "postgres", "--user", server["user"]!, "--password-file", server["password_file"]!,
                                         "--ca-file", server["ca_file"]!])
        #expect(bench.status == 0, "\(bench.stderr)")
        #expect(bench.stdout.contains("hub roster of 500 rows: checked by the kiosk's rules"), "\(bench.stdout)")
        #expect(bench.stdout.contains("psql \\copy of the same file"))
    }
}
