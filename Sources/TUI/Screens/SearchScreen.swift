import Desk
import Domain

/// A resident without the ID card (`/` on the home and ID screens): part of the name, the pinyin
/// initials (`wjg` for 王建国) or the last digits of the phone or ID number; Enter searches, the
/// matches are listed masked, ↑↓ chooses and Enter opens the one chosen as its ID number would.
struct SearchScreen: Screen {
    let purpose: FindResidentScreen.Purpose
    var field = TextField(limit: 20)
    var matches: ResidentMatches?
    /// What the listed matches were found for: Enter opens the chosen one while the field still says it.
    var searched: String?
    var selected = 0
    var busy = false
    var problem: Message?

    init(purpose: FindResidentScreen.Purpose) { self.purpose = purpose }

    func title(_ context: AppContext) -> String { context.text(.search(.title)) + " · " + context.text(purpose.title) }

    func keys(_ context: AppContext) -> [KeyHint] {
        (listed ? [KeyHint("↑↓", .choose), KeyHint("Enter", .open)] : [KeyHint("Enter", .find)]) + [KeyHint("Esc", .back)]
    }

    /// Matches are on the screen for what the field says.
    private var listed: Bool { !(matches?.matches.isEmpty ?? true) && searched == field.value }

    mutating func handle(_ key: Key, _ context: AppContext) -> [Action]? {
        guard !busy else { return key == .escape ? [.pop] : [] }
        switch key {
        case .up:
            selected = max(0, selected - 1)
            return []
        case .down:
            selected = min(max(0, (matches?.matches.count ?? 0) - 1), selected + 1)
            return []
        case .enter:
            if listed, let matches, selected < matches.matches.count {
                busy = true
                problem = nil
                return [.perform(.lookUp(matches.matches[selected].id))]
            }
            guard let query = ResidentQuery(field.value) else {
                problem = .error(.entryInvalid(.notASearch))
                return []
            }
            busy = true
            problem = nil
            return [.perform(.findResidents(query))]
        default:
            guard field.handle(key) else { return nil }
            problem = nil
            return []
        }
    }

    mutating func receive(_ reply: Reply, _ context: AppContext) -> [Action] {
        busy = false
        switch reply {
        case .residentMatches(let found):
            matches = found
            searched = field.value
            selected = 0
        case .resident(let record):
            return [.push(purpose.screen(record, context))]
        case .failed(let error):
            problem = .error(error)
        default: break
        }
        return []
    }

    func draw(_ canvas: inout Canvas, _ area: Area, _ context: AppContext) {
        canvas.paragraph(context.text(.search(.prompt)), row: area.top, column: area.left, width: area.columns, maxRows: 2, style: .label)
        field.draw(&canvas, row: area.top + 2, column: area.left, labelWidth: 10, width: min(area.columns, 34),
                   label: context.text(.search(.field)), focused: !busy)
        canvas.text(context.text(.search(.hint)), row: area.top + 3, column: area.left + 11, style: .dim, width: area.columns - 11)
        var row = area.top + 5
        if busy {
            canvas.text(context.text(.searching), row: row, column: area.left, style: .dim)
            canvas.cursor = nil
        } else if let problem {
            canvas.paragraph(context.text(problem), row: row, column: area.left, width: area.columns, maxRows: 3, style: .bad)
            return
        }
        guard let matches, searched == field.value else { return }
        if matches.matches.isEmpty {
            canvas.text(context.text(.search(.noMatches)), row: row, column: area.left, style: .warning, width: area.columns)
            return
        }
        canvas.text(context.text(.search(.matchCount(matches.matches.count))), row: row, column: area.left, style: .dim, width: area.columns)
        row += 1
        let room = max(0, area.bottom - row - 1)
        // The chosen line stays in view when the list is longer than the screen.
        let first = max(0, min(selected - room + 1, matches.matches.count - room))
        for (index, match) in matches.matches.enumerated().dropFirst(first).prefix(room) {
            let style: Style = index == selected ? .selected : .normal
            canvas.fill(row: row, column: area.left, width: area.columns, style: style)
            var column = area.left + 1
            column += canvas.text(match.maskedName, row: row, column: column, style: style, width: 10)
            column = max(column, area.left + 12)
            column += canvas.text(match.id.masked, row: row, column: column, style: style, width: 20) + 2
            column += canvas.text(match.maskedPhone ?? "", row: row, column: column, style: style, width: 14) + 2
            canvas.text(match.community ?? "", row: row, column: column, style: style, width: max(0, area.right - column))
            row += 1
        }
        if matches.more {
            canvas.text(context.text(.search(.moreMatches(shown: matches.matches.count))), row: row, column: area.left, style: .warning,
                        width: area.columns)
        }
    }
}
