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

    /// An opt-in rule some bureaus have and Harbin's FAQ does not: certified after `secondOfDay`
    /// on `day` of a month, payment resumes the month after next instead of the next.
    public struct ResumptionCutoff: Hashable, Sendable {
        public var day: Int
        public var secondOfDay: Int
        public init(day: Int, secondOfDay: Int) {
            self.day = day
            self.secondOfDay = secondOfDay
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
    /// None in Harbin: payment resumes the month after certifying (FAQ 12).
    public var resumptionCutoff: ResumptionCutoff?
    public var referral: Referral
    public var death: DeathRule
    public var jurisdiction: Jurisdiction

    public init(cycle: CycleKind, suspension: Suspension, resumptionCutoff: ResumptionCutoff?, referral: Referral,
                death: DeathRule, jurisdiction: Jurisdiction) {
        self.cycle = cycle
        self.suspension = suspension
        self.resumptionCutoff = resumptionCutoff
        self.referral = referral
        self.death = death
        self.jurisdiction = jurisdiction
    }

    /// The Harbin bureau's rules (FAQ of 2023-09-13), the default of the shipped configuration.
    public static let harbin = CertificationPolicy(
        cycle: .calendarYear,
        suspension: Suspension(graceMonths: 0),
        resumptionCutoff: nil,
        referral: Referral(
            suspendedMonths: 24,
            office: LocalizedText(
                chinese: "市社保局（南岗区中山路181号市民大厦C区二楼社会化管理处）",
                english: "City Social Insurance Bureau, Socialised Management Office, 2nd floor, Zone C, Citizens' Building, 181 Zhongshan Road, Nangang District"),
            documents: LocalizedText(chinese: "本人身份证原件", english: "the pensioner's original ID card")),
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
            cityApps: LocalizedText(chinese: "“龙江人社”或“哈尔滨智慧人社”手机APP（任选其一）",
                                    english: "the app 龙江人社 (Longjiang Renshe) or 哈尔滨智慧人社 (Harbin Smart HR), either one"),
            legacyAbroadRegionCodes: ["990000"]))
}
