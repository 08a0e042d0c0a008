import Domain
import Desk

/// The supervisor's lists: due this month and overdue (for reminder calls, so with phones in
/// full), suspended, for the city bureau, and today's certifications here. Paged; ID numbers
/// masked. Each list shown leaves an audit entry, as `kiosk report` does; Enter opens the chosen
/// resident's card.
struct ReportsScreen: Screen {
    var kind: ReportKind = .dueThisMonth
    var lines: [ResidentReportLine]?
    var today: [(certification: KioskCertification, resident: Resident)]?
    var selected = 0
    var busy = false
    var problem: Message?

    func title(_ context: AppContext) -> String { context.text(.menuReports) }

    func keys(_ context: AppContext) -> [KeyHint] {
        [KeyHint("←→", .otherList), KeyHint("PgUp PgDn", .page), KeyHint("Enter", .open), KeyHint("Esc", .back)]
    }

    /// Back from a resident's card, the list stays as it was, at the same line.
    mutating func appear(_ context: AppContext) -> [Action] { lines == nil && today == nil ? load() : [] }

    private mutating func load() -> [Action] {
        lines = nil
        today = nil
        selected = 0
        problem = nil
        return [.perform(.loadReport(kind))]
    }

    /// The residents listed, in order.
    private var residents: [ResidentID] { lines?.map { $0.resident.id } ?? today?.map { $0.resident.id } ?? [] }

    mutating func handle(_ key: Key, _ context: AppContext) -> [Action]? {
        guard !busy else { return key == .escape ? nil : [] }
        let count = residents.count
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
        case .enter:
            guard residents.indices.contains(selected) else { return [] }
            busy = true
            problem = nil
            return [.perform(.lookUp(residents[selected]))]
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
        case .todayReport(let certifications) where kind == .today: today = certifications
        case .resident(let record):
            busy = false
            return [.push(LookUpScreen(record, context))]
        case .failed(let error):
            busy = false
            problem = .error(error)
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
        case .today: .reportToday
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
        let wide = area.columns >= 110
        let header: [String]
        let widths: [Int]
        let rows: [[String]]
        if let today {
            header = [Message.Label.time, .idNumber, .name, .method, .staff].map { context.text(.label($0)) }
            widths = [9, 20, 10, 14, area.columns - 57]
            rows = today.map { certification, resident in
                [String(certification.certifiedAt.description.suffix(8)), resident.id.masked, resident.name,
                 context.text(.method(certification.method)), certification.staffName]
            }
        } else if let lines {
            header = [context.text(.label(.idNumber)), context.text(.label(.name)), context.text(.label(.community)),
                      context.text(.label(.phone)), context.text(.label(.status))] + (wide ? [context.text(.label(.address))] : [])
            widths = wide ? [20, 10, 12, 13, 24, area.columns - 85] : [20, 10, 12, 13, area.columns - 59]
            rows = lines.map { line in
                let resident = line.resident
                // Reminder calls need the number; the list is a supervisor's and its showing is audited.
                let phone = kind.isForCalling ? resident.phone : resident.phone.map(ResidentSummary.maskPhone)
                return [resident.id.masked, resident.name, resident.community ?? "", phone ?? "",
                        wide ? context.text(.statusLine(line.status, context.policy)) : context.text(.statusName(line.status.code))]
                    + (wide ? [resident.address ?? ""] : [])
            }
        } else {
            canvas.text(context.text(.loading), row: area.top + 2, column: area.left, style: .dim)
            return
        }
        let visible = area.rows - 4
        // The selected line stays on screen; pages turn by a screenful.
        let top = (selected / max(1, visible)) * max(1, visible)
        drawRow(header, widths: widths, &canvas, row: area.top + 2, left: area.left, style: .label)
        if rows.isEmpty {
            canvas.text(context.text(.reportEmpty), row: area.top + 3, column: area.left, style: .dim)
        }
        for (offset, cells) in rows.dropFirst(top).prefix(visible).enumerated() {
            drawRow(cells, widths: widths, &canvas, row: area.top + 3 + offset, left: area.left,
                    style: top + offset == selected ? .selected : .normal)
        }
        let pages = max(1, (rows.count + visible - 1) / max(1, visible))
        canvas.text(context.text(.pageOf(page: top / max(1, visible) + 1, of: pages, lines: rows.count)),
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
