@testable import Desk
import Domain
import Testing
@testable import TUI

/// Issue 14's traps for staff: a letter that meant one thing here and another there, a key typed on
/// a result and lost, an ID-card reader's digits taken for menu keys, the reports, and a scan
/// cancelled and started again that forgot the attempts.
@Suite("Screens: no traps at the counter")
struct CounterTrapsTests {
    let due = Desk.record()

    var issued: ReceiptPrinter.Issued {
        let receipt = Receipt(receiptNumber: "R1", certificationID: "C1", maskedID: due.id.masked, name: "李秀英", method: .fingerprint,
                              servicePoint: Desk.servicePoint, certifiedAt: Desk.now, staffName: "admin")
        return ReceiptPrinter.Issued(receipt: receipt, lines: [], file: "/tmp/r1.txt", printed: .noPrinter)
    }

    /// Every screen, in every state whose keys differ, as a signed-in admin (who may do everything) sees it.
    func everyScreen(_ context: AppContext) -> [any Screen] {
        let certified = Desk.record(lastCertified: "2026-03-02")
        let fact = CertificationFact(date: CivilDate("2026-03-02")!, method: .fingerprint, servicePoint: nil, source: .kiosk)
        let shot = PhotoShot(jpeg: [0xFF, 0xD8], width: 4, height: 4, fromCamera: true, preview: GreyImage(width: 1, height: 1, pixels: [0]))
        let phases: [CertifyScreen.Phase] = [.ready, .refused, .alreadyCertified(fact), .repeatReason(fact, TextField(limit: 10)), .noPrints,
                                             .scanning, .cancelling, .recording, .certified(issued), .fallback, .failed(.reader(.removed))]
        var screens: [any Screen] = [SignInScreen(context), HomeScreen(), LookUpScreen(due, context), ContactScreen(due, context),
                                     DeathScreen(due, context), VisitBookingScreen(due, context), ReportsScreen(), AlertsScreen(),
                                     VisitQueueScreen(), VisitWeekScreen(from: Desk.now.date), TouchAndGoScreen(), SearchScreen(purpose: .certify),
                                     ConfirmScreen(question: .confirmQuit, yes: [.quit]), HelpScreen(for: HomeScreen(), editing: false)]
        screens += [FindResidentScreen.Purpose.certify, .enrol, .lookUp, .contact, .death, .bookVisit].map { FindResidentScreen(purpose: $0) }
        screens += phases.map { phase in
            var screen = CertifyScreen({ if case .alreadyCertified = phase { certified } else { due } }(), context)
            screen.phase = phase
            return screen
        }
        screens += [PhotoCertifyScreen.Phase.ready, .typingFile, .taking, .checking(shot), .saving(shot), .saved("")].map { phase in
            var screen = PhotoCertifyScreen(due, context)
            screen.phase = phase
            return screen
        }
        screens += [false, true].map { rejecting in
            var screen = PhotoReviewScreen()
            screen.rejecting = rejecting
            return screen
        }
        screens += [EnrolScreen.Phase.choosing, .scanning, .cancelling, .enrolled(.rightIndex), .failed(.reader(.removed))].map { phase in
            var screen = EnrolScreen(due, context)
            screen.phase = phase
            return screen
        }
        return screens
    }

    @Test func everyLetterMeansOneActionOnEveryScreen() {
        #expect(Set(LetterKey.all.map(\.letter)).count == LetterKey.all.count, "two actions share a letter")
        #expect(Set(LetterKey.all.map(\.label)).count == LetterKey.all.count, "two letters for one action")
        var desk = Desk()
        desk.signIn()
        var context = desk.app.context
        context.demo = DemoGuide(staffName: "demo", password: "p", supervisorName: "s", supervisorPassword: "q", examples: [])
        var meanings: [String: Set<Message.ScreenText>] = [:]
        var letters = 0
        for screen in everyScreen(context) {
            for hint in screen.keys(context) {
                for key in hint.key.split(separator: " ") where key.count == 1 && key.first!.isLetter {
                    letters += 1
                    meanings[String(key), default: []].insert(hint.label)
                    let command = LetterKey.all.first { String($0.letter) == key }
                    #expect(command?.label == hint.label, "\(key) on \(type(of: screen)) is not the key table's \(String(describing: command))")
                }
            }
        }
        #expect(letters > 15, "the walk reached the screens with letter keys")
        for (letter, labels) in meanings { #expect(labels.count == 1, "\(letter) means \(labels)") }
        // Texts that name a key name the key table's.
        #expect(Message.screen(.photoHint).text(.chinese).contains("按\(LetterKey.photoFromFile.letter)"))
        #expect(Message.screen(.photoCheckFraming).text(.english).contains("\(LetterKey.retakePhoto.letter) retakes"))
        #expect(Message.screen(.noPrintsEnrolHint).text(.english).contains("press \(LetterKey.enrol.letter) to enrol"))
        let fact = CertificationFact(date: CivilDate("2026-03-02")!, method: .fingerprint, servicePoint: nil, source: .kiosk)
        let already = Message.error(.alreadyCertified(fact)).text(.english)
        #expect(already.contains("\(LetterKey.certifyAgain.letter) on the screen"))
    }

    @Test func theLettersDoTheirActionInEitherCase() {
        var desk = Desk()
        desk.signIn()
        desk.open("1", Desk.record(lastCertified: "2026-03-02"))
        desk.press(.character("r"))
        #expect(!desk.screen.contains("再次认证将记为"), "R is the photo review's reject, not certify again")
        desk.press(.character("c"))
        #expect(desk.screen.contains("再次认证将记为"), "\(desk.screen)")
    }

    @Test func escDuringTheScanThenEnterKeepsTheAttemptCount() {
        var desk = Desk()
        desk.signIn()
        desk.open("1", due)
        desk.press(.enter)
        let certify: (Effect) -> Bool = { if case .certify = $0 { true } else { false } }
        desk.reply(.progress(.askFinger(.rightIndex, attempt: 3, of: 3)), to: certify)
        desk.press(.escape)
        desk.reply(.failed(.reader(.cancelled)), to: certify)
        #expect(desk.screen.contains("按Enter开始"))
        desk.press(.enter)
        #expect(desk.requests.last?.effect == .certify(due.id, again: nil, attemptsUsed: 2), "\(desk.requests.map(\.effect))")
    }

    /// A finished task, then a digit: the ID number entry it was found with, the digit in it.
    func expectNextResident(_ desk: inout Desk, _ purpose: FindResidentScreen.Purpose, sourceLocation: SourceLocation = #_sourceLocation) {
        desk.press(.character("２"))
        let find = desk.app.top as? FindResidentScreen
        #expect(find?.purpose == purpose && find?.field.value == "2", "\(desk.screen)", sourceLocation: sourceLocation)
        #expect(desk.app.depth == 2, "home and the ID number entry", sourceLocation: sourceLocation)
    }

    @Test func typingOnAnyResultStartsTheNextResident() {
        var desk = Desk()
        desk.signIn()
        desk.open("2", due)
        desk.press(.enter)
        let template = FingerprintTemplate(data: [1], driver: "virtual_device", deviceID: "0", finger: .rightIndex, storedOnDevice: false)
        let print = StoredPrint(id: "p", residentID: due.id, finger: .rightIndex, template: template, enrolledAt: Desk.now)
        desk.reply(.enrolled(print, fingers: [.rightIndex])) { if case .enroll = $0 { true } else { false } }
        expectNextResident(&desk, .enrol)

        desk = Desk()
        desk.signIn()
        desk.open("4", due)
        desk.type("13812345678")
        desk.press(.tab, .enter, .character("y"))
        desk.reply(.contactChanged([ContactChange(id: "c1", field: .phone, oldValue: nil, newValue: "13812345678")])) {
            if case .changeContact = $0 { true } else { false }
        }
        expectNextResident(&desk, .contact)

        desk = Desk()
        desk.signIn()
        var deceased = due
        deceased.file.death = DeathReport(id: "d", dateOfDeath: CivilDate("2026-11-20")!, reportedAt: Desk.now, reporterName: "李明",
                                          reporterRelation: "子", certificateNumber: "D-1", staffName: "admin")
        desk.open("5", deceased)
        expectNextResident(&desk, .death)

        desk = Desk()
        desk.signIn()
        desk.open("8", due)
        var booking = VisitBookingScreen(due, desk.app.context)
        booking.booked = .visit(.booked(id: "V1", name: "李秀英"))
        #expect(booking.handle(.character("3"), desk.app.context).map { actions in
            if case .nextResident(.character("3")) = actions.first { true } else { false }
        } == true)

        desk = Desk()
        desk.signIn()
        desk.open("1", due)
        desk.press(.character("p"), .enter)
        let shot = PhotoShot(jpeg: [0xFF, 0xD8], width: 4, height: 4, fromCamera: true, preview: GreyImage(width: 1, height: 1, pixels: [0]))
        desk.reply(.photoShot(shot)) { if case .takePhoto = $0 { true } else { false } }
        desk.press(.enter)
        let photo = PhotoCertification(id: "P1", residentID: due.id, residentName: "李秀英", capturedAt: Desk.now, staffName: "admin",
                                       photoSHA256: "", width: 4, height: 4, source: "camera", status: .pendingReview)
        desk.reply(.photoSaved(photo, pending: 1)) { if case .savePhoto = $0 { true } else { false } }
        desk.press(.character("/"))
        #expect(desk.app.top is SearchScreen, "/ on a result searches for the next resident")
        desk.press(.escape)
        #expect((desk.app.top as? FindResidentScreen)?.purpose == .certify && desk.app.depth == 2)
    }

    @Test func aTouchAndGoResultTakesTheNextResidentsIDNumberOrFinger() {
        var desk = Desk()
        desk.signIn()
        desk.press(.character("T"))
        let found = CertifyDesk.Identification(record: due, finger: .rightIndex, reader: "virtual_image#0", at: 0, staffID: Desk.admin.id)
        desk.reply(.identified(found)) { $0 == .identify }
        desk.press(.enter)
        desk.reply(.certified(issued, due)) { if case .certifyIdentified = $0 { true } else { false } }
        #expect(desk.app.top.keys(desk.app.context).contains(KeyHint(.touchAndGo)), "the result offers the next finger")
        desk.press(.character("t"))
        #expect(desk.app.top is TouchAndGoScreen && desk.app.depth == 2)
        desk.reply(.identified(found)) { $0 == .identify }
        desk.press(.enter)
        desk.reply(.certified(issued, due)) { if case .certifyIdentified = $0 { true } else { false } }
        expectNextResident(&desk, .certify)
    }

    // MARK: An ID-card reader on the home screen

    /// `keys` pressed `gap` seconds apart from `start`, as the event loop hands them over.
    func press(_ desk: inout Desk, _ keys: [Key], from start: Double, gap: Double) {
        for (index, key) in keys.enumerated() { desk.requests += desk.app.press(key, at: start + Double(index) * gap) }
    }

    @Test func aCardReadOnTheHomeScreenGoesToTheResidentsCard() {
        var desk = Desk()
        desk.signIn()
        press(&desk, due.id.fullNumber.map { Key.character($0) } + [.enter], from: 10, gap: 0.004)
        #expect(desk.request { $0 == .lookUp(due.id) } != nil, "the burst and its Enter looked the resident up")
        #expect((desk.app.top as? FindResidentScreen)?.purpose == .certify)
        desk.reply(.resident(due)) { $0 == .lookUp(due.id) }
        #expect(desk.app.top is CertifyScreen)
    }

    @Test func aDigitPressedByAPersonStillOpensItsMenuItem() {
        var desk = Desk()
        desk.signIn()
        press(&desk, [.character("3")], from: 10, gap: 0)
        #expect(desk.app.top is HomeScreen, "held for a moment")
        #expect(desk.app.nextDeadline.map { $0 <= 10 + CardReaderBurst.gap } == true, "the kiosk wakes when the moment is over")
        desk.requests += desk.app.tick(now: Desk.now, uptime: 10 + CardReaderBurst.gap)
        #expect((desk.app.top as? FindResidentScreen)?.purpose == .lookUp)
        // Then the ID number typed by hand, a key every 150 ms, goes into the field as before.
        press(&desk, Array("2301").map { Key.character($0) }, from: 11, gap: 0.15)
        #expect((desk.app.top as? FindResidentScreen)?.field.value == "2301")

        // Two menu keys a person's time apart: the first opens its item, the second is typed there.
        desk = Desk()
        desk.signIn()
        press(&desk, [.character("1"), .character("2")], from: 10, gap: 0.12)
        #expect((desk.app.top as? FindResidentScreen)?.purpose == .certify && (desk.app.top as? FindResidentScreen)?.field.value == "2")
    }

    @Test func aCardReadWithoutEnterWaitsInTheIDNumberEntry() {
        var desk = Desk()
        desk.signIn()
        press(&desk, due.id.fullNumber.map { Key.character($0) }, from: 10, gap: 0.004)
        desk.requests += desk.app.tick(now: Desk.now, uptime: 11)
        #expect((desk.app.top as? FindResidentScreen)?.field.value == due.id.fullNumber)
        #expect(desk.request { $0 == .lookUp(due.id) } == nil, "sent by Enter, after a look")
    }

    // MARK: Reports

    func line(_ record: ResidentRecord) -> ResidentReportLine {
        ResidentReportLine(resident: record.file.resident, status: record.status)
    }

    @Test func theCallingListsShowPhonesInFullAndEnterOpensTheResident() {
        var desk = Desk()
        desk.signIn()
        desk.press(.character("6"))
        let load: (Effect) -> Bool = { if case .loadReport = $0 { true } else { false } }
        desk.reply(.report(.dueThisMonth, [line(due)]), to: load)
        #expect(desk.screen.contains("13945675679"), "due this month is for reminder calls: \(desk.screen)")
        desk.press(.right)
        desk.reply(.report(.overdue, [line(due)]), to: load)
        #expect(desk.screen.contains("13945675679"), "overdue too: \(desk.screen)")
        desk.press(.right)
        desk.reply(.report(.suspended, [line(due)]), to: load)
        #expect(desk.screen.contains("139****5679") && !desk.screen.contains("13945675679"), "not for calling: masked")
        desk.press(.enter)
        #expect(desk.request { $0 == .lookUp(due.id) } != nil)
        desk.reply(.resident(due)) { $0 == .lookUp(due.id) }
        #expect(desk.app.top is LookUpScreen)
        desk.press(.escape)
        #expect(desk.screen.contains("139****5679"), "back on the same list, not loaded again")
        #expect(desk.requests.filter { load($0.effect) }.count == 3)
    }

    @Test func todaysCertificationsAreTheFifthList() {
        var desk = Desk()
        desk.signIn()
        desk.press(.character("6"), .character("5"))
        #expect(desk.request { $0 == .loadReport(.today) } != nil)
        let certification = KioskCertification(id: "C1", residentID: due.id.fullNumber, certifiedAt: Desk.now, method: .fingerprint,
                                               servicePoint: Desk.servicePoint.code, staffName: "zhang", receipt: "R1")
        desk.reply(.todayReport([(certification, due.file.resident)])) { $0 == .loadReport(.today) }
        #expect(desk.screen.contains("10:00:00") && desk.screen.contains("李秀英") && desk.screen.contains("zhang"), "\(desk.screen)")
        desk.press(.enter)
        #expect(desk.request { $0 == .lookUp(due.id) } != nil)
    }
}
