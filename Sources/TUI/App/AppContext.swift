import Domain

/// What every screen may read: who is signed in, the language, the rules, the reader, the time.
public struct AppContext: Sendable {
    public var language: Language
    public var largeText: Bool
    /// Unifont's glyphs for large text several rows high; nil: large text is spaced out instead.
    public var blockFont: BlockFont?
    public var servicePoint: ServicePoint
    public var policy: CertificationPolicy
    public var fingerprintPolicy: FingerprintPolicy
    public var signInPolicy: SignInPolicy
    public var staff: StaffMember?
    public var reader: ReaderState = .searching
    /// When this kiosk last synced with the city hub; nil for a kiosk without one.
    public var hub: HubStatus?
    /// Local wall-clock time, for the header and dates typed in.
    public var now: LocalDateTime
    /// Seconds on a monotonic clock, for countdowns and the idle lock.
    public var uptime: Double = 0
    /// The data directory is for tests and demos (`kiosk init --test-clock`): every screen says TEST.
    public var testClock: Bool
    /// Set in demo mode: the demo account and residents to try, shown on screen.
    public var demo: DemoGuide?

    public init(language: Language, largeText: Bool, servicePoint: ServicePoint, policy: CertificationPolicy,
                fingerprintPolicy: FingerprintPolicy, signInPolicy: SignInPolicy, now: LocalDateTime, testClock: Bool = false,
                demo: DemoGuide? = nil, blockFont: BlockFont? = nil) {
        self.language = language
        self.largeText = largeText
        self.blockFont = blockFont
        self.servicePoint = servicePoint
        self.policy = policy
        self.fingerprintPolicy = fingerprintPolicy
        self.signInPolicy = signInPolicy
        self.now = now
        self.testClock = testClock
        self.demo = demo
    }

    public var today: CivilDate { now.date }

    func text(_ message: Message) -> String { message.text(language) }
    func text(_ screen: Message.ScreenText) -> String { Message.screen(screen).text(language) }

    /// What the reader wants done with a finger: pressed or swiped (pressed while it is not known).
    var scanType: ReaderInfo.ScanType {
        if case .ready(let info) = reader { return info.scanType }
        return .press
    }

    /// Large text in block glyphs is on, and the font is there.
    var blockText: BlockFont? { largeText ? blockFont : nil }

    func may(_ action: StaffAction) -> Bool { staff?.role.may(action) ?? false }
}

/// The reader as the header shows it.
public enum ReaderState: Hashable, Sendable {
    case searching
    case ready(ReaderInfo)
    case absent
    case failed(ReaderFailure)
}

/// Demo mode's guide: the account to sign in with, a second supervisor's (a photo is reviewed by
/// someone other than who took it), and residents to try, one of each kind.
public struct DemoGuide: Hashable, Sendable {
    public struct Example: Hashable, Sendable {
        public var id: ResidentID
        public var name: String
        public var kind: Message.ScreenText

        public init(id: ResidentID, name: String, kind: Message.ScreenText) {
            self.id = id
            self.name = name
            self.kind = kind
        }
    }

    public var staffName: String
    public var password: String
    public var supervisorName: String
    public var supervisorPassword: String
    public var examples: [Example]

    public init(staffName: String, password: String, supervisorName: String, supervisorPassword: String, examples: [Example]) {
        self.staffName = staffName
        self.password = password
        self.supervisorName = supervisorName
        self.supervisorPassword = supervisorPassword
        self.examples = examples
    }
}

