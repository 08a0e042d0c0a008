/// The slip the family takes home when a home visit is booked: the short number to quote on the
/// phone, when the visit is (or that the service point will call), whom to call, what to have
/// ready. Only masked resident data: it leaves the counter in a family member's pocket.
public struct BookingSlip: Hashable, Sendable {
    public var shortNumber: String
    public var maskedName: String
    public var maskedID: String
    /// The family member's phone, masked (the number the service point will call).
    public var maskedBookerPhone: String
    /// The day and staff member, once scheduled; nil: the service point calls to agree one.
    public var slot: VisitSlot?
    public var preferredTime: VisitTime
    public var servicePoint: ServicePoint
    public var bookedAt: LocalDateTime
    /// Issued by a test-clock data directory: marked TEST, like receipts.
    public var testClock: Bool

    public init(booking: VisitBooking, residentName: String, slot: VisitSlot?, servicePoint: ServicePoint, testClock: Bool) {
        shortNumber = booking.number
        maskedName = Resident.mask(name: residentName)
        maskedID = booking.residentID.masked
        maskedBookerPhone = PhoneMask.mask(booking.booker.phone)
        self.slot = slot
        preferredTime = booking.preferredTime
        self.servicePoint = servicePoint
        bookedAt = booking.bookedAt
        self.testClock = testClock
    }

    /// The slip laid out for a printer `width` columns wide, as receipts are.
    public func lines(width: Int, language l: Language) -> [String] {
        func centred(_ text: String) -> [String] { TextWidth.wrap(text, to: width).map { TextWidth.center($0, in: width) } }
        func text(_ slip: Message.SlipText) -> String { Message.slip(slip, l) }
        let rule = String(repeating: "-", count: width)
        var lines = [String(repeating: "=", count: width)]
        lines += centred(servicePoint.name.text(l))
        lines += centred(text(.title))
        if testClock { lines += centred(Message.label(.receiptTestClock).text(l)) }
        lines.append(rule)
        lines += centred(text(.numberLabel))
        // The number spaced out, so it is read one character at a time.
        lines += centred(shortNumber.map(String.init).joined(separator: " "))
        lines.append(rule)
        var fields: [(label: String, value: String)] = [
            (Message.label(.name).text(l), maskedName),
            (Message.label(.idNumber).text(l), maskedID),
            (text(.bookedAt), bookedAt.description),
        ]
        if let slot {
            fields.append((text(.visitDay), slot.date.description + " " + Message.visit(.time(preferredTime), l)))
        }
        if let phone = servicePoint.phone { fields.append((text(.servicePointPhone), phone)) }
        lines += TextWidth.labelled(fields, width: width)
        if slot == nil { lines += TextWidth.wrap(text(.weWillCall(phone: maskedBookerPhone)), to: width) }
        lines.append(rule)
        lines += TextWidth.wrap(text(.prepare), to: width)
        lines += TextWidth.wrap(text(.quoteNumber), to: width)
        lines.append(String(repeating: "=", count: width))
        return lines
    }
}
