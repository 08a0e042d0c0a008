import Domain
import Foundation
import ImageFiles
import Testing

/// Touch and go on the screen, end to end: the built binary under tmux, libfprint's virtual image
/// reader fed FVC2004 images (the virtual device cannot identify), the kiosk's own matcher.
@Suite("Touch and go on the kiosk's screen (tmux)", .enabled(if: Shared.available, "../shared/fingerprints is absent: skipped"))
struct TouchAndGoScreenTests {
    let due = CommandLineTests.due

    /// The due resident enrolled with FVC finger 102 (five impressions and the confirming scan)
    /// from the command line, and another resident with finger 101.
    func sandbox() throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.initialize()
        #expect(try sandbox.run(["roster", "import", try sandbox.write("roster.csv", CommandLineTests.roster)] + sandbox.asAdmin).status == 0)
        for (id, finger) in [(due, 102), (CommandLineTests.overdue, 101)] {
            let images = try (1...5).map { try Shared.image("\(finger)_\($0)") } + [try Shared.image("\(finger)_5")]
            let enrolled = try sandbox.runWithImages(["enroll", id, "--finger", "right-index"] + sandbox.asAdmin, images)
            #expect(enrolled.status == 0, "\(enrolled.stderr)")
        }
        return sandbox
    }

    @Test func aFingerOnTheHomeScreenThenEnterCertifies() throws {
        let sandbox = try sandbox()
        let socket = sandbox.directory.appendingPathComponent("touch.socket").path
        let kiosk = try TmuxKiosk(sandbox, environment: ["FP_VIRTUAL_IMAGE": socket, "FP_DRIVERS_WHITELIST": "virtual_image"])
        try kiosk.signIn()
        let home = kiosk.waitFor("首页", "T 按指纹直接认证")
        #expect(home.contains("T 按指纹直接认证"), "the key is in the home screen's key line")

        // A stranger's finger: the ID number entry, with the outcome said.
        let stranger = Feeder(socket: socket, images: [try Shared.image("108_7")])
        try kiosk.press("T")
        kiosk.waitFor("请居民按任意一枚已录入的手指", "请将手指")
        stranger.next()
        let entry = kiosk.waitFor("请输入居民身份证号码", "按指纹未能识别（没有找到匹配的已录入指纹）")
        #expect(!entry.contains("秒内没有"), "no false 'no finger' from the time the matching took")
        try kiosk.press("Escape")
        kiosk.waitFor("首页")

        // The resident's own finger: the card, then Enter. Keys counted beyond the finger itself.
        var keystrokes = 0
        let finger = Feeder(socket: socket, images: [try Shared.image("102_8")])
        try kiosk.press("T"); keystrokes += 1
        kiosk.waitFor("请居民按任意一枚已录入的手指", "请将手指")
        finger.next()
        let card = kiosk.waitFor("李秀英", "待认证", "已按指纹识别出此人：按Enter认证")
        #expect(!card.contains(due), "the ID number is masked")
        try kiosk.press("Enter"); keystrokes += 1
        let done = kiosk.waitFor("认证成功", "回执号：HRB-NG-XF01-20261129-0001")
        #expect(done.contains("养老保险待遇资格认证回执"))
        #expect(keystrokes == 2)
        #expect(try sandbox.sqlite("SELECT count(*) FROM certification") == "1")
        #expect(try sandbox.sqlite("SELECT method || ' ' || evidence FROM certification") == "fingerprint identify reader=virtual_image#0 finger=right-index")
        // T on the result: the next resident's finger, without going home first.
        try kiosk.press("T")
        kiosk.waitFor("请居民按任意一枚已录入的手指", "请将手指")
        try kiosk.press("Escape")
        kiosk.waitFor("首页")
    }
}
