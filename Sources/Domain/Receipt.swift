/// The slip a resident takes home after certifying: proof, with a number the bureau can look up.
public struct Receipt: Hashable, Sendable {
    /// What became of the paper slip.
    public enum Printed: Hashable, Sendable {
        case noPrinter
        case sent(printer: String)
        case failed(printer: String, detail: String)
    }

    public var receiptNumber: String
    public var certificationID: String
    public var maskedID: String
    public var name: String
    public var method: CertificationMethod
    public var servicePoint: ServicePoint
    public var certifiedAt: LocalDateTime
    public var staffName: String
    /// Issued by a data directory made with `kiosk init --test-clock`: marked TEST, since its date
    /// may have been set by KIOSK_TODAY and it certifies nothing.
    public var testClock: Bool

    public init(receiptNumber: String, certificationID: String, maskedID: String, name: String, method: CertificationMethod,
                servicePoint: ServicePoint, certifiedAt: LocalDateTime, staffName: String, testClock: Bool = false) {
        self.receiptNumber = receiptNumber
        self.certificationID = certificationID
        self.maskedID = maskedID
        self.name = name
        self.method = method
        self.servicePoint = servicePoint
        self.certifiedAt = certifiedAt
        self.staffName = staffName
        self.testClock = testClock
    }

    /// Label and value, in the order they are printed.
    public func fields(_ l: Language) -> [(label: String, value: String)] {
        func label(_ label: Message.Label) -> String { Message.label(label).text(l) }
        return [
            (label(.receiptNumber), receiptNumber),
            (label(.name), name),
            (label(.idNumber), maskedID),
            (label(.method), Message.method(method).text(l)),
            (label(.time), certifiedAt.description),
            (label(.servicePoint), servicePoint.code),
            (label(.staff), staffName),
            (label(.certificationID), certificationID),
        ]
    }

    /// The receipt laid out for a printer `width` columns wide (a Chinese character takes two):
    /// a value that does not fit beside its label goes on the lines below it.
    public func lines(width: Int, language l: Language) -> [String] {
        let rule = String(repeating: "-", count: width)
        var lines = [String(repeating: "=", count: width)]
        lines += TextWidth.wrap(servicePoint.name.text(l), to: width).map { TextWidth.center($0, in: width) }
        lines += TextWidth.wrap(Message.label(.receiptTitle).text(l), to: width).map { TextWidth.center($0, in: width) }
        if testClock {
            lines += TextWidth.wrap(Message.label(.receiptTestClock).text(l), to: width).map { TextWidth.center($0, in: width) }
        }
        lines.append(rule)
        lines += TextWidth.labelled(fields(l), width: width)
        lines.append(rule)
        lines += TextWidth.wrap(Message.label(.receiptKeep).text(l), to: width)
        lines.append(String(repeating: "=", count: width))
        return lines
    }
}

/// Where receipts go: a text file per receipt under `directory`, and a printer when one is named.
public struct ReceiptSettings: Hashable, Sendable {
    /// Absolute path.
    public var directory: String
    /// The printer's name for `lp -d`; nil: receipts are shown and saved only.
    public var printer: String?
    /// Columns per line on the printer's paper.
    public var width: Int

    public init(directory: String, printer: String?, width: Int) {
        self.directory = directory
        self.printer = printer
        self.width = width
    }
}

/// How the kiosk's screen helps the resident in front of it.
public struct ScreenSettings: Hashable, Sendable {
    /// Larger, spaced prompts for the resident from the start (F2 switches at any time).
    public var largeText: Bool
    /// The command that speaks a prompt aloud (its text is the last argument); nil: silent.
    public var speechCommand: [String]?
    /// GNU Unifont's `.hex` file, whose glyphs draw large text several rows high.
    public var blockFont: String

    public static let defaultBlockFont = "/usr/share/unifont/unifont.hex"

    public init(largeText: Bool = false, speechCommand: [String]? = nil, blockFont: String = Self.defaultBlockFont) {
        self.largeText = largeText
        self.speechCommand = speechCommand
        self.blockFont = blockFont
    }
}
