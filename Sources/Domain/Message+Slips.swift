/// The booking slip handed to the family (`BookingSlip`).
extension Message {
    public enum SlipText: Hashable, Sendable {
        case title, numberLabel, bookedAt, visitDay, servicePointPhone
        case weWillCall(phone: String)
        case prepare
        case quoteNumber
    }

    public static func slip(_ text: SlipText, _ l: Language) -> String {
        switch text {
        case .title: l.pick("上门认证预约单", "Home visit booking")
        case .numberLabel: l.pick("预约号", "Booking number")
        case .bookedAt: l.pick("预约时间", "Booked")
        case .visitDay: l.pick("上门日期", "Visit day")
        case .servicePointPhone: l.pick("网点电话", "Service point")
        case .weWillCall(let phone):
            l.pick("上门日期排定后，我们将致电 \(phone) 告知。", "We will call \(phone) with the day of the visit.")
        case .prepare:
            l.pick("请准备：老人的身份证原件；上门时老人本人在家。", "Have ready: the resident's ID card; the resident at home for the visit.")
        case .quoteNumber:
            l.pick("来电询问或改约时请报预约号。", "Quote the booking number when you call about the visit.")
        }
    }
}
