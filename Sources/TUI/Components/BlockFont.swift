import Domain
import Foundation

/// Glyphs of GNU Unifont (its `.hex` format: one line per code point, `XXXX:` then 32 hex digits
/// for an 8×16 glyph or 64 for a 16×16 one, rows top to bottom), drawn with half blocks: two pixel
/// rows to a terminal row, so a line of glyphs is eight rows high and a CJK glyph 16 columns wide.
/// Only the glyphs the kiosk's large text uses are kept, read once at start.
public struct BlockFont: Hashable, Sendable {
    /// One glyph: `width` columns (8 or 16) by 16 rows; in each row the high bit is the left column.
    struct Glyph: Hashable, Sendable {
        var width: Int
        var rows: [UInt16]

        func ink(row: Int, column: Int) -> Bool { rows[row] >> (width - 1 - column) & 1 == 1 }

        /// The right-hand column Unifont leaves blank between glyphs.
        var blankRight: Bool { rows.allSatisfy { $0 & 1 == 0 } }
    }

    /// The file is absent, or there but unreadable or not in Unifont's format.
    public struct LoadError: Error, Hashable, Sendable {
        public var exists: Bool
    }

    static let pixelRows = 16
    var glyphs: [Unicode.Scalar: Glyph]

    init(glyphs: [Unicode.Scalar: Glyph]) { self.glyphs = glyphs }

    /// The glyphs of every character of `strings` found in `hex` (a whole `.hex` file, sorted by
    /// code point as Unifont ships it): each is found by bisection, without reading the rest.
    init(hex bytes: [UInt8], for strings: [String]) {
        var glyphs: [Unicode.Scalar: Glyph] = [:]
        for scalar in Set(strings.flatMap(\.unicodeScalars)) {
            if let glyph = Self.find(scalar.value, in: bytes) { glyphs[scalar] = glyph }
        }
        self.init(glyphs: glyphs)
    }

    /// Reads the font file at `path`, keeping the glyphs `strings` use.
    public static func load(path: String, for strings: [String]) throws(LoadError) -> BlockFont {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(exists: FileManager.default.fileExists(atPath: path))
        }
        let font = BlockFont(hex: [UInt8](data), for: strings)
        guard !font.glyphs.isEmpty else { throw LoadError(exists: true) }
        return font
    }

    /// Every string the kiosk draws in block glyphs, in each language: the glyphs to load.
    public static var kioskStrings: [String] {
        let texts: [Message.ScreenText] = Finger.allCases.map { .blockFinger($0) }
            + [.blockPlace(.press), .blockPlace(.swipe), .blockLift, .blockRetry, .blockCertified, .blockNotCertified, .blockEnrolled]
        return Language.allCases.flatMap { language in texts.map { Message.screen($0).text(language) } }
    }

    /// One line of the file, `XXXX:` and the glyph's hex digits; nil when it is not one.
    static func parse<Line: Collection<UInt8>>(_ line: Line) -> (code: UInt32, glyph: Glyph)? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), let code = hexValue(line[..<colon]) else { return nil }
        let digits = Array(line[line.index(after: colon)...].prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") })
        guard digits.count == 32 || digits.count == 64 else { return nil }
        let perRow = digits.count / pixelRows
        var rows: [UInt16] = []
        for row in 0..<pixelRows {
            guard let value = hexValue(digits[row * perRow..<(row + 1) * perRow]) else { return nil }
            rows.append(UInt16(value))
        }
        return (code, Glyph(width: perRow * 4, rows: rows))
    }

    private static func hexValue<Digits: Collection<UInt8>>(_ digits: Digits) -> UInt32? {
        guard !digits.isEmpty, digits.count <= 8 else { return nil }
        var value: UInt32 = 0
        for digit in digits {
            let nibble: UInt8
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = digit - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = digit - UInt8(ascii: "A") + 10
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = digit - UInt8(ascii: "a") + 10
            default: return nil
            }
            value = value << 4 | UInt32(nibble)
        }
        return value
    }

    /// Bisects the file's bytes for the line of `code`: each probe reads the line around it.
    static func find(_ code: UInt32, in bytes: [UInt8]) -> Glyph? {
        var low = 0
        var high = bytes.count
        while low < high {
            var start = (low + high) / 2
            while start > low, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            guard let line = parse(bytes[start..<end]) else { return nil }
            if line.code == code { return line.glyph }
            if line.code < code { low = end + 1 } else { high = start }
        }
        return nil
    }

    /// `text` as rows of half blocks (`▀ ▄ █` and spaces), blank rows above and below left out;
    /// nil when a character has no glyph. `tight` drops the blank column after each glyph.
    func rows(_ text: String, tight: Bool = false) -> [String]? {
        var line: [Glyph] = []
        for scalar in text.unicodeScalars {
            guard let glyph = glyphs[scalar] else { return nil }
            line.append(glyph)
        }
        var rows: [String] = []
        for row in stride(from: 0, to: Self.pixelRows, by: 2) {
            var text = ""
            for glyph in line {
                let columns = tight && glyph.blankRight ? glyph.width - 1 : glyph.width
                for column in 0..<columns {
                    switch (glyph.ink(row: row, column: column), glyph.ink(row: row + 1, column: column)) {
                    case (true, true): text += "█"
                    case (true, false): text += "▀"
                    case (false, true): text += "▄"
                    case (false, false): text += " "
                    }
                }
            }
            rows.append(text)
        }
        while let first = rows.first, first.allSatisfy({ $0 == " " }) { rows.removeFirst() }
        while let last = rows.last, last.allSatisfy({ $0 == " " }) { rows.removeLast() }
        // A trailing blank column is spacing between glyphs, not part of the line.
        while !rows.isEmpty, rows.allSatisfy({ $0.last == " " }) { rows = rows.map { String($0.dropLast()) } }
        return rows
    }
}

/// Large text in block glyphs: centred in an area when the font has it and it fits, else nothing.
enum BlockText {
    /// Draws `text` from `row`, centred across `area`, in at most `maxRows` rows; returns the rows
    /// used, or nil (nothing drawn) when there is no font, a glyph is missing, or it does not fit.
    static func draw(_ text: String, _ font: BlockFont?, _ canvas: inout Canvas, row: Int, _ area: Area, maxRows: Int,
                     style: Style = .title) -> Int? {
        guard let font, let rows = fitting(text, font, columns: area.columns), rows.count <= maxRows, !rows.isEmpty else { return nil }
        let width = rows.map(\.count).max() ?? 0
        let column = area.left + (area.columns - width) / 2
        for (offset, line) in rows.enumerated() {
            canvas.text(line, row: row + offset, column: column, style: style)
        }
        return rows.count
    }

    /// The rows of `text` with the glyphs' spacing, else packed tight, if either fits `columns`.
    static func fitting(_ text: String, _ font: BlockFont, columns: Int) -> [String]? {
        for tight in [false, true] {
            if let rows = font.rows(text, tight: tight), rows.allSatisfy({ $0.count <= columns }) { return rows }
        }
        return nil
    }
}
