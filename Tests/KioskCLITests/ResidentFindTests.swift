import Foundation
import Testing

/// Finding a resident without the ID card: `kiosk resident find` and `/` on the screen, and an
/// ID-card reader in keyboard-wedge mode typing into the ID field.
@Suite("Finding a resident: the command line and the screen (tmux)")
struct ResidentFindTests {
    let certified = CommandLineTests.certified, due = CommandLineTests.due

    func sandbox() throws -> Sandbox { try KioskScreenTests().sandbox() }

    @Test func findListsTheMatchesMaskedAndAuditsTheSearch() throws {
        let sandbox = try sandbox()
        let found = try sandbox.run(["resident", "find", "wjg"] + sandbox.asAdmin)
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.contains("王**") && found.stdout.contains("230103********" + certified.suffix(4)))
        #expect(!found.stdout.contains("王建国") && !found.stdout.contains(certified))
        let json = try sandbox.run(["resident", "find", String(due.suffix(6)), "--json"] + sandbox.asAdmin)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let matches = object?["matches"] as? [[String: Any]]
        #expect(matches?.count == 1)
        #expect(matches?.first?["name"] as? String == "李**")
        #expect(matches?.first?["id_number"] as? String == "230103********" + due.suffix(4))
        #expect(try sandbox.sqlite("SELECT group_concat(detail, '|') FROM audit_entry WHERE action = 'resident.search'")
                == "by=initials matches=1|by=digits matches=1")
        let refused = try sandbox.run(["resident", "find", "w"] + sandbox.asAdmin)
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("拼音首字母"))
        #expect(try sandbox.run(["resident", "find", "wjg"]).status == 77, "a search needs a signed-in staff member")
    }

    @Test func slashThenPinyinInitialsListsTheResidentMaskedAndEnterOpensTheCard() throws {
        let sandbox = try sandbox()
        let kiosk = try TmuxKiosk(sandbox)
        try kiosk.signIn()
        // The roster's initials are taken at sign-in, before anyone searches.
        let deadline = Date().addingTimeInterval(10)
        while try sandbox.sqlite("SELECT count(*) FROM resident_initials") != "7", Date() < deadline { usleep(100_000) }
        #expect(try sandbox.sqlite("SELECT residents FROM resident_initials_state") == "7")
        try kiosk.type("/")
        kiosk.waitFor("搜索居民")
        try kiosk.type("wjg")
        try kiosk.press("Enter")
        let listed = kiosk.waitFor("王**", "找到1人")
        #expect(listed.contains("230103********" + certified.suffix(4)))
        #expect(!listed.contains("王建国") && !listed.contains(certified), "the list is masked")
        try kiosk.press("Enter")
        let card = kiosk.waitFor("王建国", "已认证")
        #expect(!card.contains(certified))
    }

    @Test func anIDCardReadersBurstOfEighteenCharactersAndEnterOpensTheCard() throws {
        let sandbox = try sandbox()
        let kiosk = try TmuxKiosk(sandbox)
        try kiosk.signIn()
        try kiosk.press("3")
        kiosk.waitFor("请输入居民身份证号码")
        // What a reader in keyboard-wedge mode sends: the number and Enter, in one write.
        try kiosk.tmux(["send-keys", "-t", kiosk.target, "-l", due + "\r"])
        kiosk.waitFor("李秀英", "待认证")
        try kiosk.press("Escape")
        kiosk.waitFor("请输入居民身份证号码")
        // A number mistyped by hand stays in the field with the reason; the card read next replaces it.
        let mistyped = String(certified.dropLast()) + (certified.last == "0" ? "1" : "0")
        try kiosk.type(mistyped)
        try kiosk.press("Enter")
        kiosk.waitFor("校验码")
        try kiosk.tmux(["send-keys", "-t", kiosk.target, "-l", certified + "\r"])
        kiosk.waitFor("王建国", "已认证")
    }
}
