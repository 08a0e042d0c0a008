/// Home visits (FAQ 6): the family of a very old, sick or disabled pensioner books at the service
/// point, and staff go to certify at home. A visit after the deadline stops the pension, so the
/// queue is ordered by an explainable urgency and scheduled against staff capacity.

public enum Weekday: Int, Hashable, Sendable, CaseIterable, Comparable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// As written in the configuration.
    public var code: String {
        switch self {
        case .monday: "mon"
        case .tuesday: "tue"
        case .wednesday: "wed"
        case .thursday: "thu"
        case .friday: "fri"
        case .saturday: "sat"
        case .sunday: "sun"
        }
    }

    public init?(code: String) {
        guard let day = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = day
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension CivilDate {
    /// 1970-01-01 was a Thursday.
    public var weekday: Weekday {
        let offset = ((dayNumber + 3) % 7 + 7) % 7
        return Weekday(rawValue: offset + 1)!
    }
}

/// When in the day the family would like the visit.
public enum VisitTime: String, Hashable, Sendable, CaseIterable, Codable {
    case morning, afternoon, any
}

/// A staff member who goes on visits: the days they work and how many homes a day.
public struct VisitStaff: Hashable, Sendable {
    public var name: String
    public var days: Set<Weekday>
    public var dailyCapacity: Int

    public init(name: String, days: Set<Weekday>, dailyCapacity: Int) {
        self.name = name
        self.days = days
        self.dailyCapacity = dailyCapacity
    }
}

/// The service point's rules for visits, from policy.yaml (`home_visits`).
public struct VisitPolicy: Hashable, Sendable {
    /// Reasons a visit may be booked for.
    public var eligibleReasons: Set<Mobility>
    /// "Elderly" means at least this age on the day of booking.
    public var elderlyMinimumAge: Int
    public var weights: Weights

    /// Points of the priority score; each factor is shown with its points in the queue.
    public struct Weights: Hashable, Sendable {
        /// Per day less than `horizonDays` left before the resident's deadline.
        public var perDayCloserToDeadline: Int
        public var horizonDays: Int
        /// Already suspended: every month without a certification is a month without income.
        public var alreadySuspended: Int
        public var reason: [Mobility: Int]
        /// Per year of age over `elderlyMinimumAge`.
        public var perYearOfAge: Int
        /// Per day the booking has waited.
        public var perDayWaiting: Int
        /// Per visit that found no-one home or was refused.
        public var perMissedVisit: Int

        public init(perDayCloserToDeadline: Int, horizonDays: Int, alreadySuspended: Int, reason: [Mobility: Int],
                    perYearOfAge: Int, perDayWaiting: Int, perMissedVisit: Int) {
            self.perDayCloserToDeadline = perDayCloserToDeadline
            self.horizonDays = horizonDays
            self.alreadySuspended = alreadySuspended
            self.reason = reason
            self.perYearOfAge = perYearOfAge
            self.perDayWaiting = perDayWaiting
            self.perMissedVisit = perMissedVisit
        }
    }

    public init(eligibleReasons: Set<Mobility>, elderlyMinimumAge: Int, weights: Weights) {
        self.eligibleReasons = eligibleReasons
        self.elderlyMinimumAge = elderlyMinimumAge
        self.weights = weights
    }

    /// Harbin's shipped values (policy.yaml).
    public static let harbin = VisitPolicy(
        eligibleReasons: [.elderly, .disabled, .ill], elderlyMinimumAge: 80,
        weights: Weights(perDayCloserToDeadline: 10, horizonDays: 60, alreadySuspended: 700,
                         reason: [.elderly: 50, .disabled: 100, .ill: 150], perYearOfAge: 5, perDayWaiting: 2, perMissedVisit: 80))
}

/// Who asked for the visit, as they told the desk.
public struct VisitBooker: Hashable, Sendable {
    public var name: String
    public var relation: String
    public var phone: String

    public init(name: String, relation: String, phone: String) {
        self.name = name
        self.relation = relation
        self.phone = phone
    }
}

/// A visit asked for. What was booked never changes; what happened since is its history.
public struct VisitBooking: Hashable, Sendable {
    public var id: String
    public var residentID: ResidentID
    public var booker: VisitBooker
    public var reason: Mobility
    /// What the desk saw: "disability certificate 二级", "hospital discharge note".
    public var evidence: String
    public var address: String
    public var community: String
    public var preferredDates: [CivilDate]
    public var preferredTime: VisitTime
    public var notes: String
    public var bookedAt: LocalDateTime
    /// What the family reads over the phone (`ShortNumber`); nil for bookings made before short numbers.
    public var shortNumber: String?

    public init(id: String, residentID: ResidentID, booker: VisitBooker, reason: Mobility, evidence: String, address: String,
                community: String, preferredDates: [CivilDate], preferredTime: VisitTime, notes: String, bookedAt: LocalDateTime,
                shortNumber: String? = nil) {
        self.id = id
        self.shortNumber = shortNumber
        self.residentID = residentID
        self.booker = booker
        self.reason = reason
        self.evidence = evidence
        self.address = address
        self.community = community
        self.preferredDates = preferredDates
        self.preferredTime = preferredTime
        self.notes = notes
        self.bookedAt = bookedAt
    }

    /// The number shown and quoted: the short number, or the long id of a booking made before them.
    public var number: String { shortNumber ?? id }

    /// The building: the address up to its house number (号), so one trip can serve a building.
    public var building: String {
        guard let end = address.firstIndex(of: "号") else { return address }
        return String(address[...end])
    }
}

/// A day and a staff member for a visit. Pinned: put there by staff, the scheduler leaves it.
public struct VisitSlot: Hashable, Sendable, Codable {
    public var date: CivilDate
    public var staff: String
    public var pinned: Bool

    public init(date: CivilDate, staff: String, pinned: Bool) {
        self.date = date
        self.staff = staff
        self.pinned = pinned
    }
}

/// requested → scheduled → completed / cancelled; a missed visit (no-one home, refused) or one
/// rescheduled goes back to requested, counted, with its priority raised.
public enum VisitStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case requested, scheduled, completed, missed, cancelled

    public var isOpen: Bool { self == .requested || self == .scheduled }
}

/// Why a visit that went ahead did not certify.
public enum VisitMiss: String, Hashable, Sendable, CaseIterable, Codable {
    case noOneHome = "no_one_home"
    case refused
}

/// A booking with where it stands now.
public struct OpenVisit: Hashable, Sendable {
    public var booking: VisitBooking
    public var slot: VisitSlot?
    public var missedVisits: Int
    /// The resident's status today, for the deadline and the score.
    public var status: ResidentStatus

    public init(booking: VisitBooking, slot: VisitSlot?, missedVisits: Int, status: ResidentStatus) {
        self.booking = booking
        self.slot = slot
        self.missedVisits = missedVisits
        self.status = status
    }
}

/// Why a visit cannot be booked.
public enum VisitRefusal: Hashable, Sendable {
    case deceased
    case notServedHere
    /// The community where they live arranges visits (FAQ 6); someone living outside the city certifies remotely.
    case livesOutsideCity(Residence)
    case referredToCityBureau
    case alreadyCertified(on: CivilDate)
    case reasonNotEligible(Mobility)
    case tooYoungForElderly(age: Int, minimum: Int)
    case openBookingExists(id: String)
}

public enum VisitRules {
    /// Whether `reason` may bring a visit to a resident of `status`, `age` years old today, with
    /// `openBooking` (an open booking's id) if they already have one. The FAQ names the old who
    /// cannot move about without an age (高龄、病残等行动不便): the policy's age is a guide, and
    /// `ageOverride`, the reason a staff member gives, books someone younger as elderly.
    public static func refusal(status: ResidentStatus, residence: Residence? = nil, reason: Mobility, age: Int, openBooking: String?,
                               ageOverride: String? = nil, policy: VisitPolicy) -> VisitRefusal? {
        switch status {
        case .deceased: return .deceased
        case .notServedHere: return .notServedHere
        case .referToCityBureau: return .referredToCityBureau
        case .certified(let certified): return .alreadyCertified(on: certified.last.date)
        case .due, .overdue, .suspended: break
        }
        if let residence, residence != .harbin { return .livesOutsideCity(residence) }
        if let openBooking { return .openBookingExists(id: openBooking) }
        guard reason != .none, policy.eligibleReasons.contains(reason) else { return .reasonNotEligible(reason) }
        if reason == .elderly, age < policy.elderlyMinimumAge, (ageOverride ?? "").trimmingSpaces().isEmpty {
            return .tooYoungForElderly(age: age, minimum: policy.elderlyMinimumAge)
        }
        return nil
    }

    /// The last day a visit keeps the pension paying without a break: the cycle's deadline (31
    /// December) for those due, the day before the suspension for those overdue, and for those
    /// already suspended the end of this month (payment resumes the month after certifying), or
    /// the day before a configured resumption cut-off (it may end mid-day, and a visit's outcome is
    /// often entered later that day), and never after the day before the two-year referral: past
    /// it, only the city bureau may certify, in person, which a housebound pensioner cannot do.
    public static func deadline(_ status: ResidentStatus, today: CivilDate, policy: CertificationPolicy) -> CivilDate {
        switch status {
        case .due(let due): return due.cycle.deadline
        case .overdue(let overdue): return max(today, overdue.suspensionFrom.firstDay.adding(days: -1))
        case .suspended(let suspended):
            var resumesSoonest = today.yearMonth.lastDay
            if let cutoff = policy.resumptionCutoff {
                // The cut-off day is 1...28 (policy.yaml), so it exists in every month.
                let thisMonth = CivilDate(year: today.year, month: today.month, day: cutoff.day)!.adding(days: -1)
                let next = today.yearMonth.adding(months: 1)
                resumesSoonest = today < thisMonth ? thisMonth : CivilDate(year: next.year, month: next.month, day: cutoff.day)!.adding(days: -1)
            }
            return max(today, min(resumesSoonest, suspended.referralFrom.firstDay.adding(days: -1)))
        case .certified, .referToCityBureau, .deceased, .notServedHere: return today
        }
    }

    /// Whether a booking still needs its visit: the resident is still to certify. One certified
    /// since (at the desk, by the app, by an approved photo), deceased or no longer served here
    /// is left out of the queue and the schedule.
    public static func stillNeeded(_ status: ResidentStatus) -> Bool {
        switch status {
        case .due, .overdue, .suspended: true
        case .certified, .referToCityBureau, .deceased, .notServedHere: false
        }
    }

    /// Whole years of age on `date`.
    public static func age(_ id: ResidentID, on date: CivilDate) -> Int {
        let birth = id.birthDate
        var years = date.year - birth.year
        if (date.month, date.day) < (birth.month, birth.day) { years -= 1 }
        return years
    }
}

/// A booking's place in the queue: its points and where each came from.
public struct VisitPriority: Hashable, Sendable, Comparable {
    public enum Factor: Hashable, Sendable {
        case daysLeft(Int)
        case alreadySuspended
        case reason(Mobility)
        case age(Int)
        case waiting(days: Int)
        case missedVisits(Int)
    }

    public var points: Int
    public var parts: [(factor: Factor, points: Int)]
    public var deadline: CivilDate

    public static func == (lhs: VisitPriority, rhs: VisitPriority) -> Bool {
        lhs.points == rhs.points && lhs.deadline == rhs.deadline && lhs.parts.map(\.factor) == rhs.parts.map(\.factor)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(points)
        hasher.combine(deadline)
    }

    /// Higher points first; on equal points the earlier deadline.
    public static func < (lhs: VisitPriority, rhs: VisitPriority) -> Bool {
        lhs.points != rhs.points ? lhs.points > rhs.points : lhs.deadline < rhs.deadline
    }

    public init(_ visit: OpenVisit, today: CivilDate, policy: VisitPolicy, certification: CertificationPolicy) {
        let weights = policy.weights
        deadline = VisitRules.deadline(visit.status, today: today, policy: certification)
        var parts: [(Factor, Int)] = []
        let daysLeft = deadline.dayNumber - today.dayNumber
        if case .suspended = visit.status {
            parts.append((.alreadySuspended, weights.alreadySuspended))
        }
        parts.append((.daysLeft(daysLeft), max(0, weights.horizonDays - daysLeft) * weights.perDayCloserToDeadline))
        parts.append((.reason(visit.booking.reason), weights.reason[visit.booking.reason] ?? 0))
        let age = VisitRules.age(visit.booking.residentID, on: today)
        parts.append((.age(age), max(0, age - policy.elderlyMinimumAge) * weights.perYearOfAge))
        let waited = max(0, today.dayNumber - visit.booking.bookedAt.date.dayNumber)
        parts.append((.waiting(days: waited), waited * weights.perDayWaiting))
        if visit.missedVisits > 0 { parts.append((.missedVisits(visit.missedVisits), visit.missedVisits * weights.perMissedVisit)) }
        self.parts = parts
        points = parts.reduce(0) { $0 + $1.1 }
    }
}

/// The queue in order: most urgent first; on a tie the earlier booking.
public enum VisitQueue {
    public static func order(_ visits: [OpenVisit], today: CivilDate, policy: VisitPolicy,
                             certification: CertificationPolicy) -> [(visit: OpenVisit, priority: VisitPriority)] {
        visits.map { ($0, VisitPriority($0, today: today, policy: policy, certification: certification)) }
            .sorted { a, b in
                if a.1.points != b.1.points { return a.1.points > b.1.points }
                if a.1.deadline != b.1.deadline { return a.1.deadline < b.1.deadline }
                if a.0.booking.bookedAt != b.0.booking.bookedAt { return a.0.booking.bookedAt < b.0.booking.bookedAt }
                return a.0.booking.id < b.0.booking.id
            }
    }
}
