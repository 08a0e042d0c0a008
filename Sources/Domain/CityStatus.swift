/// The city's residents by status, as the hub's report counts them (`kiosk hub status`): for one
/// district, for the districts one service point serves, or for the whole city.
public struct StatusTally: Sendable, Hashable, Codable {
    /// The district's code, the service point's, or `city`.
    public var key: String
    public var residents = 0
    public var certified = 0
    public var due = 0
    public var overdue = 0
    public var suspended = 0
    public var referred = 0
    /// Reported dead anywhere in the city.
    public var deceased = 0
    /// Insured outside the area the policy serves (`Jurisdiction.route`).
    public var notServedHere = 0
    /// Reported dead while the roster still pays them (its status is not terminated): the family
    /// has the account to settle at the bureau (FAQ 18).
    public var deathsToSettle = 0
    /// Of those, past the deadline to settle (`ResidentStatus.Deceased.settleBy`).
    public var deathsPastDeadline = 0
    /// Pensions paid after the month of death, in fen, as the status rules count them.
    public var paidAfterDeathFen: Int64 = 0
    /// Residents whose latest certification anywhere in the city was made today.
    public var certifiedToday = 0

    public init(key: String) { self.key = key }

    /// Counts one resident whose status the rules decided on `date`.
    public mutating func add(_ status: ResidentStatus, rosterStatus: RosterStatus, certifiedToday today: Bool, on date: CivilDate) {
        residents += 1
        if today { certifiedToday += 1 }
        switch status {
        case .certified: certified += 1
        case .due: due += 1
        case .overdue: overdue += 1
        case .suspended: suspended += 1
        case .referToCityBureau: referred += 1
        case .notServedHere: notServedHere += 1
        case .deceased(let death):
            deceased += 1
            guard rosterStatus != .terminated else { return }
            deathsToSettle += 1
            if death.settleBy < date { deathsPastDeadline += 1 }
            paidAfterDeathFen += death.amountPaidAfterDeath?.fen ?? 0
        }
    }

    public mutating func add(_ other: StatusTally) {
        residents += other.residents
        certified += other.certified
        due += other.due
        overdue += other.overdue
        suspended += other.suspended
        referred += other.referred
        deceased += other.deceased
        notServedHere += other.notServedHere
        deathsToSettle += other.deathsToSettle
        deathsPastDeadline += other.deathsPastDeadline
        paidAfterDeathFen += other.paidAfterDeathFen
        certifiedToday += other.certifiedToday
    }
}

/// The city's status report: by district, by service point (the districts it serves), in all.
public struct CityStatus: Sendable, Hashable, Codable {
    /// The day the statuses were decided on, in the bureau's time zone.
    public var date: CivilDate
    public var districts: [StatusTally]
    public var servicePoints: [StatusTally]
    public var city: StatusTally

    public init(date: CivilDate, districts: [StatusTally], servicePoints: [StatusTally], city: StatusTally) {
        self.date = date
        self.districts = districts
        self.servicePoints = servicePoints
        self.city = city
    }
}
