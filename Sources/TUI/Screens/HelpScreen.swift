import Domain

/// F1 or `?`: every key of the screen below, from the same key table as its key line, then the
/// editing keys when it takes typed text, then the frame's keys. Esc, F1 or `?` closes it.
struct HelpScreen: Screen {
    /// The screen the help is for, as it was when F1 was pressed.
    let screen: any Screen
    /// The screen was taking typed text.
    let editing: Bool

    init(for screen: any Screen, editing: Bool) {
        self.screen = screen
        self.editing = editing
    }

    static let editingKeys = [KeyHint("← →", .moveCursor), KeyHint("Home End", .toStartOrEnd), KeyHint("Backspace Del", .deleteCharacter),
                              KeyHint("Ctrl-U", .clearField)]

    func entries(_ context: AppContext) -> [KeyHint] {
        screen.keys(context) + (editing ? Self.editingKeys : []) + KioskApp.frameKeys(context)
    }

    func title(_ context: AppContext) -> String { context.text(.helpFor(screen.title(context))) }

    func keys(_ context: AppContext) -> [KeyHint] { [KeyHint("Esc", .back)] }

    mutating func handle(_ key: Key, _ context: AppContext) -> [Action]? {
        switch key {
        case .escape, .character("?"), .character("？"): [.pop]
        default: nil
        }
    }

    func draw(_ canvas: inout Canvas, _ area: Area, _ context: AppContext) {
        canvas.cursor = nil
        // Here too, as a long service point's name can leave no room for it in the header.
        canvas.text(title(context), row: area.top, column: area.left, style: .label, width: area.columns)
        let entries = entries(context)
        let keyWidth = entries.map { TextWidth.of($0.key) }.max() ?? 0
        // A second column when one is not tall enough.
        let perColumn = max(1, area.rows - 3)
        let columnWidth = entries.count > perColumn ? area.columns / 2 : area.columns
        for (index, entry) in entries.enumerated() {
            let row = area.top + 2 + index % perColumn
            let column = area.left + (index / perColumn) * columnWidth
            canvas.text(entry.key, row: row, column: column, style: .key)
            canvas.text(context.text(entry.label), row: row, column: column + keyWidth + 2, width: columnWidth - keyWidth - 3)
        }
    }
}
