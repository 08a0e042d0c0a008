import Foundation
import Testing

/// Issue 14's keys on the built binary under tmux: one key per action for every role, the help
/// and the key line from one table, and an ID field that edits like any line editor.
@Suite("The kiosk's keys on a terminal (tmux)")
struct KioskKeysTests {
    let due = CommandLineTests.due, referred = CommandLineTests.referred

    /// `due` with every digit full-width, as a Chinese input method in full-width mode types it.
    var fullWidthDue: String {
        String(due.unicodeScalars.map { $0.properties.numericType != nil ? Character(Unicode.Scalar($0.value + 0xFEE0)!) : Character($0) })
    }

    func addStaff(_ sandbox: Sandbox, _ name: String, role: String) throws {
        let password = try sandbox.write("\(name)-password", "\(name)-pass-2026\n")
        #expect(try sandbox.run(["staff", "add", name, "--role", role, "--new-password-file", password] + sandbox.asAdmin).status == 0)
    }

    /// The last line of the screen: the key line.
    func keyLine(_ screen: String) -> String { String(screen.split(separator: "\n").last ?? "") }

    @Test func anOperatorAndASupervisorFindEachActionUnderTheSameKey() throws {
        let sandbox = try KioskScreenTests().sandbox()
        try addStaff(sandbox, "zhang", role: "operator")
        try addStaff(sandbox, "wang", role: "supervisor")
        let kiosk = try TmuxKiosk(sandbox)
        try kiosk.signIn("zhang", password: "zhang-pass-2026")
        let operatorHome = kiosk.waitFor("zhang（操作员）", " 8  预约上门")
        #expect(operatorHome.contains(" 5  登记死亡") && operatorHome.contains(" 9  上门队列"))
        #expect(!operatorHome.contains("名单报表"))
        #expect(keyLine(operatorHome).contains("1-5 8 9 选择"), "\(keyLine(operatorHome))")
        try kiosk.press("8")
        kiosk.waitFor("预约上门", "请输入居民身份证号码")
        try kiosk.press("F10")
        try kiosk.signIn("wang", password: "wang-pass-2026")
        let supervisorHome = kiosk.waitFor("wang（主管）", " 8  预约上门")
        #expect(supervisorHome.contains(" 5  登记死亡") && supervisorHome.contains(" 9  上门队列") && supervisorHome.contains(" 6  名单报表"))
        try kiosk.press("8")
        kiosk.waitFor("预约上门", "请输入居民身份证号码")
    }

    @Test func f1ShowsTheScreensKeysAndTheKeyLineKeepsF3AndF10At80Columns() throws {
        let sandbox = try KioskScreenTests().sandbox()
        let kiosk = try TmuxKiosk(sandbox)
        kiosk.waitFor("工作人员登录")
        try kiosk.press("F3")
        kiosk.waitFor("Sign in with your staff name")
        try kiosk.type("admin")
        try kiosk.press("Tab")
        try kiosk.type(Sandbox.password)
        try kiosk.press("Enter")
        kiosk.waitFor("Home")
        try kiosk.press("1")
        kiosk.waitFor("ID number")
        try kiosk.type(due)
        try kiosk.press("Enter")
        // No fingers enrolled: E, P and Esc, whose English labels are too long for one line of 80.
        let card = kiosk.waitFor("李秀英", "Esc ")
        let line = keyLine(card)
        #expect(line.hasSuffix("F1 ? F2 F3 F10"), "the frame's keys without their labels: \(line)")
        for key in ["E Enrol", "P Photo", "Esc back"] { #expect(line.contains(key), "\(key) in \(line)") }
        try kiosk.press("F1")
        let help = kiosk.waitFor("Help: Certify by fingerprint")
        #expect(help.contains("Photo certification") && help.contains("sign out") && help.contains("F3"))
        #expect(!help.contains("李秀英"), "the help replaces the screen")
        try kiosk.press("Escape")
        kiosk.waitFor("李秀英")
    }

    @Test func anIDNumberIsEditedAndARefusedOneIsReplacedByTyping() throws {
        let sandbox = try KioskScreenTests().sandbox()
        let kiosk = try TmuxKiosk(sandbox)
        try kiosk.signIn()
        try kiosk.press("1")
        kiosk.waitFor("请输入居民身份证号码")
        try kiosk.type("23013195")
        try kiosk.press("Left", "Left")
        try kiosk.type("0")
        kiosk.waitFor("身份证号   230131095")
        try kiosk.press("Home", "DC")
        kiosk.waitFor("身份证号   30131095")
        try kiosk.press("C-u")
        try kiosk.type("7")
        kiosk.waitFor("身份证号   7")
        #expect(!kiosk.screen.contains("30131095"), "Ctrl-U cleared the field")
        try kiosk.press("C-u")
        // One digit short: refused, and still there to read.
        try kiosk.type(String(due.dropLast()))
        try kiosk.press("Enter")
        kiosk.waitFor("有误", "身份证号   " + due.dropLast())
        // Typed through a Chinese input method, full-width, over the refused one.
        try kiosk.type(fullWidthDue)
        kiosk.waitFor("身份证号   " + due)
        try kiosk.press("Enter")
        kiosk.waitFor("李秀英", "待认证")
    }

    @Test func aDigitOnAResultStartsTheNextResident() throws {
        let sandbox = try KioskScreenTests().sandbox()
        let kiosk = try TmuxKiosk(sandbox)
        try kiosk.signIn()
        try kiosk.press("1")
        kiosk.waitFor("请输入居民身份证号码")
        try kiosk.type(referred)
        try kiosk.press("Enter")
        kiosk.waitFor("本服务点不能为其认证")
        try kiosk.type(due)
        try kiosk.press("Enter")
        kiosk.waitFor("李秀英", "待认证")
    }
}
