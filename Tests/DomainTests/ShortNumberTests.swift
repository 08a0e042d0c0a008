import Domain
import Testing

/// Booking and photo numbers a family reads over the phone, and the slip that carries one.
@Suite("Short numbers and the booking slip")
struct ShortNumberTests {
    @Test func numbersAreSixCharactersWithoutLookAlikes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let number = ShortNumber.random(using: &generator).text
            #expect(number.count == 6)
            #expect(number.allSatisfy { ShortNumber.alphabet.contains($0) })
            #expect(!number.contains { "OILZSB".contains($0) }, "letters that look like a digit are never issued")
            #expect(ShortNumber(typed: number)?.text == number)
        }
        #expect(ShortNumber.alphabet.count == 30)
    }

    @Test func whatStaffTypeIsReadAsTheNumberItStandsFor() {
        #expect(ShortNumber(typed: "7kx3qd")?.text == "7KX3QD", "case does not matter")
        #expect(ShortNumber(typed: "7KX-3QD")?.text == "7KX3QD", "nor hyphens")
        #expect(ShortNumber(typed: " 7KX 3QD ")?.text == "7KX3QD", "nor spaces")
        #expect(ShortNumber(typed: "OIL2SB")?.text == "011258", "look-alike letters are the digits they look like")
        #expect(ShortNumber(typed: "ｏ１２ｚ５８")?.text == "012258", "full-width characters from an input method")
        #expect(ShortNumber(typed: "7KX3Q") == nil, "too short")
        #expect(ShortNumber(typed: "7KX3QDA") == nil, "too long")
        #expect(ShortNumber(typed: "7KX3Q!") == nil, "not in the alphabet")
        #expect(ShortNumber(typed: "0190b6a4-7c1e-7d2f-9a3b-5c6d7e8f9a0b") == nil, "a long id is not a short number")
    }

    static let booking = VisitBooking(
        id: "0190b6a4-7c1e-7d2f-9a3b-5c6d7e8f9a0b", residentID: Fixtures.id(birth: "19400615", sequence: "111"),
        booker: VisitBooker(name: "王小明", relation: "子", phone: "13800138000"), reason: .elderly, evidence: "身份证",
        address: "哈尔滨市南岗区学府路1号", community: "学府社区", preferredDates: [], preferredTime: .morning, notes: "",
        bookedAt: LocalDateTime(date: Fixtures.date("2026-11-29"), hour: 10, minute: 5), shortNumber: "7KX3QD")
    static let point = ServicePoint(code: "HRB-NG-XF01", name: LocalizedText(chinese: "学府社区", english: "Xuefu"), district: "南岗区",
                                    phone: "0451-86660000")

    @Test func theSlipSaysWhenAndWhomToCallWithMaskedDataOnly() {
        let slip = BookingSlip(booking: Self.booking, residentName: "王建国", slot: nil, servicePoint: Self.point, testClock: false)
        let text = slip.lines(width: 32, language: .chinese).joined(separator: "\n")
        #expect(text.contains("上门认证预约单"))
        #expect(text.contains("7 K X 3 Q D"), "the number, spaced out to be read one character at a time")
        #expect(text.contains("王**"))
        #expect(text.contains(Self.booking.residentID.masked))
        #expect(text.contains("0451-86660000"), "the service point's phone")
        #expect(text.contains("我们将致电") && text.contains("138****8000"), "not scheduled yet: we will call")
        #expect(text.contains("身份证原件"), "what to have ready")
        #expect(!text.contains("王建国") && !text.contains(Self.booking.residentID.fullNumber) && !text.contains("13800138000"),
                "no resident data in full")
        #expect(slip.lines(width: 32, language: .chinese).allSatisfy { TextWidth.of($0) <= 32 })

        let scheduled = BookingSlip(booking: Self.booking, residentName: "王建国", slot: VisitSlot(date: Fixtures.date("2026-12-03"), staff: "张敏", pinned: false),
                                    servicePoint: ServicePoint(code: "HRB-NG-XF01", name: LocalizedText(chinese: "学府", english: "Xuefu"), district: "南岗区"),
                                    testClock: false)
        let english = scheduled.lines(width: 48, language: .english).joined(separator: "\n")
        #expect(english.contains("2026-12-03 morning"))
        #expect(!english.contains("We will call"))
        #expect(!english.contains("Service point"), "no phone configured, no line for it")
    }
}
