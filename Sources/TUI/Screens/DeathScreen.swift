import Domain
import Desk

/// A family reports a death (FAQ 18): certification stops at once; the screen shows the deadline
/// to settle the account, the documents, and the months paid after the death.
struct DeathScreen: Screen {
    var record: ResidentRecord
    var card: ResidentCard
    var form = Form([(.dateOfDeath, TextField(kind: .digits, limit: 10)), (.reporterName, TextField(limit: 20)),
                     (.reporterRelation, TextField(limit: 10)), (.certificateNumber, TextField(limit: 40))])
    var busy = false
    var problem: Message?
    var recorded = false

    init(_ record: ResidentRecord, _ context: AppContext) {
        self.record = record
        card = ResidentCard(record)
        recorded = record.file.death != nil
    }

    func title(_ context: AppContext) -> String { context.text(.menuDeath) }

    func keys(_ context: AppContext) -> [KeyHint] {
        recorded ? [KeyHint("Esc", .back)] : [KeyHint("Tab", .nextField), KeyHint("Enter", .save), KeyHint("Esc", .back)]
    }

    private func entry(_ context: AppContext) -> Result<DeathEntry, KioskError> {
        let date = form[0].trimmed
        guard let dateOfDeath = CivilDate(date) else { return .failure(.entryInvalid(.notADate(.dateOfDeath, date))) }
        let entry = DeathEntry(dateOfDeath: dateOfDeath, reporterName: form[1].trimmed, relation: form[2].trimmed,
                               certificateNumber: form[3].trimmed)
        if let problem = entry.problem { return .failure(.entryInvalid(problem)) }
        return .success(entry)
    }

    mutating func handle(_ key: Key, _ context: AppContext) -> [Action]? {
        guard !busy else { return nil }
        guard !recorded else { return Action.nextResident(typing: key) }
        if key == .enter, form.isOnLastField {
            switch entry(context) {
            case .failure(let error):
                problem = .error(error)
                return []
            case .success(let entry):
                problem = nil
                return [.push(ConfirmScreen(question: .confirmDeath(name: record.file.resident.name, date: entry.dateOfDeath), answer: "record"))]
            }
        }
        if form.handle(key) {
            problem = nil
            return []
        }
        return nil
    }

    mutating func confirmed(_ answer: String, _ context: AppContext) -> [Action] {
        guard case .success(let entry) = entry(context) else { return [] }
        busy = true
        return [.perform(.reportDeath(record.id, entry))]
    }

    mutating func receive(_ reply: Reply, _ context: AppContext) -> [Action] {
        busy = false
        switch reply {
        case .deathRecorded(let fresh):
            record = fresh
            card = ResidentCard(fresh)
            recorded = true
            return [.perform(.bell)]
        case .failed(let error):
            problem = .error(error)
        default: break
        }
        return []
    }

    func draw(_ canvas: inout Canvas, _ area: Area, _ context: AppContext) {
        if recorded {
            canvas.cursor = nil
            if !busy, problem == nil, record.file.death != nil {
                Prompt.draw(context.text(.deathRecordedBanner), &canvas, row: area.top, area, large: false, style: .warning)
            }
            card.drawFull(&canvas, area.below(2), context)
            return
        }
        var row = area.top + card.drawCompact(&canvas, area, context, maxRows: 3) + 1
        canvas.paragraph(context.text(.deathFormHint), row: row, column: area.left, width: area.columns, maxRows: 2, style: .dim)
        row += 3
        row += form.draw(&canvas, row: row, area, context, enabled: !busy)
        if busy { canvas.text(context.text(.saving), row: row, column: area.left, style: .dim) }
        if let problem { canvas.paragraph(context.text(problem), row: row, column: area.left, width: area.columns, maxRows: 2, style: .bad) }
    }
}
