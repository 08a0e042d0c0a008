/// Where a pensioner must certify, decided by the insured place (参保地) from the roster, never by
/// the region code inside the ID number, which is only where the birth was registered (FAQ 16-17).
/// Where a pensioner insured here lives is another matter (`Residence`, FAQ 6).
public struct Jurisdiction: Hashable, Sendable {
    public enum Route: String, Hashable, Sendable, Codable {
        /// Insured in the area this service point serves: certify here.
        case servedHere = "served_here"
        /// Insured in another city of the same province: the provincial app (FAQ 16).
        case provincialApp = "provincial_app"
        /// Insured in another province: that locality's own rules (FAQ 17).
        case ownLocality = "own_locality"
    }

    /// Region-code prefixes served here (Harbin: `2301`, the city and all its districts and counties).
    public var servedRegionPrefixes: [String]
    /// The province's two-digit prefix (Heilongjiang: `23`).
    public var provincePrefix: String
    public var provincialApp: LocalizedText
    /// The apps those insured here certify with (FAQ 4: 龙江人社 or 哈尔滨智慧人社, either one).
    public var cityApps: LocalizedText
    /// Codes old rosters put in insured_region for pensioners living abroad. Such a row imports as
    /// `Residence.abroad`, insured at `legacyAbroadInsuredRegion`, with a warning.
    public var legacyAbroadRegionCodes: [String]

    public init(servedRegionPrefixes: [String], provincePrefix: String, provincialApp: LocalizedText, cityApps: LocalizedText,
                legacyAbroadRegionCodes: [String]) {
        self.servedRegionPrefixes = servedRegionPrefixes
        self.provincePrefix = provincePrefix
        self.provincialApp = provincialApp
        self.cityApps = cityApps
        self.legacyAbroadRegionCodes = legacyAbroadRegionCodes
    }

    public func route(insuredRegion: String) -> Route {
        // Rows imported before the residence column may still carry an old abroad code.
        if legacyAbroadRegionCodes.contains(insuredRegion) { return .servedHere }
        if servedRegionPrefixes.contains(where: { insuredRegion.hasPrefix($0) }) { return .servedHere }
        if insuredRegion.hasPrefix(provincePrefix) { return .provincialApp }
        return .ownLocality
    }

    /// Where `resident` lives: the roster's residence, or abroad for a row stored with an old
    /// abroad code before the roster had the column (the next import rewrites it).
    public func residence(of resident: Resident) -> Residence? {
        resident.residence ?? (legacyAbroadRegionCodes.contains(resident.insuredRegion) ? .abroad : nil)
    }

    /// The insured place given to a row of an old roster that coded "abroad" as its region: the
    /// bureau's roster lists those it pays, so they are insured in the area served here (its first
    /// prefix, completed to six digits: 2301 → 230100, the city itself).
    public var legacyAbroadInsuredRegion: String {
        let prefix = servedRegionPrefixes.first ?? ""
        return prefix + String(repeating: "0", count: max(0, 6 - prefix.count))
    }
}
