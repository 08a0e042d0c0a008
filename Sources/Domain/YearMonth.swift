/// A calendar month (YYYY-MM): the unit in which pensions are paid, suspended and resumed.
public struct YearMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    init(uncheckedYear year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// Months since year 0, so that month arithmetic is integer arithmetic.
    public var index: Int { year * 12 + (month - 1) }

    public init(index: Int) {
        self.init(uncheckedYear: index / 12, month: index % 12 + 1)
    }

    public func adding(months: Int) -> YearMonth { YearMonth(index: index + months) }

    /// Whole months from `earlier` to `self` (2026-03 minus 2026-01 is 2).
    public func months(since earlier: YearMonth) -> Int { index - earlier.index }

    public var firstDay: CivilDate { CivilDate(year: year, month: month, day: 1)! }
    public var lastDay: CivilDate {
        CivilDate(year: year, month: month, day: CivilDate.daysIn(year: year, month: month))!
    }

    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool { lhs.index < rhs.index }

    /// `YYYY-MM`.
    public var description: String { ASCIIDigits.pad(year, 4) + "-" + ASCIIDigits.pad(month, 2) }

    /// Parses exactly `YYYY-MM`.
    public init?(_ text: String) {
        var text = text
        guard let value = text.withUTF8({ YearMonth(utf8: $0) }) else { return nil }
        self = value
    }

    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"),
              let year = ASCIIDigits.value(bytes, 0, 4),
              let month = ASCIIDigits.value(bytes, 5, 2) else { return nil }
        self.init(year: year, month: month)
    }
}

extension YearMonth: TextCodable {}
