import Domain

/// Every letter key of the kiosk, one action each on every screen and for every role: staff who
/// learnt P on one screen never get another action from P on the next. Screens draw their key
/// hints from here (`KeyHint(.photoCertification)`) and match keys against it (`case LetterKey.approvePhoto:`),
/// in either case, so a screen cannot give a letter a meaning of its own. Digits are not here: they
/// choose among numbered lines drawn on the screen itself (the menu, a report's lists, a visit's outcomes).
struct LetterKey: Hashable {
    /// The letter, as drawn in the key line (upper case).
    let letter: Character
    let label: Message.ScreenText

    private init(_ letter: Character, _ label: Message.ScreenText) {
        self.letter = letter
        self.label = label
    }

    static let touchAndGo = LetterKey("T", .touchAndGo)
    static let photoCertification = LetterKey("P", .menuPhoto)
    static let enrol = LetterKey("E", .menuEnrol)
    static let certifyAgain = LetterKey("C", .certifyAgain)
    /// 打印 (dǎyìn): P is the photo certification's.
    static let reprintReceipt = LetterKey("D", .reprintReceipt)
    static let photoFromFile = LetterKey("O", .photoFromFile)
    /// 再拍 (zài pāi): R is the photo review's reject.
    static let retakePhoto = LetterKey("Z", .retakePhoto)
    static let approvePhoto = LetterKey("A", .approvePhoto)
    static let rejectPhoto = LetterKey("R", .rejectPhoto)
    static let markFraud = LetterKey("F", .markFraud)
    static let markFalseMatch = LetterKey("M", .markFalseMatch)
    static let visitWeek = LetterKey("W", .visitWeek)
    static let scheduleVisits = LetterKey("S", .visitSchedule)
    static let yes = LetterKey("Y", .yes)
    static let no = LetterKey("N", .no)

    /// The whole table: a letter on any screen's key line is one of these, with its label.
    static let all: [LetterKey] = [touchAndGo, photoCertification, enrol, certifyAgain, reprintReceipt, photoFromFile, retakePhoto,
                                   approvePhoto, rejectPhoto, markFraud, markFalseMatch, visitWeek, scheduleVisits, yes, no]

    /// The key is this letter, upper or lower case.
    func matches(_ key: Key) -> Bool {
        guard case .character(let character) = key else { return false }
        return character == letter || String(character) == letter.lowercased()
    }

    /// `case LetterKey.approvePhoto:` in a switch over keys.
    static func ~= (command: LetterKey, key: Key) -> Bool { command.matches(key) }
}

extension KeyHint {
    /// A letter's hint; `also`: other keys for the same action (`Y F9`).
    init(_ command: LetterKey, also: String? = nil) {
        self.init([String(command.letter), also].compactMap { $0 }.joined(separator: " "), command.label)
    }
}
