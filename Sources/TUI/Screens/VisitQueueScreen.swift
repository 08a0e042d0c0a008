import Domain
import Desk

/// The open home-visit bookings, most urgent first, with the points behind the chosen one's
/// place. Enter records how a visit went; W shows the week; supervisors schedule with S.
struct VisitQueueScreen: Screen {
    var lines: [QueuedVisit]?
    var selected = 0
    var problem: Message?
    /// The last scheduling's outcome, said under the queue.
    var scheduled: ScheduleChange?
    var busy = false

    /// Visits are scheduled from tomorrow for a week at a time from this screen.
    static let scheduleDays = 7

    func title(_ context: AppContext) -> String { context.text(.menuVisits) }

    func keys(_ context: AppContext) -> [KeyHint] {
        [KeyHint("↑↓", .choose), KeyHint("Enter", .visitOutcome), KeyHint(.visitWeek)]
            + (context.may(.scheduleVisits) ? [KeyHint(.scheduleVisits)] : []) + [KeyHint("Esc", .back)]
    }

    mutating func appear(_ context: AppContext) -> [Action] { [.perform(.loadVisitQueue)] }

    mutating func handle(_ key: Key, _ context: AppContext) -> [Action]? {
        let count = lines?.count ?? 0
        switch key {
        case .up: selected = max(0, selected - 1)
        case .down: selected = min(max(0, count - 1), selected + 1)
        case .pageUp: selected = max(0, selected - 10)
        case .pageDown: selected = min(max(0, count - 1), selected + 10)
        case .enter:
            guard let lines, selected < lines.count else { return [] }
            return [.push(VisitOutcomeScreen(lines[selected]))]
        case LetterKey.visitWeek:
            return [.push(VisitWeekScreen(from: context.today.adding(days: 1)))]
        case LetterKey.scheduleVisits:
            guard context.may(.scheduleVisits), !busy else { return [] }
            return [.push(ConfirmScreen(question: .confirmSchedule(from: context.today.adding(days: 1), days: Self.scheduleDays), answer: "schedule"))]
        default: return nil
        }
        return []
    }

    mutating func confirmed(_ answer: String, _ context: AppContext) -> [Action] {
        busy = true
        return [.perform(.scheduleVisits(from: context.today.adding(days: 1), days: Self.scheduleDays))]
    }

    mutating func receive(_ reply: Reply, _ context: AppContext) -> [Action] {
        switch reply {
        case .visitQueue(let queue):
            lines = queue
            selected = min(selected, max(0, queue.count - 1))
        case .visitsScheduled(let change):
            busy = false
            scheduled = change
            return [.perform(.loadVisitQueue)]
        case .failed(let error):
            busy = false
            problem = .error(error)
        default: break
        }
        return []
    }

    func draw(_ canvas: inout Canvas, _ area: Area, _ context: AppContext) {
        canvas.cursor = nil
        guard let lines else {
            canvas.text(context.text(.loading), row: area.top, column: area.left, style: .dim)
            return
        }
        var bottom = area.bottom
        if let change = scheduled {
            let outcome = change.outcome
            let notice = context.text(.visit(.scheduleSummary(scheduled: outcome.slots.count, moved: change.moved, dropped: change.dropped,
                                                              trips: outcome.trips, visitsPerTrip: outcome.averageVisitsPerTrip)))
                + " " + context.text(.visit(.short(visits: outcome.visitsShort)))
            bottom -= canvas.paragraph(notice, row: area.bottom - 2, column: area.left, width: area.columns, maxRows: 2, style: .good)
        }
        if let problem {
            canvas.paragraph(context.text(problem), row: area.bottom - 2, column: area.left, width: area.columns, maxRows: 2, style: .bad)
            bottom = area.bottom - 2
        }
        guard !lines.isEmpty else {
            canvas.text(context.text(.visitQueueEmpty), row: area.top, column: area.left, style: .dim)
            return
        }
        // The chosen booking's reasons take the last rows above any notice.
        let why = lines[selected].priority.parts.filter { $0.points != 0 }
            .map { context.text(.visit(.factor($0.factor))) + " +\($0.points)" }.joined(separator: context.language.pick("，", ", "))
        let whyRow = bottom - 2
        canvas.text(context.text(.visitWhy) + context.language.pick("：", ": ") + why, row: whyRow, column: area.left, style: .label, width: area.columns)
        drawRow(Message.QueueColumn.allCases.map { context.text(.visit(.column($0))) }, row: area.top, &canvas, area, style: .label)
        let visible = max(1, whyRow - area.top - 2)
        let first = max(0, min(selected - visible / 2, lines.count - visible))
        for (offset, line) in lines.dropFirst(first).prefix(visible).enumerated() {
            let index = first + offset
            let row = area.top + 1 + offset
            let late = Self.isAfterDeadline(line)
            let style: Style = index == selected ? .selected : late ? .bad : .normal
            canvas.fill(row: row, column: area.left, width: area.columns, style: style)
            let state = line.visit.slot.map { "\($0.date.description.dropFirst(5)) \($0.staff)" + ($0.pinned ? "*" : "")
                + (late ? " " + context.text(.visit(.afterDeadline)) : "") }
                ?? context.text(.visit(.status(.requested)))
            drawRow([String(index + 1), String(line.priority.points), line.name, line.visit.booking.residentID.masked,
                     line.visit.booking.community, line.priority.deadline.description.dropFirst(5).description, state],
                    row: row, &canvas, area, style: style)
        }
    }

    /// Scheduled for a day after the resident's deadline: the pension stops before staff arrive.
    static func isAfterDeadline(_ line: QueuedVisit) -> Bool {
        line.visit.slot.map { $0.date > line.priority.deadline } ?? false
    }

    /// One cell per column, in the queue's columns: number, score, name, ID, community, deadline, slot.
    private func drawRow(_ cells: [String], row: Int, _ canvas: inout Canvas, _ area: Area, style: Style) {
        let starts = [0, 5, 11, 20, 39, 50, 56]
        let widths = [4, 5, 8, 18, 10, 5]
        for (index, cell) in cells.enumerated() where index < starts.count {
            let width = index < widths.count ? widths[index] : max(0, area.columns - starts[index])
            canvas.text(cell, row: row, column: area.left + starts[index], style: style, width: width)
        }
    }
}

/// How a visit went, as the staff member who went reports it: certified there (and how), or
/// no-one home, refused, another day, or cancelled with a reason. Every choice asks Y first.
struct VisitOutcomeScreen: Screen {
    var line: QueuedVisit
    var choice: (Message.ScreenText, VisitOutcome)?
    var reason = TextField(limit: 60)
    var askingReason = false
    var busy = false
    /// The visit recorded, and its receipt if it was certified there.
    var recorded: (id: String, receipt: String?)?
    var problem: Message?
    /// On a field laptop, a fingerprint outcome first verifies the finger on the portable reader:
    /// the scan, from its first word of progress until the answer.
    var scan: ScanState?

    init(_ line: QueuedVisit) { self.line = line }

    var isScanning: Bool { busy && scan != nil }
    var ticks: Bool { isScanning }

    func title(_ context: AppContext) -> String { context.text(.visitOutcome) }

    func keys(_ context: AppContext) -> [KeyHint] {
        recorded != nil ? [KeyHint("Esc", .back)] : askingReason ? [KeyHint("Enter", .save), KeyHint("Esc", .back)]
            : [KeyHint("1-6", .choose), KeyHint("Esc", .back)]
    }

    static let choices: [(Message.ScreenText, VisitOutcome?)] = [
        (.outcomeFingerprint, .certified(.fingerprint)), (.outcomePhoto, .certified(.photo)), (.outcomeNoOneHome, .missed(.noOneHome)),
        (.outcomeRefused, .missed(.refused)), (.outcomeReschedule, .anotherDay), (.outcomeCancel, nil),
    ]

    mutating func handle(_ key: Key, _ context: AppContext) -> [Action]? {
        if isScanning, key == .escape { return [.perform(.cancelScan)] }
        guard !busy, recorded == nil else { return nil }
        if askingReason {
            switch key {
            case .escape:
                askingReason = false
                return []
            case .enter:
                guard !reason.trimmed.isEmpty else {
                    problem = .screen(.noteNeeded)
                    return []
                }
                return ask(.outcomeCancel, .cancelled(reason: reason.trimmed))
            default:
                return reason.handle(key) ? [] : nil
            }
        }
        guard case .character(let character) = key, let number = character.wholeNumberValue, (1...6).contains(number) else { return nil }
        let (label, outcome) = Self.choices[number - 1]
        guard let outcome else {
            askingReason = true
            problem = nil
            return []
        }
        return ask(label, outcome)
    }

    private mutating func ask(_ label: Message.ScreenText, _ outcome: VisitOutcome) -> [Action] {
        choice = (label, outcome)
        return [.push(ConfirmScreen(question: .confirmOutcome(name: line.name, label), answer: "record"))]
    }

    mutating func confirmed(_ answer: String, _ context: AppContext) -> [Action] {
        guard let (_, outcome) = choice else { return [] }
        busy = true
        return [.perform(.recordVisit(id: line.visit.booking.id, outcome))]
    }

    mutating func receive(_ reply: Reply, _ context: AppContext) -> [Action] {
        if case .progress(let progress) = reply {
            var scan = self.scan ?? ScanState(startedAt: context.uptime)
            let actions = scan.apply(progress, context)
            self.scan = scan
            return actions
        }
        busy = false
        scan = nil
        switch reply {
        case .visitRecorded(let id, let receipt):
            recorded = (id, receipt)
            return [.perform(.bell)]
        case .failed(let error):
            problem = .error(error)
            return [.perform(.bell)]
        default:
            return []
        }
    }

    func draw(_ canvas: inout Canvas, _ area: Area, _ context: AppContext) {
        let booking = line.visit.booking
        var row = area.top
        let rows: [(String, String)] = [
            (context.text(.label(.name)), line.name + "  " + booking.residentID.masked),
            (Message.slip(.numberLabel, context.language), booking.number),
            (context.text(.visitAddress), booking.address),
            (context.text(.visitBooker), booking.booker.name + " " + booking.booker.relation + "  " + ResidentSummary.maskPhone(booking.booker.phone)),
            (context.text(.visitReason), context.text(.mobility(booking.reason)) + "  " + booking.evidence),
            (context.text(.visitSlot), line.visit.slot.map { "\($0.date) \($0.staff)" } ?? context.text(.visit(.status(.requested)))),
            (context.text(.visitNotes), booking.notes),
        ]
        for (label, value) in rows {
            canvas.text(label, row: row, column: area.left, style: .label, width: 12)
            canvas.text(value, row: row, column: area.left + 13, width: area.columns - 13)
            row += 1
        }
        row += 1
        if let recorded {
            canvas.cursor = nil
            let text = recorded.receipt.map { context.text(.visit(.completed(id: recorded.id, receipt: $0))) }
                ?? context.text(.visitRecorded) + context.language.pick("：", ": ") + context.text(choice?.0 ?? .visitRecorded)
            canvas.paragraph(text, row: row, column: area.left, width: area.columns, maxRows: 3, style: .good)
            return
        }
        for (index, choice) in Self.choices.enumerated() {
            canvas.text("\(index + 1)  " + context.text(choice.0), row: row, column: area.left, width: area.columns)
            row += 1
        }
        row += 1
        if askingReason {
            reason.draw(&canvas, row: row, column: area.left, labelWidth: 12, width: min(area.columns, 70),
                        label: context.text(.cancelReason), focused: !busy)
            row += 2
        } else {
            canvas.cursor = nil
        }
        if let scan, busy {
            scan.draw(&canvas, area.below(row - area.top), context, cancelling: false)
            return
        }
        if busy { canvas.text(context.text(.saving), row: row, column: area.left, style: .dim) }
        if let problem { canvas.paragraph(context.text(problem), row: row, column: area.left, width: area.columns, maxRows: 2, style: .bad) }
    }
}

/// The week ahead: for each visiting staff member and day, how many homes and in which
/// community. Counts only, so nothing here is anyone's personal data.
struct VisitWeekScreen: Screen {
    let from: CivilDate
    var loads: [VisitLoad]?
    var problem: Message?

    init(from: CivilDate) { self.from = from }

    func title(_ context: AppContext) -> String { context.text(.visitWeek) }

    func keys(_ context: AppContext) -> [KeyHint] { [KeyHint("Esc", .back)] }

    mutating func handle(_ key: Key, _ context: AppContext) -> [Action]? { nil }

    mutating func appear(_ context: AppContext) -> [Action] { [.perform(.loadVisitWeek(from: from, days: 7))] }

    mutating func receive(_ reply: Reply, _ context: AppContext) -> [Action] {
        switch reply {
        case .visitWeek(_, let loads): self.loads = loads
        case .failed(let error): problem = .error(error)
        default: break
        }
        return []
    }

    func draw(_ canvas: inout Canvas, _ area: Area, _ context: AppContext) {
        canvas.cursor = nil
        canvas.text(context.text(.visitWeekTitle(from: from)), row: area.top, column: area.left, style: .label, width: area.columns)
        if let problem { canvas.paragraph(context.text(problem), row: area.top + 2, column: area.left, width: area.columns, maxRows: 2, style: .bad) }
        guard let loads else { return }
        let days = (0..<7).map { from.adding(days: $0) }
        let names = Array(Set(loads.map(\.staff))).sorted()
        let nameWidth = min(10, max(6, names.map { TextWidth.of($0) }.max() ?? 6))
        let cell = max(6, (area.columns - nameWidth - 1) / 7)
        for (index, day) in days.enumerated() {
            let weekday = ["一", "二", "三", "四", "五", "六", "日"][day.weekday.rawValue - 1]
            let label = String(day.description.dropFirst(5)) + context.language.pick(weekday, "")
            canvas.text(label, row: area.top + 2, column: area.left + nameWidth + 1 + index * cell, style: .title, width: cell - 1)
        }
        guard !names.isEmpty else {
            canvas.text(context.text(.visitQueueEmpty), row: area.top + 4, column: area.left, style: .dim)
            return
        }
        for (offset, name) in names.enumerated() where area.top + 3 + offset * 2 < area.bottom {
            let row = area.top + 3 + offset * 2
            canvas.text(name, row: row, column: area.left, width: nameWidth)
            for (index, day) in days.enumerated() {
                let here = loads.filter { $0.staff == name && $0.date == day }
                guard !here.isEmpty else { continue }
                let homes = here.reduce(0) { $0 + $1.homes }
                let column = area.left + nameWidth + 1 + index * cell
                canvas.text(context.text(.visitCell(homes)), row: row, column: column, style: .good, width: cell - 1)
                canvas.text(here.map(\.community).joined(separator: ","), row: row + 1, column: column, style: .dim, width: cell - 1)
            }
        }
    }
}
