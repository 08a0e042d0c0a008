import Domain
import Foundation
import Testing
@testable import TUI

/// GNU Unifont as Debian installs it (`make deps` installs the package). Tests that read it are
/// skipped with a message where it is absent, except in CI, where its absence fails them.
enum Unifont {
    static let path = ScreenSettings.defaultBlockFont
    static var usable: Bool {
        FileManager.default.fileExists(atPath: path) || ProcessInfo.processInfo.environment["CI"] == "true"
    }
    static func load() throws -> BlockFont { try BlockFont.load(path: path, for: BlockFont.kioskStrings) }
}

@Suite("Block glyphs: Unifont's hex format drawn in half blocks")
struct BlockFontTests {
    /// Unifont's "A", 8×16: ink from pixel row 4 to 13.
    static let letterA = "0041:0000000018242442427E424242420000"

    @Test func aLineIsParsedIntoItsRows() throws {
        let (code, glyph) = try #require(BlockFont.parse(Array(Self.letterA.utf8)))
        #expect(code == 0x41 && glyph.width == 8)
        #expect(glyph.rows[4] == 0x18 && glyph.rows[9] == 0x7E && glyph.rows[15] == 0)
        #expect(BlockFont.parse(Array("0041:00".utf8)) == nil, "a glyph of the wrong length is not one")
        #expect(BlockFont.parse(Array("zz41:0000000018242442427E424242420000".utf8)) == nil)
    }

    @Test func twoPixelRowsMakeOneTerminalRowOfHalfBlocks() throws {
        let (_, glyph) = try #require(BlockFont.parse(Array(Self.letterA.utf8)))
        let font = BlockFont(glyphs: ["A": glyph])
        let rows = try #require(font.rows("A"))
        // Pixel rows 0-3 are blank and left out, as are 14-15; the blank right column too (rows stay one width).
        #expect(rows == ["  ▄▀▀▄ ", " ▄▀  ▀▄", " █▄▄▄▄█", " █    █", " █    █"])
        #expect(font.rows("AB") == nil, "a character without a glyph: not drawn in blocks")
    }

    @Test func glyphsAreFoundByBisectingTheFile() throws {
        // Sorted by code point, 8- and 16-column glyphs mixed, as Unifont ships them.
        let wide = "4E00:" + String(repeating: "0", count: 32) + "7FFE" + String(repeating: "0", count: 28)
        let file = ["0020:" + String(repeating: "0", count: 32), Self.letterA, "0042:" + String(repeating: "F", count: 32), wide,
                    "FF01:" + String(repeating: "0", count: 32)].joined(separator: "\n") + "\n"
        let font = BlockFont(hex: Array(file.utf8), for: ["AB一", "Z"])
        #expect(Set(font.glyphs.keys) == ["A", "B", "一"], "only the glyphs asked for; Z is not in the file")
        #expect(font.glyphs["一"]?.width == 16 && font.glyphs["一"]?.rows[8] == 0x7FFE)
        #expect(font.rows("一") == [" ▀▀▀▀▀▀▀▀▀▀▀▀▀▀"])
    }

    @Test func aMissingFileIsSaidNotFatal() {
        #expect(throws: BlockFont.LoadError(exists: false)) { try BlockFont.load(path: "/nonexistent/unifont.hex", for: ["A"]) }
        #expect(throws: BlockFont.LoadError(exists: true), "a file that is not Unifont's") {
            try BlockFont.load(path: #filePath, for: ["A"])
        }
    }

    @Test(.enabled(if: Unifont.usable, "GNU Unifont is not installed (apt-get install unifont, or make deps)"))
    func unifontHasEveryCharacterTheKioskDrawsLarge() throws {
        let font = try Unifont.load()
        for text in BlockFont.kioskStrings {
            #expect(font.rows(text) != nil, "\(text) has a glyph for each character")
        }
        // A CJK glyph is 16 columns and 8 rows: four of them and their spacing fit 80×24 with room.
        let finger = try #require(font.rows("右手食指"))
        #expect(finger.count <= 8 && finger.allSatisfy { $0.count == 63 })
        #expect(BlockText.fitting("右手无名指", font, columns: 76) != nil, "five CJK glyphs fit 76 columns packed tight")
    }
}

@Suite("Large text on the certify and enrol screens")
struct LargeTextScreenTests {
    let due = Desk.record()

    static func blockRows(_ screen: String) -> Int {
        screen.split(separator: "\n", omittingEmptySubsequences: false).filter { $0.contains("█") || $0.contains("▀") || $0.contains("▄") }.count
    }

    @Test(.enabled(if: Unifont.usable, "GNU Unifont is not installed (apt-get install unifont, or make deps)"))
    func theFingerAndThePromptAreDrawnInBlockGlyphsOn80x24() throws {
        var desk = Desk(largeText: true, blockFont: try Unifont.load())
        desk.signIn()
        desk.open("1", due)
        desk.press(.enter)
        desk.reply(.progress(.askFinger(.rightIndex, attempt: 1, of: 3))) { $0 == .certify(due.id, again: nil) }
        desk.reply(.progress(.reader(.placeFinger(.swipe)))) { $0 == .certify(due.id, again: nil) }
        let screen = desk.screen
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(Self.blockRows(screen) >= 12, "the finger and the prompt, each several rows of half blocks:\n\(screen)")
        let font = try Unifont.load()
        let finger = try #require(font.rows("右手食指"))
        let swipe = try #require(font.rows("请划过"))
        #expect(lines.contains { $0.trimmingCharacters(in: .whitespaces) == finger[3].trimmingCharacters(in: .whitespaces) }, "右手食指 in blocks")
        #expect(lines.contains { $0.trimmingCharacters(in: .whitespaces) == swipe[3].trimmingCharacters(in: .whitespaces) }, "the reader swipes: 请划过")
        #expect(lines.count == 24 && lines.allSatisfy { TextWidth.of(String($0)) <= 80 })
        #expect(lines[0].contains("指纹认证") && lines[23].contains("Esc"), "the header and the key line still show")
        #expect(screen.contains("第1次（共3次）") && screen.contains("还剩30秒"))
        #expect(desk.request { $0 == .speak(.placeFinger(.rightIndex, .press)) } != nil)

        // F2: back to ordinary text, no blocks.
        desk.press(.function(2))
        #expect(Self.blockRows(desk.screen) == 0, "\(desk.screen)")
        #expect(desk.screen.contains("请将手指从上往下匀速划过读取器"))
    }

    @Test(.enabled(if: Unifont.usable, "GNU Unifont is not installed (apt-get install unifont, or make deps)"))
    func theResultIsDrawnInBlockGlyphs() throws {
        var desk = Desk(largeText: true, blockFont: try Unifont.load())
        desk.signIn()
        desk.open("1", due)
        desk.press(.enter)
        desk.reply(.failed(.notMatched(attempts: 3))) { $0 == .certify(due.id, again: nil) }
        let screen = desk.screen
        #expect(Self.blockRows(screen) >= 6, "未通过 in blocks:\n\(screen)")
        #expect(screen.contains("指纹认证未通过") && screen.contains("照相认证"), "and said in words, with what to do next")
        #expect(screen.split(separator: "\n", omittingEmptySubsequences: false)[23].contains("Enter"))
    }

    @Test(.enabled(if: Unifont.usable, "GNU Unifont is not installed (apt-get install unifont, or make deps)"))
    func enrolmentDrawsTheFingerTheStepsPromptAndTheOutcomeInBlockGlyphs() throws {
        let font = try Unifont.load()
        var desk = Desk(largeText: true, blockFont: font)
        desk.signIn()
        desk.open("2", due)
        desk.press(.enter)
        let asked = try #require(desk.request { if case .enroll = $0 { true } else { false } })
        guard case .enroll(_, let finger) = asked.effect else { return }
        desk.reply(.progress(.enrolFinger(finger, stages: 5))) { if case .enroll = $0 { true } else { false } }
        desk.reply(.progress(.reader(.enrollStage(done: 1, of: 5)))) { if case .enroll = $0 { true } else { false } }
        let scan = desk.screen
        let lines = scan.split(separator: "\n", omittingEmptySubsequences: false)
        let name = try #require(font.rows(Message.screen(.blockFinger(finger)).text(.chinese)))
        let lift = try #require(font.rows("请抬起"))
        #expect(lines.contains { $0.trimmingCharacters(in: .whitespaces) == name[2].trimmingCharacters(in: .whitespaces) }, "\(scan)")
        #expect(lines.contains { $0.trimmingCharacters(in: .whitespaces) == lift[2].trimmingCharacters(in: .whitespaces) },
                "a stage done: lift the finger:\n\(scan)")
        #expect(lines.count == 24 && lines[23].contains("Esc") && scan.contains("第2步，共5步"))
        let template = FingerprintTemplate(data: [1], driver: "virtual_device", deviceID: "0", finger: finger, storedOnDevice: false)
        let print = StoredPrint(id: "p", residentID: due.id, finger: finger, template: template, enrolledAt: Desk.now)
        desk.reply(.enrolled(print, fingers: [.rightIndex, finger])) { if case .enroll = $0 { true } else { false } }
        let done = desk.screen
        #expect(Self.blockRows(done) >= 6 && done.contains("已录入左手食指"), "录入成功 in blocks and in words:\n\(done)")
    }

    @Test func withoutTheFontLargeTextIsSpacedOutAsBefore() {
        var desk = Desk(largeText: true, blockFont: nil)
        desk.signIn()
        desk.open("1", due)
        desk.press(.enter)
        desk.reply(.progress(.askFinger(.rightIndex, attempt: 1, of: 3))) { $0 == .certify(due.id, again: nil) }
        #expect(Self.blockRows(desk.screen) == 5, "only the counter's block digits:\n\(desk.screen)")
        #expect(desk.screen.contains("正 在 准 备"), "the prompt spaced out")
    }

    static func resident(_ desk: Desk) -> String {
        var canvas = Canvas(rows: 24, columns: 80)
        desk.app.drawResident(&canvas)
        return canvas.text
    }

    @Test(.enabled(if: Unifont.usable, "GNU Unifont is not installed (apt-get install unifont, or make deps)"))
    func theResidentsTerminalShowsOnlyTheFingerThePromptAndTheResult() throws {
        var desk = Desk(largeText: false, blockFont: try Unifont.load())
        desk.signIn()
        desk.open("1", due)
        #expect(Self.resident(desk).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "nothing before the scan")
        desk.press(.function(3))
        desk.press(.enter)
        desk.reply(.progress(.askFinger(.rightIndex, attempt: 1, of: 3))) { $0 == .certify(due.id, again: nil) }
        let scan = Self.resident(desk)
        #expect(Self.blockRows(scan) >= 12, "the finger and the prompt in blocks, without large text on the staff's screen:\n\(scan)")
        #expect(Self.blockRows(desk.screen) == 0)
        let font = try Unifont.load()
        let finger = try #require(font.rows("右手食指"))
        #expect(scan.contains(finger[2].trimmingCharacters(in: .whitespaces)), "in Chinese, whatever the staff's language")
        #expect(!scan.contains("李秀英") && !scan.contains("230103") && !scan.contains("Esc"), "no name, no ID number, no keys")
        desk.reply(.failed(.notMatched(attempts: 3))) { $0 == .certify(due.id, again: nil) }
        let result = Self.resident(desk)
        #expect(Self.blockRows(result) >= 6 && result.contains("指纹认证没有通过，请听工作人员安排"), "\(result)")
        desk.press(.enter)
        #expect(Self.resident(desk).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "blank once staff move on")
    }

    @Test func speechNamesTheFingerAndWhatTheReaderWants() {
        #expect(Message.Spoken.placeFinger(.rightIndex, .press).mandarin == "请按压右手食指")
        #expect(Message.Spoken.placeFinger(.leftThumb, .swipe).mandarin == "请将左手拇指从上往下划过读取器")
        #expect(Message.Spoken.placeFinger(nil, .press).mandarin == "请按压手指")
    }
}
