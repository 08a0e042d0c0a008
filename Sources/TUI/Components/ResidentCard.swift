import Domain
import Desk

/// A resident as staff see them on the screen: masked ID number and phone, the status in words
/// and what to do next. Full on the lookup screen, compact above a certification or a form.
struct ResidentCard {
    let record: ResidentRecord

    init(_ record: ResidentRecord) {
        self.record = record
    }

    /// Built at each drawing, in the language of the moment: F3 redraws an open card in the other one.
    private func summary(_ context: AppContext) -> ResidentSummary {
        ResidentSummary(file: record.file, status: record.status, reveal: false, policy: context.policy, language: context.language)
    }

    static func style(of code: ResidentStatus.Code) -> Style {
        switch code {
        case .certified: .good
        case .due, .overdue, .suspended: .warning
        case .referToCityBureau, .deceased, .notServedHere: .bad
        }
    }

    /// Name, masked ID and status on one line; the status and the next step below. Returns the rows used.
    @discardableResult
    func drawCompact(_ canvas: inout Canvas, _ area: Area, _ context: AppContext, maxRows: Int = 7) -> Int {
        let resident = record.file.resident
        let summary = self.summary(context)
        var column = area.left
        column += canvas.text(resident.name, row: area.top, column: column, style: .title, width: area.columns / 3) + 2
        column += canvas.text(resident.id.masked, row: area.top, column: column) + 2
        canvas.text(context.text(.statusName(record.status.code)), row: area.top, column: column,
                    style: Self.style(of: record.status.code), width: area.right - column)
        var row = area.top + 1
        guard maxRows > 1 else { return 1 }
        row += canvas.paragraph(summary.statusText, row: row, column: area.left, width: area.columns, maxRows: min(2, maxRows - 1))
        let left = maxRows - (row - area.top) - 1
        if left > 0 {
            row += canvas.paragraph(context.text(.label(.nextStep)) + context.language.pick("：", ": ") + summary.nextStep,
                                    row: row, column: area.left, width: area.columns, maxRows: left, style: .label)
        }
        row += drawFingers(&canvas, row: row, area, context)
        return row - area.top
    }

    /// Every field, labelled, values wrapped beside their labels. Returns the rows used.
    @discardableResult
    func drawFull(_ canvas: inout Canvas, _ area: Area, _ context: AppContext) -> Int {
        let rows = summary(context).rows
        let labelWidth = min(14, rows.map { TextWidth.of($0.label) }.max() ?? 0)
        var row = area.top
        for (label, value) in rows where row < area.bottom - 1 {
            canvas.text(label, row: row, column: area.left, style: .label, width: labelWidth)
            let style: Style = label == context.text(.label(.status)) ? Self.style(of: record.status.code) : .normal
            row += canvas.paragraph(value, row: row, column: area.left + labelWidth + 2, width: area.columns - labelWidth - 2,
                                    maxRows: max(1, area.bottom - 1 - row), style: style)
        }
        row += drawFingers(&canvas, row: row, area, context)
        return row - area.top
    }

    private func drawFingers(_ canvas: inout Canvas, row: Int, _ area: Area, _ context: AppContext) -> Int {
        guard row < area.bottom else { return 0 }
        let fingers = record.fingers.isEmpty ? context.text(.noFingersEnrolled)
            : record.fingers.map { context.text(.finger($0)) }.joined(separator: context.language.pick("、", ", "))
        canvas.text(context.text(.enrolledFingers) + fingers, row: row, column: area.left, style: .dim, width: area.columns)
        return 1
    }
}
