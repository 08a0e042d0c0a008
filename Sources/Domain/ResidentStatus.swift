/// Where a pensioner stands on a given day, with what staff need to tell them.
public enum ResidentStatus: Hashable, Sendable {
    case certified(Certified)
    case due(Due)
    case overdue(Overdue)
    case suspended(Suspended)
    case referToCityBureau(Referral)
    case deceased(Deceased)
    case notServedHere(Jurisdiction.Route)

    /// The stable code scripts read (`kiosk resident show --json` → `status`).
    public enum Code: String, Hashable, Sendable, Codable, CaseIterable {
        case certified, due, overdue, suspended
        case referToCityBureau = "refer_to_city_bureau"
        case deceased
        case notServedHere = "not_served_here"
    }

    public var code: Code {
        switch self {
        case .certified: .certified
        case .due: .due
        case .overdue: .overdue
        case .suspended: .suspended
        case .referToCityBureau: .referToCityBureau
        case .deceased: .deceased
        case .notServedHere: .notServedHere
        }
    }

    /// Whether the service point may record a certification for this person now.
    public var mayCertifyHere: Bool {
        switch self {
        case .due, .overdue, .suspended, .certified: true
        case .referToCityBureau, .deceased, .notServedHere: false
        }
    }

    /// Why a certification may not be recorded now, if it may not: the status must allow one
    /// here, and one already made this cycle is repeated only with a reason the staff member
    /// gives, and recorded as a repeat (FAQ 19-20: a second certification never passes as a first).
    public func certificationRefusal(again reason: String?) -> KioskError? {
        guard mayCertifyHere else { return .refusedByStatus(code) }
        if case .certified(let certified) = self, (reason ?? "").trimmingSpaces().isEmpty { return .alreadyCertified(certified.last) }
        return nil
    }

    public struct Certified: Hashable, Sendable, Codable {
        public var last: CertificationFact
        public var cycle: CertificationCycle
        /// Present when this certification ended a suspension.
        public var resumption: Resumption?

        public init(last: CertificationFact, cycle: CertificationCycle, resumption: Resumption?) {
            self.last = last
            self.cycle = cycle
            self.resumption = resumption
        }
    }

    /// Not yet certified this cycle, and the cycle's deadline (31 December) not yet past (FAQ 3).
    public struct Due: Hashable, Sendable, Codable {
        public var cycle: CertificationCycle
        /// The recommended (birthday) month is behind: still within the deadline, only later than advised.
        public var recommendedMonthPassed: Bool

        public init(cycle: CertificationCycle, recommendedMonthPassed: Bool) {
            self.cycle = cycle
            self.recommendedMonthPassed = recommendedMonthPassed
        }
    }

    /// A whole cycle ended with no certification on record, and the bureau has not (yet) suspended.
    public struct Overdue: Hashable, Sendable, Codable {
        /// The cycle that was missed.
        public var cycle: CertificationCycle
        /// The month from which the bureau stops payment for the missed cycle.
        public var suspensionFrom: YearMonth

        public init(cycle: CertificationCycle, suspensionFrom: YearMonth) {
            self.cycle = cycle
            self.suspensionFrom = suspensionFrom
        }
    }

    public struct Suspended: Hashable, Sendable, Codable {
        /// The first month not paid.
        public var since: YearMonth
        /// Whole months elapsed since `since` began: what the two-year rule (FAQ 13) counts. Screens
        /// say "N full months"; the months unpaid are the back pay's range, said as a range.
        public var monthsSuspended: Int
        /// What certifying at this moment would bring.
        public var ifCertifiedNow: Resumption
        /// The first month in which only the city bureau can certify.
        public var referralFrom: YearMonth

        public init(since: YearMonth, monthsSuspended: Int, ifCertifiedNow: Resumption, referralFrom: YearMonth) {
            self.since = since
            self.monthsSuspended = monthsSuspended
            self.ifCertifiedNow = ifCertifiedNow
            self.referralFrom = referralFrom
        }
    }

    public struct Referral: Hashable, Sendable, Codable {
        public enum Reason: String, Hashable, Sendable, Codable {
            /// Suspended two years or more (FAQ 13).
            case longSuspension = "long_suspension"
            /// The bureau has terminated the pension; the service point has nothing to certify.
            case terminated
        }
        public var reason: Reason
        public var suspendedSince: YearMonth?
        public var monthsSuspended: Int?

        public init(reason: Reason, suspendedSince: YearMonth?, monthsSuspended: Int?) {
            self.reason = reason
            self.suspendedSince = suspendedSince
            self.monthsSuspended = monthsSuspended
        }
    }

    public struct Deceased: Hashable, Sendable, Codable {
        public var dateOfDeath: CivilDate
        public var reportedOn: CivilDate
        /// The family's deadline to settle the account at the city bureau (FAQ 18).
        public var settleBy: CivilDate
        /// Months after the month of death for which a pension was (or is being) paid.
        public var monthsPaidAfterDeath: Int
        public var amountPaidAfterDeath: Money?

        public init(dateOfDeath: CivilDate, reportedOn: CivilDate, settleBy: CivilDate, monthsPaidAfterDeath: Int, amountPaidAfterDeath: Money?) {
            self.dateOfDeath = dateOfDeath
            self.reportedOn = reportedOn
            self.settleBy = settleBy
            self.monthsPaidAfterDeath = monthsPaidAfterDeath
            self.amountPaidAfterDeath = amountPaidAfterDeath
        }
    }

    /// When a suspended pension is paid again, and what is paid back.
    public struct Resumption: Hashable, Sendable, Codable {
        public var resumesIn: YearMonth
        /// The first month paid back: the suspension's first month.
        public var backPayFrom: YearMonth
        /// The months from `backPayFrom` to the month before `resumesIn`, both included.
        public var backPayMonths: Int
        public var backPay: Money?

        public init(resumesIn: YearMonth, backPayFrom: YearMonth, backPayMonths: Int, backPay: Money?) {
            self.resumesIn = resumesIn
            self.backPayFrom = backPayFrom
            self.backPayMonths = backPayMonths
            self.backPay = backPay
        }
    }
}
