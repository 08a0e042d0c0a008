import Desk
import Domain
import Foundation
import Testing

/// Photo certification and home visits through the desk, in-process on SQLite.
@Suite("Desk: photo certification and home visits")
struct PhotoAndVisitFlowTests {
    let wang = DeskKiosk.id(birth: "19400615", sequence: "111")
    let li = DeskKiosk.id(birth: "19421103", sequence: "222")

    func kiosk() throws -> DeskKiosk {
        try DeskKiosk(residents: [(wang, "王建国", "2025-06-10"), (li, "李秀英", "2025-11-03")])
    }

    @Test func aPhotoCountsOnceASupervisorApprovesItNotBefore() throws {
        let kiosk = try kiosk()
        let desk = kiosk.desk
        _ = try desk.staffAccounts(kiosk.admin).add(name: "op1", role: .operator, password: "operator-password-1")
        let operatorOne = try desk.signIn(name: "op1", password: "operator-password-1")
        let saved = try desk.photos(operatorOne).record(of: wang, jpeg: Data([0xFF, 0xD8, 0xFF, 0xD9]), width: 640, height: 480,
                                                       fromCamera: true, maxPending: 10)
        #expect(saved.pending == 1)
        #expect(try desk.residents(kiosk.admin).record(wang).status.code == .due, "not certified before the review")
        // Nobody reviews their own photo, and an operator reviews none.
        #expect(KioskError.caughtNow { _ = try desk.review(operatorOne).approve(saved.record.id) } != nil)
        let certified = try desk.review(kiosk.admin).approve(saved.record.id)
        #expect(certified.certification.method == .photo)
        #expect(certified.receipt.name == "王建国")
        #expect(try desk.residents(kiosk.admin).record(wang).status.code == .certified)
        #expect(try desk.review(kiosk.admin).waiting().isEmpty)
    }

    @Test func aBookedVisitIsScheduledAndItsCompletionCertifies() throws {
        let kiosk = try kiosk()
        let visits = kiosk.desk.visits(kiosk.admin)
        let request = VisitRequest(booker: VisitBooker(name: "王小明", relation: "子", phone: "13800138000"), reason: .elderly, evidence: "身份证",
                                   address: nil, preferredDates: [], time: .any, notes: "", ageOverride: nil)
        let booked = try visits.book(wang, request)
        #expect(booked.name == "王建国")
        #expect(booked.booking.address == "哈尔滨市南岗区学府路1号", "the address on record")
        // A second open booking for the same resident is refused.
        #expect(KioskError.caughtNow { _ = try visits.book(wang, request) } == .visitRefused(.openBookingExists(id: booked.booking.number)))
        let team = [VisitStaff(name: "张敏", days: Set(Weekday.allCases), dailyCapacity: 4)]
        let change = try visits.schedule(from: DeskKiosk.moment.date.adding(days: 1), days: 7, team: team)
        #expect(change.outcome.slots[booked.booking.id] != nil)
        let certified = try visits.complete(booked.booking.id, evidence: .fingerprint)
        #expect(certified.certification.method == .homeVisit)
        #expect(try kiosk.desk.residents(kiosk.admin).record(wang).status.code == .certified)
        #expect(try visits.queue().isEmpty)
    }

    @Test func theSamePhotoForTwoResidentsRaisesAnAlertAndCountsForNeitherUntilSettled() throws {
        let kiosk = try kiosk()
        let desk = kiosk.desk
        _ = try desk.staffAccounts(kiosk.admin).add(name: "op1", role: .operator, password: "operator-password-1")
        let operatorOne = try desk.signIn(name: "op1", password: "operator-password-1")
        let photo = Data([0xFF, 0xD8, 0x42, 0xFF, 0xD9])
        let first = try desk.photos(operatorOne).record(of: wang, jpeg: photo, width: 640, height: 480, fromCamera: false, maxPending: 10)
        #expect(first.samePhotoAs.isEmpty)
        // The same resident's photo taken again is no alert.
        #expect(try desk.photos(operatorOne).record(of: wang, jpeg: photo, width: 640, height: 480, fromCamera: false, maxPending: 10)
            .samePhotoAs.isEmpty)
        let second = try desk.photos(operatorOne).record(of: li, jpeg: photo, width: 640, height: 480, fromCamera: false, maxPending: 10)
        #expect(second.samePhotoAs == [wang], "recorded, with the alert")

        let alerts = try desk.alerts(kiosk.admin).list()
        #expect(alerts.count == 1)
        let alert = try #require(alerts.first)
        #expect(alert.residentID == li && alert.matchedResidentID == wang && alert.samePhoto == second.record.photoSHA256)
        #expect(alert.finger == nil && alert.posthumous == nil)

        for taken in [first, second] {
            #expect(KioskError.caughtNow { _ = try desk.review(kiosk.admin).approve(taken.record.id) } == .photoSharedWithAnother(id: taken.record.id))
        }
        try desk.alerts(kiosk.admin).resolve(alert.id, as: .falseMatch, note: "王的照片误选给了李；李另行认证")
        #expect(try desk.review(kiosk.admin).approve(first.record.id).certification.method == .photo)
        #expect(try desk.verifyAudit().intact)
    }

    /// Issue 14: a number the family reads over the phone, accepted wherever the long id is, and a
    /// slip for the family when the visit is booked.
    @Test func bookingsAndPhotosHaveShortNumbersAcceptedEverywhere() throws {
        let kiosk = try kiosk()
        let desk = kiosk.desk
        let visits = desk.visits(kiosk.admin)
        let request = VisitRequest(booker: VisitBooker(name: "王小明", relation: "子", phone: "13800138000"), reason: .elderly, evidence: "身份证",
                                   address: nil, preferredDates: [], time: .any, notes: "", ageOverride: nil)
        let booked = try visits.book(wang, request)
        let number = try #require(booked.booking.shortNumber)
        #expect(ShortNumber(typed: number)?.text == number)
        #expect(booked.booking.number == number)
        // Typed in lower case, with a hyphen: the same booking.
        let typed = number.prefix(3).lowercased() + "-" + number.dropFirst(3).lowercased()
        #expect(try visits.record(typed).booking.id == booked.booking.id)
        #expect(try visits.record(booked.booking.id).booking.shortNumber == number, "the long id still finds it")
        let other = number == "ACDEFG" ? "ACDEFH" : "ACDEFG"
        #expect(KioskError.caughtNow { _ = try visits.record(other) } == .visitNotFound(other))

        // The slip: written and sent to the printer, with the number and masked data only.
        let slip = try desk.receipts.issueSlip(try visits.record(number))
        #expect(slip.file.hasSuffix("/2026-11-29/visit-\(number).txt"))
        #expect(kiosk.printer.sent.contains(slip.file))
        let text = try String(contentsOfFile: slip.file, encoding: .utf8)
        #expect(text.contains(number.map(String.init).joined(separator: " ")))
        #expect(text.contains("王**") && text.contains(wang.masked) && text.contains("138****8000"))
        #expect(!text.contains("王建国") && !text.contains(wang.fullNumber) && !text.contains("13800138000"))

        // Every step on a booking takes the short number.
        try visits.cancel(number.lowercased(), reason: "家属改用手机认证")
        #expect(try visits.record(number).status == .cancelled)
        #expect(KioskError.caughtNow { try visits.cancel(number, reason: "again") } == .visitNotOpen(id: number, status: .cancelled))

        // Photo certifications: the review takes the number too.
        _ = try desk.staffAccounts(kiosk.admin).add(name: "op1", role: .operator, password: "operator-password-1")
        let operatorOne = try desk.signIn(name: "op1", password: "operator-password-1")
        let photo = try desk.photos(operatorOne).record(of: li, jpeg: Data([0xFF, 0xD8, 0x43, 0xFF, 0xD9]), width: 640, height: 480,
                                                        fromCamera: true, maxPending: 10).record
        let photoNumber = try #require(photo.shortNumber)
        #expect(try desk.review(kiosk.admin).record(photoNumber.lowercased()).id == photo.id)
        #expect(try desk.review(kiosk.admin).waiting().map(\.number) == [photoNumber])
        #expect(try desk.review(kiosk.admin).approve(photoNumber).certification.method == .photo)
        #expect(try desk.verifyAudit().intact)
    }
}
