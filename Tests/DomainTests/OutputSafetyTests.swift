import Domain
import Testing

@Suite("CSV cells")
struct CSVFieldTests {
    @Test(arguments: ["=HYPERLINK(\"http://x\",\"y\")", "+SUM(A1)", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)", "\tfoo", "\rfoo"])
    func aCellThatStartsAFormulaGetsALeadingQuote(cell: String) {
        let escaped = CSVField.escape(cell)
        let unquoted = escaped.hasPrefix("\"") ? String(escaped.dropFirst()) : escaped
        #expect(unquoted.hasPrefix("'"), "\(escaped)")
    }

    @Test func theQuoteComesInsideTheCSVQuotes() {
        #expect(CSVField.escape("=HYPERLINK(\"http://x\",\"y\")") == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")
        #expect(CSVField.escape("\rfoo") == "\"'\rfoo\"")
        #expect(CSVField.escape("=1+1") == "'=1+1")
    }

    @Test(arguments: ["-3", "+86", "-12.50", "2026-11-29", "2026-11-29T14:30:05+08:00", "13912345678", "0451-86123456", "3000.00", "王建国", ""])
    func numbersDatesAndPlainTextStayAsTheyAre(cell: String) {
        #expect(CSVField.escape(cell) == cell)
    }

    @Test func aSignThatIsNotAPlainNumberIsNeutralised() {
        #expect(CSVField.escape("+86 139 1234 5678") == "'+86 139 1234 5678")
        #expect(CSVField.escape("-1e5") == "'-1e5")
        #expect(CSVField.escape("--3") == "'--3")
        #expect(CSVField.escape("-") == "'-")
        #expect(CSVField.escape("-3.") == "'-3.")
    }

    @Test func quotingStillAppliesToOrdinaryCells() {
        #expect(CSVField.escape("学府路1号, 近中山路") == "\"学府路1号, 近中山路\"")
        #expect(CSVField.escape("say \"hi\"") == "\"say \"\"hi\"\"\"")
    }
}

@Suite("Terminal text")
struct TerminalTextTests {
    @Test func controlsAndDirectionOverridesBecomeVisibleEscapes() {
        #expect(TerminalText.escaped("王\u{1B}[2J建国") == "王<U+001B>[2J建国")
        #expect(TerminalText.escaped("abc\u{202E}fed") == "abc<U+202E>fed")
        #expect(TerminalText.escaped("\u{9B}31m") == "<U+009B>31m")
        #expect(TerminalText.escaped("a\u{7F}b\u{0}c\tf\nd") == "a<U+007F>b<U+0000>c<U+0009>f<U+000A>d")
        #expect(TerminalText.escaped("\u{2066}x\u{2069}\u{200E}\u{200F}\u{61C}") == "<U+2066>x<U+2069><U+200E><U+200F><U+061C>")
        #expect(TerminalText.escaped("\r\n") == "<U+000D><U+000A>")
    }

    @Test(arguments: [0x20, 0x7E, 0xA0, 0x200B, 0x2029, 0x2065, 0x206A, 0x4E00] as [UInt32])
    func everythingElseIsLeftAlone(value: UInt32) {
        let text = String(Unicode.Scalar(value)!)
        #expect(TerminalText.escaped(text) == text)
    }

    @Test func everyActingCharacterIsCaught() {
        let acting = (0x00...0x1F).map { $0 } + (0x7F...0x9F).map { $0 } + (0x202A...0x202E).map { $0 } + (0x2066...0x2069).map { $0 }
            + [0x200E, 0x200F, 0x061C]
        for value in acting {
            let escaped = TerminalText.escaped("a" + String(Unicode.Scalar(UInt32(value))!) + "b")
            #expect(escaped.unicodeScalars.allSatisfy { !TerminalText.acts($0) }, "U+\(String(value, radix: 16))")
            #expect(escaped.hasPrefix("a<U+") && escaped.hasSuffix(">b"))
        }
    }

    @Test func textOfSeveralLinesKeepsItsLineBreaks() {
        #expect(TerminalText.escapedLines("名字：王\u{1B}]0;x\u{7}\n地址：学府路") == "名字：王<U+001B>]0;x<U+0007>\n地址：学府路")
        #expect(TerminalText.escapedLines("a\n\nb\u{85}") == "a\n\nb<U+0085>")
    }

    @Test func plainChineseAndEnglishAreUntouched() {
        let text = "王建国 (certified) 哈尔滨市南岗区学府路1号 ‘龙江人社’ …"
        #expect(TerminalText.escaped(text) == text)
    }
}
