import Foundation
import Testing

/// `kiosk visit`: booking at the desk, the queue, the schedule, the day's sheet and the outcomes,
/// against the built binary and a real database.
@Suite("Home visits from the command line")
struct VisitTests {
    let due = CommandLineTests.due, suspended = CommandLineTests.suspended, certified = CommandLineTests.certified
    let referred = CommandLineTests.referred, elsewhere = CommandLineTests.elsewhere, overdue = CommandLineTests.overdue

    func book(_ sandbox: Sandbox, _ id: String, reason: String, extra: [String] = []) throws -> Sandbox.Run {
        try sandbox.run(["visit", "book", id, "--booker", "李明", "--relation", "子", "--phone", "13900001111", "--reason", reason,
                         "--evidence", "残疾证", "--lang", "en"] + extra + sandbox.asAdmin)
    }

    func json(_ run: Sandbox.Run) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
    }

    func bookingID(_ run: Sandbox.Run) -> String {
        (json(run) as? [String: Any])?["id"] as? String ?? ""
    }

    /// The FAQ gives no age (高龄、病残等行动不便): staff book someone younger as elderly with a reason, recorded.
    @Test func faq6_someoneUnderThePolicysAgeIsBookedAsElderlyWithAReason() throws {
        let sandbox = try CommandLineTests().sandboxWithRoster()
        #expect(try book(sandbox, due, reason: "elderly", extra: ["--age-override", " "]).status == 64)
        let booked = try book(sandbox, due, reason: "elderly", extra: ["--age-override", "久病卧床，不能下楼"])
        #expect(booked.status == 0, "\(booked.stderr)")
        #expect(try sandbox.sqlite("SELECT reason || ' ' || age_override FROM visit_booking") == "elderly 久病卧床，不能下楼")
        #expect(try sandbox.sqlite("SELECT detail FROM audit_entry WHERE action = 'visit.book'") == "reason=elderly age_override")
        #expect(try sandbox.run(["audit", "verify"]).status == 0)
    }

    @Test func eachRefusalIsSaidAndNothingIsBooked() throws {
        let sandbox = try CommandLineTests().sandboxWithRoster()
        let young = try book(sandbox, due, reason: "elderly")
        #expect(young.status == 3)
        #expect(young.stderr.contains("As elderly, the policy's age is 80 and the resident is 75"), "\(young.stderr)")
        #expect(young.stderr.contains("--age-override REASON"))
        #expect(try book(sandbox, certified, reason: "ill").stderr.contains("already certified this cycle, on 2026-06-10"))
        #expect(try book(sandbox, referred, reason: "ill").stderr.contains("must go to the city bureau in person"))
        #expect(try book(sandbox, elsewhere, reason: "ill").stderr.contains("not certified here"))
        let bad = try book(sandbox, due, reason: "lazy")
        #expect(bad.status == 64)
        #expect(try sandbox.sqlite("SELECT count(*) FROM visit_booking") == "0")

        #expect(try book(sandbox, due, reason: "disabled").status == 0)
        let second = try book(sandbox, due, reason: "ill")
        #expect(second.status == 3)
        #expect(second.stderr.contains("already has an open home-visit booking"))
        #expect(try sandbox.sqlite("SELECT count(*) FROM visit_booking") == "1")

        // Reported dead the next day: the booking leaves the queue and the schedule.
        #expect(try sandbox.run(["resident", "death", due, "--date", "2026-11-28", "--reporter", "李明", "--relation", "子",
                                 "--certificate", "D-1"] + sandbox.asAdmin).status == 0)
        #expect((json(try sandbox.run(["visit", "queue", "--json"] + sandbox.asAdmin)) as? [Any])?.isEmpty == true)
        let plan = json(try sandbox.run(["visit", "schedule", "--from", "2026-11-30", "--json"] + sandbox.asAdmin)) as? [String: Any]
        #expect((plan?["slots"] as? [Any])?.isEmpty == true)
    }

    @Test func aBookingGoesFromTheQueueToTheScheduleToACertification() throws {
        let sandbox = try CommandLineTests().sandboxWithRoster()
        let first = bookingID(try book(sandbox, due, reason: "disabled", extra: ["--json", "--notes", "卧床，敲门两次"]))
        let urgent = bookingID(try book(sandbox, suspended, reason: "ill", extra: ["--json", "--time", "morning"]))
        #expect(!first.isEmpty && !urgent.isEmpty)

        // The suspended resident comes first, and the queue says why.
        let queue = try sandbox.run(["visit", "queue", "--json"] + sandbox.asAdmin)
        let lines = json(queue) as? [[String: Any]] ?? []
        #expect(lines.map { $0["id"] as? String } == [urgent, first])
        #expect((lines.first?["reasons"] as? [String: Int])?["already_suspended"] == 700)
        // Suspended: visited by the end of this month, payment resumes next month (FAQ 12).
        #expect((lines.first?["deadline"] as? String) == "2026-11-30")
        let text = try sandbox.run(["visit", "queue", "--lang", "en"] + sandbox.asAdmin)
        #expect(text.stdout.contains("already suspended +700"), "\(text.stdout)")

        // 李娜 Mon-Fri 6 a day, 王强 Mon/Wed/Fri 8 a day (service-point.yaml). Both live in 学府社区: one trip.
        let scheduled = try sandbox.run(["visit", "schedule", "--from", "2026-11-30", "--days", "7", "--json"] + sandbox.asAdmin)
        #expect(scheduled.status == 0, "\(scheduled.stderr)")
        let plan = json(scheduled) as? [String: Any] ?? [:]
        let slots = plan["slots"] as? [[String: Any]] ?? []
        #expect(slots.count == 2)
        #expect(Set(slots.compactMap { $0["date"] as? String }) == ["2026-11-30"])
        #expect(plan["trips"] as? Int == 1)
        #expect(plan["visits_short"] as? Int == 0)
        let again = json(try sandbox.run(["visit", "schedule", "--from", "2026-11-30", "--days", "7", "--json"] + sandbox.asAdmin)) as? [String: Any]
        #expect(again?["moved"] as? Int == 0)
        #expect(try sandbox.sqlite("SELECT count(*) FROM visit_event WHERE kind = 'scheduled'") == "2", "a re-run records nothing new")

        let staff = slots.first?["staff"] as? String ?? ""
        let sheet = try sandbox.run(["visit", "sheet", "--date", "2026-11-30", "--visitor", staff] + sandbox.asAdmin)
        #expect(sheet.stdout.contains("上门认证路线单  2026-11-30  \(staff)  共2户"), "\(sheet.stdout)")
        #expect(sheet.stdout.contains("哈尔滨市南岗区学府路4号") && sheet.stdout.contains("13900001111（李明 子）"))
        #expect(sheet.stdout.contains("卧床，敲门两次"))
        #expect(!sheet.stdout.contains(due), "ID numbers are masked on the sheet")
        let reminders = try sandbox.run(["visit", "reminders", "--date", "2026-11-30"] + sandbox.asAdmin)
        #expect(reminders.stdout.split(separator: "\n").count == 2)

        let done = try sandbox.run(["visit", "complete", urgent, "--evidence", "fingerprint", "--lang", "en"] + sandbox.asAdmin)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.contains("certified at home, receipt HRB-NG-XF01-20261129-0001"))
        let status = try CommandLineTests().statusOf(suspended, in: sandbox)
        #expect(status["status"] as? String == "certified")
        let shown = json(try sandbox.run(["visit", "show", urgent] + sandbox.asAdmin)) as? [String: Any]
        #expect(shown?["status"] as? String == "completed")
        #expect((shown?["history"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["scheduled", "completed"])
        #expect(try sandbox.sqlite("SELECT method || ' ' || evidence FROM certification") == "home_visit visit=\(urgent); fingerprint")
        #expect(try sandbox.run(["visit", "cancel", urgent, "--reason", "x", "--lang", "en"] + sandbox.asAdmin).status == 3,
                "a completed visit cannot change")
        #expect(try sandbox.run(["audit", "verify"]).status == 0)
    }

    /// Issue 14: the booking's short number, read over the phone, works wherever the long id does,
    /// and the family gets a slip when the visit is booked.
    @Test func aBookingHasAShortNumberAndASlipForTheFamily() throws {
        let sandbox = try CommandLineTests().sandboxWithRoster()
        let booked = try book(sandbox, suspended, reason: "ill")
        #expect(booked.status == 0, "\(booked.stderr)")
        let number = try sandbox.sqlite("SELECT short_number FROM visit_booking")
        #expect(number.count == 6)
        #expect(booked.stdout.contains("booking \(number)"), "\(booked.stdout)")
        #expect(booked.stdout.contains("Booking slip saved: "))
        let slip = sandbox.data + "/receipts/2026-11-29/visit-\(number).txt"
        let text = try String(contentsOfFile: slip, encoding: .utf8)
        #expect(text.contains(number.map(String.init).joined(separator: " ")))
        #expect(text.contains("We will call 139****1111"), "\(text)")
        #expect(!text.contains(suspended) && !text.contains("13900001111"), "masked resident data only")
        #expect(try FileManager.default.attributesOfItem(atPath: slip)[.posixPermissions] as? Int == 0o600)

        let queue = json(try sandbox.run(["visit", "queue", "--json"] + sandbox.asAdmin)) as? [[String: Any]] ?? []
        #expect(queue.first?["number"] as? String == number)
        // Typed as staff would from the phone: lower case, a hyphen, an O for the 0.
        let typed = (number.prefix(3) + "-" + number.dropFirst(3)).lowercased().replacingOccurrences(of: "0", with: "o")
        let shown = json(try sandbox.run(["visit", "show", typed] + sandbox.asAdmin)) as? [String: Any]
        #expect(shown?["number"] as? String == number)
        #expect(try sandbox.run(["visit", "pin", number, "--date", "2026-11-30", "--visitor", "李娜"] + sandbox.asAdmin).status == 0)
        let done = try sandbox.run(["visit", "complete", number.lowercased(), "--evidence", "photo", "--lang", "en"] + sandbox.asAdmin)
        #expect(done.status == 0, "\(done.stderr)")
        let id = try sandbox.sqlite("SELECT id FROM visit_booking")
        #expect(try sandbox.sqlite("SELECT evidence FROM certification") == "visit=\(id); photo", "the record keeps the long id")
        let unknown = number == "ACDEFG" ? "ACDEFH" : "ACDEFG"
        #expect(try sandbox.run(["visit", "show", unknown, "--lang", "en"] + sandbox.asAdmin).stderr.contains("no home-visit booking \(unknown)"))

        let json = json(try book(sandbox, due, reason: "disabled", extra: ["--json"])) as? [String: Any]
        #expect((json?["number"] as? String)?.count == 6)
        #expect((json?["slip"] as? String)?.hasSuffix(".txt") == true)
        #expect(try sandbox.run(["audit", "verify"]).status == 0)
    }

    @Test func aMissedVisitReturnsToTheQueueHigher() throws {
        let sandbox = try CommandLineTests().sandboxWithRoster()
        let id = bookingID(try book(sandbox, overdue, reason: "ill", extra: ["--json"]))
        #expect(try sandbox.run(["visit", "missed", id, "--reason", "no_one_home"] + sandbox.asAdmin).status == 3, "not scheduled yet")
        #expect(try sandbox.run(["visit", "pin", id, "--date", "2026-12-02", "--visitor", "李娜"] + sandbox.asAdmin).status == 0)
        #expect(try sandbox.run(["visit", "pin", id, "--date", "2026-12-02", "--visitor", "nobody"] + sandbox.asAdmin).status == 64)
        let before = (json(try sandbox.run(["visit", "queue", "--json"] + sandbox.asAdmin)) as? [[String: Any]])?.first
        #expect(before?["pinned"] as? Bool == true)
        let missed = try sandbox.run(["visit", "missed", id, "--reason", "no_one_home", "--note", "敲门无人", "--lang", "en"] + sandbox.asAdmin)
        #expect(missed.stdout.contains("missed (1 so far)"), "\(missed.stdout)")
        let after = (json(try sandbox.run(["visit", "queue", "--json"] + sandbox.asAdmin)) as? [[String: Any]])?.first
        #expect(after?["status"] as? String == "requested")
        #expect((after?["reasons"] as? [String: Int])?["missed_visits"] == 80)
        #expect((after?["points"] as? Int ?? 0) == (before?["points"] as? Int ?? 0) + 80)
        #expect(try sandbox.run(["visit", "cancel", id, "--reason", "certified by the app"] + sandbox.asAdmin).status == 0)
        #expect((json(try sandbox.run(["visit", "queue", "--json"] + sandbox.asAdmin)) as? [Any])?.isEmpty == true)
        // Every step is a record of its own, none rewritten, all in the audit chain.
        #expect(try sandbox.sqlite("SELECT group_concat(kind, ' ') FROM (SELECT kind FROM visit_event ORDER BY rowid)") == "scheduled missed cancelled")
        #expect(try sandbox.sqlite("SELECT count(*) FROM audit_entry WHERE action LIKE 'visit.%'") == "4")
        #expect(try sandbox.run(["audit", "verify"]).status == 0)
    }
}
