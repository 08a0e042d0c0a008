/// The span of months in which one certification counts, for one pensioner.
public struct CertificationCycle: Hashable, Sendable, Codable {
    public let firstMonth: YearMonth
    public let lastMonth: YearMonth
    /// The month the bureau recommends (the birthday month, FAQ 3).
    public let recommendedMonth: YearMonth

    public init(firstMonth: YearMonth, lastMonth: YearMonth, recommendedMonth: YearMonth) {
        self.firstMonth = firstMonth
        self.lastMonth = lastMonth
        self.recommendedMonth = recommendedMonth
    }

    /// The last day a certification counts for this cycle.
    public var deadline: CivilDate { lastMonth.lastDay }

    public func contains(_ date: CivilDate) -> Bool {
        (firstMonth...lastMonth).contains(date.yearMonth)
    }

    public var previous: CertificationCycle {
        CertificationCycle(firstMonth: firstMonth.adding(months: -12), lastMonth: lastMonth.adding(months: -12),
                           recommendedMonth: recommendedMonth.adding(months: -12))
    }

    public static func containing(_ date: CivilDate, birthMonth: Int, kind: CertificationPolicy.CycleKind) -> CertificationCycle {
        switch kind {
        case .calendarYear:
            return CertificationCycle(firstMonth: YearMonth(uncheckedYear: date.year, month: 1),
                                      lastMonth: YearMonth(uncheckedYear: date.year, month: 12),
                                      recommendedMonth: YearMonth(uncheckedYear: date.year, month: birthMonth))
        case .rollingFromBirthMonth:
            let first = YearMonth(uncheckedYear: date.month >= birthMonth ? date.year : date.year - 1, month: birthMonth)
            return CertificationCycle(firstMonth: first, lastMonth: first.adding(months: 11), recommendedMonth: first)
        }
    }
}
