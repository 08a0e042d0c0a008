import Foundation
import Testing

/// Issue 14's traps on the built binary under tmux: an ID-card reader's burst on the home screen,
/// typing on a result, and the reports for calling.
@Suite("No traps at the counter (tmux)")
struct CounterTrapsScreenTests {
    let due = CommandLineTests.due, overdue = CommandLineTests.overdue

    @Test func anIDCardReadOnTheHomeScreenOpensTheCardAndADigitByHandTheMenu() throws {
        let sandbox = try KioskScreenTests().sandbox()
        let kiosk = try TmuxKiosk(sandbox)
        try kiosk.signIn()
        // The reader's 18 characters and Enter, in one go.
        try kiosk.tmux(["send-keys", "-t", kiosk.target, due, "Enter"])
        let card = kiosk.waitFor("指纹认证", "李秀英", "待认证")
        #expect(!card.contains(due), "the ID number is masked on the card")
        try kiosk.press("Escape")
        kiosk.waitFor("请输入居民身份证号码")
        try kiosk.press("Escape")
        kiosk.waitFor("首页")
        // One digit pressed by a person: its menu item.
        try kiosk.press("3")
        kiosk.waitFor("查询居民", "请输入居民身份证号码")
    }

    @Test func typingOnAContactChangesResultStartsTheNextResident() throws {
        let sandbox = try KioskScreenTests().sandbox()
        let kiosk = try TmuxKiosk(sandbox)
        try kiosk.signIn()
        try kiosk.press("4")
        kiosk.waitFor("请输入居民身份证号码")
        try kiosk.type(due)
        try kiosk.press("Enter")
        kiosk.waitFor("李秀英", "新电话")
        try kiosk.type("13812345678")
        try kiosk.press("Tab", "Enter")
        kiosk.waitFor("按 Y 或 F9 确认")
        try kiosk.press("y")
        kiosk.waitFor("138****5678")
        // The next resident's ID number, straight onto the result.
        try kiosk.type(overdue)
        try kiosk.press("Enter")
        kiosk.waitFor("张桂兰", "新电话")
    }

    @Test func theCallingListsShowPhonesInFullAndEnterOpensTheResident() throws {
        let sandbox = try KioskScreenTests().sandbox()
        let password = try sandbox.write("wang-password", "wang-pass-2026\n")
        #expect(try sandbox.run(["staff", "add", "wang", "--role", "supervisor", "--new-password-file", password] + sandbox.asAdmin).status == 0)
        let kiosk = try TmuxKiosk(sandbox)
        try kiosk.signIn("wang", password: "wang-pass-2026")
        try kiosk.press("6")
        kiosk.waitFor("本月应认证", "第1/1页")
        try kiosk.press("Right")
        let overdueList = kiosk.waitFor("张桂兰", "13912345680")
        #expect(overdueList.contains("230103********"), "ID numbers stay masked: \(overdueList)")
        #expect(try sandbox.sqlite("SELECT group_concat(detail, ',') FROM audit_entry WHERE action = 'report.view'") == "due month=2026-11,overdue",
                "each list shown is audited as `kiosk report` audits it")
        try kiosk.press("Right")
        kiosk.waitFor("刘淑珍", "139****5681")
        try kiosk.press("Left")
        kiosk.waitFor("张桂兰", "13912345680")
        try kiosk.press("Enter")
        kiosk.waitFor("查询居民", "张桂兰", "逾期")
        try kiosk.press("Escape")
        kiosk.waitFor("13912345680")
        // Today's certifications, as `kiosk report today` lists them.
        try kiosk.press("5")
        kiosk.waitFor("今日认证", "（无）")
    }

    /// Four eyes on a photo need a second supervisor, and an alert needs a finger under two identities.
    @Test func theDemoHasASecondSupervisorAndAFingerUnderTwoIdentities() throws {
        let sandbox = try Sandbox()
        let kiosk = try TmuxKiosk(sandbox, command: [Sandbox.tools, "demo"])
        kiosk.waitFor("演示模式：账号 demo，密码 demo-pass-2026", "第二位主管：账号 shenhe，密码 shenhe-pass-2026", seconds: 90)
        try kiosk.press("Tab", "C-u")
        try kiosk.signIn("shenhe", password: "shenhe-pass-2026")
        kiosk.waitFor("shenhe（主管）", "0  照片审核")
        try kiosk.press("7")
        let alerts = kiosk.waitFor("指纹预警", "↔")
        #expect(alerts.contains("右手食指  ↔  230103"), "孙丽华's finger is 王建国's: \(alerts)")
        try kiosk.press("Escape")
        try kiosk.press("1")
        kiosk.waitFor("演示居民（按Tab依次填入）", "孙丽华", "用王建国的手指录入被拒")
    }
}
