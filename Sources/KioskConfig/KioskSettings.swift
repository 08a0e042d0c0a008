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
    public var fingerprint: FingerprintPolicy
    /// Absolute path of the key that encrypts enrolled prints (mode 0600).
    public var printKeyFile: String
    public var screen: ScreenSettings
    public var receipts: ReceiptSettings
    public var visitPolicy: VisitPolicy
    /// Staff who go on home visits, with their days and daily capacity.
    public var visitStaff: [VisitStaff]
    public var photo: PhotoSettings
    /// How many photo certifications may wait for review before no more are taken.
    public var maxPendingPhotoReviews: Int
    /// The city hub this kiosk syncs with; nil for a kiosk on its own.
    public var hub: HubSettings?

    /// Where the configuration is when neither --config nor KIOSK_CONFIG names it: /etc/kiosk for
    /// the installed package (its binary is /usr/bin/kiosk), else kiosk-config in the current
    /// directory, as in a checkout.
    public static func defaultConfigDirectory(executable: String) -> String {
        executable == "/usr/bin/kiosk" ? "/etc/kiosk" : "kiosk-config"
    }

    /// The files a configuration directory holds.
    public static let servicePointFile = "service-point.yaml"
    public static let policyFile = "policy.yaml"
}
