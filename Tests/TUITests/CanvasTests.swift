import Domain
import Testing
@testable import TUI

@Suite("Canvas: what a person sees, column by column")
struct CanvasTests {
    @Test("Chinese characters take two columns, and text after them lines up")
    func wideCharacters() {
        var canvas = Canvas(rows: 2, columns: 20)
        canvas.text("姓名", row: 0, column: 0)
        canvas.text("|", row: 0, column: 4)
        canvas.text("Name", row: 1, column: 0)
        canvas.text("|", row: 1, column: 4)
        #expect(canvas.line(0) == "姓名|" + String(repeating: " ", count: 15))
        #expect(canvas.text == "姓名|\nName|")
    }

    @Test("Text cut to a width ends with an ellipsis and never splits a wide character")
    func truncation() {
        var canvas = Canvas(rows: 1, columns: 10)
        let used = canvas.text("南岗区学府社区认证服务网点", row: 0, column: 0, width: 7)
        #expect(used == 7)
        #expect(canvas.text == "南岗区…")
        var edge = Canvas(rows: 1, columns: 5)
        edge.text("ab南岗", row: 0, column: 0)
        #expect(edge.text == "ab南…")
    }

    @Test("A wide character with one column left at the right edge is cut, not split")
    func rightEdge() {
        var canvas = Canvas(rows: 1, columns: 3)
        let used = canvas.text("岗", row: 0, column: 2, width: 5)
        #expect(canvas.line(0) == "  …")
        #expect(used == 1)
    }

    @Test("Overwriting half of a wide character blanks the other half")
    func overwriteHalf() {
        var canvas = Canvas(rows: 1, columns: 6)
        canvas.text("南岗区", row: 0, column: 0)
        canvas.text("x", row: 0, column: 1)
        #expect(canvas.line(0) == " x岗区")
        canvas.text("y", row: 0, column: 2)
        #expect(canvas.line(0) == " xy 区")
    }

    @Test("Runs of one style carry each wide character once")
    func runs() {
        var canvas = Canvas(rows: 1, columns: 8)
        canvas.text("认证", row: 0, column: 0, style: .title)
        canvas.text("ok", row: 0, column: 4, style: .good)
        let runs = canvas.runs(0)
        #expect(runs.map(\.column) == [0, 4, 6])
        #expect(runs.map(\.text) == ["认证", "ok", "  "])
        #expect(runs.map(\.style) == [.title, .good, .normal])
    }

    @Test("Paragraphs wrap Chinese anywhere and English at spaces, within the rows given")
    func paragraphs() {
        var canvas = Canvas(rows: 4, columns: 12)
        let used = canvas.paragraph("请到市社保局办理认证手续，带本人身份证原件", row: 0, column: 0, width: 12, maxRows: 2)
        #expect(used == 2)
        #expect(canvas.line(0) == "请到市社保局")
        #expect(canvas.line(1).hasSuffix("…"))
        #expect(TextWidth.wrap("Place the finger flat on the reader", to: 12) == ["Place the", "finger flat", "on the", "reader"])
    }

    @Test("Controls and direction overrides in a record are drawn as visible escapes, the same as on the command line")
    func controlsAreShownNotActedOn() {
        var canvas = Canvas(rows: 3, columns: 40)
        canvas.text("王\u{1B}[2J建\u{202E}国\u{9B}", row: 0, column: 0)
        #expect(canvas.line(0).hasPrefix("王<U+001B>[2J建<U+202E>国<U+009B>"))
        canvas.paragraph("地址\u{1B}]0;x\u{7}\n学府路", row: 1, column: 0, width: 40)
        #expect(canvas.line(1).hasPrefix("地址<U+001B>]0;x<U+0007>") && canvas.line(2).hasPrefix("学府路"))
        #expect(!canvas.text.unicodeScalars.contains { TerminalText.acts($0) && $0 != "\n" })
    }
}
