import Domain
import Testing

@Suite("GB 11643 identity numbers")
struct ResidentIDTests {
    let today = Fixtures.date("2026-11-29")

    func rejection(_ text: String) -> ResidentIDError? {
        do {
            _ = try ResidentID(text, today: today)
            return nil
        } catch {
            return error
        }
    }

    @Test func acceptsAValidNumber() throws {
        let id = try ResidentID(Fixtures.idNumber(birth: "19500615", sequence: "123"), today: today)
        #expect(id.birthDate == Fixtures.date("1950-06-15"))
        #expect(id.sex == .male)
        #expect(id.regionCode == "230103")
    }

    @Test func computesTheCheckCharacterOfAKnownNumber() {
        // The worked example of GB 11643-1999, annex: 11010519491231002 → X.
        #expect(ResidentID.checkCharacter(for: Array("11010519491231002".utf8)) == "X")
        #expect(ResidentID.checkCharacter(for: Array("44052418800101001".utf8)) == "4")
    }

    @Test func acceptsXAndALowerCaseX() throws {
        #expect(try ResidentID("11010519491231002X", today: today).fullNumber == "11010519491231002X")
        #expect(try ResidentID("11010519491231002x", today: today).fullNumber == "11010519491231002X")
        #expect(try ResidentID("  11010519491231002X ", today: today).fullNumber == "11010519491231002X")
    }

    @Test func evenSequenceIsFemale() {
        #expect(Fixtures.id(birth: "19500615", sequence: "124").sex == .female)
    }

    @Test func rejectsTheWrongLength() {
        #expect(rejection("2301031950061512") == .wrongLength(16))
        #expect(rejection("") == .wrongLength(0))
    }

    @Test func rejectsANonDigit() {
        #expect(rejection("23010319500A151234") == .notADigit(position: 12))
    }

    @Test func rejectsABadCheckCharacterForm() {
        #expect(rejection("23010319500615123Y") == .badCheckCharacterForm)
    }

    @Test func rejectsAnUnknownProvince() {
        let number = Fixtures.idNumber(region: "990103", birth: "19500615")
        #expect(rejection(number) == .unknownProvince("99"))
    }

    @Test func rejectsImpossibleDatesButNotLeapDays() throws {
        #expect(rejection(Fixtures.idNumber(birth: "19000229")) == .impossibleBirthDate("19000229"))
        #expect(rejection(Fixtures.idNumber(birth: "19500431")) == .impossibleBirthDate("19500431"))
        #expect(rejection(Fixtures.idNumber(birth: "19501301")) == .impossibleBirthDate("19501301"))
        #expect(try ResidentID(Fixtures.idNumber(birth: "20000229"), today: today).birthDate == Fixtures.date("2000-02-29"))
    }

    @Test func rejectsFutureAndTooEarlyBirthDates() {
        #expect(rejection(Fixtures.idNumber(birth: "20261130")) == .birthDateInFuture("20261130"))
        #expect(rejection(Fixtures.idNumber(birth: "18991231")) == .birthDateTooEarly("18991231"))
        #expect(rejection(Fixtures.idNumber(birth: "20261129")) == nil)
    }

    @Test func rejectsAWrongCheckCharacterNamingTheRightOne() {
        let valid = Fixtures.idNumber(birth: "19500615")
        let wrong: Character = valid.last == "0" ? "1" : "0"
        #expect(rejection(String(valid.dropLast()) + String(wrong)) == .wrongCheckCharacter(expected: valid.last!, found: wrong))
    }

    @Test func masksAllButTheFirstSixAndLastFour() {
        let id = ResidentID(trusted: "11010519491231002X")
        #expect(id.masked == "110105********002X")
        #expect("\(id)" == "110105********002X")
        #expect(ResidentID.mask("123") == "***")
    }
}

@Suite("Calendar values and money")
struct CalendarTests {
    @Test func dayNumbersRoundTrip() {
        for day in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CivilDate(dayNumber: day).dayNumber == day)
        }
        #expect(Fixtures.date("1970-01-01").dayNumber == 0)
        #expect(Fixtures.date("2000-03-01").dayNumber - Fixtures.date("2000-02-28").dayNumber == 2)
    }

    @Test func parsesOnlyRealDates() {
        #expect(CivilDate("2026-02-29") == nil)
        #expect(CivilDate("2024-02-29") != nil)
        #expect(CivilDate("2026-1-5") == nil)
        #expect(YearMonth("2026-13") == nil)
        #expect(YearMonth("2026-11")!.adding(months: 2) == Fixtures.month("2027-01"))
        #expect(Fixtures.month("2027-01").months(since: Fixtures.month("2024-11")) == 26)
    }

    @Test func moneyIsDecimal() {
        #expect(Money(yuan: "3200")?.fen == 320_000)
        #expect(Money(yuan: "3200.5")?.fen == 320_050)
        #expect(Money(yuan: "3200.05")?.description == "3200.05")
        for bad in ["", "3,200.00", "-1", "3200.", ".5", "1.234", "abc"] {
            #expect(Money(yuan: bad) == nil, "\(bad)")
        }
        #expect((Money(yuan: "1000.10")! * 3).description == "3000.30")
    }

    @Test func localTimeParses() {
        let parsed = LocalDateTime.parse("2026-11-25T14:59")
        #expect(parsed?.date == Fixtures.date("2026-11-25"))
        #expect(parsed?.secondOfDay == 14 * 3600 + 59 * 60)
        #expect(LocalDateTime.parse("2026-11-25")?.secondOfDay == nil)
        #expect(LocalDateTime.parse("2026-11-25T25:00") == nil)
    }
}
