/// The closed vocabularies of the bureau's roster. Each value has the English code the CSV header
/// form uses and the Chinese words a bureau export may use instead.
public protocol RosterVocabulary: RawRepresentable<String>, CaseIterable, Sendable, Codable {
    var chineseAliases: [String] { get }
    /// Every accepted spelling as UTF-8, made once per type by `makeSpellings()`.
    static var spellings: [(utf8: [UInt8], value: Self)] { get }
}

extension RosterVocabulary {
    static func makeSpellings() -> [(utf8: [UInt8], value: Self)] {
        allCases.flatMap { value in ([value.rawValue] + value.chineseAliases).map { (Array($0.utf8), value) } }
    }

    /// Accepts the English code (any case) or a Chinese alias.
    public init?(rosterValue: String) {
        var text = rosterValue
        guard let value = text.withUTF8({ Self(rosterBytes: $0) }) else { return nil }
        self = value
    }

    /// The same on UTF-8 bytes, without allocating: the roster import calls it for every row.
    public init?(rosterBytes bytes: UnsafeBufferPointer<UInt8>) {
        func lowered(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte + 32 : byte }
        for (spelling, value) in Self.spellings where spelling.count == bytes.count {
            if zip(spelling, bytes).allSatisfy({ $0 == lowered($1) }) {
                self = value
                return
            }
        }
        return nil
    }

    /// Every accepted spelling, for error messages.
    public static var acceptedValues: String { allCases.map(\.rawValue).joined(separator: "|") }
}

/// The bureau's payment status for a pensioner.
public enum RosterStatus: String, RosterVocabulary {
    case normal, suspended, terminated

    public static let spellings = makeSpellings()

    public var chineseAliases: [String] {
        switch self {
        case .normal: ["正常", "正常发放"]
        case .suspended: ["暂停", "停发", "暂停发放"]
        case .terminated: ["终止", "终止发放"]
        }
    }
}

/// Why a person cannot come to the service point; it makes them eligible for a home visit.
public enum Mobility: String, RosterVocabulary {
    case none, elderly, disabled, ill

    public static let spellings = makeSpellings()

    public var chineseAliases: [String] {
        switch self {
        case .none: ["无"]
        case .elderly: ["高龄"]
        case .disabled: ["残疾", "病残"]
        case .ill: ["患病", "重病"]
        }
    }
}

/// How a certification was made (FAQ 4-10).
public enum CertificationMethod: String, RosterVocabulary {
    case faceApp = "face_app"
    case silent
    case fingerprint
    case photo
    case homeVisit = "home_visit"
    case consulate

    public static let spellings = makeSpellings()

    public var chineseAliases: [String] {
        switch self {
        case .faceApp: ["人脸识别", "手机APP"]
        case .silent: ["信息比对", "大数据比对"]
        case .fingerprint: ["指纹"]
        case .photo: ["照相", "视频", "照相(视频)"]
        case .homeVisit: ["上门认证", "上门"]
        case .consulate: ["使领馆证明", "使领馆"]
        }
    }
}

/// Where a pensioner lives, as the bureau's roster says (FAQ 6): it decides how they certify when
/// they cannot come to the desk, not where they are insured (that is `Resident.insuredRegion`).
public enum Residence: String, RosterVocabulary {
    /// In the city: the service point's own methods (fingerprint, photo, a home visit).
    case harbin
    /// Elsewhere in China: face recognition with the 掌上12333 app.
    case elsewhere
    /// Outside the mainland: a certificate from the embassy or consulate, by mail.
    case abroad

    public static let spellings = makeSpellings()

    public var chineseAliases: [String] {
        switch self {
        case .harbin: ["本市", "市内"]
        case .elsewhere: ["异地", "异地居住"]
        case .abroad: ["境外", "境外居住"]
        }
    }
}
