import Domain

/// Builds valid ID numbers for tests: the check character is computed, not copied from anywhere.
enum Fixtures {
    static func idNumber(region: String = "230103", birth: String, sequence: String = "123") -> String {
        let first17 = region + birth + sequence
        return first17 + String(ResidentID.checkCharacter(for: Array(first17.utf8)))
    }

    static func id(region: String = "230103", birth: String, sequence: String = "123") -> ResidentID {
        ResidentID(trusted: idNumber(region: region, birth: birth, sequence: sequence))
    }

    static func date(_ text: String) -> CivilDate { CivilDate(text)! }
    static func month(_ text: String) -> YearMonth { YearMonth(text)! }

    static func at(_ date: String, _ hour: Int = 10, _ minute: Int = 0) -> LocalDateTime {
        LocalDateTime(date: CivilDate(date)!, hour: hour, minute: minute)
    }

    static func resident(birth: String = "19500615", insuredRegion: String = "230103", status: RosterStatus = .normal,
                         suspendedSince: String? = nil, pension: String? = "3000.00", lastCertified: String? = nil,
                         method: CertificationMethod? = nil) -> Resident {
        Resident(id: id(birth: birth), name: "王建国", insuredRegion: insuredRegion, rosterStatus: status,
                 suspendedSince: suspendedSince.map(month), monthlyPension: pension.flatMap { Money(yuan: $0) },
                 rosterCertifiedOn: lastCertified.map(date), rosterCertificationMethod: method)
    }
}
