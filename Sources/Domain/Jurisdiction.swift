/// Where a pensioner must certify, decided by the insured place (参保地) from the roster, never by
/// the region code inside the ID number, which is only where the birth was registered (FAQ 16-17).
public struct Jurisdiction: Hashable, Sendable {
    public enum Route: String, Hashable, Sendable, Codable {
        /// Insured in the area this service point serves: certify here.
        case servedHere = "served_here"
        /// Insured in another city of the same province: the provincial app (FAQ 16).
        case provincialApp = "provincial_app"
        /// Insured in another province: that locality's own rules (FAQ 17).
        case ownLocality = "own_locality"
        /// Living outside the mainland: a certificate from the embassy or consulate, by mail (FAQ 6).
        case consulateByMail = "consulate_by_mail"
    }

    /// Region-code prefixes served here (Harbin: `2301`, the city and all its districts and counties).
    public var servedRegionPrefixes: [String]
    /// The province's two-digit prefix (Heilongjiang: `23`).
    public var provincePrefix: String
    public var provincialApp: LocalizedText
    /// The apps those insured here certify with (FAQ 4: 龙江人社 or 哈尔滨智慧人社, either one).
    public var cityApps: LocalizedText
    /// Codes the roster uses for pensioners living outside the mainland.
    public var abroadRegionCodes: [String]

    public init(servedRegionPrefixes: [String], provincePrefix: String, provincialApp: LocalizedText, cityApps: LocalizedText,
                abroadRegionCodes: [String]) {
        self.servedRegionPrefixes = servedRegionPrefixes
        self.provincePrefix = provincePrefix
        self.provincialApp = provincialApp
        self.cityApps = cityApps
        self.abroadRegionCodes = abroadRegionCodes
    }

    public func route(insuredRegion: String) -> Route {
        if abroadRegionCodes.contains(insuredRegion) { return .consulateByMail }
        if servedRegionPrefixes.contains(where: { insuredRegion.hasPrefix($0) }) { return .servedHere }
        if insuredRegion.hasPrefix(provincePrefix) { return .provincialApp }
        return .ownLocality
    }
}
