import Domain

/// Where staff start each resident: the day's figures and what they may do, by number.
struct HomeScreen: Screen {
    enum Item: CaseIterable {
        case certify, enrol, lookUp, contact, death, reports, alerts, bookVisit, visits, reviewPhotos

        /// The item's key, 1 to 9 then 0, by its place in the whole menu: the same for every role
        /// (a hidden item leaves its number unused) and on the resident's file.
        var number: Int { (Self.allCases.firstIndex(of: self)! + 1) % 10 }

        /// The item for a key, if `character` is a digit (full-width too: a Chinese input method's).
        static func numbered(_ character: Character) -> Item? {
            let digit = TextField.halfWidth(character)
            guard digit.isASCII, let value = digit.wholeNumberValue else { return nil }
            return allCases.first { $0.number == value }
        }

        var action: StaffAction {
            switch self {
            case .certify: .certify
            case .enrol: .enrollFingerprint
            case .lookUp: .viewResident
            case .contact: .changeContact
            case .death: .reportDeath
            case .reports: .viewReports
            case .alerts: .resolveAlerts
            case .bookVisit, .visits: .bookVisit
            case .reviewPhotos: .reviewPhotos
            }
        }

        var label: Message.ScreenText {
            switch self {
            case .certify: .menuCertify
            case .enrol: .menuEnrol
            case .lookUp: .menuLookUp
            case .contact: .menuContact
            case .death: .menuDeath
            case .reports: .menuReports
            case .alerts: .menuAlerts
            case .bookVisit: .menuBookVisit
            case .visits: .menuVisits
            case .reviewPhotos: .menuReviewPhotos
            }
        }

        func open() -> any Screen {
            switch self {
            case .certify: FindResidentScreen(purpose: .certify)
            case .enrol: FindResidentScreen(purpose: .enrol)
            case .lookUp: FindResidentScreen(purpose: .lookUp)
            case .contact: FindResidentScreen(purpose: .contact)
            case .death: FindResidentScreen(purpose: .death)
            case .reports: ReportsScreen()
            case .alerts: AlertsScreen()
            case .bookVisit: FindResidentScreen(purpose: .bookVisit)
            case .visits: VisitQueueScreen()
            case .reviewPhotos: PhotoReviewScreen()
            }
        }
    }

    var selected = 0
    var dashboard: Dashboard?
    var problem: Message?

    /// Only what the signed-in role may do is offered.
    func items(_ context: AppContext) -> [Item] { Item.allCases.filter { context.may($0.action) } }

    func title(_ context: AppContext) -> String { context.text(.homeTitle) }

    func keys(_ context: AppContext) -> [KeyHint] {
        [KeyHint(Self.numbers(items(context)), .choose), KeyHint("↑↓ Enter", .open)]
            + (context.may(.certify) ? [KeyHint(.touchAndGo)] : [])
            + (context.may(.viewResident) ? [KeyHint("/", .search(.search))] : [])
    }

    /// The items' keys with runs shortened: `1-5 8 9`, `1-9 0`.
    static func numbers(_ items: [Item]) -> String {
        var runs: [[Int]] = []
        for number in items.map(\.number) {
            if let last = runs.last?.last, number == last + 1 { runs[runs.count - 1].append(number) } else { runs.append([number]) }
        }
        return runs.map { $0.count > 2 ? "\($0[0])-\($0[$0.count - 1])" : $0.map(String.init).joined(separator: " ") }.joined(separator: " ")
    }

    mutating func appear(_ context: AppContext) -> [Action] { [.perform(.loadDashboard)] }

    mutating func handle(_ key: Key, _ context: AppContext) -> [Action]? {
        let items = items(context)
        switch key {
        case .up:
            selected = (selected + items.count - 1) % items.count
            return []
        case .down, .tab:
            selected = (selected + 1) % items.count
            return []
        case .enter:
            return [.push(items[selected].open())]
        case .character("/") where context.may(.viewResident):
            return [.push(SearchScreen(purpose: .lookUp))]
        case LetterKey.touchAndGo where context.may(.certify):
            return [.push(TouchAndGoScreen())]
        case .character(let character):
            guard let item = Item.numbered(character) else { return nil }
            guard let index = items.firstIndex(of: item) else { return [] }
            selected = index
            return [.push(item.open())]
        default:
            return nil
        }
    }

    mutating func receive(_ reply: Reply, _ context: AppContext) -> [Action] {
        switch reply {
        case .dashboard(let figures): dashboard = figures
        case .failed(let error): problem = .error(error)
        default: break
        }
        return []
    }

    func draw(_ canvas: inout Canvas, _ area: Area, _ context: AppContext) {
        canvas.cursor = nil
        let items = items(context)
        for (index, item) in items.enumerated() {
            let row = area.top + index * (context.largeText ? 2 : 1)
            let style: Style = index == selected ? .selected : .normal
            canvas.fill(row: row, column: area.left, width: 30, style: style)
            canvas.text(" \(item.number)  " + context.text(item.label), row: row, column: area.left, style: style, width: 30)
        }
        // The day's figures beside the menu (below it on a narrow screen).
        let wide = area.columns >= 70
        let column = wide ? area.left + 36 : area.left
        var row = wide ? area.top : area.top + items.count * (context.largeText ? 2 : 1) + 1
        canvas.text(context.text(.todayFigures(context.today)), row: row, column: column, style: .label)
        row += 1
        func figure(_ value: Int?) -> String { value.map(String.init) ?? "…" }
        let lines: [(Message.ScreenText, Int?, Style)] = [
            (.certifiedToday, dashboard?.certifiedToday, .good),
            (.dueThisMonth, dashboard?.dueThisMonth, .normal),
            (.overdueCount, dashboard?.overdue, .warning),
            (.pendingPhotoReviews, dashboard?.pendingPhotoReviews, (dashboard?.pendingPhotoReviews ?? 0) > 0 ? .warning : .normal),
        ] + (context.may(.resolveAlerts) ? [(.openAlerts, dashboard?.openAlerts, (dashboard?.openAlerts ?? 0) > 0 ? .bad : .normal)] : [])
        for (label, value, style) in lines {
            let text = context.text(label)
            canvas.text(text, row: row, column: column, width: 24)
            canvas.text(figure(value), row: row, column: column + 26, style: style)
            row += 1
        }
        if let problem { canvas.paragraph(context.text(problem), row: area.bottom - 2, column: area.left, width: area.columns, maxRows: 2, style: .bad) }
    }
}
