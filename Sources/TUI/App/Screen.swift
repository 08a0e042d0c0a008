import Domain

/// One screen of the kiosk: what it shows, and how it answers keys and replies. Screens are values
/// with no I/O: they ask for work with `Action.perform` and get the answer as a `Reply`, so each
/// one's behaviour can be tested key by key.
protocol Screen {
    /// The header's title.
    func title(_ context: AppContext) -> String
    /// The screen's key table: the key line at the bottom and the help (F1) are drawn from it.
    func keys(_ context: AppContext) -> [KeyHint]
    /// Actions for `key`, or nil to leave it to the kiosk (Esc goes back, F10 signs out...).
    mutating func handle(_ key: Key, _ context: AppContext) -> [Action]?
    mutating func receive(_ reply: Reply, _ context: AppContext) -> [Action]
    /// On first showing, and when it is on top again after the screen above it closed.
    mutating func appear(_ context: AppContext) -> [Action]
    /// The person said yes to the `ConfirmScreen` this screen opened with `answer`.
    mutating func confirmed(_ answer: String, _ context: AppContext) -> [Action]
    func draw(_ canvas: inout Canvas, _ area: Area, _ context: AppContext)
    /// What the resident's own terminal shows while this screen is on top; nil: nothing.
    func residentView(_ context: AppContext) -> ResidentView?
    /// A scan is under way: the kiosk cancels it before anything takes this screen away.
    var isScanning: Bool { get }
    /// Redraw every second (a countdown on screen).
    var ticks: Bool { get }
}

extension Screen {
    mutating func receive(_ reply: Reply, _ context: AppContext) -> [Action] { [] }
    mutating func appear(_ context: AppContext) -> [Action] { [] }
    mutating func confirmed(_ answer: String, _ context: AppContext) -> [Action] { [] }
    var isScanning: Bool { false }
    var ticks: Bool { false }
    func residentView(_ context: AppContext) -> ResidentView? { nil }
}

/// What a screen wants done.
enum Action {
    /// Work for the services; the reply comes back to this screen.
    case perform(Effect)
    case push(any Screen)
    /// Closes the top screen; the actions after it in the same list act for the screen below.
    case pop
    /// Done with this resident: back to the ID number search they were found with, `key` typed
    /// into it (a digit typed on a result is the next resident's, not lost). Found by touch and
    /// go, with no search open: the certification's ID number entry, over the home screen.
    case nextResident(Key)
    /// Tells the top screen its question was answered yes (see `Screen.confirmed`).
    case confirmed(String)
    /// Back to the home screen (or the sign-in screen when no one is signed in).
    case home
    case signedIn(StaffMember)
    case signOut
    case quit
}

extension Action {
    /// A key typed on a finished task's result (certified, enrolled, saved, booked...): a digit
    /// (full-width too) is the first of the next resident's ID number and `/` a search for them, so
    /// neither is lost; nil for any other key, which the result screen or the kiosk then takes.
    static func nextResident(typing key: Key) -> [Action]? {
        guard case .character(let character) = key else { return nil }
        let typed = TextField.halfWidth(character)
        guard typed == "/" || (typed.isASCII && typed.isNumber) else { return nil }
        return [.nextResident(.character(typed))]
    }
}

/// One entry of a screen's key table, `Enter 确认`: drawn in the key line and listed in the help (F1).
struct KeyHint: Hashable {
    var key: String
    var label: Message.ScreenText

    init(_ key: String, _ label: Message.ScreenText) {
        self.key = key
        self.label = label
    }
}

/// A rectangle of the canvas given to a screen.
struct Area: Hashable {
    var top: Int
    var left: Int
    var rows: Int
    var columns: Int

    var bottom: Int { top + rows }
    var right: Int { left + columns }

    /// The area below its first `rows` rows.
    func below(_ rows: Int) -> Area { Area(top: top + rows, left: left, rows: max(0, self.rows - rows), columns: columns) }
}
