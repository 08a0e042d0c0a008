import Domain
import Store

/// The bureau's roster file read and checked for the city hub (`kiosk hub roster import`), row by
/// row with the rules a kiosk's own import applies, on the bureau's machine: no kiosk database.
public enum CityRosterCheck {
    public static func check(path: String, policy: CertificationPolicy, clock: KioskClock,
                             progress: (@Sendable (RosterImportProgress) -> Void)? = nil) throws(KioskError) -> CheckedCityRoster {
        try CityRosterFile.check(path: path, today: clock.today, jurisdiction: policy.jurisdiction, progress: progress)
    }
}
