import Domain

/// The kiosk's screens as one value: a stack of screens, the context they read, and the work they
/// asked for. Keys and replies go in, requests for the services come out, and `draw` shows it.
/// No I/O here: the event loop feeds it and the services answer it.
public struct KioskApp {
    /// Work for the services, numbered so the reply finds the screen that asked.
    public struct Request: Hashable, Sendable {
        public let id: Int
        public let effect: Effect
    }

    struct Entry {
        let id: Int
        var screen: any Screen
    }

    public private(set) var context: AppContext
    private var stack: [Entry] = []
    private var nextEntry = 1
    private var nextRequest = 1
    private var owners: [Int: Int] = [:]
    private var outbox: [Request] = []
    private var lastActivity: Double
    /// Digits on the home screen held for a moment: an ID-card reader's burst, or a person's menu key.
    private var burst = CardReaderBurst()
    public private(set) var isFinished = false

    /// The smallest terminal the screens are laid out for.
    public static let minimumSize = (rows: 24, columns: 80)

    public init(context: AppContext) {
        self.context = context
        lastActivity = context.uptime
        stack = [Entry(id: 0, screen: SignInScreen(context))]
    }

    var top: any Screen { stack[stack.count - 1].screen }
    var depth: Int { stack.count }

    /// The clock moved on: countdowns, and the idle lock.
    public mutating func tick(now: LocalDateTime, uptime: Double) -> [Request] {
        context.now = now
        context.uptime = uptime
        if context.staff != nil, uptime - lastActivity >= Double(context.signInPolicy.idleLockSeconds) {
            lock(notice: .lockedWhileIdle(minutes: context.signInPolicy.idleLockSeconds / 60))
        }
        take(burst.timeUp(at: uptime))
        return takeOutbox()
    }

    /// Seconds of uptime at which `tick` has something to do.
    public var nextDeadline: Double? {
        var deadlines: [Double] = []
        if context.staff != nil { deadlines.append(lastActivity + Double(context.signInPolicy.idleLockSeconds)) }
        if top.ticks { deadlines.append(context.uptime.rounded(.down) + 1) }
        if let deadline = burst.deadline { deadlines.append(deadline) }
        // The header's clock shows minutes.
        deadlines.append(context.uptime + Double(60 - context.now.secondOfDay % 60))
        return deadlines.min()
    }

    /// `uptime`: when the key came, on the clock `tick` is given. With it, digits on the home screen
    /// are told apart as an ID-card reader's or a person's (`CardReaderBurst`); without it (a test
    /// of one screen's keys) every key is a person's, taken at once.
    public mutating func press(_ key: Key, at uptime: Double? = nil) -> [Request] {
        if let uptime { context.uptime = max(context.uptime, uptime) }
        lastActivity = context.uptime
        if let uptime, top is HomeScreen, context.may(.certify) {
            take(burst.take(key, at: uptime))
        } else {
            dispatch(key)
        }
        return takeOutbox()
    }

    /// What became of the keys the home screen held.
    private mutating func take(_ outcome: CardReaderBurst.Outcome) {
        switch outcome {
        case .holding: break
        case .keys(let keys):
            for key in keys { dispatch(key) }
        case .card(let keys):
            run([.push(FindResidentScreen(purpose: .certify))], from: stack[stack.count - 1].id)
            for key in keys { dispatch(key) }
        }
    }

    /// One key to the screen on top, or to the frame when the screen leaves it.
    private mutating func dispatch(_ key: Key) {
        let entry = stack.count - 1
        // F1 before the screen, so it works even where a scan takes every other key.
        if key == .function(1) {
            run(helpActions(), from: stack[entry].id)
        } else if let actions = stack[entry].screen.handle(key, context) {
            run(actions, from: stack[entry].id)
        } else {
            run(defaultActions(for: key), from: stack[entry].id)
        }
    }

    /// The keys of the frame around every screen, after the screen's own in the key line and the help.
    static func frameKeys(_ context: AppContext) -> [KeyHint] {
        [KeyHint("F1 ?", .help), KeyHint("F2", context.largeText ? .normalText : .largeText), KeyHint("F3", .otherLanguage),
         KeyHint("F10", context.staff != nil ? .signOut : .quit)]
    }

    /// Opens the help for the screen on top, or closes the help when it is on top.
    private func helpActions() -> [Action] {
        if top is HelpScreen { return [.pop] }
        // A screen showing the cursor is taking typed text: its help lists the editing keys too.
        var canvas = Canvas(rows: Self.minimumSize.rows, columns: Self.minimumSize.columns)
        top.draw(&canvas, Area(top: 3, left: 2, rows: canvas.rows - 4, columns: canvas.columns - 4), context)
        return [.push(HelpScreen(for: top, editing: canvas.cursor != nil))]
    }

    /// What a key does when the screen leaves it: Esc back, `?` help, F2 large text, F3 language, F10 out.
    private mutating func defaultActions(for key: Key) -> [Action] {
        switch key {
        case .escape where stack.count > 1: return [.pop]
        case .character("?"), .character("？"): return helpActions()
        case .function(2):
            context.largeText.toggle()
            return []
        case .function(3):
            context.language = context.language == .chinese ? .english : .chinese
            return []
        case .function(10):
            if context.staff != nil { return [.signOut] }
            return [.push(ConfirmScreen(question: .confirmQuit, yes: [.quit]))]
        default: return []
        }
    }

    public mutating func deliver(_ reply: Reply, to request: Int) -> [Request] {
        guard let owner = owners[request], let index = stack.firstIndex(where: { $0.id == owner }) else { return [] }
        let actions = stack[index].screen.receive(reply, context)
        run(actions, from: owner)
        return takeOutbox()
    }

    public mutating func readerChanged(_ state: ReaderState) {
        context.reader = state
    }

    public mutating func hubChanged(_ status: HubStatus) {
        context.hub = status
    }

    /// The reader on the header was pulled out: absent until a look for readers finds another.
    public mutating func readerRemoved(deviceID: String) {
        if case .ready(let info) = context.reader, info.deviceID == deviceID { context.reader = .absent }
    }

    private mutating func takeOutbox() -> [Request] {
        defer { outbox.removeAll() }
        return outbox
    }

    private mutating func run(_ actions: [Action], from owner: Int) {
        var owner = owner
        for action in actions {
            switch action {
            case .perform(let effect):
                let request = Request(id: nextRequest, effect: effect)
                nextRequest += 1
                owners[request.id] = owner
                outbox.append(request)
            case .push(let screen):
                let entry = Entry(id: nextEntry, screen: screen)
                nextEntry += 1
                stack.append(entry)
                appear(stack.count - 1)
            case .pop:
                guard stack.count > 1 else { continue }
                let closing = stack.removeLast()
                if closing.screen.isScanning { send(.cancelScan, owner: closing.id) }
                owner = stack[stack.count - 1].id
                // A dialog or the help changed nothing below it.
                if !(closing.screen is ConfirmScreen || closing.screen is HelpScreen) { appear(stack.count - 1) }
            case .nextResident(let key):
                guard let search = stack.lastIndex(where: { $0.screen is FindResidentScreen }) else {
                    run([.home, .push(FindResidentScreen(purpose: .certify)), .nextResident(key)], from: owner)
                    owner = stack[stack.count - 1].id
                    continue
                }
                cancelScans(above: search)
                stack.removeSubrange((search + 1)...)
                owner = stack[search].id
                appear(search)
                run(stack[search].screen.handle(key, context) ?? [], from: owner)
            case .confirmed(let answer):
                let index = stack.count - 1
                owner = stack[index].id
                let more = stack[index].screen.confirmed(answer, context)
                run(more, from: owner)
            case .home:
                cancelScans(above: 0)
                stack.removeSubrange(1...)
                owner = stack[0].id
                appear(0)
            case .signedIn(let staff):
                context.staff = staff
                stack = [Entry(id: nextEntry, screen: HomeScreen())]
                nextEntry += 1
                appear(0)
            case .signOut:
                lock(notice: nil)
            case .quit:
                cancelScans(above: -1)
                isFinished = true
            }
        }
    }

    /// Back to the sign-in screen: every scan cancelled, every screen with personal data gone,
    /// replies still on their way dropped (their screens no longer exist).
    private mutating func lock(notice: Message.ScreenText?) {
        cancelScans(above: -1)
        burst.clear()
        if context.staff != nil { send(.signOut, owner: 0) }
        context.staff = nil
        var signIn = SignInScreen(context)
        signIn.notice = notice
        stack = [Entry(id: nextEntry, screen: signIn)]
        nextEntry += 1
    }

    private mutating func cancelScans(above index: Int) {
        for entry in stack.dropFirst(index + 1) where entry.screen.isScanning { send(.cancelScan, owner: entry.id) }
    }

    private mutating func send(_ effect: Effect, owner: Int) {
        outbox.append(Request(id: nextRequest, effect: effect))
        owners[nextRequest] = owner
        nextRequest += 1
    }

    private mutating func appear(_ index: Int) {
        let id = stack[index].id
        let actions = stack[index].screen.appear(context)
        run(actions, from: id)
    }

    // MARK: Drawing

    /// The whole screen: header, the top screen (over the one below it for a dialog), the key help.
    public func draw(_ canvas: inout Canvas) {
        guard canvas.rows >= Self.minimumSize.rows, canvas.columns >= Self.minimumSize.columns else {
            // Nothing personal on a screen too small to lay out properly.
            let message = context.text(.terminalTooSmall(columns: canvas.columns, rows: canvas.rows))
            canvas.paragraph(message, row: canvas.rows / 2, column: 1, width: max(1, canvas.columns - 2))
            return
        }
        drawHeader(&canvas)
        let area = Area(top: 3, left: 2, rows: canvas.rows - 4, columns: canvas.columns - 4)
        if let dialog = top as? ConfirmScreen, stack.count > 1 {
            stack[stack.count - 2].screen.draw(&canvas, area, context)
            dialog.draw(&canvas, area, context)
        } else {
            top.draw(&canvas, area, context)
        }
        drawKeyHelp(&canvas)
    }

    /// The resident's own terminal (`kiosk run --resident-tty`): the prompts and the result of the
    /// screen on top (or under its dialog), in block glyphs whether or not large text is on.
    public func drawResident(_ canvas: inout Canvas) {
        let screen = top is ConfirmScreen && stack.count > 1 ? stack[stack.count - 2].screen : top
        guard context.staff != nil, let view = screen.residentView(context) else { return }
        view.draw(&canvas, font: context.blockFont)
    }

    private func drawHeader(_ canvas: inout Canvas) {
        canvas.fill(row: 0, style: .title)
        var right = context.now.description.prefix(16).description
        if let staff = context.staff {
            right = staff.name + context.language.pick("（", " (") + context.text(.role(staff.role)) + context.language.pick("）", ")") + "  " + right
        }
        let rightWidth = TextWidth.of(right)
        canvas.text(right, row: 0, column: canvas.columns - rightWidth - 1, style: .title)
        let title = context.servicePoint.name.text(context.language) + " · " + top.title(context)
        canvas.text(title, row: 0, column: 1, style: .title, width: canvas.columns - rightWidth - 4)

        let (readerText, readerStyle): (String, Style) = switch context.reader {
        case .searching: (context.text(.readerSearching), .dim)
        case .ready(let info): (context.text(.readerReady(info.name)), .good)
        case .absent: (context.text(.readerAbsent), .warning)
        case .failed(let failure): (context.text(.readerFailure(failure)), .bad)
        }
        // From the right: what must never be missed, then the hub; the reader has what is left.
        var edge = canvas.columns - 1
        // Test data (a test-clock data directory) must never be taken for real: said on every screen.
        let marks = [context.testClock ? context.text(.testClock) : nil, context.demo != nil ? context.text(.demoMode) : nil]
        let warning = marks.compactMap { $0 }.joined(separator: "  ")
        if !warning.isEmpty {
            edge -= TextWidth.of(warning)
            canvas.text(warning, row: 1, column: edge, style: .warning)
            edge -= 2
        }
        if let hub = context.hub {
            let text = context.text(.hub(.header(hub, now: context.now)))
            edge -= TextWidth.of(text)
            canvas.text(text, row: 1, column: edge, style: hub.isStale(at: context.now) || hub.lastTryFailed ? .warning : .dim)
            edge -= 2
        }
        let large = context.largeText ? context.text(.largeTextOn) : nil
        let readerWidth = min(canvas.columns / 2, edge - 1 - (large.map { TextWidth.of($0) + 2 } ?? 0))
        let column = 1 + canvas.text(readerText, row: 1, column: 1, style: readerStyle, width: max(readerWidth, 8))
        if let large { canvas.text(large, row: 1, column: column + 2, style: .dim) }
    }

    /// The screen's keys and the frame's on the last line. When they do not all fit, the frame's
    /// labels go first (its keys stay; F1 lists them in full), then the screen's longest labels are
    /// cut to one width: every key stays on the line.
    private func drawKeyHelp(_ canvas: inout Canvas) {
        let screen = top.keys(context).map { (key: $0.key, label: context.text($0.label)) }
        var frame = Self.frameKeys(context).map { (key: $0.key, label: context.text($0.label)) }
        if Self.width(screen + frame) > canvas.columns { frame = frame.map { ($0.key, "") } }
        var widest = screen.map { TextWidth.of($0.label) }.max() ?? 0
        func cut(_ hints: [(key: String, label: String)]) -> [(key: String, label: String)] {
            hints.map { ($0.key, TextWidth.truncate($0.label, to: widest)) }
        }
        while widest > 1, Self.width(cut(screen) + frame) > canvas.columns { widest -= 1 }
        let row = canvas.rows - 1
        var column = 0
        for hint in cut(screen) + frame {
            column += canvas.text(hint.key, row: row, column: column, style: .key) + 1
            if !hint.label.isEmpty { column += canvas.text(hint.label, row: row, column: column) + 1 }
        }
    }

    /// Columns the key line takes: each key, then its label after a space, a space apart.
    private static func width(_ hints: [(key: String, label: String)]) -> Int {
        hints.reduce(0) { $0 + TextWidth.of($1.key) + ($1.label.isEmpty ? 0 : 1 + TextWidth.of($1.label)) + 1 } - 1
    }
}
