/// A wall-clock moment at the service point (its configured time zone): the date decides the cycle,
/// the time of day decides the resumption cut-off (before 15:00 on the 25th).
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let date: CivilDate
    /// Seconds since local midnight, 0..<86400.
    public let secondOfDay: Int

    public init(date: CivilDate, secondOfDay: Int) {
        precondition((0..<86_400).contains(secondOfDay), "second of day out of range")
        self.date = date
        self.secondOfDay = secondOfDay
    }

    public init(date: CivilDate, hour: Int, minute: Int, second: Int = 0) {
        self.init(date: date, secondOfDay: hour * 3600 + minute * 60 + second)
    }

    public var hour: Int { secondOfDay / 3600 }
    public var minute: Int { secondOfDay / 60 % 60 }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.secondOfDay) < (rhs.date, rhs.secondOfDay)
    }

    /// `YYYY-MM-DD HH:MM:SS`.
    public var description: String {
        "\(date) " + ASCIIDigits.pad(hour, 2) + ":" + ASCIIDigits.pad(minute, 2) + ":"
            + ASCIIDigits.pad(secondOfDay % 60, 2)
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS` (a space may replace the T).
    /// A date alone is returned with `secondOfDay` nil, for the caller to fill in.
    public static func parse(_ text: String) -> (date: CivilDate, secondOfDay: Int?)? {
        let parts = text.split(whereSeparator: { $0 == "T" || $0 == " " }).map(String.init)
        guard (1...2).contains(parts.count), let date = CivilDate(parts[0]) else { return nil }
        guard parts.count == 2 else { return (date, nil) }
        let clock = parts[1].split(separator: ":").map { Int($0) }
        guard (2...3).contains(clock.count), clock.allSatisfy({ $0 != nil }) else { return nil }
        let (h, m, s) = (clock[0]!, clock[1]!, clock.count == 3 ? clock[2]! : 0)
        guard (0...23).contains(h), (0...59).contains(m), (0...59).contains(s) else { return nil }
        return (date, h * 3600 + m * 60 + s)
    }
}

extension LocalDateTime: TextCodable {
    /// `YYYY-MM-DD HH:MM:SS` (or any form `parse` takes; a date alone is midnight).
    public init?(_ text: String) {
        guard let parsed = LocalDateTime.parse(text) else { return nil }
        self.init(date: parsed.date, secondOfDay: parsed.secondOfDay ?? 0)
    }
}
