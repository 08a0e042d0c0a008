import Domain

/// Fraud alerts for a supervisor: one finger found under two identities at enrolment. Each is
/// adjudicated as fraud (the bureau acts on it) or a false match, with a note.
struct AlertsScreen: Screen {
    enum Phase {
        case list
        case resolving(FraudAlert, FraudAlert.Status)
    }

    var alerts: [FraudAlert]?
    var selected = 0
    var phase: Phase = .list
    var note = TextField(limit: 120)
    var message: Message?
    var problem: Message?

    func title(_ context: AppContext) -> String { context.text(.menuAlerts) }

    func keys(_ context: AppContext) -> [KeyHint] {
        switch phase {
        case .list: [KeyHint("↑↓", .choose), KeyHint(.markFraud), KeyHint(.markFalseMatch), KeyHint("Esc", .back)]
        case .resolving: [KeyHint("Enter", .save), KeyHint("Esc", .back)]
        }
    }

    mutating func appear(_ context: AppContext) -> [Action] { [.perform(.loadAlerts)] }

    mutating func handle(_ key: Key, _ context: AppContext) -> [Action]? {
        switch phase {
        case .list:
            let count = alerts?.count ?? 0
            switch key {
            case .up: selected = max(0, selected - 1)
            case .down: selected = min(max(0, count - 1), selected + 1)
            case LetterKey.markFraud, LetterKey.markFalseMatch:
                guard let alerts, selected < alerts.count else { return [] }
                phase = .resolving(alerts[selected], LetterKey.markFraud.matches(key) ? .fraud : .falseMatch)
                note.value = ""
                message = nil
                problem = nil
            default: return nil
            }
            return []
        case .resolving(let alert, let status):
            switch key {
            case .escape:
                phase = .list
            case .enter:
                guard !note.trimmed.isEmpty else {
                    problem = .screen(.noteNeeded)
                    return []
                }
                return [.push(ConfirmScreen(question: .confirmResolve(status == .fraud), detail: alert.id, answer: "resolve"))]
            default:
                if !note.handle(key) { return nil }
            }
            return []
        }
    }

    mutating func confirmed(_ answer: String, _ context: AppContext) -> [Action] {
        guard case .resolving(let alert, let status) = phase else { return [] }
        return [.perform(.resolveAlert(id: alert.id, status, note: note.trimmed))]
    }

    mutating func receive(_ reply: Reply, _ context: AppContext) -> [Action] {
        switch reply {
        case .alerts(let alerts):
            self.alerts = alerts
            selected = min(selected, max(0, alerts.count - 1))
        case .alertResolved(let id):
            message = .alertResolved(id: id)
            phase = .list
            return [.perform(.loadAlerts)]
        case .failed(let error):
            problem = .error(error)
        default: break
        }
        return []
    }

    func draw(_ canvas: inout Canvas, _ area: Area, _ context: AppContext) {
        canvas.cursor = nil
        guard let alerts else {
            canvas.text(context.text(.loading), row: area.top, column: area.left, style: .dim)
            return
        }
        if alerts.isEmpty { canvas.text(context.text(.noOpenAlerts), row: area.top, column: area.left, style: .good) }
        for (index, alert) in alerts.enumerated() where index < area.rows - 6 {
            let matched = alert.matchedResidentID.map { $0.masked + " " + (alert.matchedFinger.map { context.text(.finger($0)) } ?? "") }
                ?? context.text(.matchedOnChip)
            let what = alert.posthumous.map { context.text(.posthumousCertification($0)) }
                ?? alert.samePhoto.flatMap { _ in alert.matchedResidentID.map { context.text(.samePhotoAs(matched: $0.masked)) } }
                ?? "\(alert.finger.map { context.text(.finger($0)) } ?? "")  ↔  \(matched)"
            let text = "\(alert.raisedAt.description.prefix(16))  \(alert.residentID.masked) \(what)"
            let style: Style = index == selected ? .selected : .normal
            canvas.fill(row: area.top + index, column: area.left, width: area.columns, style: style)
            canvas.text(text, row: area.top + index, column: area.left, style: style, width: area.columns)
        }
        var row = area.bottom - 5
        if case .resolving(_, let status) = phase {
            canvas.text(context.text(status == .fraud ? .markFraud : .markFalseMatch), row: row, column: area.left, style: .warning)
            note.draw(&canvas, row: row + 1, column: area.left, labelWidth: 10, width: area.columns, label: context.text(.note), focused: true)
            row += 3
        }
        if let message { canvas.text(context.text(message), row: row, column: area.left, style: .good, width: area.columns) }
        if let problem { canvas.paragraph(context.text(problem), row: row + 1, column: area.left, width: area.columns, maxRows: 2, style: .bad) }
    }
}
