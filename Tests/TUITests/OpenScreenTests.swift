import Desk
import Domain
import Testing
@testable import TUI

/// What an open screen shows after F3 and after a save: the language and the values of the moment.
@Suite("Screens: open screens follow the language and the saved values")
struct OpenScreenTests {
    let due = Desk.record()

    @Test func f3RedrawsAnOpenResidentCardInEnglish() {
        var desk = Desk()
        desk.signIn()
        desk.open("3", due)
        #expect(desk.screen.contains("姓名") && desk.screen.contains("状态"), "\(desk.screen)")
        desk.press(.function(3))
        let screen = desk.screen
        #expect(screen.contains("Name") && screen.contains("Status") && screen.contains("Next step"), "\(screen)")
        #expect(!screen.contains("姓名") && !screen.contains("状态") && !screen.contains("下一步"), "\(screen)")
        desk.press(.function(3))
        #expect(desk.screen.contains("姓名"), "and back again")
    }
}
