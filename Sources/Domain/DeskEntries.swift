/// What staff type at the desk for a record, checked by one rule each, written once here. The
/// store checks them again inside the transaction that writes the record; the screen and the
/// command line call the same check to answer at once.

/// A field of an entry, named in the user's language by `Message`.
public enum EntryField: String, Hashable, Sendable, CaseIterable {
    case reporterName = "reporter_name", reporterRelation = "reporter_relation", certificateNumber = "certificate_number"
    case phone, address
    case bookerName = "booker_name", bookerRelation = "booker_relation", bookerPhone = "booker_phone"
    case visitEvidence = "visit_evidence", visitAddress = "visit_address", ageOverride = "age_override"
    case dateOfDeath = "date_of_death", preferredDate = "preferred_date"
}

public enum EntryProblem: Hashable, Sendable, Error {
    case required(EntryField)
    case notAPhoneNumber(EntryField)
    case notADate(EntryField, String)
    /// A contact change with neither a phone number nor an address.
    case nothingToChange
    /// A search that is not part of a name, 2 or more pinyin initials, or 4 or more last digits.
    case notASearch
}

/// Phone numbers as the kiosk accepts them everywhere: seven to fifteen digits, optionally with
/// `+`, `-` and spaces (13912345678, 0451-86123456, +86 139 1234 5678).
public enum PhoneNumber {
    public static func isValid(_ text: String) -> Bool { RosterRowValidator.isPhoneNumber(text.trimmingSpaces()) }
}

/// A death as the family reports it (FAQ 18). Text fields are kept trimmed.
public struct DeathEntry: Hashable, Sendable {
    public var dateOfDeath: CivilDate
    public var reporterName: String
    public var relation: String
    public var certificateNumber: String

    public init(dateOfDeath: CivilDate, reporterName: String, relation: String, certificateNumber: String) {
        self.dateOfDeath = dateOfDeath
        self.reporterName = reporterName.trimmingSpaces()
        self.relation = relation.trimmingSpaces()
        self.certificateNumber = certificateNumber.trimmingSpaces()
    }

    /// Who reported it, how they are related and the certificate are all required.
    public var problem: EntryProblem? {
        if reporterName.isEmpty { return .required(.reporterName) }
        if relation.isEmpty { return .required(.reporterRelation) }
        if certificateNumber.isEmpty { return .required(.certificateNumber) }
        return nil
    }
}

/// A new phone number and/or address given at the desk (FAQ 15).
public struct ContactEntry: Hashable, Sendable {
    public var phone: String?
    public var address: String?

    public init(phone: String?, address: String?) {
        self.phone = phone?.trimmingSpaces()
        self.address = address?.trimmingSpaces()
    }

    public var problem: EntryProblem? {
        if phone == nil, address == nil { return .nothingToChange }
        if let phone, !PhoneNumber.isValid(phone) { return .notAPhoneNumber(.phone) }
        if address?.isEmpty == true { return .required(.address) }
        return nil
    }
}

/// A home visit as the family asks for it at the desk (FAQ 6).
public struct VisitRequest: Hashable, Sendable {
    public var booker: VisitBooker
    public var reason: Mobility
    public var evidence: String
    /// Where to go; nil for the address on record, which the booking then takes.
    public var address: String?
    public var preferredDates: [CivilDate]
    public var time: VisitTime
    public var notes: String
    /// Why someone under the policy's age is booked as elderly.
    public var ageOverride: String?

    public init(booker: VisitBooker, reason: Mobility, evidence: String, address: String?, preferredDates: [CivilDate],
                time: VisitTime, notes: String, ageOverride: String?) {
        self.booker = VisitBooker(name: booker.name.trimmingSpaces(), relation: booker.relation.trimmingSpaces(),
                                  phone: booker.phone.trimmingSpaces())
        self.reason = reason
        self.evidence = evidence.trimmingSpaces()
        self.address = address?.trimmingSpaces()
        self.preferredDates = preferredDates.sorted()
        self.time = time
        self.notes = notes.trimmingSpaces()
        self.ageOverride = ageOverride?.trimmingSpaces()
    }

    /// What is wrong with the fields as typed (an address given must not be blank).
    public var problem: EntryProblem? {
        if booker.name.isEmpty { return .required(.bookerName) }
        if booker.relation.isEmpty { return .required(.bookerRelation) }
        if booker.phone.isEmpty { return .required(.bookerPhone) }
        if !PhoneNumber.isValid(booker.phone) { return .notAPhoneNumber(.bookerPhone) }
        if evidence.isEmpty { return .required(.visitEvidence) }
        if address?.isEmpty == true { return .required(.visitAddress) }
        if ageOverride?.isEmpty == true { return .required(.ageOverride) }
        return nil
    }

    /// Where the visit goes: the address given, else the resident's on record. A visit needs
    /// somewhere to go: without either, `.required(.visitAddress)`.
    public func visitAddress(onRecord: String?) throws(EntryProblem) -> String {
        guard let address = address ?? onRecord?.trimmingSpaces(), !address.isEmpty else { throw .required(.visitAddress) }
        return address
    }
}
