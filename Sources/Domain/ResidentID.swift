/// An 18-character resident identity number (GB 11643-1999): region code, birth date, sequence,
/// and an ISO 7064 MOD 11-2 check character. A value of this type has passed every rule.
///
/// Its `description` is the masked form, so string interpolation never shows the full number;
/// code that must store or reveal it asks for `fullNumber` by name.
public struct ResidentID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let fullNumber: String
    public let birthDate: CivilDate

    /// Validates `text` (surrounding spaces ignored, a lower-case x accepted) against the birth-date
    /// limit `today`.
    public init(_ text: String, today: CivilDate) throws(ResidentIDError) {
        var trimmed = String(text.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
        let result = trimmed.withUTF8 { bytes in Result { () throws(ResidentIDError) in try ResidentID.validate(bytes, today: today) } }
        self = try result.get()
    }

    /// Trusts a number that was validated before it was stored.
    public init(trusted fullNumber: String) {
        self.fullNumber = fullNumber
        let digits = Array(fullNumber.utf8)
        birthDate = digits.withUnsafeBufferPointer { bytes in
            CivilDate(year: ASCIIDigits.value(bytes, 6, 4) ?? 1900, month: ASCIIDigits.value(bytes, 10, 2) ?? 1,
                      day: ASCIIDigits.value(bytes, 12, 2) ?? 1) ?? CivilDate(year: 1900, month: 1, day: 1)!
        }
    }

    private init(validated fullNumber: String, birthDate: CivilDate) {
        self.fullNumber = fullNumber
        self.birthDate = birthDate
    }

    public static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [UInt8] = Array("10X98765432".utf8)

    /// Provinces of GB/T 2260 (first two digits of the region code), plus 71/81/82/83 for
    /// Taiwan, Hong Kong and Macau residents' numbers.
    static let provinces: Set<Int> = [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
        50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
    ]
    static let earliestBirthYear = 1900

    /// The check character GB 11643 gives for the first 17 digits.
    public static func checkCharacter(for first17: some Sequence<UInt8>) -> Character {
        var sum = 0
        for (digit, weight) in zip(first17, weights) { sum += (Int(digit) - 48) * weight }
        return Character(UnicodeScalar(checkCharacters[sum % 11]))
    }

    /// The one implementation of the rules, on UTF-8 bytes so the roster import can use it without
    /// making a String per row. Rules are checked in the order a person would fix them.
    public static func validate(_ bytes: UnsafeBufferPointer<UInt8>, today: CivilDate) throws(ResidentIDError) -> ResidentID {
        guard bytes.count == 18 else { throw .wrongLength(bytes.count) }
        for index in 0..<17 where !(48...57).contains(bytes[index]) {
            throw .notADigit(position: index + 1)
        }
        var last = bytes[17]
        if last == UInt8(ascii: "x") { last = UInt8(ascii: "X") }
        guard (48...57).contains(last) || last == UInt8(ascii: "X") else { throw .badCheckCharacterForm }
        let province = Int(bytes[0] - 48) * 10 + Int(bytes[1] - 48)
        guard provinces.contains(province) else { throw .unknownProvince(String(decoding: bytes[0..<2], as: UTF8.self)) }
        let year = ASCIIDigits.value(bytes, 6, 4)!, month = ASCIIDigits.value(bytes, 10, 2)!, day = ASCIIDigits.value(bytes, 12, 2)!
        let birthText = String(decoding: bytes[6..<14], as: UTF8.self)
        guard let birth = CivilDate(year: year, month: month, day: day) else { throw .impossibleBirthDate(birthText) }
        guard year >= earliestBirthYear else { throw .birthDateTooEarly(birthText) }
        guard birth <= today else { throw .birthDateInFuture(birthText) }
        let expected = checkCharacter(for: bytes[0..<17])
        let found = Character(UnicodeScalar(last))
        guard expected == found else { throw .wrongCheckCharacter(expected: expected, found: found) }
        var text = String(decoding: bytes[0..<17], as: UTF8.self)
        text.append(found)
        return ResidentID(validated: text, birthDate: birth)
    }

    public var regionCode: Substring { fullNumber.prefix(6) }

    /// Odd sequence numbers are men, even are women (GB 11643).
    public var sex: Sex {
        let utf8 = fullNumber.utf8
        let digit = utf8[utf8.index(utf8.startIndex, offsetBy: 16)] - 48
        return digit % 2 == 1 ? .male : .female
    }

    public enum Sex: String, Sendable, Codable { case male, female }

    /// First 6 and last 4 characters, the rest as `*`.
    public var masked: String { ResidentID.mask(fullNumber) }

    public static func mask(_ number: String) -> String {
        guard number.count > 10 else { return String(repeating: "*", count: number.count) }
        return number.prefix(6) + String(repeating: "*", count: number.count - 10) + number.suffix(4)
    }

    public var description: String { masked }

    public static func < (lhs: ResidentID, rhs: ResidentID) -> Bool { lhs.fullNumber < rhs.fullNumber }
    public static func == (lhs: ResidentID, rhs: ResidentID) -> Bool { lhs.fullNumber == rhs.fullNumber }
    public func hash(into hasher: inout Hasher) { hasher.combine(fullNumber) }
}

/// Why an identity number was refused: one case per GB 11643 rule.
public enum ResidentIDError: Error, Hashable, Sendable {
    case wrongLength(Int)
    case notADigit(position: Int)
    case badCheckCharacterForm
    case unknownProvince(String)
    case impossibleBirthDate(String)
    case birthDateTooEarly(String)
    case birthDateInFuture(String)
    case wrongCheckCharacter(expected: Character, found: Character)
}
