/// What staff type to find a resident without the ID card: part of the name in Chinese, the
/// pinyin initials of the name (`wjg` for 王建国), or the last digits of the phone or ID number.
/// One rule each, here; the store runs the search, the desk checks the role and audits it.
public enum ResidentQuery: Hashable, Sendable {
    /// Characters of the name, anywhere in it (建国, 王建).
    case name(String)
    /// Pinyin initials, lower case, matched from the name's first character (`wj` finds 王建国 too).
    case initials(String)
    /// The last digits of the phone number (the roster's or one changed here) or of the ID number
    /// (whose last character may be X).
    case lastDigits(String)

    public static let minimumInitials = 2
    public static let minimumDigits = 4
    /// Matches listed at most; more means the query should say more.
    public static let maximumMatches = 20

    /// Reads a typed query (surrounding spaces ignored); nil when it is none of the three, or too
    /// short to narrow a roster of thousands (fewer than 2 letters or 4 digits).
    public init?(_ text: String) {
        let typed = text.trimmingSpaces()
        guard !typed.isEmpty else { return nil }
        if typed.allSatisfy({ $0.isASCII && $0.isLetter }) {
            guard typed.count >= Self.minimumInitials else { return nil }
            self = .initials(typed.lowercased())
        } else if typed.dropLast().allSatisfy({ $0.isASCII && $0.isNumber }),
                  let last = typed.last, (last.isASCII && last.isNumber) || last == "x" || last == "X" {
            guard typed.count >= Self.minimumDigits else { return nil }
            self = .lastDigits(typed.uppercased())
        } else if typed.contains(where: \.isHan), !typed.contains(where: \.isASCII) {
            self = .name(typed)
        } else {
            return nil
        }
    }

    /// For the audit entry: how the search was made, never what was typed.
    public var kind: String {
        switch self {
        case .name: "name"
        case .initials: "initials"
        case .lastDigits: "digits"
        }
    }
}

/// One resident found by a search, as the list shows them: masked before it leaves the desk, so
/// no front-end can show more. Choosing one looks the resident up by ID as the ID field does.
public struct ResidentMatch: Hashable, Sendable, Encodable {
    public var id: ResidentID
    /// 王**: the first character only.
    public var maskedName: String
    /// 139****5678, or nil when none is on record.
    public var maskedPhone: String?
    public var community: String?

    public init(id: ResidentID, maskedName: String, maskedPhone: String?, community: String?) {
        self.id = id
        self.maskedName = maskedName
        self.maskedPhone = maskedPhone
        self.community = community
    }

    enum CodingKeys: String, CodingKey { case id = "id_number", maskedName = "name", maskedPhone = "phone", community }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id.masked, forKey: .id)
        try container.encode(maskedName, forKey: .maskedName)
        try container.encodeIfPresent(maskedPhone, forKey: .maskedPhone)
        try container.encodeIfPresent(community, forKey: .community)
    }
}

/// The matches of one search, at most `ResidentQuery.maximumMatches`; `more` when there were others.
public struct ResidentMatches: Hashable, Sendable, Encodable {
    public var matches: [ResidentMatch]
    public var more: Bool

    public init(matches: [ResidentMatch], more: Bool) {
        self.matches = matches
        self.more = more
    }
}

extension Character {
    /// A CJK ideograph (the unified blocks and their extensions), as names are written.
    public var isHan: Bool {
        unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: true
            default: false
            }
        }
    }
}

extension Resident {
    /// The resident as a search lists them, masked.
    public var match: ResidentMatch {
        ResidentMatch(id: id, maskedName: maskedName, maskedPhone: phone.map(PhoneMask.mask), community: community)
    }
}

/// `139****5678`: the first three and last four digits.
public enum PhoneMask {
    public static func mask(_ phone: String) -> String {
        let characters = Array(phone)
        guard characters.count >= 8 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(3)) + String(repeating: "*", count: characters.count - 7) + String(characters.suffix(4))
    }
}
