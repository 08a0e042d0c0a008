/// The number a family reads over the phone for a home-visit booking or a photo certification:
/// six characters from digits and the capital letters that do not look like a digit or like
/// each other (`7KX3QD`). Drawn at random, unique within one data directory (a UNIQUE index);
/// the long record id stays the key across service points, so a city-wide merge needs the
/// service point's code beside a short number, never the short number alone.
///
/// O, I, L, Z, S and B are never issued: typed by staff they are read as the digit they look like
/// (0, 1, 1, 2, 5, 8), so a number misheard or misread as one of them still finds its record.
public struct ShortNumber: Hashable, Sendable, CustomStringConvertible {
    public let text: String

    /// Digits, then the letters without a digit look-alike (no O, I, L, Z, S, B): 30 characters,
    /// 30⁶ ≈ 729 million numbers.
    public static let alphabet = Array("0123456789ACDEFGHJKMNPQRTUVWXY")
    public static let length = 6

    /// Letters read as the digit they look like.
    static let lookAlikes: [Character: Character] = ["O": "0", "I": "1", "L": "1", "Z": "2", "S": "5", "B": "8"]

    /// A new number at random (the caller checks it is not taken).
    public static func random<Generator: RandomNumberGenerator>(using generator: inout Generator) -> ShortNumber {
        ShortNumber(text: String((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
    }

    private init(text: String) { self.text = text }

    /// What staff typed, as a short number: case, spaces and hyphens ignored, full-width
    /// characters and look-alike letters read as what they stand for; nil when it cannot be one.
    public init?(typed: String) {
        var characters: [Character] = []
        for scalar in typed.unicodeScalars {
            // Full-width forms (from a Chinese input method) sit at a fixed offset from ASCII.
            let ascii = (0xFF01...0xFF5E).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFEE0)! : scalar
            let character = Character(ascii).uppercased().first!
            if character == " " || character == "-" { continue }
            let read = Self.lookAlikes[character] ?? character
            guard Self.alphabet.contains(read) else { return nil }
            characters.append(read)
        }
        guard characters.count == Self.length else { return nil }
        text = String(characters)
    }

    public var description: String { text }
}
