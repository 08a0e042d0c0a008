import Domain

/// Labelled fields typed one after another: Tab, ↓ or Enter to the next, ↑ to the one before.
struct Form {
    var labels: [Message.ScreenText]
    var fields: [TextField]
    var focus = 0

    init(_ fields: [(Message.ScreenText, TextField)]) {
        labels = fields.map(\.0)
        self.fields = fields.map(\.1)
    }

    subscript(_ index: Int) -> TextField { fields[index] }

    var isOnLastField: Bool { focus == fields.count - 1 }

    /// Moves between fields and types into the focused one. Enter on the last field is left to
    /// the screen (it submits); other keys the form does not use return false.
    mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .tab, .down:
            focus = (focus + 1) % fields.count
            return true
        case .backTab, .up:
            focus = (focus + fields.count - 1) % fields.count
            return true
        case .enter where !isOnLastField:
            focus += 1
            return true
        default:
            return fields[focus].handle(key)
        }
    }

    /// Returns the rows used.
    @discardableResult
    func draw(_ canvas: inout Canvas, row: Int, _ area: Area, _ context: AppContext, enabled: Bool, spacing: Int = 1) -> Int {
        let labelWidth = min(16, labels.map { TextWidth.of(context.text($0)) }.max() ?? 0)
        for (index, field) in fields.enumerated() {
            field.draw(&canvas, row: row + index * (spacing + 1), column: area.left, labelWidth: labelWidth,
                       width: min(area.columns, labelWidth + 50), label: context.text(labels[index]), focused: enabled && index == focus)
        }
        if !enabled { canvas.cursor = nil }
        return fields.count * (spacing + 1)
    }
}
