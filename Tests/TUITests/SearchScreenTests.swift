import Desk
import Domain
import Testing
@testable import TUI

/// `/` on the home and ID screens, and the ID-card reader typing into the ID field.
@Suite("Screens: the search and the ID-card reader")
struct SearchScreenTests {
    let wang = Desk.record(birth: "19500615", name: "王建国")
    let li = Desk.record()

    func matches(_ records: ResidentRecord...) -> ResidentMatches {
        ResidentMatches(matches: records.map(\.file.resident.match), more: false)
    }

    @Test func slashOnTheHomeScreenSearchesAndEnterOpensTheChosenMatch() {
        var desk = Desk()
        desk.signIn()
        desk.press(.character("/"))
        #expect(desk.screen.contains("搜索居民"))
        desk.type("wjg")
        desk.press(.enter)
        #expect(desk.request { $0 == .findResidents(.initials("wjg")) } != nil)
        desk.reply(.residentMatches(matches(li, wang))) { if case .findResidents = $0 { true } else { false } }
        let listed = desk.screen
        #expect(listed.contains("王**") && listed.contains(wang.id.masked) && listed.contains("139****5679"))
        #expect(!listed.contains("王建国") && !listed.contains(wang.id.fullNumber), "the list is masked")
        desk.press(.down, .enter)
        desk.reply(.resident(wang)) { $0 == .lookUp(wang.id) }
        #expect(desk.screen.contains("王建国（"), "the card, as the ID field opens it")
        desk.press(.escape)
        #expect(desk.screen.contains("王**"), "back to the matches")
    }

    @Test func aSearchThatNarrowsNothingSaysWhatToTypeAndAskForNothing() {
        var desk = Desk()
        desk.signIn()
        desk.press(.character("/"))
        desk.type("w")
        desk.press(.enter)
        #expect(desk.screen.contains("拼音首字母"))
        #expect(desk.request { if case .findResidents = $0 { true } else { false } } == nil)
    }

    @Test func slashInTheIDFieldSearchesForTheSameTask() {
        var desk = Desk()
        desk.signIn()
        desk.press(.character("1"))
        desk.press(.character("/"))
        #expect(desk.screen.contains("搜索居民 · 指纹认证"))
        desk.type("建国")
        desk.press(.enter)
        desk.reply(.residentMatches(matches(wang))) { $0 == .findResidents(.name("建国")) }
        desk.press(.enter)
        desk.reply(.resident(wang)) { $0 == .lookUp(wang.id) }
        #expect(desk.screen.contains("按Enter开始"), "the certify screen, as after typing the ID")
    }

    @Test func aCardReaderTypingTheNumberAndEnterOpensTheCardAndASecondCardReplacesIt() {
        var desk = Desk()
        desk.signIn()
        desk.press(.character("3"))
        // A keyboard-wedge reader: 18 characters and Enter in one burst, nothing else.
        desk.type(wang.id.fullNumber)
        desk.press(.enter)
        desk.reply(.failed(.residentNotFound(wang.id))) { $0 == .lookUp(wang.id) }
        // The field still holds the first card's number: the next card's burst replaces it.
        desk.type(li.id.fullNumber)
        desk.press(.enter)
        desk.reply(.resident(li)) { $0 == .lookUp(li.id) }
        #expect(desk.screen.contains("李秀英"))
    }
}
