/// An ID-card reader in keyboard-wedge mode, told apart from a person on the home screen, where
/// digits choose menu items. The reader types the card's 18 characters and Enter back to back, a
/// few milliseconds apart, far closer than a person presses one key after another. So a digit on
/// the home screen is held for `gap`: characters of an ID number that follow within `gap` of each
/// other are one burst, and the burst with the key that ends it (Enter) is the card, taken to the
/// certification's ID number entry as if typed there. A digit alone, or one followed by another
/// key more than `gap` later, is passed on as it came, so the menu answers a person as before,
/// `gap` later.
struct CardReaderBurst {
    /// The longest wait between two characters of one burst, in seconds.
    static let gap = 0.03

    enum Outcome: Equatable {
        /// Held: the burst may go on.
        case holding
        /// A person's keys (or none held): each is taken in turn, as it came.
        case keys([Key])
        /// A card's number: the ID number entry opens and takes these keys.
        case card([Key])
    }

    private(set) var held: [Key] = []
    private var lastAt = 0.0

    /// When the held keys are to be let go if nothing follows.
    var deadline: Double? { held.isEmpty ? nil : lastAt + Self.gap }

    /// `key` came at `uptime`.
    mutating func take(_ key: Key, at uptime: Double) -> Outcome {
        defer { lastAt = uptime }
        if held.isEmpty {
            guard Self.startsNumber(key) else { return .keys([key]) }
            held = [key]
            return .holding
        }
        let inBurst = uptime - lastAt <= Self.gap
        if inBurst, Self.continuesNumber(key) {
            held.append(key)
            return .holding
        }
        let keys = held + [key]
        held = []
        return inBurst && keys.count > 2 ? .card(keys) : .keys(keys)
    }

    /// Nothing followed the held keys within `gap`: one digit is a person's; more are a card
    /// read without Enter, typed into the ID number entry to be checked and sent with Enter.
    mutating func timeUp(at uptime: Double) -> Outcome {
        guard let deadline, uptime >= deadline else { return .holding }
        defer { held = [] }
        return held.count > 1 ? .card(held) : .keys(held)
    }

    mutating func clear() { held = [] }

    private static func startsNumber(_ key: Key) -> Bool {
        guard case .character(let character) = key else { return false }
        return character.isASCII && character.isNumber
    }

    private static func continuesNumber(_ key: Key) -> Bool {
        startsNumber(key) || key == .character("X") || key == .character("x")
    }
}
