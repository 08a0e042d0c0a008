/// The rules a service point applies, read from `kiosk-config/policy.yaml`. Harbin's values are
/// `CertificationPolicy.harbin`; the shipped configuration file states the same values.
public struct CertificationPolicy: Hashable, Sendable {
    public enum CycleKind: String, Hashable, Sendable, CaseIterable {
        /// Certify once per calendar year, before 31 December; the birthday month is recommended.
        case calendarYear = "calendar_year"
        /// Certify once in each twelve months starting with the birthday month.
        case rollingFromBirthMonth = "rolling_birth_month"
    }

    public struct Suspension: Hashable, Sendable {
        /// Months after the end of a missed cycle before the bureau stops payment (0: the very next month).
        public var graceMonths: Int
        public init(graceMonths: Int) { self.graceMonths = graceMonths }
    }

    public struct Resumption: Hashable, Sendable {
        /// Certified from the 1st until `cutoffSecondOfDay` on this day of the month: payment
        /// resumes the next month; later, the month after.
        public var cutoffDay: Int
        public var cutoffSecondOfDay: Int
        public init(cutoffDay: Int, cutoffSecondOfDay: Int) {
            self.cutoffDay = cutoffDay
            self.cutoffSecondOfDay = cutoffSecondOfDay
        }
    }

    public struct Referral: Hashable, Sendable {
        /// Suspended this many whole months or more: only the city bureau may certify (FAQ 13).
        public var suspendedMonths: Int
        public var office: LocalizedText
        public var documents: LocalizedText
        public init(suspendedMonths: Int, office: LocalizedText, documents: LocalizedText) {
            self.suspendedMonths = suspendedMonths
            self.office = office
            self.documents = documents
        }
    }

    public struct DeathRule: Hashable, Sendable {
        /// The family settles the account within this many days of the death (FAQ 18).
        public var deadlineDays: Int
        public var office: LocalizedText
        public var documents: LocalizedText
        public init(deadlineDays: Int, office: LocalizedText, documents: LocalizedText) {
            self.deadlineDays = deadlineDays
            self.office = office
            self.documents = documents
        }
    }

    public var cycle: CycleKind
    public var suspension: Suspension
    public var resumption: Resumption
    public var referral: Referral
    public var death: DeathRule
    public var jurisdiction: Jurisdiction

    public init(cycle: CycleKind, suspension: Suspension, resumption: Resumption, referral: Referral,
                death: DeathRule, jurisdiction: Jurisdiction) {
        self.cycle = cycle
        self.suspension = suspension
        self.resumption = resumption
        self.referral = referral
        self.death = death
        self.jurisdiction = jurisdiction
    }

    /// The Harbin bureau's rules (FAQ of 2023-09-13), the default of the shipped configuration.
    public static let harbin = CertificationPolicy(
        cycle: .calendarYear,
        suspension: Suspension(graceMonths: 0),
        resumption: Resumption(cutoffDay: 25, cutoffSecondOfDay: 15 * 3600),
        referral: Referral(
            suspendedMonths: 24,
            office: LocalizedText(
                chinese: "市社保局（南岗区中山路181号市民大厦C区二楼社会化管理处）",
                english: "City Social Insurance Bureau, Socialised Management Office, 2nd floor, Zone C, Citizens' Building, 181 Zhongshan Road, Nangang District"),
            documents: LocalizedText(chinese: "本人身份证原件", english: "the pensioner's original ID card, in person")),
        death: DeathRule(
            deadlineDays: 7,
            office: LocalizedText(
                chinese: "市社保局（南岗区中山路181号市民大厦C区二楼待遇支付处）",
                english: "City Social Insurance Bureau, Benefit Payment Office, 2nd floor, Zone C, Citizens' Building, 181 Zhongshan Road, Nangang District"),
            documents: LocalizedText(
                chinese: "死亡证明原件及复印件、代办人身份证原件及复印件",
                english: "the death certificate (original and copy) and the agent's ID card (original and copy)")),
        jurisdiction: Jurisdiction(
            servedRegionPrefixes: ["2301"],
            provincePrefix: "23",
            provincialApp: LocalizedText(chinese: "“龙江人社”手机APP", english: "the provincial app 龙江人社 (Longjiang Renshe)"),
            abroadRegionCodes: ["990000"]))
}
