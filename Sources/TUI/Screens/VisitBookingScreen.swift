import Domain
import Desk

/// A family books a home visit at the desk (FAQ 6): who asks, why, what was seen, where and
/// when. The rules (eligible reason, not already certified, one open booking...) answer at once.
struct VisitBookingScreen: Screen {
    var record: ResidentRecord
    var card: ResidentCard
    var form: Form
    var busy = false
    var problem: Message?
    var booked: Message?
    /// The family's slip, shown as it comes off the printer.
    var slip: ReceiptPrinter.IssuedSlip?
    /// Opened when the resident is under the policy's age for "elderly": the reason to book all the same.
    var ageOverride: TextField?

    init(_ record: ResidentRecord, _ context: AppContext) {
        self.record = record
        card = ResidentCard(record)
        var address = TextField(limit: 80)
        address.value = record.file.resident.address ?? ""
        var reason = TextField(kind: .digits, limit: 1)
        // The roster's mobility, when it has one, is the likely reason.
        reason.value = Self.reasons.firstIndex(of: record.file.resident.mobility ?? .none).map { String($0 + 1) } ?? ""
        form = Form([(.visitBooker, TextField(limit: 20)), (.visitRelation, TextField(limit: 10)), (.visitPhone, TextField(kind: .digits, limit: 20)),
                     (.visitReason, reason), (.visitEvidence, TextField(limit: 60)), (.visitAddress, address),
                     (.visitPreferredDate, TextField(kind: .digits, limit: 10)), (.visitTime, TextField(kind: .digits, limit: 1)),
                     (.visitNotes, TextField(limit: 60))])
    }

    static let reasons: [Mobility] = [.elderly, .disabled, .ill]
    static let times: [VisitTime] = [.morning, .afternoon, .any]

    func title(_ context: AppContext) -> String { context.text(.menuBookVisit) }

    func keys(_ context: AppContext) -> [KeyHint] {
        booked == nil ? [KeyHint("Tab", .nextField), KeyHint("Enter", .save), KeyHint("Esc", .back)] : [KeyHint("Esc", .back)]
    }

    struct FormProblem: Error { let message: Message }

    /// The request as typed, or what is wrong with it.
    func request(_ context: AppContext) -> Result<VisitRequest, FormProblem> {
        func problem(_ message: Message) -> Result<VisitRequest, FormProblem> { .failure(FormProblem(message: message)) }
        let text = form.fields.map(\.trimmed)
        guard let reasonIndex = Int(text[3]), Self.reasons.indices.contains(reasonIndex - 1) else { return problem(.screen(.notAReasonChoice)) }
        var dates: [CivilDate] = []
        if !text[6].isEmpty {
            guard let date = CivilDate(text[6]) else {
                return problem(.error(.entryInvalid(.notADate(.preferredDate, text[6]))))
            }
            dates.append(date)
        }
        var time = VisitTime.any
        if !text[7].isEmpty {
            guard let index = Int(text[7]), Self.times.indices.contains(index - 1) else { return problem(.screen(.notATimeChoice)) }
            time = Self.times[index - 1]
        }
        let overridden = ageOverride.map(\.trimmed).flatMap { $0.isEmpty ? nil : $0 }
        // An empty address field books the address on record, as on the command line.
        let request = VisitRequest(booker: VisitBooker(name: text[0], relation: text[1], phone: text[2]), reason: Self.reasons[reasonIndex - 1],
                                   evidence: text[4], address: text[5].isEmpty ? nil : text[5], preferredDates: dates, time: time,
                                   notes: text[8], ageOverride: overridden)
        if let entryProblem = request.problem { return problem(.error(.entryInvalid(entryProblem))) }
        do throws(EntryProblem) {
            _ = try request.visitAddress(onRecord: record.file.resident.address)
        } catch {
            return problem(.error(.entryInvalid(error)))
        }
        return .success(request)
    }

    mutating func handle(_ key: Key, _ context: AppContext) -> [Action]? {
        guard !busy else { return nil }
        guard booked == nil else { return Action.nextResident(typing: key) }
        if var reason = ageOverride, key != .enter {
            if reason.handle(key) {
                ageOverride = reason
                return []
            }
            // Back to the form (another reason, say): the override is no longer asked for.
            guard [.up, .down, .tab, .backTab].contains(key) else { return nil }
            ageOverride = nil
        }
        if key == .enter, form.isOnLastField || ageOverride != nil {
            switch request(context) {
            case .failure(let failure):
                problem = failure.message
                return []
            case .success(let request):
                problem = nil
                busy = true
                return [.perform(.bookVisit(record.id, request))]
            }
        }
        if form.handle(key) {
            problem = nil
            return []
        }
        return nil
    }

    mutating func receive(_ reply: Reply, _ context: AppContext) -> [Action] {
        busy = false
        switch reply {
        case .visitBooked(let booking, let name, let slip):
            booked = .visit(.booked(id: booking.number, name: name))
            self.slip = slip
            return [.perform(.bell)]
        case .failed(let error):
            problem = .error(error)
            if case .visitRefused(.tooYoungForElderly) = error, ageOverride == nil { ageOverride = TextField(limit: 60) }
            return [.perform(.bell)]
        default:
            return []
        }
    }

    func draw(_ canvas: inout Canvas, _ area: Area, _ context: AppContext) {
        var row = area.top + card.drawCompact(&canvas, area, context, maxRows: 3) + 1
        if let booked {
            canvas.cursor = nil
            drawBooked(booked, &canvas, Area(top: row, left: area.left, rows: area.bottom - row, columns: area.columns), context)
            return
        }
        canvas.paragraph(context.text(.visitFormHint), row: row, column: area.left, width: area.columns, maxRows: 2, style: .dim)
        row += 2
        row += form.draw(&canvas, row: row, area, context, enabled: !busy && ageOverride == nil, spacing: 0)
        if let ageOverride {
            let label = context.text(.visitAgeOverride)
            ageOverride.draw(&canvas, row: row, column: area.left, labelWidth: TextWidth.of(label), width: area.columns, label: label,
                             focused: !busy)
            row += 1
        }
        if busy { canvas.text(context.text(.saving), row: row, column: area.left, style: .dim) }
        if let problem { canvas.paragraph(context.text(problem), row: row, column: area.left, width: area.columns, maxRows: 2, style: .bad) }
    }

    /// "Booked" with the number, and the slip beside it (below on a narrow screen), as printed.
    private func drawBooked(_ booked: Message, _ canvas: inout Canvas, _ area: Area, _ context: AppContext) {
        let lines = slip?.lines ?? []
        let slipWidth = (lines.map { TextWidth.of($0) }.max() ?? 32) + 2
        let side = area.columns >= slipWidth + 36
        let left = side ? Area(top: area.top, left: area.left, rows: area.rows, columns: area.columns - slipWidth - 2) : area
        var row = area.top + canvas.paragraph(context.text(booked), row: area.top, column: left.left, width: left.columns, maxRows: 4, style: .good) + 1
        if let slip {
            row += canvas.paragraph(context.text(.visit(.slipIssued(file: slip.file, printed: slip.printed))), row: row, column: left.left,
                                    width: left.columns, maxRows: max(1, area.bottom - row), style: .dim)
        }
        let top = side ? area.top : row + 1
        let column = side ? area.right - slipWidth + 2 : area.left
        for (offset, line) in lines.enumerated() where top + offset < area.bottom {
            canvas.fill(row: top + offset, column: column, width: slipWidth, style: .paper)
            canvas.text(line, row: top + offset, column: column + 1, style: .paper)
        }
    }
}
