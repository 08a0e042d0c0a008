import Foundation
import Testing

/// The city-wide duplicate-finger check (issue 16): one real finger (FVC images through libfprint's
/// virtual image reader) enrolled under two residents at two service points, which no kiosk can see
/// alone; their minutiae go up sealed to the bureau's key and `kiosk hub duplicates` finds the pair.
@Suite("Command line: the city-wide duplicate-finger check", .serialized,
       .enabled(if: Shared.available, "../shared/fingerprints is absent: skipped"))
struct CityDuplicatesTests {
    let fingerprints = FingerprintImageTests()

    func json(_ run: Sandbox.Run) -> [String: Any]? { try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] }

    /// A registered point in a district of its own, its kiosk configured with the bureau's public key.
    func point(_ server: [String: String], district: String, bureauKey: String) throws -> (Sandbox, code: String, resident: String) {
        let sandbox = try Sandbox()
        let (code, _) = try HubCommandTests.registeredKiosk(sandbox, server, district: district)
        let file = sandbox.environment["KIOSK_CONFIG"]! + "/service-point.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "  stale_after_hours: 24\ntime_zone:", with: "  stale_after_hours: 24\n  bureau_key: \(bureauKey)\ntime_zone:")
            .write(toFile: file, atomically: true, encoding: .utf8)
        // A kiosk that never synced enrols nobody.
        #expect(try sandbox.run(["sync"] + sandbox.asAdmin).status == 0)
        return (sandbox, code, Sandbox.idNumber(region: district, birth: "19500312"))
    }

    @Test(.enabled(if: HubCommandTests.available)) func oneFingerUnderTwoResidentsAtTwoPointsIsFound() throws {
        let server = try #require(HubCommandTests.server, "KIOSK_TEST_PG is not set: run the tests through make test")
        let bureau = try Sandbox()
        let key = bureau.directory.appendingPathComponent("bureau.key").path
        let made = try bureau.run(["hub", "bureau-key", "--out", key, "--lang", "en"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("the public half in \(key).pub"), "\(made.stdout)")
        #expect(try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int == 0o600)
        #expect(try bureau.run(["hub", "bureau-key", "--out", key]).status == 73, "a key is never overwritten")

        let (a, codeA, wang) = try point(server, district: "230196", bureauKey: key + ".pub")
        let (b, codeB, li) = try point(server, district: "230197", bureauKey: key + ".pub")
        // The same finger at both points (other impressions at the second), and a finger of its own at the second.
        #expect(try fingerprints.enroll(a, wang, "right-index", images: try fingerprints.enrolment(101)).status == 0)
        let second = try fingerprints.impressions(101, 4...8) + [try Shared.image("101_8")]
        let enrolled = try fingerprints.enroll(b, li, "right-index", images: second)
        #expect(enrolled.status == 0, "each kiosk alone sees no duplicate: \(enrolled.stderr)")
        #expect(try fingerprints.enroll(b, li, "left-index", images: try fingerprints.enrolment(102)).status == 0)

        for (sandbox, sealed) in [(a, 1), (b, 2)] {
            let synced = try sandbox.run(["sync", "--json"] + sandbox.asAdmin)
            #expect(synced.status == 0, "\(synced.stderr)")
            #expect(json(synced)?["templates_sealed"] as? Int == sealed, "\(synced.stdout)")
            #expect(try sandbox.sqlite("SELECT detail FROM audit_entry WHERE action = 'hub.bureau_templates'").hasPrefix("sealed=\(sealed) "))
            #expect(json(try sandbox.run(["sync", "--json"] + sandbox.asAdmin))?["templates_sealed"] as? Int == 0, "each print goes up once")
        }
        let hub = Postgres(server: server, database: "postgres")
        #expect(try hub.run("SELECT count(*) FROM city.print_template WHERE position('\(li)' IN encode(sealed, 'escape')) > 0") == "0",
                "the hub holds the minutiae sealed")

        let admin = HubCommandTests.adminOptions(server)
        let found = try bureau.run(["hub", "duplicates", "--bureau-key", key, "--json"] + admin)
        #expect(found.status == 3, "new pairs found: \(found.stderr)")
        let findings = (json(found)?["findings"] as? [[String: Any]] ?? []).filter {
            [($0["first"] as? [String: Any])?["point"] as? String, ($0["second"] as? [String: Any])?["point"] as? String].contains(codeA)
        }
        #expect(findings.count == 1, "\(found.stdout)")
        let pair = findings.first.map { [$0["first"], $0["second"]].compactMap { ($0 as? [String: Any])?["resident_id"] as? String } }
        #expect(Set(pair ?? []) == [wang, li], "\(found.stdout)")
        #expect(findings.first?["new"] as? Bool == true)
        #expect(json(found)?["unopened"] as? [Any] != nil && (json(found)?["unopened"] as? [Any])?.isEmpty == true)

        // Checked: the next check searches nothing again; --all searches everything and finds the pair, no longer new.
        let again = try bureau.run(["hub", "duplicates", "--bureau-key", key, "--json"] + admin)
        #expect(again.status == 0 && json(again)?["checked"] as? Int == 0, "\(again.stdout)\(again.stderr)")
        let everything = try bureau.run(["hub", "duplicates", "--bureau-key", key, "--all", "--lang", "en"] + admin)
        #expect(everything.status == 0, "\(everything.stderr)")
        #expect(everything.stdout.contains("\(codeA) 230196********\(wang.suffix(4))"), "masked on the screen:\n\(everything.stdout)")
        #expect(!everything.stdout.contains(wang) && !everything.stdout.contains(li))

        // A template the hub moved to another resident no longer opens: reported, exit 2.
        try hub.run("UPDATE city.print_template SET resident_id = '\(wang)' WHERE service_point = '\(codeB)' AND finger = 'left-index'")
        let moved = try bureau.run(["hub", "duplicates", "--bureau-key", key, "--lang", "en"] + admin)
        #expect(moved.status == 2, "\(moved.stdout)\(moved.stderr)")
        #expect(moved.stderr.contains("would not open: print"), "\(moved.stderr)")

        // Unenrolled at the kiosk: withdrawn from the hub at the next sync.
        #expect(try b.run(["unenroll", li, "--finger", "right-index"] + b.asAdmin).status == 0)
        let withdrawn = try b.run(["sync", "--json"] + b.asAdmin)
        #expect(json(withdrawn)?["templates_withdrawn"] as? Int == 1, "\(withdrawn.stdout)\(withdrawn.stderr)")
        #expect(try hub.run("SELECT count(*) FROM city.print_template WHERE service_point = '\(codeB)'") == "1")
        #expect(try a.run(["audit", "verify"]).status == 0 && b.run(["audit", "verify"]).status == 0)
    }

    /// The benchmark runs the same check on a small gallery and finds the enrolled duplicates.
    @Test(.enabled(if: HubCommandTests.available)) func theBenchFindsTheDuplicatesItMade() throws {
        let server = try #require(HubCommandTests.server, "KIOSK_TEST_PG is not set: run the tests through make test")
        let sandbox = try Sandbox()
        let bench = try sandbox.runTool(["bench", "hub-duplicates", "--prints", "60", "--points", "3", "--baseline-prints", "20", "--images", Shared.fvc,
                                         "--lang", "en", "--host", server["host"]!, "--port", server["port"]!, "--user", server["user"]!,
                                         "--password-file", server["password_file"]!, "--ca-file", server["ca_file"]!])
        #expect(bench.status == 0, "\(bench.stderr)")
        #expect(bench.stdout.contains("60 prints on the hub (3 service points; 7 new prints whose finger is already there under another resident, 3 new prints with no mate)"),
                "\(bench.stdout)")
        #expect(bench.stdout.contains("searched the 10 new ones in"), "\(bench.stdout)")
        #expect(bench.stdout.contains("duplicates found 7/7, other pairs 0"), "\(bench.stdout)")
        #expect(bench.stdout.contains("ratio kiosk/every pair: "), "\(bench.stdout)")
    }

    @Test func aKioskRefusesABureauKeyThatIsNotOne() throws {
        let sandbox = try Sandbox()
        let bad = try sandbox.write("bureau.pub", "not a key\n")
        let config = try sandbox.configuration("service-point.yaml", [("time_zone: Asia/Shanghai", """
            hub:
              host: 127.0.0.1
              port: 5432
              database: kiosk_hub
              user: kiosk_point_hrb_ng_xf01
              password_file: hub.password
              ca_file: hub-ca.crt
              stale_after_hours: 24
              bureau_key: \(bad)
            time_zone: Asia/Shanghai
            """)])
        sandbox.environment["KIOSK_CONFIG"] = config
        try sandbox.initialize()
        let refused = try sandbox.run(["sync", "--lang", "en"] + sandbox.asAdmin)
        #expect(refused.status == 78, "\(refused.stderr)")
        #expect(refused.stderr.contains("The bureau key file \(bad) is missing or not a key made by kiosk hub bureau-key"), "\(refused.stderr)")
    }
}
