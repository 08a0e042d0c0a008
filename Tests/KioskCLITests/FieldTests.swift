import Foundation
import Testing

/// Field mode (issue 16): a day packed at the desk, loaded on a laptop of the same service point
/// (its own data directory, the point's print key copied), a visit completed there on libfprint's
/// virtual image reader against the packed prints and another missed, and the outcomes returned.
@Suite("Field mode for the home-visit laptop", .enabled(if: Shared.available, "../shared/fingerprints is absent: skipped"))
struct FieldTests {
    let due = CommandLineTests.due, suspended = CommandLineTests.suspended
    let fingerprints = FingerprintImageTests()

    func json(_ run: Sandbox.Run) -> Any? { try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) }

    func book(_ desk: Sandbox, _ id: String, reason: String) throws -> String {
        let booked = try desk.run(["visit", "book", id, "--booker", "李明", "--relation", "子", "--phone", "13900001111", "--reason", reason,
                                   "--evidence", "残疾证", "--json"] + desk.asAdmin)
        #expect(booked.status == 0, "\(booked.stderr)")
        let id = (json(booked) as? [String: Any])?["id"] as? String ?? ""
        #expect(try desk.run(["visit", "pin", id, "--date", "2026-11-30", "--visitor", "李娜"] + desk.asAdmin).status == 0)
        return id
    }

    /// A data directory made with `kiosk init` around the given print key, as README says for a new machine.
    func laptop(key: String?) throws -> Sandbox {
        let laptop = try Sandbox(today: "2026-11-30T10:00")
        if let key {
            try FileManager.default.createDirectory(atPath: laptop.data, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try FileManager.default.copyItem(atPath: key, toPath: laptop.data + "/prints.key")
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: laptop.data + "/prints.key")
        }
        try laptop.initialize()
        return laptop
    }

    /// A copy of `path` with one byte of its sealed part changed.
    func altered(_ path: String, in sandbox: Sandbox) throws -> String {
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count - 20] ^= 0x01
        let copy = sandbox.directory.appendingPathComponent("altered-\(UUID().uuidString.prefix(6))").path
        try bytes.write(to: URL(fileURLWithPath: copy))
        return copy
    }

    @Test func aDayGoesOutOnTheLaptopAndItsOutcomesComeBack() throws {
        let desk = try fingerprints.sandbox()
        #expect(try fingerprints.enroll(desk, due, "right-index", images: try fingerprints.enrolment(101)).status == 0)
        let certifyHere = try book(desk, due, reason: "disabled")
        let noOneHome = try book(desk, suspended, reason: "ill")

        // At the desk: the sheet as today, and the pack beside it.
        let pack = desk.directory.appendingPathComponent("pack.field").path
        let sheet = try desk.run(["visit", "sheet", "--date", "2026-11-30", "--visitor", "李娜", "--field-pack", pack, "--lang", "en"] + desk.asAdmin)
        #expect(sheet.status == 0, "\(sheet.stderr)")
        #expect(sheet.stdout.contains("Field pack written to \(pack): 2 visits, 1 prints (still sealed)"), "\(sheet.stdout)")
        #expect(try FileManager.default.attributesOfItem(atPath: pack)[.posixPermissions] as? Int == 0o600)
        #expect(try Data(contentsOf: URL(fileURLWithPath: pack)).range(of: Data(due.utf8)) == nil, "the pack is encrypted")
        #expect(try desk.run(["visit", "sheet", "--date", "2026-11-30", "--visitor", "李娜", "--field-pack", pack] + desk.asAdmin).status == 73,
                "a pack is never overwritten")
        #expect(try desk.sqlite("SELECT detail FROM audit_entry WHERE action = 'visit.field.pack'").hasSuffix("residents=2 prints=1"))
        #expect(try desk.sqlite("SELECT count(*) FROM audit_entry WHERE action = 'visit.field.pack' AND detail LIKE '%\(due)%'") == "0")

        // Another service point's machine cannot open it; nothing is written there.
        let stranger = try laptop(key: nil)
        let refused = try stranger.run(["field", "load", pack, "--lang", "en"] + stranger.asAdmin)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("print key does not open it"), "\(refused.stderr)")
        #expect(try stranger.sqlite("SELECT count(*) FROM visit_booking") == "0")

        let onTheDesk = try desk.run(["field", "load", pack, "--lang", "en"] + desk.asAdmin)
        #expect(onTheDesk.status == 3 && onTheDesk.stderr.contains("loads only into the laptop's own data directory"), "\(onTheDesk.stderr)")

        let field = try laptop(key: desk.data + "/prints.key")
        let entries = try field.sqlite("SELECT count(*) FROM audit_entry")
        let tampered = try field.run(["field", "load", try altered(pack, in: field), "--lang", "en"] + field.asAdmin)
        #expect(tampered.status == 65 && tampered.stderr.contains("was altered"), "\(tampered.stderr)")
        #expect(try field.sqlite("SELECT count(*) FROM audit_entry") == entries, "nothing written")

        let loaded = try field.run(["field", "load", pack, "--json"] + field.asAdmin)
        #expect(loaded.status == 0, "\(loaded.stderr)")
        #expect((json(loaded) as? [String: Any])?["visits"] as? Int == 2)
        #expect(try field.sqlite("SELECT count(*) FROM enrolled_print") == "1")
        #expect(try field.sqlite("SELECT count(*) FROM resident") == "2", "only the pack's residents")

        // At the home: the finger on the portable reader, verified against the packed print; no-one at the other.
        let done = try field.runWithImages(["visit", "complete", certifyHere, "--evidence", "fingerprint"] + field.asAdmin, [try Shared.image("101_6")])
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.contains("certified at home"), "\(done.stdout)")
        let fieldCertification = try field.sqlite("SELECT id FROM certification")
        #expect(try field.sqlite("SELECT receipt FROM certification") == "HRB-NG-XF01-F20261130-0001",
                "the laptop's receipts are a series apart from the desk's")
        #expect(try field.sqlite("SELECT evidence FROM certification").contains("verified reader=virtual_image"))
        #expect(try field.run(["visit", "missed", noOneHome, "--reason", "no_one_home"] + field.asAdmin).status == 0)
        let again = try field.run(["field", "load", pack, "--lang", "en"] + field.asAdmin)
        #expect(again.status == 3 && again.stderr.contains("2 visit outcomes not yet written out"), "\(again.stderr)")

        let results = field.directory.appendingPathComponent("results.field").path
        #expect(try field.run(["field", "results", "--out", results] + field.asAdmin).status == 0)
        #expect(try FileManager.default.attributesOfItem(atPath: results)[.posixPermissions] as? Int == 0o600)
        #expect(try field.run(["audit", "verify"]).status == 0)

        // Back at the desk: an altered file is refused whole; the real one applied once.
        let later = ["KIOSK_TODAY": "2026-11-30T17:00"]
        let bad = try desk.run(["field", "return", try altered(results, in: desk), "--lang", "en"] + desk.asAdmin, environment: later)
        #expect(bad.status == 65, "\(bad.stderr)")
        #expect(try desk.run(["field", "return", pack, "--lang", "en"] + desk.asAdmin, environment: later).stderr.contains("the other kind"))
        #expect(try desk.sqlite("SELECT count(*) FROM certification") == "0")
        let returned = try desk.run(["field", "return", results, "--json"] + desk.asAdmin, environment: later)
        #expect(returned.status == 0, "\(returned.stderr)")
        let lines = json(returned) as? [[String: Any]] ?? []
        #expect(lines.map { $0["result"] as? String } == ["applied", "applied"])

        #expect(try desk.sqlite("SELECT id || ' ' || method || ' ' || certified_at FROM certification")
                == "\(fieldCertification) home_visit \(try field.sqlite("SELECT certified_at FROM certification"))",
                "once, under the laptop's id, at the time it was made")
        let shown = json(try desk.run(["visit", "show", certifyHere] + desk.asAdmin, environment: later)) as? [String: Any]
        #expect(shown?["status"] as? String == "completed")
        #expect(shown?["certification_id"] as? String == fieldCertification)
        let queue = json(try desk.run(["visit", "queue", "--json"] + desk.asAdmin, environment: later)) as? [[String: Any]] ?? []
        #expect(queue.map { $0["id"] as? String } == [noOneHome])
        #expect((queue.first?["reasons"] as? [String: Int])?["missed_visits"] == 80)

        let counts = "SELECT (SELECT count(*) FROM certification) || ' ' || (SELECT count(*) FROM visit_event) || ' ' || (SELECT count(*) FROM fraud_alert)"
        let before = try desk.sqlite(counts)
        let twice = try desk.run(["field", "return", results, "--json"] + desk.asAdmin, environment: later)
        #expect((json(twice) as? [[String: Any]] ?? []).map { $0["result"] as? String } == ["already_returned", "already_returned"])
        #expect(try desk.sqlite(counts) == before, "returning the same file again changes nothing")
        #expect(try desk.run(["audit", "verify"], environment: later).status == 0)

        // The laptop takes the next pack now that its outcomes are out: the old prints go.
        #expect(try desk.run(["visit", "pin", noOneHome, "--date", "2026-12-01", "--visitor", "李娜"] + desk.asAdmin, environment: later).status == 0)
        let next = desk.directory.appendingPathComponent("next.field").path
        #expect(try desk.run(["visit", "sheet", "--date", "2026-12-01", "--visitor", "李娜", "--field-pack", next] + desk.asAdmin,
                             environment: later).status == 0)
        #expect(try field.run(["field", "load", next] + field.asAdmin).status == 0)
        #expect(try field.sqlite("SELECT count(*) FROM enrolled_print") == "0", "the day's remaining visit has no prints")
        #expect(try field.run(["audit", "verify"]).status == 0)
    }

    /// Reported dead at the desk while the laptop was out, the day before the visit: the death
    /// wins, the certification is not recorded, the booking keeps the field's record, and the alert
    /// for a certification after death is raised.
    @Test func aDeathReportedMeanwhileWinsOverTheFieldsCertification() throws {
        let desk = try fingerprints.sandbox()
        let (booking, results, laptop) = try certifiedOnTheLaptop(desk)
        let later = ["KIOSK_TODAY": "2026-11-30T17:00"]
        #expect(try desk.run(["resident", "death", due, "--date", "2026-11-29", "--reporter", "李明", "--relation", "子", "--certificate", "D-1"]
                             + desk.asAdmin, environment: later).status == 0)
        let returned = try desk.run(["field", "return", results, "--lang", "en"] + desk.asAdmin, environment: later)
        #expect(returned.status == 0, "\(returned.stderr)")
        #expect(returned.stdout.contains("reported dead meanwhile: the certification is not recorded"), "\(returned.stdout)")
        #expect(try desk.sqlite("SELECT count(*) FROM certification") == "0")
        #expect(try desk.sqlite("SELECT certified_on || ' ' || died_on FROM fraud_alert") == "2026-11-30 2026-11-29")
        let shown = json(try desk.run(["visit", "show", booking] + desk.asAdmin, environment: later)) as? [String: Any]
        #expect(shown?["status"] as? String == "cancelled")
        let last = (shown?["history"] as? [[String: Any]])?.last?["detail"] as? String ?? ""
        #expect(last.contains("field certification=") && last.hasSuffix("not recorded: deceased"), "\(last)")
        let again = try desk.run(["field", "return", results, "--json"] + desk.asAdmin, environment: later)
        #expect((json(again) as? [[String: Any]])?.first?["result"] as? String == "already_returned")
        #expect(try desk.sqlite("SELECT count(*) FROM fraud_alert") == "1")
        #expect(try desk.run(["audit", "verify"], environment: later).status == 0)
        #expect(try laptop.run(["audit", "verify"]).status == 0)
    }

    /// Certified at the desk while the laptop was out: the field's certification is kept, as a repeat.
    @Test func aResidentCertifiedMeanwhileGetsTheFieldsCertificationAsARepeat() throws {
        let desk = try fingerprints.sandbox()
        let (booking, results, laptop) = try certifiedOnTheLaptop(desk)
        let later = ["KIOSK_TODAY": "2026-11-30T17:00"]
        let here = try desk.runWithImages(["certify", due, "--fingerprint"] + desk.asAdmin, [try Shared.image("101_7")])
        #expect(here.status == 0, "\(here.stderr)")
        let returned = try desk.run(["field", "return", results, "--json"] + desk.asAdmin, environment: later)
        #expect((json(returned) as? [[String: Any]])?.first?["result"] as? String == "applied_as_repeat", "\(returned.stderr)")
        #expect(try desk.sqlite("SELECT group_concat(method || ' ' || ifnull(repeat_reason, '-'), '; ') FROM (SELECT * FROM certification ORDER BY rowid)")
                == "fingerprint -; home_visit certified at home in the field")
        #expect(try desk.sqlite("SELECT id FROM certification WHERE method = 'home_visit'") == (try laptop.sqlite("SELECT id FROM certification")))
        let shown = json(try desk.run(["visit", "show", booking] + desk.asAdmin, environment: later)) as? [String: Any]
        #expect(shown?["status"] as? String == "completed")
        #expect(try desk.run(["audit", "verify"], environment: later).status == 0)
    }

    /// Another day asked for, and a visit called off, at the home: both come back with the results,
    /// and the desk's queue follows them (the first back in it, the second gone).
    @Test func aRescheduleAndACancellationOnTheLaptopComeBack() throws {
        let desk = try fingerprints.sandbox()
        let anotherDay = try book(desk, due, reason: "disabled")
        let calledOff = try book(desk, suspended, reason: "ill")
        let pack = desk.directory.appendingPathComponent("pack.field").path
        #expect(try desk.run(["visit", "sheet", "--date", "2026-11-30", "--visitor", "李娜", "--field-pack", pack] + desk.asAdmin).status == 0)
        let field = try laptop(key: desk.data + "/prints.key")
        #expect(try field.run(["field", "load", pack] + field.asAdmin).status == 0)
        #expect(try field.run(["visit", "reschedule", anotherDay, "--note", "家属要求下周"] + field.asAdmin).status == 0)
        #expect(try field.run(["visit", "cancel", calledOff, "--reason", "moved away"] + field.asAdmin).status == 0)
        let results = field.directory.appendingPathComponent("results.field").path
        let written = try field.run(["field", "results", "--out", results, "--lang", "en"] + field.asAdmin)
        #expect(written.stdout.contains("0 completed, 0 missed, 1 for another day, 1 cancelled"), "\(written.stdout)\(written.stderr)")

        let later = ["KIOSK_TODAY": "2026-11-30T17:00"]
        let returned = try desk.run(["field", "return", results, "--json"] + desk.asAdmin, environment: later)
        #expect(returned.status == 0, "\(returned.stderr)")
        #expect((json(returned) as? [[String: Any]] ?? []).map { $0["result"] as? String } == ["applied", "applied"])
        let queue = json(try desk.run(["visit", "queue", "--json"] + desk.asAdmin, environment: later)) as? [[String: Any]] ?? []
        #expect(queue.map { $0["id"] as? String } == [anotherDay], "the cancelled visit left the queue")
        #expect(queue.first?["status"] as? String == "requested" && queue.first?["pinned"] as? Bool != true, "back in the queue, its day given up")
        #expect(try desk.sqlite("SELECT group_concat(kind, ' ') FROM (SELECT kind FROM visit_event WHERE booking_id = '\(calledOff)' ORDER BY rowid)")
                .hasSuffix("cancelled"))
        #expect(try desk.sqlite("SELECT detail FROM visit_event WHERE kind = 'cancelled'") == "moved away")
        #expect(try desk.run(["audit", "verify"], environment: later).status == 0)
    }

    /// The laptop's screen (under tmux): the fingerprint outcome scans the resident's finger on the
    /// portable reader (libfprint's virtual image reader) against the packed print before anything is recorded.
    @Test func theLaptopsScreenVerifiesTheFingerBeforeRecordingTheVisit() throws {
        let desk = try fingerprints.sandbox()
        #expect(try fingerprints.enroll(desk, due, "right-index", images: try fingerprints.enrolment(101)).status == 0)
        _ = try book(desk, due, reason: "disabled")
        let pack = desk.directory.appendingPathComponent("pack.field").path
        #expect(try desk.run(["visit", "sheet", "--date", "2026-11-30", "--visitor", "李娜", "--field-pack", pack] + desk.asAdmin).status == 0)
        let field = try laptop(key: desk.data + "/prints.key")
        #expect(try field.run(["field", "load", pack] + field.asAdmin).status == 0)

        let socket = field.directory.appendingPathComponent("portable.socket").path
        let kiosk = try TmuxKiosk(field, environment: ["FP_VIRTUAL_IMAGE": socket, "FP_DRIVERS_WHITELIST": "virtual_image"])
        try kiosk.signIn()
        kiosk.waitFor("首页")
        try kiosk.press("9")
        kiosk.waitFor("上门队列", "李秀英")
        try kiosk.press("Enter")
        kiosk.waitFor("1  已上门认证（便携指纹）")
        try kiosk.press("1")
        try kiosk.press("y")
        kiosk.waitFor("第1次（共3次）", "请将手指")
        #expect(try field.sqlite("SELECT count(*) FROM certification") == "0", "nothing recorded before the finger")
        let finger = Feeder(socket: socket, images: [try Shared.image("101_6")])
        finger.next()
        kiosk.waitFor("HRB-NG-XF01-F20261130-0001")
        #expect(try field.sqlite("SELECT method || ' ' || evidence FROM certification").hasPrefix("home_visit visit="))
        #expect(try field.sqlite("SELECT evidence FROM certification").contains("fingerprint verified reader=virtual_image"))
    }

    /// One visit packed at the desk, certified on the laptop by the enrolled finger, the results written:
    /// the booking, the results file and the laptop.
    func certifiedOnTheLaptop(_ desk: Sandbox) throws -> (String, String, Sandbox) {
        #expect(try fingerprints.enroll(desk, due, "right-index", images: try fingerprints.enrolment(101)).status == 0)
        let booking = try book(desk, due, reason: "disabled")
        let pack = desk.directory.appendingPathComponent("pack.field").path
        #expect(try desk.run(["visit", "sheet", "--date", "2026-11-30", "--visitor", "李娜", "--field-pack", pack] + desk.asAdmin).status == 0)
        let field = try laptop(key: desk.data + "/prints.key")
        #expect(try field.run(["field", "load", pack] + field.asAdmin).status == 0)
        let done = try field.runWithImages(["visit", "complete", booking, "--evidence", "fingerprint"] + field.asAdmin, [try Shared.image("101_6")])
        #expect(done.status == 0, "\(done.stderr)")
        let results = field.directory.appendingPathComponent("results.field").path
        #expect(try field.run(["field", "results", "--out", results] + field.asAdmin).status == 0)
        return (booking, results, field)
    }
}
