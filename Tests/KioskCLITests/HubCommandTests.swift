import Domain
import Foundation
import Testing

/// `kiosk hub` and `kiosk sync` as the bureau and a service point run them, against the PostgreSQL
/// `make test` starts (scripts/test-postgres; KIOSK_TEST_PG says where).
@Suite("Command line: the city hub")
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
    /// kiosk reaches the hub (the server's port and certificate authority, at `host`).
    static func configuration(_ sandbox: Sandbox, code: String, host: String, database: String, passwordFile: String) throws -> String {
        let server = Self.server!
        let role = "kiosk_point_" + code.lowercased().replacingOccurrences(of: "-", with: "_")
        return try sandbox.configuration("service-point.yaml", [
            ("code: HRB-NG-XF01", "code: \(code)"),
            ("time_zone: Asia/Shanghai", """
                hub:
                  host: \(host)
                  port: \(server["port"]!)
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

    @Test(.enabled(if: available)) func theBureauRegistersAPointWhichSyncsUntilRevoked() throws {
        let server = try #require(Self.server, "KIOSK_TEST_PG is not set: run the tests through make test")
        let sandbox = try Sandbox()
        let code = "CLI-" + String(UInt32.random(in: 0...UInt32.max), radix: 36).uppercased()
        let admin = ["--host", server["host"]!, "--port", server["port"]!, "--database", "postgres", "--user", server["user"]!,
                     "--password-file", server["password_file"]!, "--ca-file", server["ca_file"]!]
        let initialized = try sandbox.run(["hub", "init", "--lang", "en"] + admin)
        #expect(initialized.status == 0, "\(initialized.stderr)")
        #expect(initialized.stdout.contains("row-level security are ready"))

        let passwordFile = sandbox.directory.appendingPathComponent("point.password").path
        let registered = try sandbox.run(["hub", "register", code, "--name", "测试网点", "--districts", "230103", "--out", passwordFile] + admin)
        #expect(registered.status == 0, "\(registered.stderr)")
        let mode = try FileManager.default.attributesOfItem(atPath: passwordFile)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let again = try sandbox.run(["hub", "register", code, "--name", "测试网点", "--districts", "230103", "--out", passwordFile] + admin)
        #expect(again.status == 73, "the password file is never overwritten")

        sandbox.environment["KIOSK_CONFIG"] = try Self.configuration(sandbox, code: code, host: server["host"]!, database: "postgres",
                                                                     passwordFile: passwordFile)
        try sandbox.initialize()
        let roster = Sandbox.header + "\n" + Sandbox.idNumber(birth: "19500312") + ",王建国,230103,normal,,3000.00,13912345678,南岗区学府路1号,学府社区,none,,\n"
        #expect(try sandbox.run(["roster", "import", try sandbox.write("roster.csv", roster)] + sandbox.asAdmin).status == 0)

        let synced = try sandbox.run(["sync", "--json"] + sandbox.asAdmin)
        #expect(synced.status == 0, "\(synced.stderr)")
        let outcome = try JSONSerialization.jsonObject(with: Data(synced.stdout.utf8)) as? [String: Any]
        let pushed = try #require(outcome?["pushed_entries"] as? Int)
        #expect(pushed >= 3, "init, the admin, the import")
        #expect(outcome?["hub_seq"] as? Int == pushed)

        let report = try sandbox.run(["hub", "report", "--json"] + admin)
        let points = try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [[String: Any]]
        #expect(points?.first { $0["code"] as? String == code }?["entries"] as? Int == pushed)

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
}
