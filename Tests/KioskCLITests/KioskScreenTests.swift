import Domain
import Foundation
import Reader
import Testing

/// The kiosk's screen end to end: the built binary under tmux at a fixed size, driven with keys,
/// asserting on what a person would see; libfprint's virtual device as the reader.
@Suite("The kiosk on a terminal (tmux)")
struct KioskScreenTests {
    let due = CommandLineTests.due, referred = CommandLineTests.referred, toDie = CommandLineTests.toDie

    func sandbox(config: String? = nil) throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.initialize()
        let imported = try sandbox.run(["roster", "import", try sandbox.write("roster.csv", CommandLineTests.roster)] + sandbox.asAdmin)
        #expect(imported.status == 0, "\(imported.stderr)")
        return sandbox
    }

    /// The due resident's right index finger, enrolled on the virtual device from the command line.
    func enrolDue(_ sandbox: Sandbox) throws {
        let presses = Count()
        let enrolled = try sandbox.runWithVirtualDevice(["enroll", due, "--finger", "right-index"] + sandbox.asAdmin) { line, socket in
            if (line.hasPrefix("Swipe") || line.hasPrefix("Place")) && presses.next() <= 5 { Sandbox.tell(socket, ["SCAN due-finger"]) }
        }
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
    }

    func virtualDevice(_ sandbox: Sandbox) -> (socket: String, environment: [String: String]) {
        let socket = sandbox.directory.appendingPathComponent("reader.socket").path
        return (socket, ["FP_VIRTUAL_DEVICE": socket, "FP_DRIVERS_WHITELIST": "virtual_device"])
    }

    /// Opens the certify screen for `id` from the home screen.
    func openCertify(_ kiosk: TmuxKiosk, _ id: String) throws {
        try kiosk.press("1")
        kiosk.waitFor("请输入居民身份证号码")
        try kiosk.type(id)
        try kiosk.press("Enter")
    }

    @Test func signInIsRefusedWithTheReasonAndTheMenuFollowsTheRole() throws {
        let sandbox = try sandbox()
        let operatorPassword = try sandbox.write("operator-password", "operator-pass-1\n")
        #expect(try sandbox.run(["staff", "add", "zhang", "--role", "operator", "--new-password-file", operatorPassword] + sandbox.asAdmin).status == 0)
        let kiosk = try TmuxKiosk(sandbox)
        kiosk.waitFor("工作人员登录", "账号", "密码")
        try kiosk.type("zhang")
        try kiosk.press("Tab")
        try kiosk.type("wrong-password")
        try kiosk.press("Enter")
        let refused = kiosk.waitFor("工作人员姓名或密码错误")
        #expect(!refused.contains("首页"))
        #expect(!refused.contains("wrong-password"), "a password is never shown")
        try kiosk.type("operator-pass-1")
        try kiosk.press("Enter")
        let home = kiosk.waitFor("首页", "指纹认证", "本网点今日认证")
        #expect(home.contains("zhang（操作员）"))
        #expect(home.contains("登记死亡"))
        #expect(!home.contains("名单报表"), "reports are for supervisors")
        #expect(!home.contains("指纹预警"))
        try kiosk.press("F10")
        kiosk.waitFor("工作人员登录")
        try kiosk.press("F10")
        kiosk.waitFor("关闭自助认证终端")
        try kiosk.press("y")
        #expect(kiosk.exitStatus() == 0, "\(kiosk.screen)")
    }

    @Test func aResidentIsCertifiedByFingerprintWithAReceipt() throws {
        let sandbox = try sandbox()
        try enrolDue(sandbox)
        let spoken = sandbox.directory.appendingPathComponent("spoken.wav").path
        let config = try sandbox.configuration("service-point.yaml", [
            ("speech: false", "speech: true"),
            ("speech_command: [\"espeak-ng\", \"-v\", \"cmn\", \"-s\", \"140\"]", "speech_command: [\"espeak-ng\", \"-v\", \"cmn\", \"-w\", \"\(spoken)\"]"),
            ("printer: \"\"", "printer: \"receipt-58\""),
        ])
        let (socket, environment) = virtualDevice(sandbox)
        let kiosk = try TmuxKiosk(sandbox, ["--config", config], environment: environment)
        try kiosk.signIn()
        try openCertify(kiosk, due)
        let card = kiosk.waitFor("李秀英", "待认证", "按Enter开始")
        #expect(card.contains("【TEST 测试】"), "a test-clock data directory says so on every screen")
        #expect(card.contains("230103********1025") || card.contains("230103********"), "the ID number is masked")
        #expect(!card.contains(due))
        try kiosk.press("Enter")
        kiosk.waitFor("第1次（共3次）：请按右手食指", "读取器")
        _ = try VirtualReaders.device(socket: socket, command: "SCAN due-finger")
        let done = kiosk.waitFor("认证成功", "回执号：HRB-NG-XF01-20261129-0001")
        #expect(done.contains("养老保险待遇资格认证回执"))
        #expect(done.contains("未能打印"), "no lp here: the receipt is saved and the failure said")
        let receipt = sandbox.data + "/receipts/2026-11-29/HRB-NG-XF01-20261129-0001.txt"
        let text = try String(contentsOfFile: receipt, encoding: .utf8)
        #expect(text.contains("李秀英") && text.contains("230103********") && !text.contains(due))
        #expect(text.contains("【TEST 测试数据"), "a test-clock data directory's receipt says so")
        #expect((try FileManager.default.attributesOfItem(atPath: receipt)[.posixPermissions] as? Int) == 0o600)
        #expect(try sandbox.sqlite("SELECT method FROM certification") == "fingerprint")
        // Spoken through espeak-ng's Mandarin voice: the last prompt was "认证成功".
        let deadline = Date().addingTimeInterval(10)
        while (try? FileManager.default.attributesOfItem(atPath: spoken)[.size] as? Int) ?? 0 < 1000, Date() < deadline { usleep(100_000) }
        #expect(((try? FileManager.default.attributesOfItem(atPath: spoken)[.size] as? Int) ?? 0) > 1000)
        // Typing on the result is the next resident's ID number, not lost.
        try kiosk.type("23")
        kiosk.waitFor("请输入居民身份证号码", "身份证号   23")
    }

    @Test func threeFailedAttemptsLeadToTheFallback() throws {
        let sandbox = try sandbox()
        try enrolDue(sandbox)
        let (socket, environment) = virtualDevice(sandbox)
        let kiosk = try TmuxKiosk(sandbox, environment: environment)
        try kiosk.signIn()
        try openCertify(kiosk, due)
        kiosk.waitFor("按Enter开始")
        try kiosk.press("Enter")
        for attempt in 1...3 {
            kiosk.waitFor("第\(attempt)次（共3次）")
            _ = try VirtualReaders.device(socket: socket, command: "SCAN someone-else")
        }
        let fallback = kiosk.waitFor("指纹认证未通过", "照相认证", "上门认证")
        #expect(fallback.contains("3次均未认出"))
        #expect(try sandbox.sqlite("SELECT count(*) FROM certification") == "0")
    }

    /// Rows of the screen drawn in half blocks: large text in Unifont's glyphs.
    static func blockRows(_ screen: String) -> Int {
        screen.split(separator: "\n", omittingEmptySubsequences: false).filter { $0.contains("█") || $0.contains("▀") || $0.contains("▄") }.count
    }

    static let unifontUsable = FileManager.default.fileExists(atPath: ScreenSettings.defaultBlockFont)
        || ProcessInfo.processInfo.environment["CI"] == "true"

    @Test(.enabled(if: unifontUsable, "GNU Unifont is not installed (apt-get install unifont, or make deps)"))
    func f2DrawsTheFingerThePromptAndTheResultInBlockGlyphs() throws {
        let sandbox = try sandbox()
        try enrolDue(sandbox)
        let (socket, environment) = virtualDevice(sandbox)
        let kiosk = try TmuxKiosk(sandbox, environment: environment)
        try kiosk.signIn()
        try openCertify(kiosk, due)
        kiosk.waitFor("按Enter开始")
        try kiosk.press("Enter")
        kiosk.waitFor("第1次（共3次）：请按右手食指")
        try kiosk.press("F2")
        let large = kiosk.waitUntil("右手食指 and the prompt never drew in blocks, each several rows high") { screen in
            screen.contains("大字模式") && Self.blockRows(screen) >= 12
        }
        let lines = large.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(large.contains("第1次（共3次）") && large.contains("还剩"), "the attempt and the seconds left:\n\(large)")
        #expect(lines.first?.contains("指纹认证") == true && lines.contains { $0.contains("Esc") && $0.contains("F2") },
                "the header and the key line still show on 80×24:\n\(large)")
        _ = try VirtualReaders.device(socket: socket, command: "SCAN due-finger")
        let done = kiosk.waitFor("回执号：HRB-NG-XF01-20261129-0001")
        #expect(Self.blockRows(done) >= 6, "认证成功 in blocks:\n\(done)")
        try kiosk.press("F2")
        // The result's own keys leave no room for F2's label on the key line: the header says which size it is.
        var normal = kiosk.screen
        let deadline = Date().addingTimeInterval(20)
        while normal.contains("大字模式"), Date() < deadline {
            usleep(50_000)
            normal = kiosk.screen
        }
        #expect(normal.contains("认证成功") && !normal.contains("大字模式") && Self.blockRows(normal) == 0, "F2 again: ordinary text:\n\(normal)")
    }

    @Test func withoutItsFontLargeTextIsSpacedOutAndTheKioskSaysSoOnce() throws {
        let sandbox = try sandbox()
        try enrolDue(sandbox)
        let config = try sandbox.configuration("service-point.yaml", [
            ("block_font: /usr/share/unifont/unifont.hex", "block_font: /nonexistent/unifont.hex"),
        ])
        let (_, environment) = virtualDevice(sandbox)
        let kiosk = try TmuxKiosk(sandbox, ["--config", config], environment: environment)
        try kiosk.signIn()
        try openCertify(kiosk, due)
        kiosk.waitFor("按Enter开始")
        try kiosk.press("Enter")
        kiosk.waitFor("第1次（共3次）：请按右手食指")
        try kiosk.press("F2")
        let large = kiosk.waitFor("大字模式", "F2 普通字")
        #expect(Self.blockRows(large) == 5, "only the counter's block digits; the prompt spaced out:\n\(large)")
        try kiosk.press("Escape")
        try kiosk.press("F10")
        kiosk.waitFor("工作人员登录")
        try kiosk.press("F10")
        kiosk.waitFor("关闭自助认证终端")
        try kiosk.press("y")
        #expect(kiosk.exitStatus() == 0)
        // Said on standard error before the screen started, so it is there once the screen is gone.
        let after = kiosk.history.replacingOccurrences(of: "\n", with: "")
        #expect(after.components(separatedBy: "找不到点阵字体/nonexistent/unifont.hex（请安装unifont软件包）").count == 2, "said once:\n\(after)")
    }

    /// A new pseudo-terminal: its master side and the path of the other. Through `dlsym`, as
    /// Swift's Glibc module does not export glibc's pty functions.
    static func pseudoTerminal() -> (master: Int32, replica: String)? {
        typealias Open = @convention(c) (Int32) -> Int32
        typealias Name = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
        func symbol<T>(_ name: String, _: T.Type) -> T? {
            dlsym(UnsafeMutableRawPointer(bitPattern: 0), name).map { unsafeBitCast($0, to: T.self) }
        }
        guard let open = symbol("posix_openpt", Open.self), let grant = symbol("grantpt", Open.self),
              let unlock = symbol("unlockpt", Open.self), let name = symbol("ptsname", Name.self) else { return nil }
        let master = open(O_RDWR | O_NOCTTY)
        guard master >= 0, grant(master) == 0, unlock(master) == 0, let path = name(master) else { return nil }
        return (master, String(cString: path))
    }

    /// What a terminal's master side has been sent, until `done` says it is enough.
    static func drain(_ master: Int32, seconds: Double = 20, until done: (String) -> Bool) -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let count = read(master, &buffer, buffer.count)
            if count > 0 { bytes += buffer[0..<count] } else { usleep(50_000) }
            if done(String(decoding: bytes, as: UTF8.self)) { break }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(.enabled(if: unifontUsable, "GNU Unifont is not installed (apt-get install unifont, or make deps)"))
    func aSecondTerminalShowsTheResidentThePromptsAndTheResultOnly() throws {
        let sandbox = try sandbox()
        try enrolDue(sandbox)
        let (socket, environment) = virtualDevice(sandbox)
        // A pseudo-terminal stands in for the console facing the resident.
        let (master, replica) = try #require(Self.pseudoTerminal())
        defer { close(master) }
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        let kiosk = try TmuxKiosk(sandbox, ["--resident-tty", replica], environment: environment)
        try kiosk.signIn()
        try openCertify(kiosk, due)
        kiosk.waitFor("按Enter开始")
        let idle = Self.drain(master, seconds: 1) { _ in false }
        #expect(!idle.contains("█") && !idle.contains("李秀英"), "nothing for the resident before the scan")
        try kiosk.press("Enter")
        kiosk.waitFor("第1次（共3次）：请按右手食指")
        let scan = Self.drain(master) { $0.filter { $0 == "█" }.count > 40 }
        #expect(scan.filter { $0 == "█" }.count > 40, "the finger and the prompt in block glyphs:\n\(scan)")
        #expect(!scan.contains("李秀英") && !scan.contains("230103") && !scan.contains("Esc"), "no name, no ID number, no keys")
        _ = try VirtualReaders.device(socket: socket, command: "SCAN due-finger")
        kiosk.waitFor("回执号：HRB-NG-XF01-20261129-0001")
        let green = try Regex("\u{1B}\\[1;32m *[▀▄█]")
        let result = Self.drain(master) { $0.contains(green) }
        #expect(result.contains(green), "认证成功 in green blocks:\n\(result)")
        #expect(!result.contains("HRB-NG-XF01-20261129-0001"), "the receipt stays on the staff's screen")
    }

    @Test func aResidentOnlyTheCityBureauMayCertifyIsSentThereBeforeAnyScan() throws {
        let sandbox = try sandbox()
        let kiosk = try TmuxKiosk(sandbox, environment: virtualDevice(sandbox).environment)
        try kiosk.signIn()
        try openCertify(kiosk, referred)
        let card = kiosk.waitFor("须到市社保局办理", "本服务点不能为其认证")
        #expect(card.contains("市民大厦C区"))
        #expect(card.contains("本人身份证原件"))
        #expect(!card.contains("Enter 开始"), "no scan is offered")
        try kiosk.press("Enter")
        #expect(!kiosk.screen.contains("第1次"))
    }

    @Test func aDeathIsRecordedOnlyAfterConfirmation() throws {
        let sandbox = try sandbox()
        let kiosk = try TmuxKiosk(sandbox)
        try kiosk.signIn()
        try kiosk.press("5")
        kiosk.waitFor("请输入居民身份证号码")
        try kiosk.type(toDie)
        try kiosk.press("Enter")
        kiosk.waitFor("杨凤英", "死亡日期", "报告人姓名")
        try kiosk.type("2026-11-20")
        try kiosk.press("Enter")
        try kiosk.type("杨小明")
        try kiosk.press("Enter")
        try kiosk.type("子")
        try kiosk.press("Enter")
        try kiosk.type("HRB-2026-0042")
        try kiosk.press("Enter")
        kiosk.waitFor("登记杨凤英于2026-11-20死亡", "按 Y 或 F9 确认")
        try kiosk.press("n")
        usleep(500_000)
        #expect(try sandbox.sqlite("SELECT count(*) FROM death_report") == "0", "No does nothing")
        try kiosk.press("Enter")
        kiosk.waitFor("按 Y 或 F9 确认")
        try kiosk.press("y")
        let recorded = kiosk.waitFor("死亡已登记", "2026-11-27", "持死亡证明")
        #expect(recorded.contains("HRB-2026-0042"))
        #expect(try sandbox.sqlite("SELECT certificate_number FROM death_report") == "HRB-2026-0042")
        let shown = try JSONSerialization.jsonObject(with: Data(try sandbox.run(["resident", "show", toDie, "--json"]).stdout.utf8)) as? [String: Any]
        #expect(shown?["status"] as? String == "deceased")
    }

    @Test func theIdleLockSignsOutAndClearsTheScreen() throws {
        let sandbox = try sandbox()
        let config = try sandbox.configuration("policy.yaml", [("idle_lock_minutes: 5", "idle_lock_minutes: 1")])
        let kiosk = try TmuxKiosk(sandbox, ["--config", config])
        try kiosk.signIn()
        try kiosk.press("3")
        kiosk.waitFor("请输入居民身份证号码")
        try kiosk.type(due)
        try kiosk.press("Enter")
        kiosk.waitFor("李秀英", "139****5679")
        let locked = kiosk.waitFor("1分钟无操作，已自动退出并清屏", "工作人员登录", seconds: 90)
        #expect(!locked.contains("李秀英") && !locked.contains("230103") && !locked.contains("5679"))
        #expect(!kiosk.history.contains("李秀英"), "nothing personal left in the terminal's scroll-back")
        try kiosk.press("F10")
        #expect(!kiosk.screen.contains("李秀英"))
    }

    @Test func theLayoutFollowsTheTerminalSize() throws {
        let sandbox = try sandbox()
        let kiosk = try TmuxKiosk(sandbox)
        try kiosk.signIn()
        try kiosk.press("6")
        try kiosk.press("Right")
        let narrow = kiosk.waitFor("逾期", "张桂兰", "第1/1页")
        #expect(!narrow.contains("学府路3号"), "no room for addresses at 80 columns")
        try kiosk.resize(columns: 130, rows: 40)
        let wide = kiosk.waitFor("学府路3号")
        #expect(wide.split(separator: "\n").contains { $0.count > 100 })
        try kiosk.resize(columns: 60, rows: 20)
        let small = kiosk.waitFor("终端窗口太小")
        #expect(!small.contains("张桂兰"), "no personal data on a screen too small to lay out")
        try kiosk.resize(columns: 80, rows: 24)
        kiosk.waitFor("张桂兰", "第1/1页")
    }

    @Test func aHomeVisitIsBookedAtTheDeskAndRefusalsSayWhy() throws {
        let sandbox = try sandbox()
        let kiosk = try TmuxKiosk(sandbox)
        try kiosk.signIn()
        try kiosk.press("8")
        kiosk.waitFor("预约上门", "请输入居民身份证号码")
        try kiosk.type(due)
        try kiosk.press("Enter")
        kiosk.waitFor("李秀英", "家属姓名", "上门地址")
        for text in ["李明", "子", "13900001111"] {
            try kiosk.type(text)
            try kiosk.press("Enter")
        }
        // The roster says elderly, so reason 1 is filled in; the address is the roster's.
        try kiosk.press("Enter")
        try kiosk.type("残疾证二级")
        try kiosk.press("Enter", "Enter", "Enter", "Enter")
        try kiosk.type("卧床，敲门两次")
        try kiosk.press("Enter")
        kiosk.waitFor("以高龄为由预约须年满80岁，居民75岁", "未满年龄仍预约的原因")
        #expect(try sandbox.sqlite("SELECT count(*) FROM visit_booking") == "0")
        try kiosk.press("Up", "Up", "Up", "Up", "Up", "BSpace")
        try kiosk.type("2")
        try kiosk.press("Enter", "Enter", "Enter", "Enter", "Enter", "Enter")
        kiosk.waitFor("已为李秀英预约上门认证")
        #expect(try sandbox.sqlite("SELECT reason || ' ' || booker_phone || ' ' || address || ' ' || notes FROM visit_booking")
                == "disabled 13900001111 哈尔滨市南岗区学府路2号 卧床，敲门两次")
        // Issue 14: the short number to read over the phone, and the family's slip beside it as printed.
        let number = try sandbox.sqlite("SELECT short_number FROM visit_booking")
        let booked = kiosk.waitFor("预约号 \(number)", "上门认证预约单", "预约单已保存", number.map(String.init).joined(separator: " "))
        #expect(booked.contains("139****1111"), "the slip: we will call the family")
        #expect(!booked.contains(due) && !booked.contains("13900001111"), "masked on the slip")
        try kiosk.press("Escape", "Escape", "Escape")
        try kiosk.press("9")
        let queue = kiosk.waitFor("上门队列", "李秀英", "排序依据")
        #expect(queue.contains("残疾 +100"))
        #expect(!queue.contains(due), "the ID number is masked")
        try kiosk.press("Enter")
        kiosk.waitFor("预约号", number)
    }

    @Test func theDemoCertifiesWithTheKeyboardAsTheFinger() throws {
        let sandbox = try Sandbox()
        let kiosk = try TmuxKiosk(sandbox, command: [Sandbox.tools, "demo"])
        kiosk.waitFor("演示模式：账号 demo，密码 demo-pass-2026", seconds: 60)
        try kiosk.type("demo-pass-2026")
        try kiosk.press("Enter")
        kiosk.waitFor("首页")
        try kiosk.press("1")
        kiosk.waitFor("演示居民（按Tab依次填入）")
        try kiosk.press("Tab", "Enter")
        kiosk.waitFor("王建国", "按Enter开始")
        try kiosk.press("Enter")
        kiosk.waitFor("F5 本人手指", "第1次（共3次）")
        try kiosk.press("F6")
        kiosk.waitFor("第2次（共3次）", "还可再试2次")
        try kiosk.press("F5")
        kiosk.waitFor("认证成功", "回执号")
    }
}
