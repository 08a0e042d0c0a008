/// The community service point a kiosk belongs to. Its code goes into every record the kiosk
/// writes, so that the databases of many service points can be merged into one for the city.
public struct ServicePoint: Hashable, Sendable, Codable {
    public var code: String
    public var name: LocalizedText
    public var district: String
    /// The number families call (printed on booking slips); nil when not configured.
    public var phone: String?

    public init(code: String, name: LocalizedText, district: String, phone: String? = nil) {
        self.code = code
        self.name = name
        self.district = district
        self.phone = phone
    }

    /// Upper-case letters, digits and hyphens, 3 to 32 characters (`HRB-NG-XF01`).
    public static func isValidCode(_ code: String) -> Bool {
        (3...32).contains(code.count) && code.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
