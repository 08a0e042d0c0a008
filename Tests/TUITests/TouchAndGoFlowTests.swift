@testable import Desk
import Domain
import Testing
@testable import TUI

/// Touch and go on the screens: T on the home screen, the scan, the card, Enter.
@Suite("Screens: touch and go")
struct TouchAndGoFlowTests {
    let due = Desk.record()

    func identification(at moment: Int64 = 0) -> CertifyDesk.Identification {
        CertifyDesk.Identification(record: due, finger: .rightIndex, reader: "virtual_image#0", at: moment, staffID: Desk.admin.id)
    }

    func isIdentify(_ effect: Effect) -> Bool { effect == .identify }

    @Test func theFingerThenEnterCertifiesWithoutAnotherScan() {
        var desk = Desk()
        desk.signIn()
        var keystrokes = 0
        desk.press(.character("T")); keystrokes += 1
        #expect(desk.app.top is TouchAndGoScreen)
        #expect(desk.request(isIdentify) != nil)
        #expect(desk.screen.contains("请居民按任意一枚已录入的手指"))
        // The finger was read and is being matched: long past the scan timeout, no countdown, no "no finger".
        desk.reply(.progress(.reader(.checking(done: 0, of: 2))), to: isIdentify)
        desk.wait(until: 45)
        #expect(desk.screen.contains("正在与2枚已录指纹比对"), "\(desk.screen)")
        #expect(!desk.screen.contains("还剩"), "\(desk.screen)")
        let found = identification()
        desk.reply(.identified(found), to: isIdentify)
        #expect(desk.app.top is CertifyScreen)
        #expect(desk.screen.contains("李秀英") && desk.screen.contains("已按指纹识别出此人：按Enter认证"), "\(desk.screen)")
        desk.press(.enter); keystrokes += 1
        #expect(desk.request { $0 == .certifyIdentified(found, again: nil) } != nil)
        #expect(desk.request { if case .certify = $0 { true } else { false } } == nil, "no second scan")
        #expect(keystrokes == 2)
    }

    @Test func noMatchOpensTheIDNumberWithTheOutcomeSaid() {
        var desk = Desk()
        desk.signIn()
        desk.press(.character("t"))
        desk.reply(.failed(.notIdentified), to: isIdentify)
        #expect(desk.app.top is FindResidentScreen)
        #expect(desk.screen.contains("按指纹未能识别（没有找到匹配的已录入指纹）"), "\(desk.screen)")
        #expect(desk.screen.contains("请输入居民身份证号码"))
        desk.press(.escape)
        desk.press(.character("T"))
        desk.reply(.failed(.reader(.notSupported)), to: isIdentify)
        #expect(desk.app.top is FindResidentScreen, "a reader that cannot identify: said, and the ID number asked for")
    }

    @Test func anIdentificationTooOldAsksForTheFingerAsByIDNumber() {
        var desk = Desk()
        desk.signIn()
        desk.press(.character("T"))
        desk.reply(.identified(identification()), to: isIdentify)
        desk.press(.enter)
        desk.reply(.failed(.identificationExpired(seconds: 120))) { if case .certifyIdentified = $0 { true } else { false } }
        #expect(desk.screen.contains("请重新按手指"), "\(desk.screen)")
        desk.press(.enter)
        #expect(desk.request { $0 == .certify(due.id, again: nil) } != nil, "a verify scan of the same resident")
    }
}
