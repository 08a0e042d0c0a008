import Domain

/// How a cell looks. The terminal maps each style to colours, or to bold / reverse / underline on
/// a terminal without colours, so every screen reads the same in monochrome.
public enum Style: UInt8, CaseIterable, Sendable {
    case normal, title, label, dim, key, field, focused, selected, good, bad, warning, banner, paper
}

/// A screen's worth of cells, drawn by the screens and shown by the terminal. Pure, so tests can
/// read exactly what a person would see. A wide (Chinese) character takes two cells: its own and
/// a continuation cell, and nothing ever splits one.
public struct Canvas: Sendable {
    struct Cell: Hashable, Sendable {
        var character: Character = " "
        var style: Style = .normal
        var continuation = false
    }

    public let rows: Int
    public let columns: Int
    private(set) var cells: [Cell]
    /// Where the terminal shows its cursor (the field being typed into), or nil to hide it.
    public var cursor: (row: Int, column: Int)?

    public init(rows: Int, columns: Int) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
        cells = Array(repeating: Cell(), count: self.rows * self.columns)
    }

    /// Writes `text` from (row, column), cut at `width` columns (or the right edge) with `…`;
    /// returns the columns used. Characters a terminal would act on are drawn as visible escapes
    /// (`TerminalText`), so nothing in a record can move the cursor or reorder the screen.
    @discardableResult
    public mutating func text(_ text: String, row: Int, column: Int, style: Style = .normal, width: Int? = nil) -> Int {
        guard row >= 0, row < rows, column < columns else { return 0 }
        let limit = min(columns - max(column, 0), width ?? Int.max)
        guard limit > 0 else { return 0 }
        let fitted = TextWidth.truncate(TerminalText.escaped(text), to: limit)
        var x = column
        for character in fitted where TextWidth.of(String(character)) > 0 {
            x += put(character, row: row, column: x, style: style)
        }
        return x - column
    }

    /// One character at (row, column), which `text` has made sure fits; returns its width.
    private mutating func put(_ character: Character, row: Int, column: Int, style: Style) -> Int {
        let width = TextWidth.of(String(character)) == 2 ? 2 : 1
        guard column >= 0 else { return width }
        set(Cell(character: character, style: style), row: row, column: column)
        if width == 2 { set(Cell(character: " ", style: style, continuation: true), row: row, column: column + 1) }
        return width
    }

    /// Sets one cell, blanking the other half of any wide character it overwrites.
    private mutating func set(_ cell: Cell, row: Int, column: Int) {
        let index = row * columns + column
        if cells[index].continuation, column > 0 {
            cells[index - 1] = Cell(character: " ", style: cells[index - 1].style)
        }
        if !cells[index].continuation, column + 1 < columns, cells[index + 1].continuation {
            cells[index + 1] = Cell(character: " ", style: cells[index + 1].style)
        }
        cells[index] = cell
    }

    /// Paints `width` cells of a row (to the right edge by default) blank in `style`.
    public mutating func fill(row: Int, column: Int = 0, width: Int? = nil, style: Style) {
        guard row >= 0, row < rows else { return }
        let end = min(columns, column + (width ?? columns))
        for x in max(0, column)..<max(max(0, column), end) { set(Cell(character: " ", style: style), row: row, column: x) }
    }

    /// Text wrapped to `width` columns from (row, column), at most `maxRows` lines; returns the rows used.
    @discardableResult
    public mutating func paragraph(_ text: String, row: Int, column: Int, width: Int, maxRows: Int = .max, style: Style = .normal) -> Int {
        // Escaped before wrapping, so an escape is measured as the columns it takes.
        let lines = TextWidth.wrap(TerminalText.escapedLines(text), to: width)
        let shown = lines.prefix(maxRows)
        for (offset, line) in shown.enumerated() {
            let cut = offset == shown.count - 1 && lines.count > shown.count ? TextWidth.truncate(line + "  …", to: width) : line
            self.text(cut, row: row + offset, column: column, style: style, width: width)
        }
        return shown.count
    }

    /// The row as text, wide characters once, trailing spaces kept: what a person sees.
    public func line(_ row: Int) -> String {
        guard row >= 0, row < rows else { return "" }
        var text = ""
        for column in 0..<columns where !cells[row * columns + column].continuation {
            text.append(cells[row * columns + column].character)
        }
        return text
    }

    /// The whole screen as lines with trailing spaces removed.
    public var text: String {
        (0..<rows).map { String(line($0).reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n")
    }

    public func style(row: Int, column: Int) -> Style { cells[row * columns + column].style }

    /// Runs of one style along a row: where each starts and its text, for the terminal to write.
    func runs(_ row: Int) -> [(column: Int, text: String, style: Style)] {
        var runs: [(column: Int, text: String, style: Style)] = []
        var column = 0
        while column < columns {
            let style = cells[row * columns + column].style
            let start = column
            var text = ""
            while column < columns, cells[row * columns + column].style == style {
                let cell = cells[row * columns + column]
                if !cell.continuation { text.append(cell.character) }
                column += 1
            }
            runs.append((start, text, style))
        }
        return runs
    }
}
