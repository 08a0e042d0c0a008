import Domain
import Desk

/// A new phone number or address (FAQ 15), recorded with the old value and the staff member.
struct ContactScreen: Screen {
    var record: ResidentRecord
    var card: ResidentCard
    var form = Form([(.newPhone, TextField(kind: .digits, limit: 20)), (.newAddress, TextField(limit: 80))])
    var busy = false
    var problem: Message?
    /// What the desk saved, drawn in the language of the moment.
    var saved: [ContactChange] = []

    init(_ record: ResidentRecord, _ context: AppContext) {
        self.record = record
        card = ResidentCard(record)
    }

    func title(_ context: AppContext) -> String { context.text(.menuContact) }

    func keys(_ context: AppContext) -> [KeyHint] {
        saved.isEmpty ? [KeyHint("Tab", .nextField), KeyHint("Enter", .save), KeyHint("Esc", .back)] : [KeyHint("Esc", .back)]
    }

    /// What would change, as the confirmation shows it: the old phone number masked, the new one in full so that
    /// the resident can check what was typed before it is saved.
    private func changes(_ context: AppContext) -> (phone: String?, address: String?, lines: [Message]) {
        let phone = form[0].trimmed.isEmpty ? nil : form[0].trimmed
        let address = form[1].trimmed.isEmpty ? nil : form[1].trimmed
        let resident = record.file.resident
        var lines: [Message] = []
        if let phone {
            lines.append(.screen(.contactChangeLine(field: .phone, old: resident.phone.map(ResidentSummary.maskPhone), new: phone)))
        }
        if let address { lines.append(.screen(.contactChangeLine(field: .address, old: resident.address, new: address))) }
        return (phone, address, lines)
    }

    mutating func handle(_ key: Key, _ context: AppContext) -> [Action]? {
        guard !busy else { return nil }
        guard saved.isEmpty else { return Action.nextResident(typing: key) }
        if key == .enter, form.isOnLastField {
            let (phone, address, lines) = changes(context)
            if let entryProblem = ContactEntry(phone: phone, address: address).problem {
                problem = .error(.entryInvalid(entryProblem))
                return []
            }
            problem = nil
            return [.push(ConfirmScreen(question: .confirmContactChange, lines: lines, answer: "save"))]
        }
        if form.handle(key) {
            problem = nil
            return []
        }
        return nil
    }

    mutating func confirmed(_ answer: String, _ context: AppContext) -> [Action] {
        let (phone, address, _) = changes(context)
        busy = true
        return [.perform(.changeContact(record.id, phone: phone, address: address))]
    }

    mutating func receive(_ reply: Reply, _ context: AppContext) -> [Action] {
        busy = false
        switch reply {
        case .contactChanged(let changes):
            saved = changes
            // The file on screen now holds the new values.
            for change in changes {
                switch change.field {
                case .phone: record.file.resident.phone = change.newValue
                case .address: record.file.resident.address = change.newValue
                }
            }
            card = ResidentCard(record)
            // What was typed goes; the saved values stay on screen masked.
            form.fields = form.fields.map { TextField(kind: $0.kind, limit: $0.limit) }
            return [.perform(.bell)]
        case .failed(let error):
            problem = .error(error)
        default: break
        }
        return []
    }

    func draw(_ canvas: inout Canvas, _ area: Area, _ context: AppContext) {
        let resident = record.file.resident
        var row = area.top + card.drawCompact(&canvas, area, context, maxRows: 3) + 1
        canvas.text(context.text(.currentContact(phone: resident.phone.map(ResidentSummary.maskPhone), address: resident.address)),
                    row: row, column: area.left, style: .dim, width: area.columns)
        row += 2
        row += form.draw(&canvas, row: row, area, context, enabled: !busy && saved.isEmpty)
        if busy { canvas.text(context.text(.saving), row: row, column: area.left, style: .dim) }
        if let problem { canvas.paragraph(context.text(problem), row: row, column: area.left, width: area.columns, maxRows: 2, style: .bad) }
        for (offset, change) in saved.enumerated() {
            let shown: (String?) -> String? = { change.field == .phone ? $0.map(ResidentSummary.maskPhone) : $0 }
            let line = context.text(.contactChanged(field: change.field == .phone ? .phone : .address, old: shown(change.oldValue),
                                                    new: shown(change.newValue) ?? ""))
            canvas.text(line, row: row + offset, column: area.left, style: .good, width: area.columns)
        }
    }
}
