import Domain

/// Everything a kiosk reads from its configuration directory.
public struct KioskSettings: Sendable {
    public var configDirectory: String
    public var servicePoint: ServicePoint
    /// IANA time zone of the service point; dates and the resumption cut-off are local to it.
    public var timeZone: String
    public var language: Language
    /// Absolute path of the data directory.
    public var dataDirectory: String
    public var policy: CertificationPolicy
    public var signIn: SignInPolicy

    /// The files a configuration directory holds.
    public static let servicePointFile = "service-point.yaml"
    public static let policyFile = "policy.yaml"
}
