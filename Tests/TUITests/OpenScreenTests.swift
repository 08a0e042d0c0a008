import Desk
import Domain
import Testing
@testable import TUI

/// What an open screen shows after F3 and after a save: the language and the values of the moment.
@Suite("Screens: open screens follow the language and the saved values")
struct OpenScreenTests {
    let due = Desk.record()

    @Test func f3RedrawsAnOpenResidentCardInEnglish() {
        var desk = Desk()
        desk.signIn()
        desk.open("3", due)
        #expect(desk.screen.contains("姓名") && desk.screen.contains("状态"), "\(desk.screen)")
        desk.press(.function(3))
        let screen = desk.screen
        #expect(screen.contains("Name") && screen.contains("Status") && screen.contains("Next step"), "\(screen)")
        #expect(!screen.contains("姓名") && !screen.contains("状态") && !screen.contains("下一步"), "\(screen)")
        desk.press(.function(3))
        #expect(desk.screen.contains("姓名"), "and back again")
    }

    @Test func f3RedrawsAProblemAlreadyOnScreen() {
        var desk = Desk()
        desk.press(.tab)
        desk.press(.enter)
        #expect(desk.screen.contains(Message.screen(.nameAndPasswordNeeded).text(.chinese)), "\(desk.screen)")
        desk.press(.function(3))
        #expect(desk.screen.contains(Message.screen(.nameAndPasswordNeeded).text(.english)), "\(desk.screen)")
    }

    @Test func theContactFormConfirmsTheNewNumberInFullAndShowsTheSavedValues() {
        var desk = Desk()
        desk.signIn()
        desk.open("4", due)
        desk.type("13812345678")
        desk.press(.tab)
        desk.type("哈尔滨市南岗区学府路2号")
        desk.press(.enter)
        #expect(desk.screen.contains("13812345678"), "the number just typed, in full, to check before saving: \(desk.screen)")
        desk.press(.function(3))
        #expect(desk.screen.contains("Phone: 139****5679 → 13812345678"), "F3 redraws the confirmation: \(desk.screen)")
        desk.press(.function(3))
        desk.press(.character("y"))
        let request = desk.request { if case .changeContact = $0 { true } else { false } }
        #expect(request?.effect == .changeContact(due.id, phone: "13812345678", address: "哈尔滨市南岗区学府路2号"))
        desk.reply(.contactChanged([
            ContactChange(id: "c1", field: .phone, oldValue: "13945675679", newValue: "13812345678"),
            ContactChange(id: "c2", field: .address, oldValue: "哈尔滨市南岗区学府路1号", newValue: "哈尔滨市南岗区学府路2号"),
        ])) { if case .changeContact = $0 { true } else { false } }
        let now = Message.screen(.currentContact(phone: ResidentSummary.maskPhone("13812345678"), address: "哈尔滨市南岗区学府路2号"))
        #expect(desk.screen.contains(now.text(.chinese)), "the file on screen holds the new values: \(desk.screen)")
        #expect(!desk.screen.contains("13812345678"), "once saved, the number is masked again")
        desk.press(.function(3))
        #expect(desk.screen.contains(now.text(.english)), "\(desk.screen)")
    }
}

@Suite("Screens: the visit queue")
struct VisitQueueScreenTests {
    let due = Desk.record()

    func queued(_ id: String, on date: String) -> QueuedVisit {
        let booking = VisitBooking(id: id, residentID: due.id, booker: VisitBooker(name: "李明", relation: "子", phone: "13900001111"),
                                   reason: .ill, evidence: "病历", address: "学府路1号", community: "学府社区", preferredDates: [],
                                   preferredTime: .any, notes: "", bookedAt: Desk.now)
        let visit = OpenVisit(booking: booking, slot: VisitSlot(date: CivilDate(date)!, staff: "李娜", pinned: false),
                              missedVisits: 0, status: due.status)
        return QueuedVisit(visit: visit, priority: VisitPriority(visit, today: Desk.now.date, policy: .harbin, certification: .harbin),
                           name: "李秀英")
    }

    @Test func theQueueHasColumnHeadingsAndMarksAVisitAfterItsDeadline() {
        var desk = Desk()
        desk.signIn()
        desk.press(.character("9"))
        let inTime = queued("V1", on: "2026-12-30"), late = queued("V2", on: "2027-01-04")
        #expect(late.priority.deadline == CivilDate("2026-12-31")!, "the due resident's deadline is the cycle's last day")
        desk.reply(.visitQueue([inTime, late])) { $0 == .loadVisitQueue }
        let rows = desk.screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let heading = rows.firstIndex { $0.contains("分值") && $0.contains("姓名") && $0.contains("截止") && $0.contains("排定") }
        #expect(heading != nil, "\(desk.screen)")
        guard let heading else { return }
        #expect(rows[heading + 1].contains("12-30 李娜") && !rows[heading + 1].contains("晚于截止"), "\(desk.screen)")
        #expect(rows[heading + 2].contains("01-04 李娜 晚于截止"), "\(desk.screen)")
        desk.press(.function(3))
        #expect(desk.screen.contains("Score") && desk.screen.contains("01-04 李娜 LATE"), "\(desk.screen)")
    }
}

extension VisitQueueScreenTests {
    @Test func f3RedrawsARecordedVisitsOutcome() {
        var desk = Desk()
        desk.signIn()
        desk.press(.character("9"))
        desk.reply(.visitQueue([queued("V1", on: "2026-12-30")])) { $0 == .loadVisitQueue }
        desk.press(.enter)
        desk.press(.character("3"))
        desk.press(.character("y"))
        desk.reply(.visitRecorded(id: "V1", receipt: nil)) { if case .recordVisit = $0 { true } else { false } }
        #expect(desk.screen.contains(Message.screen(.visitRecorded).text(.chinese)), "\(desk.screen)")
        desk.press(.function(3))
        #expect(desk.screen.contains(Message.screen(.visitRecorded).text(.english)), "\(desk.screen)")
    }
}

@Suite("Screens: the reader coming and going")
struct ReaderStateTests {
    let due = Desk.record()
    static let reader = ReaderInfo(driver: "virtual_image", name: "Virtual reader", deviceID: "0", features: [.capture, .verify],
                                   enrollStages: 5, scanType: .press)

    @Test func anUnpluggedReaderLeavesTheHeaderAtOnce() {
        var desk = Desk()
        desk.app.readerChanged(.ready(Self.reader))
        #expect(desk.app.context.reader == .ready(Self.reader))
        desk.app.readerRemoved(deviceID: "7")
        #expect(desk.app.context.reader == .ready(Self.reader), "another reader's unplug leaves this one")
        desk.app.readerRemoved(deviceID: "0")
        #expect(desk.app.context.reader == .absent)
        #expect(desk.screen.contains(Message.screen(.readerAbsent).text(.chinese)), "\(desk.screen)")
    }

    @Test func aTimeoutIsShownAsATimeout() {
        var desk = Desk()
        desk.signIn()
        desk.open("1", due)
        desk.press(.enter)
        let certify: (Effect) -> Bool = { if case .certify = $0 { true } else { false } }
        desk.reply(.progress(.askFinger(.rightIndex, attempt: 1, of: 3)), to: certify)
        desk.reply(.progress(.timedOut(seconds: 30)), to: certify)
        desk.reply(.progress(.askFinger(.rightIndex, attempt: 2, of: 3)), to: certify)
        #expect(desk.screen.contains("30秒内没有按手指"), "\(desk.screen)")
        #expect(!desk.screen.contains("没有认出"), "\(desk.screen)")
        desk.press(.function(3))
        #expect(desk.screen.contains("No finger within 30 s"), "F3 during a scan redraws what the reader said: \(desk.screen)")
    }

    @Test func aRetryAfterAnUnplugKeepsTheAttemptCount() {
        var desk = Desk()
        desk.signIn()
        desk.open("1", due)
        desk.press(.enter)
        let certify: (Effect) -> Bool = { if case .certify = $0 { true } else { false } }
        desk.reply(.progress(.askFinger(.rightIndex, attempt: 2, of: 3)), to: certify)
        desk.reply(.failed(.reader(.removed)), to: certify)
        desk.press(.enter)
        #expect(desk.requests.last?.effect == .certify(due.id, again: nil, attemptsUsed: 1), "\(desk.requests.map(\.effect))")
        desk.reply(.failed(.reader(.noReader)), to: certify)
        desk.press(.enter)
        #expect(desk.requests.last?.effect == .certify(due.id, again: nil, attemptsUsed: 1), "a retry that never reached a scan keeps it too")
    }
}
