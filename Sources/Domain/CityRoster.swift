/// The bureau's roster as the city hub keeps it: one row per resident, the columns a kiosk's
/// resident table takes from the roster, in the kiosk's stored form (canonical words, pension in
/// fen, nil for an empty cell).
public struct CityRosterRow: Sendable, Hashable, Codable {
    public var idNumber: String
    public var name: String
    public var insuredRegion: String
    /// `normal`, `suspended` or `terminated`.
    public var rosterStatus: String
    /// `YYYY-MM`.
    public var suspendedSince: String?
    public var monthlyPensionFen: Int64?
    public var phone: String?
    public var address: String?
    public var community: String?
    public var mobility: String?
    /// `YYYY-MM-DD`.
    public var lastCertified: String?
    public var lastMethod: String?
    public var residence: String?

    public init(idNumber: String, name: String, insuredRegion: String, rosterStatus: String, suspendedSince: String?, monthlyPensionFen: Int64?,
                phone: String?, address: String?, community: String?, mobility: String?, lastCertified: String?, lastMethod: String?,
                residence: String?) {
        self.idNumber = idNumber
        self.name = name
        self.insuredRegion = insuredRegion
        self.rosterStatus = rosterStatus
        self.suspendedSince = suspendedSince
        self.monthlyPensionFen = monthlyPensionFen
        self.phone = phone
        self.address = address
        self.community = community
        self.mobility = mobility
        self.lastCertified = lastCertified
        self.lastMethod = lastMethod
        self.residence = residence
    }
}

/// A roster file checked row by row with the kiosk's own rules (`RosterRowValidator`), ready for
/// the hub: its valid rows (each ID once), and the bad rows with their lines and problems.
public struct CheckedCityRoster: Sendable {
    public var fileName: String
    public var fileSHA256: String
    public var rows: [CityRosterRow]
    /// Bad rows and later lines repeating an ID number, by line.
    public var rejections: [RosterRejection]

    public init(fileName: String, fileSHA256: String, rows: [CityRosterRow], rejections: [RosterRejection]) {
        self.fileName = fileName
        self.fileSHA256 = fileSHA256
        self.rows = rows
        self.rejections = rejections
    }
}

/// What loading a roster into the hub changed. The file is the city's whole roster: a resident
/// the hub holds and the file lacks is marked removed (never deleted), one it brings back is
/// changed.
public struct CityRosterImport: Sendable, Hashable, Codable {
    public var importID: Int64
    public var fileName: String
    public var fileSHA256: String
    public var rows: Int64
    public var added: Int64
    public var changed: Int64
    public var removed: Int64
    public var unchanged: Int64

    public init(importID: Int64, fileName: String, fileSHA256: String, rows: Int64, added: Int64, changed: Int64, removed: Int64, unchanged: Int64) {
        self.importID = importID
        self.fileName = fileName
        self.fileSHA256 = fileSHA256
        self.rows = rows
        self.added = added
        self.changed = changed
        self.removed = removed
        self.unchanged = unchanged
    }

    enum CodingKeys: String, CodingKey {
        case importID = "import_id", fileName = "file", fileSHA256 = "sha256", rows, added, changed, removed, unchanged
    }
}

extension CityRosterRow {
    /// The row as a line of the bureau's CSV (the columns in `RosterColumn` order): what a kiosk
    /// reads the rows the hub sends down through, its own import's reading and checks.
    public var csvLine: String {
        [idNumber, name, insuredRegion, rosterStatus, suspendedSince ?? "", monthlyPensionFen.map { Money(fen: $0).description } ?? "",
         phone ?? "", address ?? "", community ?? "", mobility ?? "", lastCertified ?? "", lastMethod ?? "", residence ?? ""]
            .map(CSVField.escape).joined(separator: ",")
    }
}

/// Roster rows of the residents a service point serves, changed on the hub after a cursor, in the
/// hub's commit order.
public struct HubRosterPull: Sendable, Hashable {
    /// The residents as the hub's roster has them now.
    public var rows: [CityRosterRow]
    /// ID numbers of residents a later roster no longer lists.
    public var removed: [String]
    public var next: HubCursor

    public init(rows: [CityRosterRow], removed: [String], next: HubCursor) {
        self.rows = rows
        self.removed = removed
        self.next = next
    }
}
