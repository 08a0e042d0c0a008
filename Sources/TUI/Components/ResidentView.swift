import Domain

/// What the resident's own terminal shows (`kiosk run --resident-tty`): the finger, what to do with
/// it and the result, in block glyphs, always in Chinese (it is for them, as the speech is); no
/// names, no ID numbers, no keys. Between scans it is blank.
struct ResidentView: Hashable {
    struct Line: Hashable {
        /// A few words, in block glyphs when the font has them and they fit.
        var block: Message.ScreenText
        var style: Style
    }

    var lines: [Line]
    /// The full sentence under the glyphs, in ordinary text.
    var words: String?

    static let language = Language.chinese

    /// The finger and the prompt during a scan.
    static func scan(_ scan: ScanState, _ context: AppContext) -> ResidentView {
        var lines: [Line] = []
        if let finger = scan.finger { lines.append(Line(block: .blockFinger(finger), style: .label)) }
        lines.append(Line(block: scan.blockPrompt ?? .blockPlace(context.scanType), style: scan.coachingIsProblem ? .warning : .normal))
        return ResidentView(lines: lines, words: nil)
    }

    /// Draws the lines one under another, centred on the canvas; a line the font cannot draw in the
    /// width is spaced out instead.
    func draw(_ canvas: inout Canvas, font: BlockFont?) {
        let area = Area(top: 0, left: 1, rows: canvas.rows, columns: max(1, canvas.columns - 2))
        let texts = lines.map { Message.screen($0.block).text(Self.language) }
        let heights = texts.map { text in font.flatMap { BlockText.fitting(text, $0, columns: area.columns)?.count } ?? 3 }
        let total = heights.reduce(0, +) + max(0, lines.count - 1) + (words == nil ? 0 : 2)
        var row = max(0, (canvas.rows - total) / 2)
        for (line, text) in zip(lines, texts) {
            if let used = BlockText.draw(text, font, &canvas, row: row, area, maxRows: canvas.rows - row, style: line.style) {
                row += used + 1
            } else {
                row += Prompt.draw(text, &canvas, row: row, area, large: true, style: line.style == .normal ? .banner : line.style) + 1
            }
        }
        if let words {
            canvas.paragraph(TextWidth.center(words, in: area.columns), row: row + 1, column: area.left, width: area.columns,
                             maxRows: max(1, canvas.rows - row - 1))
        }
    }
}
