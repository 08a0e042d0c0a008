import Domain
import Desk

/// The supervisor's lists: due this month (for reminder calls), overdue, suspended, for the city
/// bureau. Paged; ID numbers and phones masked. Each list shown leaves an audit entry.
struct ReportsScreen: Screen {
    var kind: ReportKind = .dueThisMonth
    var lines: [ResidentReportLine]?
    var first = 0
    var selected = 0
    var problem: Message?

    func title(_ context: AppContext) -> String { context.text(.menuReports) }

    func keys(_ context: AppContext) -> [KeyHint] {
        [KeyHint("←→", .otherList), KeyHint("PgUp PgDn", .page), KeyHint("Esc", .back)]
    }

    mutating func appear(_ context: AppContext) -> [Action] { load() }

    private mutating func load() -> [Action] {
        lines = nil
        first = 0
        selected = 0
        problem = nil
        return [.perform(.loadReport(kind))]
    }

    mutating func handle(_ key: Key, _ context: AppContext) -> [Action]? {
        let count = lines?.count ?? 0
        // The page size the last drawing used is not known here; a screenful at 80x24 is 16 lines.
        let page = 16
        switch key {
        case .right, .tab:
            kind = ReportKind(rawValue: (kind.rawValue + 1) % ReportKind.allCases.count)!
            return load()
        case .left, .backTab:
            kind = ReportKind(rawValue: (kind.rawValue + ReportKind.allCases.count - 1) % ReportKind.allCases.count)!
            return load()
        case .character(let character) where character.wholeNumberValue.map { (1...ReportKind.allCases.count).contains($0) } == true:
            kind = ReportKind(rawValue: character.wholeNumberValue! - 1)!
            return load()
        case .down: selected = min(max(0, count - 1), selected + 1)
        case .up: selected = max(0, selected - 1)
        case .pageDown: selected = min(max(0, count - 1), selected + page)
        case .pageUp: selected = max(0, selected - page)
        case .home: selected = 0
        case .end: selected = max(0, count - 1)
        default: return nil
        }
        return []
    }

    mutating func receive(_ reply: Reply, _ context: AppContext) -> [Action] {
        switch reply {
        case .report(let kind, let lines) where kind == self.kind: self.lines = lines
        case .failed(let error): problem = .error(error)
        default: break
        }
        return []
    }

    static func label(_ kind: ReportKind) -> Message.ScreenText {
        switch kind {
        case .dueThisMonth: .reportDue
        case .overdue: .reportOverdue
        case .suspended: .reportSuspended
        case .referred: .reportReferred
        }
    }

    func draw(_ canvas: inout Canvas, _ area: Area, _ context: AppContext) {
        canvas.cursor = nil
        var column = area.left
        for (index, kind) in ReportKind.allCases.enumerated() {
            let text = " \(index + 1) " + context.text(Self.label(kind)) + " "
            column += canvas.text(text, row: area.top, column: column, style: kind == self.kind ? .selected : .key) + 1
        }
        if let problem {
            canvas.paragraph(context.text(problem), row: area.top + 2, column: area.left, width: area.columns, maxRows: 3, style: .bad)
            return
        }
        guard let lines else {
            canvas.text(context.text(.loading), row: area.top + 2, column: area.left, style: .dim)
            return
        }
        let visible = area.rows - 4
        // The selected line stays on screen; pages turn by a screenful.
        let top = (selected / max(1, visible)) * max(1, visible)
        let wide = area.columns >= 110
        let header = [context.text(.label(.idNumber)), context.text(.label(.name)), context.text(.label(.community)),
                      context.text(.label(.phone)), context.text(.label(.status))] + (wide ? [context.text(.label(.address))] : [])
        let widths = wide ? [20, 10, 12, 13, 24, area.columns - 85] : [20, 10, 12, 13, area.columns - 59]
        drawRow(header, widths: widths, &canvas, row: area.top + 2, left: area.left, style: .label)
        if lines.isEmpty {
            canvas.text(context.text(.reportEmpty), row: area.top + 3, column: area.left, style: .dim)
        }
        for (offset, line) in lines.dropFirst(top).prefix(visible).enumerated() {
            let resident = line.resident
            var cells = [resident.id.masked, resident.name, resident.community ?? "", resident.phone.map(ResidentSummary.maskPhone) ?? "",
                         wide ? context.text(.statusLine(line.status, context.policy)) : context.text(.statusName(line.status.code))]
            if wide { cells.append(resident.address ?? "") }
            drawRow(cells, widths: widths, &canvas, row: area.top + 3 + offset, left: area.left,
                    style: top + offset == selected ? .selected : .normal)
        }
        let pages = max(1, (lines.count + visible - 1) / max(1, visible))
        canvas.text(context.text(.pageOf(page: top / max(1, visible) + 1, of: pages, lines: lines.count)),
                    row: area.bottom - 1, column: area.left, style: .dim)
    }

    private func drawRow(_ cells: [String], widths: [Int], _ canvas: inout Canvas, row: Int, left: Int, style: Style) {
        var column = left
        if style == .selected { canvas.fill(row: row, column: left, width: widths.reduce(0, +) + widths.count, style: style) }
        for (cell, width) in zip(cells, widths) {
            canvas.text(cell, row: row, column: column, style: style, width: width)
            column += width + 1
        }
    }
}
