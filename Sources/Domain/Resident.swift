/// A pensioner as the bureau's roster describes them, with the contact details the kiosk keeps
/// current (a contact change made here stands until the bureau sends a different value).
public struct Resident: Hashable, Sendable {
    public var id: ResidentID
    public var name: String
    /// Six-digit region code of the insured place (参保地).
    public var insuredRegion: String
    public var rosterStatus: RosterStatus
    public var suspendedSince: YearMonth?
    public var monthlyPension: Money?
    public var phone: String?
    public var address: String?
    public var community: String?
    public var mobility: Mobility?
    /// The last certification the bureau knows of (any method, including the outside ones).
    public var rosterCertifiedOn: CivilDate?
    public var rosterCertificationMethod: CertificationMethod?
    /// Where they live; nil when the roster does not say, read as living in the city.
    public var residence: Residence?

    public init(id: ResidentID, name: String, insuredRegion: String, rosterStatus: RosterStatus,
                suspendedSince: YearMonth? = nil, monthlyPension: Money? = nil, phone: String? = nil,
                address: String? = nil, community: String? = nil, mobility: Mobility? = nil,
                rosterCertifiedOn: CivilDate? = nil, rosterCertificationMethod: CertificationMethod? = nil,
                residence: Residence? = nil) {
        self.id = id
        self.name = name
        self.insuredRegion = insuredRegion
        self.rosterStatus = rosterStatus
        self.suspendedSince = suspendedSince
        self.monthlyPension = monthlyPension
        self.phone = phone
        self.address = address
        self.community = community
        self.mobility = mobility
        self.rosterCertifiedOn = rosterCertifiedOn
        self.rosterCertificationMethod = rosterCertificationMethod
        self.residence = residence
    }

    /// The name with all but the first character hidden (张**), for lists shown on a screen.
    public var maskedName: String { Self.mask(name: name) }

    public static func mask(name: String) -> String {
        guard let first = name.first else { return "" }
        return String(first) + String(repeating: "*", count: max(name.count - 1, 1))
    }
}

/// One certification as the status engine sees it, from the roster or from this kiosk's records.
public struct CertificationFact: Hashable, Sendable, Codable {
    public enum Source: String, Hashable, Sendable, Codable {
        case roster, kiosk
    }

    public var date: CivilDate
    /// The local time of day when known (kiosk records); roster entries carry a date only.
    public var secondOfDay: Int?
    public var method: CertificationMethod?
    /// The service point that recorded it; nil for the bureau's roster.
    public var servicePoint: String?
    public var source: Source

    public init(date: CivilDate, secondOfDay: Int? = nil, method: CertificationMethod?, servicePoint: String?, source: Source) {
        self.date = date
        self.secondOfDay = secondOfDay
        self.method = method
        self.servicePoint = servicePoint
        self.source = source
    }

    /// The later of two facts; the kiosk's own record wins a tie, since it says more.
    public static func latest(_ a: CertificationFact?, _ b: CertificationFact?) -> CertificationFact? {
        guard let a else { return b }
        guard let b else { return a }
        if a.date != b.date { return a.date > b.date ? a : b }
        return a.source == .kiosk ? a : b
    }
}

/// A death reported at the service point (FAQ 18).
public struct DeathFact: Hashable, Sendable, Codable {
    public var dateOfDeath: CivilDate
    public var reportedOn: CivilDate

    public init(dateOfDeath: CivilDate, reportedOn: CivilDate) {
        self.dateOfDeath = dateOfDeath
        self.reportedOn = reportedOn
    }
}

/// A certification dated after the reported death (FAQ 19-20: pension obtained by deceit): a fraud
/// alert for a supervisor, whatever made the certification (the roster, this kiosk, a visit, a photo).
public struct PosthumousCertification: Hashable, Sendable, Codable {
    public var certifiedOn: CivilDate
    public var diedOn: CivilDate

    public init(certifiedOn: CivilDate, diedOn: CivilDate) {
        self.certifiedOn = certifiedOn
        self.diedOn = diedOn
    }
}
