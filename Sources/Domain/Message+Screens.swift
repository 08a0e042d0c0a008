/// The kiosk's own screens (`kiosk run`): titles, prompts, key help, and what the resident is
/// told at the reader. Short: staff read them at a glance, residents from a chair.
extension Message {
    public indirect enum ScreenText: Hashable, Sendable {
        // Sign-in and frame
        case signInTitle, signInPrompt, staffName, password, signIn, signingIn, nameAndPasswordNeeded
        case lockedWhileIdle(minutes: Int)
        case demoAccount(name: String, password: String), demoSupervisor(name: String, password: String)
        case testClock
        case demoMode, demoPreparing, demoExamples, demoNextExample, demoOwnFinger, demoWrongFinger, demoUnplug
        case demoCertifyByFingerprint, demoNotEnrolled, demoSuspended, demoCityBureau, demoDeceased, demoProvincialApp
        case demoOtherProvince, demoAbroad, demoCertified, demoDuplicateFinger(String)
        case terminalTooSmall(columns: Int, rows: Int)
        case readerSearching, readerReady(String), readerAbsent
        case largeTextOn, largeText, normalText, otherLanguage, signOut, quit
        case confirmTitle, confirmQuit, yes, no, yesNo
        case back, choose, open, find, save, saving, searching, loading, nextField, page, otherList
        case help, helpFor(String), moveCursor, toStartOrEnd, deleteCharacter, clearField
        // Home
        case homeTitle, todayFigures(CivilDate), certifiedToday, dueThisMonth, overdueCount, openAlerts, pendingPhotoReviews
        case menuCertify, menuEnrol, menuLookUp, menuContact, menuDeath, menuReports, menuAlerts
        // Residents
        case enterIDNumber, enrolledFingers, noFingersEnrolled, finger(Finger)
        // Certification and enrolment
        case startScan, cancelScan, cancellingScan, tryAgain, nextResident, waitingForReader, reprintReceipt
        case pressEnterToScan(Int)
        case touchAndGo, touchAndGoPrompt, identifiedPressEnter, certifyNow, touchAndGoFallback(KioskError)
        case noCertificationHere, noPrintsEnrolHint
        case certifyAgain, repeatReason, repeatReasonHint, visitAgeOverride
        case attemptOf(attempt: Int, of: Int, finger: Finger)
        case enrolStage(done: Int, of: Int, finger: Finger)
        case secondsLeft(Int)
        case checkingGallery(Int)
        case certifiedBanner, notCertifiedBanner, receiptNumber(String)
        case fallbackAdvice(attempts: Int)
        case chooseFinger, chooseFingerPrompt(enrolled: Int, of: Int), confirmReenrol(Finger), enrolAnother
        case enrolledBanner(Finger), enrolledCount(Int, of: Int), duplicateCheckPassed(Int)
        /// Large text in block glyphs: a few characters each, to fit a line of glyphs 16 columns wide.
        case blockFinger(Finger), blockPlace(ReaderInfo.ScanType), blockLift, blockRetry, blockCertified, blockNotCertified, blockEnrolled
        /// Said once at start when the block glyphs' font file cannot be read.
        case blockFontMissing(path: String, exists: Bool)
        // Contact and death
        case newPhone, newAddress, currentContact(phone: String?, address: String?), confirmContactChange
        /// One change as the confirmation shows it, before it is saved.
        case contactChangeLine(field: Message.Label, old: String?, new: String)
        case dateOfDeath, reporterName, reporterRelation, certificateNumber, deathFormHint
        case confirmDeath(name: String, date: CivilDate), deathRecordedBanner
        // Reports and alerts
        case reportDue, reportOverdue, reportSuspended, reportReferred, reportToday, pageOf(page: Int, of: Int, lines: Int)
        case markFraud, markFalseMatch, note, noteNeeded, confirmResolve(Bool), noOpenAlerts, matchedOnChip
        // Home visits
        case menuBookVisit, menuVisits
        case visitBooker, visitRelation, visitPhone, visitReason, visitEvidence, visitAddress, visitPreferredDate, visitTime, visitNotes
        case visitFormHint, notAReasonChoice, notATimeChoice
        case visitQueueEmpty, visitWeek, visitSchedule, visitOutcome, confirmSchedule(from: CivilDate, days: Int)
        case visitWeekTitle(from: CivilDate), visitCell(Int), visitOutcomeKeys
        case outcomeFingerprint, outcomePhoto, outcomeNoOneHome, outcomeRefused, outcomeReschedule, outcomeCancel
        case confirmOutcome(name: String, Message.ScreenText), cancelReason, visitRecorded, visitWhy, visitSlot
        // Photo certification
        case menuPhoto, menuReviewPhotos, takePhoto, photoFromFile, keepPhoto, retakePhoto, photoHint, photoFile, photoCheckFraming
        case showPhoto, approvePhoto, rejectPhoto, rejectReason, lookAtPhotoFirst, confirmReview(name: String, approve: Bool), photoApproved(name: String, receipt: String)
        // The search for a resident (Message+Search.swift)
        case search(Message.SearchText)
    }

    /// What the kiosk says aloud to the resident (always in Mandarin: it is for them).
    public enum Spoken: Hashable, Sendable {
        /// The finger to use (when known) and what the reader wants done with it, from its scan type.
        case placeFinger(Finger?, ReaderInfo.ScanType)
        case liftFinger, certified, notMatched, notCertified

        public var mandarin: String {
            switch self {
            case .placeFinger(let finger, .press): "请按压\(finger.map { Message.finger($0, .chinese) } ?? "手指")"
            case .placeFinger(let finger, .swipe): "请将\(finger.map { Message.finger($0, .chinese) } ?? "手指")从上往下划过读取器"
            case .liftFinger: "请抬起手指"
            case .certified: "认证成功"
            case .notMatched: "没有认出，请再按一次"
            case .notCertified: "指纹认证没有通过，请听工作人员安排"
            }
        }
    }

    static func screen(_ text: ScreenText, _ l: Language) -> String {
        switch text {
        case .search(let text): search(text, l)
        case .signInTitle: l.pick("工作人员登录", "Staff sign-in")
        case .signInPrompt: l.pick("请输入您的工作人员账号和密码。", "Sign in with your staff name and password.")
        case .staffName: l.pick("账号", "Name")
        case .password: l.pick("密码", "Password")
        case .signIn: l.pick("登录", "sign in")
        case .signingIn: l.pick("正在登录……", "Signing in...")
        case .nameAndPasswordNeeded: l.pick("请填写账号和密码", "Enter your name and password")
        case .lockedWhileIdle(let minutes):
            l.pick("\(minutes)分钟无操作，已自动退出并清屏。请重新登录。", "No key for \(minutes) min: signed out and the screen cleared. Sign in again.")
        case .demoAccount(let name, let password):
            l.pick("演示模式：账号 \(name)，密码 \(password)（数据为虚构，退出后删除）",
                   "Demo: name \(name), password \(password) (invented data, deleted on exit)")
        case .demoSupervisor(let name, let password):
            l.pick("第二位主管：账号 \(name)，密码 \(password)（审核别人拍的照片，处理指纹预警）",
                   "Second supervisor: \(name), password \(password) (reviews photos others took, settles alerts)")
        case .testClock: l.pick("【TEST 测试】", "[TEST]")
        case .demoMode: l.pick("演示模式", "DEMO")
        case .demoPreparing: l.pick("正在准备演示服务点：虚构居民名册、虚拟指纹读取器……", "Preparing the demo service point: invented roster, virtual fingerprint reader...")
        case .demoExamples: l.pick("演示居民（按Tab依次填入）：", "Demo residents (Tab fills them in turn):")
        case .demoNextExample: l.pick("示例", "example")
        case .demoOwnFinger: l.pick("本人手指", "own finger")
        case .demoWrongFinger: l.pick("别的手指", "wrong finger")
        case .demoUnplug: l.pick("拔出读取器", "unplug")
        case .demoCertifyByFingerprint: l.pick("待认证，已录指纹：可指纹认证", "due, fingers enrolled: certify by fingerprint")
        case .demoNotEnrolled: l.pick("待认证，未录指纹：先录入指纹", "due, no fingers: enrol first")
        case .demoSuspended: l.pick("暂停发放，已录指纹：认证后恢复并补发", "suspended, enrolled: certifying resumes payment")
        case .demoCityBureau: l.pick("暂停超过两年：须到市社保局", "suspended over two years: city bureau")
        case .demoDeceased: l.pick("已登记死亡", "death reported")
        case .demoProvincialApp: l.pick("在省内其他城市参保：龙江人社APP", "insured elsewhere in the province: the app")
        case .demoOtherProvince: l.pick("在外省参保：回参保地认证", "insured in another province")
        case .demoAbroad: l.pick("居住国外：使领馆证明", "living abroad: consulate")
        case .demoCertified: l.pick("今年已认证", "certified this year")
        case .demoDuplicateFinger(let other):
            l.pick("用\(other)的手指录入被拒：指纹预警（7）", "enrolled with \(other)'s finger, refused: an alert (7)")
        case .terminalTooSmall(let columns, let rows):
            l.pick("终端窗口太小（\(columns)×\(rows)）：请调到至少80×24。", "The terminal is too small (\(columns)x\(rows)): make it at least 80x24.")
        case .readerSearching: l.pick("读取器：正在查找……", "Reader: looking...")
        case .readerReady(let name): l.pick("读取器：\(name)", "Reader: \(name)")
        case .readerAbsent: l.pick("读取器：未连接，请检查USB", "Reader: not connected, check the USB cable")
        case .largeTextOn: l.pick("大字模式", "Large text")
        case .largeText: l.pick("大字", "large text")
        case .normalText: l.pick("普通字", "normal text")
        case .otherLanguage: l.pick("English", "中文")
        case .signOut: l.pick("退出登录", "sign out")
        case .quit: l.pick("关闭", "quit")
        case .confirmTitle: l.pick("请确认", "Please confirm")
        case .confirmQuit: l.pick("关闭自助认证终端？", "Close the kiosk?")
        case .yes: l.pick("是", "yes")
        case .no: l.pick("否", "no")
        case .yesNo: l.pick("按 Y 或 F9 确认，按 N 或 Esc 取消", "Y or F9: yes   N or Esc: no")
        case .back: l.pick("返回", "back")
        case .choose: l.pick("选择", "choose")
        case .open: l.pick("打开", "open")
        case .find: l.pick("查找", "find")
        case .save: l.pick("保存", "save")
        case .saving: l.pick("正在保存……", "Saving...")
        case .searching: l.pick("正在查找……", "Looking up...")
        case .loading: l.pick("正在载入……", "Loading...")
        case .nextField: l.pick("下一项", "next field")
        case .page: l.pick("翻页", "page")
        case .otherList: l.pick("切换名单", "other list")
        case .help: l.pick("帮助", "help")
        case .helpFor(let screen): l.pick("帮助：\(screen)", "Help: \(screen)")
        case .moveCursor: l.pick("移动光标", "move the cursor")
        case .toStartOrEnd: l.pick("到开头、到末尾", "to the start, to the end")
        case .deleteCharacter: l.pick("删除前一字、后一字", "delete before, after the cursor")
        case .clearField: l.pick("清空本项", "clear the field")
        case .homeTitle: l.pick("首页", "Home")
        case .todayFigures(let date): l.pick("今日（\(date)）", "Today (\(date))")
        case .certifiedToday: l.pick("本网点今日认证", "Certified here today")
        case .dueThisMonth: l.pick("本月应认证", "Due this month")
        case .overdueCount: l.pick("逾期未认证", "Overdue")
        case .openAlerts: l.pick("待处理指纹预警", "Fraud alerts to resolve")
        case .pendingPhotoReviews: l.pick("照相认证待审核", "Photos to review")
        case .menuCertify: l.pick("指纹认证", "Certify by fingerprint")
        case .menuEnrol: l.pick("录入指纹", "Enrol fingers")
        case .menuLookUp: l.pick("查询居民", "Look up a resident")
        case .menuContact: l.pick("变更联系方式", "Change contact details")
        case .menuDeath: l.pick("登记死亡", "Report a death")
        case .menuReports: l.pick("名单报表", "Reports")
        case .menuAlerts: l.pick("指纹预警", "Fraud alerts")
        case .enterIDNumber: l.pick("请输入居民身份证号码（18位）：", "Type the resident's ID number (18 characters):")
        case .enrolledFingers: l.pick("已录指纹：", "Enrolled fingers: ")
        case .noFingersEnrolled: l.pick("无", "none")
        case .finger(let finger): Message.finger(finger, l)
        case .startScan: l.pick("开始", "start")
        case .cancelScan: l.pick("取消", "cancel")
        case .cancellingScan: l.pick("正在取消……", "Cancelling...")
        case .tryAgain: l.pick("重试", "try again")
        case .nextResident: l.pick("下一位", "next resident")
        case .reprintReceipt: l.pick("补打回执", "print the receipt again")
        case .waitingForReader: l.pick("正在准备读取器……", "Getting the reader ready...")
        case .pressEnterToScan(let fingers):
            l.pick("已录\(fingers)枚指纹。请居民准备好，按Enter开始", "\(fingers) finger(s) enrolled. When the resident is ready, press Enter")
        case .touchAndGo: l.pick("按指纹直接认证", "touch and go")
        case .touchAndGoPrompt: l.pick("请居民按任意一枚已录入的手指", "The resident presses any enrolled finger")
        case .identifiedPressEnter: l.pick("已按指纹识别出此人：按Enter认证", "Identified by fingerprint: Enter certifies")
        case .certifyNow: l.pick("认证", "certify")
        case .touchAndGoFallback(let error):
            l.pick("按指纹未能识别（\(Message.error(error).text(l))）：请输入身份证号码",
                   "Not identified by fingerprint (\(Message.error(error).text(l))): type the ID number")
        case .noCertificationHere: l.pick("本服务点不能为其认证：请按上面的提示告知居民。", "No certification here: tell the resident what the card says.")
        case .certifyAgain: l.pick("再次认证", "certify again")
        case .visitAgeOverride: l.pick("未满年龄仍预约的原因：", "Reason to book under the age: ")
        case .repeatReason: l.pick("原因：", "Reason: ")
        case .repeatReasonHint:
            l.pick("本周期已认证。再次认证将记为“再次认证”并附上原因：", "Certified this cycle already. A certification again is recorded as a repeat, with the reason:")
        case .noPrintsEnrolHint:
            l.pick("该居民尚未录入指纹：按E录入指纹后即可认证；也可改用照相认证。", "No fingers enrolled yet: press E to enrol, then certify; or use photo certification.")
        case .attemptOf(let attempt, let of, let finger):
            l.pick("第\(attempt)次（共\(of)次）：请按\(Message.finger(finger, l))", "Attempt \(attempt) of \(of): \(Message.finger(finger, l))")
        case .enrolStage(let done, let of, let finger):
            l.pick("录入\(Message.finger(finger, l))：第\(min(done + 1, of))步，共\(of)步", "Enrolling the \(Message.finger(finger, l)): step \(min(done + 1, of)) of \(of)")
        case .secondsLeft(let seconds): l.pick("还剩\(seconds)秒", "\(seconds) s left")
        case .checkingGallery(let count): l.pick("正在与\(count)枚已录指纹比对……", "Checking against \(count) enrolled prints...")
        case .certifiedBanner: l.pick("认证成功", "Certified")
        case .notCertifiedBanner: l.pick("指纹认证未通过", "Fingerprint not matched")
        case .receiptNumber(let number): l.pick("回执号：\(number)", "Receipt: \(number)")
        case .fallbackAdvice(let attempts):
            l.pick("\(attempts)次均未认出。请改为照相认证（由主管审核），行动不便的居民可预约上门认证。请勿让居民反复按压。",
                   "No match in \(attempts) attempts. Turn to photo certification (reviewed by a supervisor), or book a home visit for those who cannot come. Do not keep the resident pressing.")
        case .chooseFinger: l.pick("选择手指", "choose finger")
        case .chooseFingerPrompt(let enrolled, let of):
            l.pick("请选择要录入的手指（已录\(enrolled)枚，每人\(of)枚）：", "Choose the finger to enrol (\(enrolled) of \(of) enrolled):")
        case .confirmReenrol(let finger):
            l.pick("\(Message.finger(finger, l))已录入。重新录入将替换原指纹，继续？", "The \(Message.finger(finger, l)) is enrolled. Enrolling it again replaces it. Go on?")
        case .enrolAnother: l.pick("再录一枚", "enrol another")
        case .blockFinger(let finger): l.pick(Message.finger(finger, .chinese), Message.shortFinger(finger))
        case .blockPlace(.press): l.pick("请按压", "Press")
        case .blockPlace(.swipe): l.pick("请划过", "Swipe")
        case .blockLift: l.pick("请抬起", "Lift")
        case .blockRetry: l.pick("请重按", "Again")
        case .blockCertified: l.pick("认证成功", "Certified")
        case .blockNotCertified: l.pick("未通过", "No match")
        case .blockEnrolled: l.pick("录入成功", "Enrolled")
        case .blockFontMissing(let path, let exists):
            exists ? l.pick("大字模式：点阵字体\(path)读不出（无权读取，或不是Unifont的hex格式），大字改用加宽文字显示。",
                            "Large text: the block font \(path) cannot be read (no permission, or not in Unifont's hex format); large text is drawn spaced out instead.")
                : l.pick("大字模式：找不到点阵字体\(path)（请安装unifont软件包），大字改用加宽文字显示。",
                         "Large text: no block font at \(path) (install the unifont package); large text is drawn spaced out instead.")
        case .enrolledBanner(let finger): l.pick("已录入\(Message.finger(finger, l))", "\(Message.finger(finger, l).capitalizedFirst) enrolled")
        case .enrolledCount(let count, let of): l.pick("该居民已录\(count)枚指纹（每人\(of)枚）", "\(count) of \(of) fingers enrolled")
        case .duplicateCheckPassed(let count): l.pick("查重通过：与\(count)枚他人指纹均不相同", "Duplicate check passed: unlike all \(count) other prints")
        case .newPhone: l.pick("新电话", "New phone")
        case .newAddress: l.pick("新地址", "New address")
        case .currentContact(let phone, let address):
            l.pick("现电话：\(phone ?? "未登记")  现地址：\(address ?? "未登记")", "Now: phone \(phone ?? "none"), address \(address ?? "none")")
        case .contactChangeLine(let field, let old, let new): Message.label(field, l) + l.pick("：", ": ") + (old ?? "—") + " → " + new
        case .confirmContactChange: l.pick("保存以下变更？原值与经办人将一并记录。", "Save these changes? The old values and your name are recorded.")
        case .dateOfDeath: l.pick("死亡日期", "Date of death")
        case .reporterName: l.pick("报告人姓名", "Reported by")
        case .reporterRelation: l.pick("与死者关系", "Relation")
        case .certificateNumber: l.pick("死亡证明编号", "Certificate no.")
        case .deathFormHint: l.pick("日期格式：2026-11-20。请核对死亡证明原件。", "Date as 2026-11-20. Check the original death certificate.")
        case .confirmDeath(let name, let date):
            l.pick("登记\(name)于\(date)死亡？登记后立即停止认证，本机不能撤销。", "Record that \(name) died on \(date)? Certification stops at once; this kiosk cannot undo it.")
        case .deathRecordedBanner: l.pick("死亡已登记：请告知家属以下期限和材料", "Death recorded: tell the family the deadline and documents below")
        case .reportDue: l.pick("本月应认证", "Due this month")
        case .reportOverdue: l.pick("逾期", "Overdue")
        case .reportSuspended: l.pick("暂停发放", "Suspended")
        case .reportReferred: l.pick("须到市社保局", "City bureau")
        case .reportToday: l.pick("今日认证", "Today")
        case .pageOf(let page, let of, let lines): l.pick("第\(page)/\(of)页，共\(lines)人", "Page \(page) of \(of), \(lines) residents")
        case .markFraud: l.pick("认定冒领", "mark as fraud")
        case .markFalseMatch: l.pick("认定误报", "mark as false match")
        case .note: l.pick("处理说明", "Note")
        case .noteNeeded: l.pick("请填写处理说明", "Write a note")
        case .confirmResolve(let fraud):
            fraud ? l.pick("认定为一人冒用两个身份（冒领）？社保局将据此处理。", "Confirm one person under two identities (fraud)? The bureau acts on it.")
                : l.pick("认定为两个人的指纹（误报）？", "Confirm these are two different people (false match)?")
        case .noOpenAlerts: l.pick("没有待处理的预警", "No open alerts")
        case .menuBookVisit: l.pick("预约上门", "Book a home visit")
        case .menuVisits: l.pick("上门队列", "Home visits")
        case .visitBooker: l.pick("家属姓名", "Booked by")
        case .visitRelation: l.pick("与居民关系", "Relation")
        case .visitPhone: l.pick("联系电话", "Phone")
        case .visitReason: l.pick("原因", "Reason")
        case .visitEvidence: l.pick("所见证明", "Evidence seen")
        case .visitAddress: l.pick("上门地址", "Address")
        case .visitPreferredDate: l.pick("希望日期", "Preferred date")
        case .visitTime: l.pick("时段", "Time")
        case .visitNotes: l.pick("备注", "Notes")
        case .visitFormHint:
            l.pick("原因：1 高龄 2 残疾 3 患病；时段：1 上午 2 下午 3 全天；希望日期 YYYY-MM-DD 可不填。",
                   "Reason: 1 elderly 2 disabled 3 ill; time: 1 morning 2 afternoon 3 any; preferred date YYYY-MM-DD or empty.")
        case .notAReasonChoice: l.pick("原因请填 1、2 或 3", "Reason: type 1, 2 or 3")
        case .notATimeChoice: l.pick("时段请填 1、2 或 3（空为全天）", "Time: type 1, 2 or 3 (empty for any)")
        case .visitQueueEmpty: l.pick("没有待上门的预约", "No open home-visit bookings")
        case .visitWeek: l.pick("一周安排", "week")
        case .visitSchedule: l.pick("排班", "schedule")
        case .visitOutcome: l.pick("登记结果", "outcome")
        case .confirmSchedule(let from, let days):
            l.pick("从\(from)起排\(days)天的上门认证？已排定且合适的不会变动。", "Schedule \(days) days of visits from \(from)? Visits already on a suitable day stay.")
        case .visitWeekTitle(let from): l.pick("\(from)起一周的上门安排（户数 社区）", "Visits for the week from \(from) (homes, community)")
        case .visitCell(let count): l.pick("\(count)户", "\(count)")
        case .visitOutcomeKeys:
            l.pick("1 已认证（指纹） 2 已认证（照片） 3 无人在家 4 拒绝 5 改期 6 取消", "1 certified (fingerprint) 2 certified (photo) 3 no-one home 4 refused 5 another day 6 cancel")
        case .outcomeFingerprint: l.pick("已上门认证（便携指纹）", "certified at home (portable reader)")
        case .outcomePhoto: l.pick("已上门认证（照片）", "certified at home (photo)")
        case .outcomeNoOneHome: l.pick("无人在家", "no-one home")
        case .outcomeRefused: l.pick("居民拒绝", "the resident refused")
        case .outcomeReschedule: l.pick("家属要求改期", "the family asked for another day")
        case .outcomeCancel: l.pick("取消预约", "cancel the booking")
        case .confirmOutcome(let name, let outcome): l.pick("为\(name)登记：\(screen(outcome, l))？", "Record for \(name): \(screen(outcome, l))?")
        case .cancelReason: l.pick("取消原因", "Why cancel")
        case .visitRecorded: l.pick("已登记", "Recorded")
        case .visitWhy: l.pick("排序依据", "Why here")
        case .visitSlot: l.pick("安排", "Scheduled")
        case .menuPhoto: l.pick("照相认证", "Photo certification")
        case .menuReviewPhotos: l.pick("照片审核", "Review photos")
        case .takePhoto: l.pick("拍照", "take the photo")
        case .photoFromFile: l.pick("用照片文件", "from a file")
        case .keepPhoto: l.pick("保存", "keep it")
        case .retakePhoto: l.pick("重拍", "retake")
        case .photoHint:
            l.pick("请居民正对摄像头（可手持身份证），按Enter拍照。没有摄像头时按O，输入照片文件（JPEG或PNG）的路径。",
                   "Have the resident face the camera (holding their ID card if they wish) and press Enter. With no camera, press O and type the path of a JPEG or PNG file.")
        case .photoFile: l.pick("照片文件", "Photo file")
        case .photoCheckFraming: l.pick("请看画面：面部清楚吗？Enter保存，Z重拍。", "Check the picture: is the face clear? Enter keeps it, Z retakes.")
        case .showPhoto: l.pick("看照片", "show photo")
        case .approvePhoto: l.pick("通过", "approve")
        case .rejectPhoto: l.pick("退回", "reject")
        case .rejectReason: l.pick("退回原因", "Why reject")
        case .lookAtPhotoFirst: l.pick("请先按Enter查看照片，再决定是否通过", "Press Enter to look at the photo before approving it")
        case .confirmReview(let name, let approve):
            approve ? l.pick("通过\(name)的照相认证？认证时间为拍照时间。", "Approve \(name)'s photo certification? It counts from when the photo was taken.")
                : l.pick("退回\(name)的照相认证？居民仍须认证，请联系其本人。", "Reject \(name)'s photo certification? They must still certify; contact them.")
        case .photoApproved(let name, let receipt): l.pick("已通过：\(name)已认证，回执号 \(receipt)", "Approved: \(name) is certified, receipt \(receipt)")
        case .matchedOnChip: l.pick("读取器芯片中的指纹", "a print on the reader's chip")
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
