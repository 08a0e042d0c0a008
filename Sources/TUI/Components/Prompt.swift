import Domain

/// The line the resident reads: what to do with the finger now. In large-text mode it is a taller
/// band with the characters spaced apart, and counters are drawn in block digits.
enum Prompt {
    /// Draws `text` as a band across `area` from `row`; returns the rows used.
    @discardableResult
    static func draw(_ text: String, _ canvas: inout Canvas, row: Int, _ area: Area, large: Bool, style: Style = .banner) -> Int {
        guard large else {
            canvas.fill(row: row, column: area.left, width: area.columns, style: style)
            canvas.text(TextWidth.center(text, in: area.columns), row: row, column: area.left, style: style, width: area.columns)
            return 1
        }
        let spaced = text.map { TextWidth.of(String($0)) == 2 ? String($0) + " " : String($0) }.joined()
        let lines = TextWidth.wrap(spaced, to: area.columns - 4)
        let height = lines.count + 2
        for offset in 0..<height { canvas.fill(row: row + offset, column: area.left, width: area.columns, style: style) }
        for (offset, line) in lines.enumerated() {
            canvas.text(TextWidth.center(line, in: area.columns), row: row + 1 + offset, column: area.left, style: style, width: area.columns)
        }
        return height
    }

    /// `text` (digits and `/`) in block digits five rows tall, from (row, column); returns the columns used.
    @discardableResult
    static func bigDigits(_ text: String, _ canvas: inout Canvas, row: Int, column: Int, style: Style = .title) -> Int {
        var x = column
        for character in text {
            guard let glyph = glyphs[character] else { continue }
            for (offset, line) in glyph.enumerated() {
                canvas.text(line.replacingOccurrences(of: "#", with: "█"), row: row + offset, column: x, style: style)
            }
            x += 4
        }
        return x - column
    }

    static let glyphs: [Character: [String]] = [
        "0": ["###", "# #", "# #", "# #", "###"], "1": [" # ", "## ", " # ", " # ", "###"],
        "2": ["###", "  #", "###", "#  ", "###"], "3": ["###", "  #", "###", "  #", "###"],
        "4": ["# #", "# #", "###", "  #", "  #"], "5": ["###", "#  ", "###", "  #", "###"],
        "6": ["###", "#  ", "###", "# #", "###"], "7": ["###", "  #", "  #", "  #", "  #"],
        "8": ["###", "# #", "###", "# #", "###"], "9": ["###", "# #", "###", "  #", "###"],
        "/": ["  #", "  #", " # ", "#  ", "#  "],
    ]
}
