import Domain
@testable import Store
import Testing
@testable import TUI
import Desk

/// The kiosk's screens as a state machine: keys and the services' replies in, requests and the
/// drawn screen out. The replies here are what the live services answer (they are exercised for
/// real, against SQLite and libfprint, by the tmux tests); this checks each screen's transitions.
struct Desk {
    var app: KioskApp
    /// Every request the screens made, in order.
    var requests: [KioskApp.Request] = []

    static let servicePoint = ServicePoint(code: "HRB-NG-XF01", name: LocalizedText(chinese: "学府社区认证服务网点", english: "Xuefu"),
                                           district: "南岗区")
    static let now = LocalDateTime(date: CivilDate("2026-11-29")!, hour: 10, minute: 0)
    static let admin = StaffMember(id: "1", name: "admin", role: .admin)
    static let operatorZhang = StaffMember(id: "2", name: "zhang", role: .operator)

    init(signInPolicy: SignInPolicy = SignInPolicy(), testClock: Bool = false, largeText: Bool = false, blockFont: BlockFont? = nil) {
        let context = AppContext(language: .chinese, largeText: largeText, servicePoint: Self.servicePoint, policy: .harbin,
                                 fingerprintPolicy: FingerprintPolicy(), signInPolicy: signInPolicy, now: Self.now, testClock: testClock,
                                 blockFont: blockFont)
        app = KioskApp(context: context)
        requests += app.tick(now: Self.now, uptime: 0)
    }

    mutating func press(_ keys: Key...) {
        for key in keys { requests += app.press(key) }
    }

    mutating func type(_ text: String) {
        for character in text { press(.character(character)) }
    }

    /// The most recent request for an effect matching `matches`.
    func request(_ matches: (Effect) -> Bool) -> KioskApp.Request? {
        requests.last { matches($0.effect) }
    }

    /// Answers the most recent request matching `matches` as the services would.
    mutating func reply(_ reply: Reply, to matches: (Effect) -> Bool, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let request = request(matches) else {
            Issue.record("no such request among \(requests.map(\.effect))", sourceLocation: sourceLocation)
            return
        }
        requests += app.deliver(reply, to: request.id)
    }

    mutating func wait(until uptime: Double) {
        requests += app.tick(now: Self.now, uptime: uptime)
    }

    var screen: String {
        var canvas = Canvas(rows: 24, columns: 80)
        app.draw(&canvas)
        return canvas.text
    }

    mutating func signIn(as staff: StaffMember = admin) {
        type(staff.name)
        press(.tab)
        type("a password")
        press(.enter)
        reply(.signedIn(staff)) { if case .signIn = $0 { true } else { false } }
    }

    /// Opens menu item `number` and looks up `record`, answering with it.
    mutating func open(_ number: Character, _ record: ResidentRecord) {
        press(.character(number))
        type(record.id.fullNumber)
        press(.enter)
        reply(.resident(record)) { $0 == .lookUp(record.id) }
    }

    static func record(birth: String = "19501215", name: String = "李秀英", status rosterStatus: RosterStatus = .normal,
                       suspendedSince: String? = nil, lastCertified: String? = "2025-12-10", fingers: [Finger] = [.rightIndex]) -> ResidentRecord {
        let first17 = "230103" + birth + "123"
        let id = ResidentID(trusted: first17 + String(ResidentID.checkCharacter(for: Array(first17.utf8))))
        let resident = Resident(id: id, name: name, insuredRegion: "230103", rosterStatus: rosterStatus,
                                suspendedSince: suspendedSince.flatMap(YearMonth.init), phone: "13945675679",
                                address: "哈尔滨市南岗区学府路1号", community: "学府社区",
                                rosterCertifiedOn: lastCertified.flatMap(CivilDate.init), rosterCertificationMethod: .fingerprint)
        let status = StatusEngine(policy: .harbin).status(of: resident, kioskCertification: nil, death: nil, at: now)
        return ResidentRecord(file: ResidentFile(resident: resident, lastCertification: nil, death: nil), status: status, fingers: fingers)
    }
}

@Suite("Screens: what each key and each reply does")
struct ScreenFlowTests {
    let due = Desk.record()

    @Test func aRefusedSignInSaysWhyForgetsThePasswordAndStaysOnSignIn() {
        var desk = Desk()
        desk.type("zhang")
        desk.press(.tab)
        desk.type("secret-guess")
        #expect(!desk.screen.contains("secret-guess"), "a password is never drawn")
        desk.press(.enter)
        #expect(desk.request { $0 == .signIn(name: "zhang", password: "secret-guess") } != nil)
        desk.reply(.failed(.signInFailed)) { if case .signIn = $0 { true } else { false } }
        #expect(desk.screen.contains("工作人员姓名或密码错误"))
        #expect(desk.screen.contains("工作人员登录"))
        desk.press(.enter)
        #expect(desk.screen.contains("请填写账号和密码"), "the refused password was forgotten, so there is nothing to send")
        #expect(desk.requests.filter { if case .signIn = $0.effect { true } else { false } }.count == 1)
    }

    @Test func aTestClockDataDirectorySaysTestOnEveryScreen() {
        var desk = Desk(testClock: true)
        func statusLine() -> String { desk.screen.split(separator: "\n", omittingEmptySubsequences: false)[1].description }
        #expect(statusLine().hasSuffix("【TEST 测试】"), "\(desk.screen)")
        desk.signIn()
        #expect(statusLine().hasSuffix("【TEST 测试】"), "\(desk.screen)")
        desk.press(.function(3))
        #expect(statusLine().hasSuffix("[TEST]"), "\(desk.screen)")
        #expect(!Desk().screen.contains("TEST"), "a real service point's screens do not")
    }

    @Test func theHeaderSaysWhenTheKioskLastSyncedAndWhenThatIsTooLongAgo() {
        var desk = Desk(testClock: true)
        func statusLine() -> String { desk.screen.split(separator: "\n", omittingEmptySubsequences: false)[1].description }
        #expect(!statusLine().contains("城市库"), "a kiosk without a hub says nothing of one")
        let earlier = LocalDateTime(date: CivilDate("2026-11-28")!, hour: 9, minute: 5)
        desk.app.hubChanged(HubStatus(lastSync: earlier, staleFrom: LocalDateTime(date: CivilDate("2026-11-29")!, hour: 9, minute: 5),
                                      lastTryFailed: false))
        #expect(statusLine().contains("城市库：11-28 09:05后未同步  【TEST 测试】"), "stale: the day and time:\n\(desk.screen)")
        let synced = LocalDateTime(date: Desk.now.date, hour: 9, minute: 58)
        desk.app.hubChanged(HubStatus(lastSync: synced, staleFrom: LocalDateTime(date: CivilDate("2026-11-30")!, hour: 9, minute: 58),
                                      lastTryFailed: true))
        #expect(statusLine().contains("城市库已同步 09:58，连不上"), "today: the time alone, and the failed try:\n\(desk.screen)")
        desk.app.hubChanged(HubStatus(lastSync: nil, staleFrom: nil, lastTryFailed: false))
        desk.press(.function(3))
        #expect(statusLine().contains("Hub: never synced  [TEST]"), "\(desk.screen)")
    }

    @Test func theMenuOffersOnlyWhatTheRoleMayDo() {
        var operatorDesk = Desk()
        operatorDesk.signIn(as: Desk.operatorZhang)
        let home = operatorDesk.screen
        #expect(home.contains("首页") && home.contains("zhang（操作员）"))
        #expect(home.contains("指纹认证") && home.contains("登记死亡"))
        #expect(!home.contains("名单报表") && !home.contains("指纹预警"))
        #expect(operatorDesk.request { $0 == .loadDashboard } != nil)

        var adminDesk = Desk()
        adminDesk.signIn()
        #expect(adminDesk.screen.contains("名单报表") && adminDesk.screen.contains("指纹预警"))
    }

    /// FAQ 19-20: a certification dated after the reported death is on the resident's card.
    @Test func faq19_aCertificationAfterTheDeathIsOnTheCard() {
        var file = Desk.record().file
        file.death = DeathReport(id: "d", dateOfDeath: CivilDate("2026-08-15")!, reportedAt: Desk.now, reporterName: "王小明",
                                 reporterRelation: "子", certificateNumber: "D-1", staffName: "admin")
        file.posthumous = [PosthumousCertification(certifiedOn: CivilDate("2026-10-02")!, diedOn: CivilDate("2026-08-15")!)]
        let status = StatusEngine(policy: .harbin).status(of: file.resident, kioskCertification: nil, death: file.deathFact, at: Desk.now)
        let card = ResidentSummary(file: file, status: status, reveal: false, policy: .harbin, language: .chinese)
        #expect(card.rows.contains { $0.label == "预警" && $0.value == "去世（2026-08-15）后仍有认证记录（2026-10-02），已报主管核查" })
    }

    /// FAQ 19-20: a pensioner certified this cycle is told so, and a second certification needs a reason.
    @Test func faq19_aSecondCertificationNeedsAReasonOnScreen() {
        var desk = Desk()
        desk.signIn()
        let certified = Desk.record(lastCertified: "2026-03-02")
        desk.open("1", certified)
        #expect(desk.screen.contains("此人本周期已于2026-03-02认证"), "\(desk.screen)")
        desk.press(.enter)
        #expect(desk.request { if case .certify = $0 { true } else { false } } == nil, "Enter does not start a second certification")
        desk.press(.character("c"))
        #expect(desk.screen.contains("再次认证将记为"))
        desk.press(.enter)
        #expect(desk.request { if case .certify = $0 { true } else { false } } == nil, "not without a reason")
        for character in "家属要求" { desk.press(.character(character)) }
        desk.press(.enter)
        #expect(desk.request { $0 == .certify(certified.id, again: "家属要求") } != nil)
    }

    @Test func certificationGoesFromTheCardToTheScanAndItsCoaching() {
        var desk = Desk()
        desk.signIn()
        desk.open("1", due)
        #expect(desk.screen.contains("李秀英") && desk.screen.contains("230103********"))
        #expect(!desk.screen.contains(due.id.fullNumber), "the ID number is masked")
        #expect(desk.request { $0 == .certify(due.id, again: nil) } == nil, "no scan before staff start it")
        desk.press(.enter)
        #expect(desk.request { $0 == .certify(due.id, again: nil) } != nil)
        desk.reply(.progress(.askFinger(.rightIndex, attempt: 2, of: 3))) { $0 == .certify(due.id, again: nil) }
        desk.reply(.progress(.reader(.placeFinger(.press)))) { $0 == .certify(due.id, again: nil) }
        #expect(desk.screen.contains("第2次（共3次）"))
        #expect(desk.screen.contains("请将手指平放在读取器上") && desk.screen.contains("还剩30秒"))
        #expect(desk.request { $0 == .speak(.placeFinger(.rightIndex, .press)) } != nil, "the resident is told aloud which finger to press")
    }

    @Test func escDuringAScanCancelsItAndTheScreenWaitsForTheReader() {
        var desk = Desk()
        desk.signIn()
        desk.open("1", due)
        desk.press(.enter)
        desk.press(.escape)
        #expect(desk.requests.last?.effect == .cancelScan)
        #expect(desk.screen.contains("李秀英"), "still on the scan until the reader lets go")
        desk.reply(.failed(.reader(.cancelled))) { $0 == .certify(due.id, again: nil) }
        #expect(desk.screen.contains("按Enter开始"), "back to ready, nothing recorded")
    }

    @Test func theLastFailedAttemptLeadsToTheFallback() {
        var desk = Desk()
        desk.signIn()
        desk.open("1", due)
        desk.press(.enter)
        desk.reply(.failed(.notMatched(attempts: 3))) { $0 == .certify(due.id, again: nil) }
        let screen = desk.screen
        #expect(screen.contains("指纹认证未通过"))
        #expect(screen.contains("3次均未认出") && screen.contains("照相认证") && screen.contains("上门认证"))
        #expect(desk.requests.contains { $0.effect == .bell })
        #expect(desk.requests.contains { $0.effect == .speak(.notCertified) })
    }

    @Test func aResidentReferredToTheCityBureauIsNeverScanned() {
        let referred = Desk.record(birth: "19480310", name: "赵玉珍", status: .suspended, suspendedSince: "2024-01", lastCertified: "2023-03-10")
        var desk = Desk()
        desk.signIn()
        desk.open("1", referred)
        desk.press(.enter)
        #expect(desk.request { $0 == .certify(referred.id, again: nil) } == nil)
        #expect(desk.screen.contains("市社保局"))
    }

    @Test func theIdleLockCancelsTheScanSignsOutAndDropsLateReplies() {
        var desk = Desk(signInPolicy: SignInPolicy(idleLockSeconds: 60))
        desk.signIn()
        desk.open("1", due)
        desk.press(.enter)
        desk.wait(until: 59)
        #expect(desk.screen.contains("李秀英"), "not before its time")
        let before = desk.requests.count
        desk.wait(until: 61)
        let sent = desk.requests.dropFirst(before).map(\.effect)
        #expect(sent.contains(.cancelScan) && sent.contains(.signOut))
        let locked = desk.screen
        #expect(locked.contains("工作人员登录") && locked.contains("已自动退出"))
        #expect(!locked.contains("李秀英") && !locked.contains("230103") && !locked.contains("5679"))
        // The certification's answer arrives after the lock: nobody is left to show it to.
        desk.reply(.progress(.askFinger(.rightIndex, attempt: 1, of: 3))) { $0 == .certify(due.id, again: nil) }
        #expect(!desk.screen.contains("李秀英"))
        #expect(desk.app.context.staff == nil)
    }

    @Test func aDeathIsReportedOnlyAfterAnExplicitYes() {
        var desk = Desk()
        desk.signIn()
        desk.open("5", due)
        desk.type("2026-11-20")
        desk.press(.enter)
        desk.type("李明")
        desk.press(.enter)
        desk.type("子")
        desk.press(.enter)
        desk.type("HRB-2026-0042")
        desk.press(.enter)
        #expect(desk.screen.contains("按 Y 或 F9 确认"))
        desk.press(.enter)
        desk.press(.character("n"))
        #expect(desk.request { if case .reportDeath = $0 { true } else { false } } == nil, "Enter and N do nothing")
        desk.press(.enter)
        desk.press(.character("y"))
        let entry = DeathEntry(dateOfDeath: CivilDate("2026-11-20")!, reporterName: "李明", relation: "子", certificateNumber: "HRB-2026-0042")
        #expect(desk.request { $0 == .reportDeath(due.id, entry) } != nil)
    }

    @Test func aWrongDateOfDeathIsNamedAndNothingIsAsked() {
        var desk = Desk()
        desk.signIn()
        desk.open("5", due)
        desk.type("2026-13-40")
        desk.press(.enter, .enter, .enter, .enter)
        #expect(!desk.screen.contains("按 Y 或 F9 确认"))
        #expect(desk.screen.contains("2026-13-40"))
    }

    @Test func signOutFromAnyScreenLeavesNoPersonalData() {
        var desk = Desk()
        desk.signIn()
        desk.open("3", due)
        #expect(desk.screen.contains("李秀英"))
        desk.press(.function(10))
        #expect(desk.requests.last?.effect == .signOut)
        #expect(desk.screen.contains("工作人员登录") && !desk.screen.contains("李秀英"))
    }

    @Test func largeTextAndLanguageAreOneKeyAway() {
        var desk = Desk()
        desk.press(.function(3))
        #expect(desk.screen.contains("Staff sign-in"))
        desk.press(.function(2))
        #expect(desk.app.context.largeText)
    }

    @Test func aVisitBookingIsCheckedBeforeItIsSent() {
        var desk = Desk()
        desk.signIn()
        desk.open("8", due)
        #expect(desk.screen.contains("家属姓名") && desk.screen.contains("哈尔滨市南岗区学府路1号"), "the roster's address is filled in")
        desk.type("李明")
        desk.press(.enter)
        desk.type("子")
        desk.press(.enter)
        desk.type("12345")
        desk.press(.enter)
        desk.type("3")
        desk.press(.enter)
        desk.type("病历")
        for _ in 0..<4 { desk.press(.enter) }
        desk.press(.enter)
        #expect(desk.screen.contains("预约人电话不是有效的电话号码"), "the phone is refused")
        #expect(desk.request { if case .bookVisit = $0 { true } else { false } } == nil)
    }

    /// Refused as too young for "elderly", the screen asks for the reason to book all the same.
    @Test func faq6_aBookingUnderThePolicysAgeTakesAReason() {
        var desk = Desk()
        desk.signIn()
        desk.open("8", due)
        for (text, enters) in [("李明", 1), ("子", 1), ("13900001111", 1), ("1", 1), ("行动不便", 4)] {
            desk.type(text)
            for _ in 0..<enters { desk.press(.enter) }
        }
        desk.press(.enter)
        let request = { (effect: Effect) -> Bool in if case .bookVisit = effect { true } else { false } }
        #expect(desk.request(request) != nil, "\(desk.screen)")
        desk.reply(.failed(.visitRefused(.tooYoungForElderly(age: 75, minimum: 80))), to: request)
        #expect(desk.screen.contains("未满年龄仍预约的原因"), "\(desk.screen)")
        desk.type("久病卧床")
        desk.press(.enter)
        #expect(desk.request { if case .bookVisit(_, let booking) = $0 { booking.ageOverride == "久病卧床" } else { false } } != nil)
    }

    /// The due resident's booking V1 (ill), given to 李娜 on 2026-11-30, as the visit queue lists it.
    func queuedVisit(pinned: Bool) -> QueuedVisit {
        let booking = VisitBooking(id: "V1", residentID: due.id, booker: VisitBooker(name: "李明", relation: "子", phone: "13900001111"),
                                   reason: .ill, evidence: "病历", address: "学府路1号", community: "学府社区", preferredDates: [],
                                   preferredTime: .any, notes: "", bookedAt: Desk.now)
        let visit = OpenVisit(booking: booking, slot: VisitSlot(date: CivilDate("2026-11-30")!, staff: "李娜", pinned: pinned),
                              missedVisits: 0, status: due.status)
        let priority = VisitPriority(visit, today: Desk.now.date, policy: .harbin, certification: .harbin)
        return QueuedVisit(visit: visit, priority: priority, name: "李秀英")
    }

    @Test func aVisitOutcomeIsRecordedAfterYesAndACancellationNeedsAReason() {
        var desk = Desk()
        desk.signIn()
        desk.press(.character("9"))
        desk.reply(.visitQueue([queuedVisit(pinned: false)])) { $0 == .loadVisitQueue }
        #expect(desk.screen.contains("李秀英") && desk.screen.contains("11-30 李娜"))
        #expect(desk.screen.contains("排序依据：距截止32天 +280，患病 +150"))
        desk.press(.enter)
        #expect(desk.screen.contains("无人在家") && desk.screen.contains("139****1111"))
        desk.press(.character("3"))
        desk.press(.enter)
        #expect(desk.request { if case .recordVisit = $0 { true } else { false } } == nil, "Enter does not confirm")
        desk.press(.character("y"))
        #expect(desk.request { $0 == .recordVisit(id: "V1", .missed(.noOneHome)) } != nil)
        desk.reply(.visitRecorded(id: "V1", receipt: nil)) { if case .recordVisit = $0 { true } else { false } }
        #expect(desk.screen.contains("已登记：无人在家"))

        desk.press(.escape)
        desk.press(.enter)
        desk.press(.character("6"))
        desk.press(.enter)
        #expect(desk.screen.contains("请填写处理说明"), "a cancellation needs a reason")
        desk.type("已用手机认证")
        desk.press(.enter)
        desk.press(.character("y"))
        #expect(desk.request { $0 == .recordVisit(id: "V1", .cancelled(reason: "已用手机认证")) } != nil)
    }

    /// On a field laptop the fingerprint outcome scans first (KioskServices verifies against the
    /// packed prints): the screen shows the scan and its countdown, and Esc cancels it.
    @Test func aFingerprintOutcomeShowsItsScanAndEscCancelsIt() {
        var desk = Desk()
        desk.signIn()
        desk.press(.character("9"))
        desk.reply(.visitQueue([queuedVisit(pinned: true)])) { $0 == .loadVisitQueue }
        desk.press(.enter)
        desk.press(.character("1"))
        desk.press(.character("y"))
        let recording: (Effect) -> Bool = { $0 == .recordVisit(id: "V1", .certified(.fingerprint)) }
        #expect(desk.request(recording) != nil)
        desk.reply(.progress(.askFinger(.rightIndex, attempt: 1, of: 3)), to: recording)
        desk.reply(.progress(.reader(.placeFinger(.press))), to: recording)
        #expect(desk.screen.contains("第1次（共3次）") && desk.screen.contains("还剩30秒"), "\(desk.screen)")
        desk.press(.escape)
        #expect(desk.requests.last?.effect == .cancelScan)
        desk.reply(.failed(.reader(.cancelled)), to: recording)
        #expect(!desk.screen.contains("还剩"), "the scan is over")
        #expect(desk.screen.contains("1  已上门认证（便携指纹）"), "nothing recorded: the choices again\n\(desk.screen)")
    }

    @Test func aPhotoIsCheckedOnScreenThenKeptOrRetaken() {
        var desk = Desk()
        desk.signIn()
        desk.open("1", due)
        desk.press(.character("p"))
        #expect(desk.screen.contains("照相认证") && desk.screen.contains("按Enter拍照"))
        desk.press(.enter)
        #expect(desk.requests.last?.effect == .takePhoto(file: nil, previewColumns: PhotoPreview.columns))
        // A bright left half and a dark right half.
        let preview = GreyImage(width: 8, height: 4, pixels: (0..<32).map { $0 % 8 < 4 ? 255 : 0 })
        let shot = PhotoShot(jpeg: [0xFF, 0xD8], width: 640, height: 480, fromCamera: true, preview: preview)
        desk.reply(.photoShot(shot)) { if case .takePhoto = $0 { true } else { false } }
        #expect(desk.screen.contains("\n  ████\n  ████\n"), "the preview is drawn: bright left, dark right")
        #expect(desk.screen.contains("Enter保存，Z重拍"))
        desk.press(.character("z"))
        #expect(desk.requests.filter { if case .takePhoto = $0.effect { true } else { false } }.count == 2, "Z retakes")
        desk.reply(.photoShot(shot)) { if case .takePhoto = $0 { true } else { false } }
        desk.press(.enter)
        #expect(desk.request { $0 == .savePhoto(due.id, shot) } != nil)
        desk.reply(.failed(.photoPendingLimit(50))) { if case .savePhoto = $0 { true } else { false } }
        #expect(desk.screen.contains("待审核的照相认证已达上限（50张）"))
    }

    @Test func aPhotoFileThatIsNotAnImageIsRefusedOnScreen() {
        var desk = Desk()
        desk.signIn()
        desk.open("1", due)
        desk.press(.character("p"), .character("o"))
        desk.type("/tmp/x.jpg")
        desk.press(.enter)
        #expect(desk.request { $0 == .takePhoto(file: "/tmp/x.jpg", previewColumns: PhotoPreview.columns) } != nil)
        desk.reply(.failed(.photoRejected(.notAnImage, source: "/tmp/x.jpg"))) { if case .takePhoto = $0 { true } else { false } }
        #expect(desk.screen.contains("/tmp/x.jpg 不是JPEG或PNG图片"))
    }
}
