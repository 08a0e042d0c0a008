/// Field mode: a home-visit laptop takes a staff member's day out and brings the outcomes back.

/// Why a field pack or results file was refused (whole: nothing is read from it).
public enum FieldFileProblem: Hashable, Sendable {
    /// Not a file `kiosk` wrote for field mode.
    case notAFieldFile
    /// A results file where a pack was expected, or the other way round.
    case otherKind
    /// It does not open under this service point's print key: altered, or made by another service point.
    case doesNotOpen
}

public struct FieldPackSummary: Hashable, Sendable {
    public var file: String
    public var visits: Int
    public var prints: Int
    /// Visits of the day whose resident no longer needs them (certified since, deceased...), left out.
    public var leftOut: Int

    public init(file: String, visits: Int, prints: Int, leftOut: Int) {
        self.file = file
        self.visits = visits
        self.prints = prints
        self.leftOut = leftOut
    }
}

public struct FieldLoadSummary: Hashable, Sendable {
    public var date: CivilDate
    public var visitor: String
    public var visits: Int
    public var prints: Int

    public init(date: CivilDate, visitor: String, visits: Int, prints: Int) {
        self.date = date
        self.visitor = visitor
        self.visits = visits
        self.prints = prints
    }
}

public struct FieldResultsSummary: Hashable, Sendable {
    public var file: String
    public var completed: Int
    public var missed: Int
    /// The family asked for another day; the visit was called off (with its reason).
    public var rescheduled: Int
    public var cancelled: Int

    public init(file: String, completed: Int, missed: Int, rescheduled: Int, cancelled: Int) {
        self.file = file
        self.completed = completed
        self.missed = missed
        self.rescheduled = rescheduled
        self.cancelled = cancelled
    }
}

/// What became of one outcome from the field at the desk.
public enum FieldOutcomeResult: String, Hashable, Sendable {
    /// Recorded as the visit's outcome (a completion with its certification).
    case applied
    /// A certification for a resident certified meanwhile: recorded, as a repeat.
    case appliedAsRepeat = "applied_as_repeat"
    /// Returned before: nothing changed.
    case alreadyReturned = "already_returned"
    /// The resident was reported dead meanwhile: the death wins, the certification is not recorded; the
    /// booking is closed with the field's record in its history (and an alert when it was after the death).
    case deceased
    /// The desk's rules refuse it now (another status, or a missed visit for a booking closed meanwhile):
    /// kept in the booking's history or the audit log, not applied.
    case refused
}

public struct FieldReturnSummary: Hashable, Sendable {
    public struct Outcome: Hashable, Sendable {
        public var id: String
        public var booking: String
        public var kind: String
        public var result: FieldOutcomeResult
        public var certificationID: String?

        public init(id: String, booking: String, kind: String, result: FieldOutcomeResult, certificationID: String?) {
            self.id = id
            self.booking = booking
            self.kind = kind
            self.result = result
            self.certificationID = certificationID
        }
    }

    public var outcomes: [Outcome]

    public init(outcomes: [Outcome]) { self.outcomes = outcomes }
}
