import Foundation

/// The kiosk's notion of now, and the conversion between stored instants (Unix milliseconds, UTC)
/// and the service point's wall clock. `KIOSK_TODAY` fixes the date (and optionally the time) so
/// that tests, demos and checks are deterministic; the store accepts such a clock only for a data
/// directory made with `kiosk init --test-clock`.
public struct KioskClock: Sendable {
    public let timeZone: TimeZone
    /// The date comes from `KIOSK_TODAY`, not from the machine: anyone who sets the environment
    /// chooses it, so records written with it prove nothing about when they happened.
    public let isSetByKioskToday: Bool
    private let nowMilliseconds: @Sendable () -> Int64

    public init(timeZone: TimeZone, now: @escaping @Sendable () -> Int64) {
        self.init(timeZone: timeZone, isSetByKioskToday: false, now: now)
    }

    private init(timeZone: TimeZone, isSetByKioskToday: Bool, now: @escaping @Sendable () -> Int64) {
        self.timeZone = timeZone
        self.isSetByKioskToday = isSetByKioskToday
        self.nowMilliseconds = now
    }

    /// The system clock, unless `KIOSK_TODAY` is `YYYY-MM-DD` (that date, at the real time of day,
    /// so that elapsed-time rules such as a sign-in lock still run) or `YYYY-MM-DDTHH:MM[:SS]`
    /// (that exact local moment).
    public static func live(timeZone: TimeZone, kioskToday: String?) throws(KioskError) -> KioskClock {
        let system: @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
        guard let kioskToday, !kioskToday.isEmpty else { return KioskClock(timeZone: timeZone, now: system) }
        guard let parsed = LocalDateTime.parse(kioskToday) else { throw .invalidKioskToday(kioskToday) }
        let probe = KioskClock(timeZone: timeZone, now: system)
        if let second = parsed.secondOfDay {
            let fixed = probe.instant(LocalDateTime(date: parsed.date, secondOfDay: second))
            return KioskClock(timeZone: timeZone, isSetByKioskToday: true, now: { fixed })
        }
        return KioskClock(timeZone: timeZone, isSetByKioskToday: true, now: {
            let real = probe.local(system())
            return probe.instant(LocalDateTime(date: parsed.date, secondOfDay: real.secondOfDay)) + system() % 1000
        })
    }

    public func now() -> Int64 { nowMilliseconds() }
    public func localNow() -> LocalDateTime { local(now()) }
    public var today: CivilDate { localNow().date }

    public func local(_ milliseconds: Int64) -> LocalDateTime {
        let seconds = Int(milliseconds.dividedRoundingDown(by: 1000))
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
        let localSeconds = seconds + offset
        let day = localSeconds.dividedRoundingDown(by: 86_400)
        return LocalDateTime(date: CivilDate(dayNumber: day), secondOfDay: localSeconds - day * 86_400)
    }

    public func instant(_ local: LocalDateTime) -> Int64 {
        let guess = local.date.dayNumber * 86_400 + local.secondOfDay
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(guess)))
        return Int64(guess - offset) * 1000
    }

    /// The first instant of a local date.
    public func startOfDay(_ date: CivilDate) -> Int64 { instant(LocalDateTime(date: date, secondOfDay: 0)) }

    /// ISO 8601 in the clock's zone, with its offset (`2026-11-29T14:30:05+08:00`): the bureau's exports.
    public func isoTime(_ milliseconds: Int64) -> String {
        func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        let local = local(milliseconds)
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(milliseconds / 1000)))
        let sign = offset < 0 ? "-" : "+"
        let hours = abs(offset) / 3600, minutes = abs(offset) / 60 % 60
        return "\(local.date)T" + String(local.description.suffix(8)) + sign + twoDigits(hours) + ":" + twoDigits(minutes)
    }
}

extension BinaryInteger {
    func dividedRoundingDown(by divisor: Self) -> Self {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
