import Desk
import Domain

/// Type the resident's ID number (from their ID card), or let the ID-card reader type it (in
/// keyboard-wedge mode it sends the 18 characters and Enter, which go straight to the resident);
/// the checks of GB 11643 say what is wrong with a mistyped one. Then the screen for what staff
/// came to do. `/` searches by name, pinyin initials or last digits instead.
struct FindResidentScreen: Screen {
    enum Purpose: Hashable {
        case certify, enrol, lookUp, contact, death, bookVisit

        var title: Message.ScreenText {
            switch self {
            case .certify: .menuCertify
            case .enrol: .menuEnrol
            case .lookUp: .menuLookUp
            case .contact: .menuContact
            case .death: .menuDeath
            case .bookVisit: .menuBookVisit
            }
        }

        func screen(_ record: ResidentRecord, _ context: AppContext) -> any Screen {
            switch self {
            case .certify: CertifyScreen(record, context)
            case .enrol: EnrolScreen(record, context)
            case .lookUp: LookUpScreen(record, context)
            case .contact: ContactScreen(record, context)
            case .death: DeathScreen(record, context)
            case .bookVisit: VisitBookingScreen(record, context)
            }
        }
    }

    let purpose: Purpose
    var field = TextField(kind: .idNumber, limit: 18)
    var busy = false
    var problem: Message?
    /// Demo mode: which example Tab fills in next.
    var nextExample = 0

    init(purpose: Purpose) { self.purpose = purpose }

    func title(_ context: AppContext) -> String { context.text(purpose.title) }

    func keys(_ context: AppContext) -> [KeyHint] {
        [KeyHint("Enter", .find), KeyHint("/", .search(.search)), KeyHint("Esc", .back)]
            + (context.demo != nil ? [KeyHint("Tab", .demoNextExample)] : [])
    }

    mutating func handle(_ key: Key, _ context: AppContext) -> [Action]? {
        guard !busy else { return key == .escape ? [.pop] : [] }
        switch key {
        case .enter:
            do throws(ResidentIDError) {
                let id = try ResidentID(field.trimmed, today: context.today)
                busy = true
                problem = nil
                return [.perform(.lookUp(id))]
            } catch {
                problem = .error(.residentID(error, argument: field.trimmed))
                field.selectAll()
                return []
            }
        case .character("/"):
            return [.push(SearchScreen(purpose: purpose))]
        case .character(let character) where character.isASCII && character.isNumber && field.value.count >= field.limit:
            // A full field and a digit: the card read again (a keyboard-wedge reader types all 18
            // characters and Enter at once), or another card. The new number replaces the old.
            field.selectAll()
            _ = field.handle(key)
            problem = nil
            return []
        case .tab:
            guard let examples = context.demo?.examples, !examples.isEmpty else { return [] }
            field.value = examples[nextExample % examples.count].id.fullNumber
            nextExample += 1
            problem = nil
            return []
        default:
            if field.handle(key) {
                problem = nil
                return []
            }
            return nil
        }
    }

    mutating func receive(_ reply: Reply, _ context: AppContext) -> [Action] {
        busy = false
        switch reply {
        case .resident(let record):
            // The next resident starts from an empty field.
            field.value = ""
            return [.push(purpose.screen(record, context))]
        case .failed(let error):
            problem = .error(error)
            field.selectAll()
        default: break
        }
        return []
    }

    func draw(_ canvas: inout Canvas, _ area: Area, _ context: AppContext) {
        canvas.text(context.text(.enterIDNumber), row: area.top, column: area.left, style: .label)
        field.draw(&canvas, row: area.top + 2, column: area.left, labelWidth: 10, width: min(area.columns, 34),
                   label: context.text(.label(.idNumber)), focused: !busy)
        if busy {
            canvas.text(context.text(.searching), row: area.top + 4, column: area.left, style: .dim)
            canvas.cursor = nil
        } else if let problem {
            canvas.paragraph(context.text(problem), row: area.top + 4, column: area.left, width: area.columns, maxRows: 3, style: .bad)
        }
        if let demo = context.demo {
            var row = area.top + 8
            canvas.text(context.text(.demoExamples), row: row, column: area.left, style: .warning)
            row += 1
            for example in demo.examples where row < area.bottom {
                canvas.text(example.id.fullNumber, row: row, column: area.left + 2, style: .dim)
                canvas.text(example.name, row: row, column: area.left + 22, width: 8)
                canvas.text(context.text(example.kind), row: row, column: area.left + 32, style: .dim, width: area.columns - 32)
                row += 1
            }
        }
    }
}

/// Everything on a resident's file, masked, and what staff may do for them next.
struct LookUpScreen: Screen {
    var record: ResidentRecord
    var card: ResidentCard
    private var shown = false

    init(_ record: ResidentRecord, _ context: AppContext) {
        self.record = record
        card = ResidentCard(record)
    }

    /// Back from a certification or a form: the file may have changed.
    mutating func appear(_ context: AppContext) -> [Action] {
        defer { shown = true }
        return shown ? [.perform(.lookUp(record.id))] : []
    }

    mutating func receive(_ reply: Reply, _ context: AppContext) -> [Action] {
        if case .resident(let fresh) = reply {
            record = fresh
            card = ResidentCard(fresh)
        }
        return []
    }

    /// What staff may do next for this resident, under the keys the home menu gives the same actions.
    static let next: [(HomeScreen.Item, FindResidentScreen.Purpose)] = [
        (.certify, .certify), (.enrol, .enrol), (.contact, .contact), (.death, .death), (.bookVisit, .bookVisit),
    ]

    func title(_ context: AppContext) -> String { context.text(.menuLookUp) }

    func keys(_ context: AppContext) -> [KeyHint] {
        Self.next.filter { context.may($0.0.action) }.map { KeyHint("\($0.0.number)", $0.1.title) } + [KeyHint("Esc", .back)]
    }

    mutating func handle(_ key: Key, _ context: AppContext) -> [Action]? {
        guard case .character(let character) = key, let item = HomeScreen.Item.numbered(character),
              let (_, purpose) = Self.next.first(where: { $0.0 == item }), context.may(item.action) else { return nil }
        return [.push(purpose.screen(record, context))]
    }

    func draw(_ canvas: inout Canvas, _ area: Area, _ context: AppContext) {
        canvas.cursor = nil
        card.drawFull(&canvas, area, context)
    }
}
