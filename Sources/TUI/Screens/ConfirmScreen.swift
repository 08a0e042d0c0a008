import Domain

/// "Are you sure?" over the screen that asked: only Y or F9 does it (an Enter pressed once too
/// often must not record a death; F9 because a Chinese input method takes the Y); N or Esc does not. Nothing destructive happens without one. Yes closes the dialog and then runs `yes` for the screen
/// below (usually `.confirmed(answer)`, so that screen does the work and shows its progress).
struct ConfirmScreen: Screen {
    var question: Message.ScreenText
    /// Words in no language (an alert's number).
    var detail: String?
    /// Lines drawn in the language of the moment, one a line.
    var lines: [Message]
    var yes: [Action]

    init(question: Message.ScreenText, detail: String? = nil, lines: [Message] = [], yes: [Action]) {
        self.question = question
        self.detail = detail
        self.lines = lines
        self.yes = yes
    }

    init(question: Message.ScreenText, detail: String? = nil, lines: [Message] = [], answer: String) {
        self.init(question: question, detail: detail, lines: lines, yes: [.confirmed(answer)])
    }

    func title(_ context: AppContext) -> String { context.text(.confirmTitle) }

    func keys(_ context: AppContext) -> [KeyHint] { [KeyHint(.yes, also: "F9"), KeyHint(.no, also: "Esc")] }

    mutating func handle(_ key: Key, _ context: AppContext) -> [Action]? {
        switch key {
        case LetterKey.yes, .function(9): return [.pop] + yes
        case LetterKey.no, .escape: return [.pop]
        // F10 signs out; F2 and F3 change the text's size and language, and the question is redrawn in them.
        case .function(10), .function(2), .function(3): return nil
        default: return []
        }
    }

    func draw(_ canvas: inout Canvas, _ area: Area, _ context: AppContext) {
        let width = min(area.columns, 64)
        let left = area.left + (area.columns - width) / 2
        let text = TextWidth.wrap(context.text(question), to: width - 4) + (detail.map { TextWidth.wrap($0, to: width - 4) } ?? [])
            + lines.flatMap { TextWidth.wrap(context.text($0), to: width - 4) }
        let height = text.count + 4
        let top = area.top + max(0, (area.rows - height) / 2)
        for row in top..<(top + height) { canvas.fill(row: row, column: left, width: width, style: .selected) }
        for (offset, line) in text.enumerated() {
            canvas.text(line, row: top + 1 + offset, column: left + 2, style: .selected, width: width - 4)
        }
        canvas.text(context.text(.yesNo), row: top + height - 2, column: left + 2, style: .selected, width: width - 4)
        canvas.cursor = nil
    }
}
