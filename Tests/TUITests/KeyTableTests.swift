import Domain
import Testing
@testable import TUI

/// One key for one action on every screen and for every role; the key line and the help drawn from
/// the same key table; fields that edit like any line editor.
@Suite("Keys: the key table, the help, and editing a field")
struct KeyTableTests {
    let due = Desk.record()
    static let supervisorWang = StaffMember(id: "3", name: "wang", role: .supervisor)

    func keyLine(_ desk: Desk) -> String { String(desk.screen.split(separator: "\n").last ?? "") }

    /// The field's text on the ID number screen, read from the screen.
    func idField(_ desk: Desk) -> String? {
        guard let find = desk.app.top as? FindResidentScreen else { return nil }
        return find.field.value
    }

    @Test func aMenuItemHasTheSameNumberForEveryRole() {
        var operatorDesk = Desk()
        operatorDesk.signIn(as: Desk.operatorZhang)
        var supervisorDesk = Desk()
        supervisorDesk.signIn(as: Self.supervisorWang)
        for desk in [operatorDesk, supervisorDesk] {
            #expect(desk.screen.contains(" 5  登记死亡") && desk.screen.contains(" 8  预约上门") && desk.screen.contains(" 9  上门队列"), "\(desk.screen)")
        }
        #expect(!operatorDesk.screen.contains("名单报表") && supervisorDesk.screen.contains(" 6  名单报表"))
        #expect(keyLine(operatorDesk).contains("1-5 8 9 选择"), "\(keyLine(operatorDesk))")
        #expect(keyLine(supervisorDesk).contains("1-9 0 选择"), "\(keyLine(supervisorDesk))")
        operatorDesk.press(.character("8"))
        #expect(operatorDesk.screen.contains("预约上门") && operatorDesk.screen.contains("请输入居民身份证号码"))
        supervisorDesk.press(.character("6"))
        #expect(!supervisorDesk.screen.contains("请输入居民身份证号码"), "6 opens the reports")
        operatorDesk = Desk()
        operatorDesk.signIn(as: Desk.operatorZhang)
        operatorDesk.press(.character("6"))
        #expect(operatorDesk.app.top is HomeScreen, "6 is the reports' key, which an operator does not have: nothing else takes it")
    }

    @Test func theResidentsFileOffersTheHomeMenusNumbers() {
        var desk = Desk()
        desk.signIn()
        desk.open("3", due)
        let line = keyLine(desk)
        #expect(line.hasPrefix("1 指纹认证") && line.contains(" 5 登记死亡") && line.contains(" 8 预约上门") && !line.contains(" 3 "), "\(line)")
        desk.press(.function(1))
        #expect(desk.screen.contains("4     变更联系方式") && desk.screen.contains("8     预约上门"), "the whole labels in the help: \(desk.screen)")
        desk.press(.escape, .character("5"))
        #expect(desk.app.top is DeathScreen)
    }

    @Test func f1AndQuestionMarkShowTheScreensKeysFromItsKeyTable() {
        var desk = Desk()
        desk.signIn()
        desk.open("1", due)
        desk.press(.function(1))
        let help = desk.screen
        #expect(help.contains("帮助：指纹认证"), "\(help)")
        for entry in ["Enter  开始", "P      照相认证", "Esc    返回", "F3     English", "F10    退出登录", "F1 ?   帮助"] {
            #expect(help.contains(entry), "\(entry) in\n\(help)")
        }
        #expect(!help.contains("清空本项"), "no field on this screen")
        desk.press(.escape)
        #expect(desk.screen.contains("按Enter开始"), "Esc closes the help, back where it was")
        desk.press(.escape)
        #expect(desk.app.top is FindResidentScreen)
        desk.press(.character("?"))
        let fieldHelp = desk.screen
        #expect(fieldHelp.contains("帮助：指纹认证") && fieldHelp.contains("Ctrl-U") && fieldHelp.contains("清空本项") && fieldHelp.contains("Home End"))
        desk.press(.function(1))
        #expect(desk.app.top is FindResidentScreen, "F1 closes it too")
    }

    @Test func theKeyLineShortensLabelsRatherThanDroppingKeys() {
        var desk = Desk()
        desk.press(.function(3))
        desk.signIn()
        // The home screen's own keys (touch and go among them) leave no room for the frame's labels.
        #expect(keyLine(desk).hasSuffix("T touch and go / search F1 ? F2 F3 F10"), "the frame's labels go first: \(keyLine(desk))")
        desk.press(.character("3"))
        #expect(keyLine(desk).hasSuffix("F1 ? help F2 large text F3 中文 F10 sign out"), "all of it when it fits: \(keyLine(desk))")
        desk.press(.escape)
        desk.open("3", due)
        let line = keyLine(desk)
        #expect(line.hasSuffix("Esc back F1 ? F2 F3 F10"), "the frame's labels go first: \(line)")
        for key in ["1 ", "2 ", "4 ", "5 ", "8 "] { #expect(line.contains(key), "\(key) in \(line)") }
        #expect(line.contains("…"), "then the longest of the screen's own are cut: \(line)")
    }

    @Test func anIDNumberIsEditedWithArrowsHomeDeleteAndCtrlU() {
        var desk = Desk()
        desk.signIn()
        desk.press(.character("1"))
        desk.type("23013195")
        desk.press(.left, .left)
        desk.type("0")
        #expect(idField(desk) == "230131095")
        desk.press(.home, .delete)
        #expect(idField(desk) == "30131095")
        desk.type("2")
        desk.press(.end, .backspace)
        #expect(idField(desk) == "23013109")
        desk.press(.right, .left, .left, .backspace)
        #expect(idField(desk) == "2301309")
        desk.press(.control("u"))
        #expect(idField(desk) == "")
    }

    @Test func fullWidthDigitsAreDigits() {
        var desk = Desk()
        desk.signIn()
        desk.press(.character("１"))
        #expect(desk.app.top is FindResidentScreen, "a full-width 1 opens menu item 1")
        desk.type(String(due.id.fullNumber.map { $0.isNumber ? Character(Unicode.Scalar($0.unicodeScalars.first!.value + 0xFEE0)!) : $0 }))
        #expect(idField(desk) == due.id.fullNumber)
        desk.press(.enter)
        #expect(desk.request { $0 == .lookUp(due.id) } != nil)
    }

    @Test func aRefusedIDNumberStaysOnScreenAndTypingReplacesIt() {
        var desk = Desk()
        desk.signIn()
        desk.press(.character("1"))
        desk.type("23010319501215123")
        desk.press(.enter)
        #expect(desk.screen.contains("23010319501215123"), "the refused number is still there to read")
        desk.type(due.id.fullNumber)
        #expect(idField(desk) == due.id.fullNumber, "the first character typed replaced it")
        desk.press(.enter)
        desk.reply(.failed(.residentNotFound(due.id))) { $0 == .lookUp(due.id) }
        desk.press(.end, .backspace)
        #expect(idField(desk) == String(due.id.fullNumber.dropLast()), "after End, Backspace edits it instead")
    }

    @Test func aDigitOnTheResultScreenStartsTheNextResident() {
        var desk = Desk()
        desk.signIn()
        desk.open("1", due)
        desk.press(.enter)
        desk.reply(.failed(.notMatched(attempts: 3))) { $0 == .certify(due.id, again: nil) }
        #expect(desk.screen.contains("指纹认证未通过"))
        desk.type("2301")
        #expect(desk.app.top is FindResidentScreen)
        #expect(idField(desk) == "2301", "the digit that closed the result is the first of the next ID number")

        // Certified from a resident's file, the digit goes to the search, not to the file's keys.
        desk = Desk()
        desk.signIn()
        desk.open("3", due)
        desk.press(.character("1"), .enter)
        desk.reply(.failed(.notMatched(attempts: 3))) { $0 == .certify(due.id, again: nil) }
        desk.type("2")
        #expect((desk.app.top as? FindResidentScreen)?.purpose == .lookUp && idField(desk) == "2", "\(desk.screen)")
        #expect(desk.app.depth == 2, "home and the search, nothing else")
    }

    @Test func aConfirmationTakesF9WhereAnInputMethodTakesY() {
        var desk = Desk()
        desk.press(.function(10))
        #expect(desk.screen.contains("按 Y 或 F9 确认"))
        desk.press(.function(9))
        #expect(desk.app.isFinished)
    }

    @Test func aPhotoPathStartsEmptyOnARetry() {
        var desk = Desk()
        desk.signIn()
        desk.open("1", due)
        desk.press(.character("p"), .character("o"))
        desk.type("/tmp/x.jpg")
        desk.press(.enter)
        desk.reply(.failed(.photoRejected(.notAnImage, source: "/tmp/x.jpg"))) { if case .takePhoto = $0 { true } else { false } }
        desk.press(.character("o"))
        #expect((desk.app.top as? PhotoCertifyScreen)?.file.value == "")
    }
}
