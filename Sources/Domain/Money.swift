/// An amount in fen (0.01 yuan). Pensions are decimal money: never a floating-point number.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let fen: Int64

    public init(fen: Int64) { self.fen = fen }

    public static let zero = Money(fen: 0)

    public static func * (amount: Money, count: Int) -> Money { Money(fen: amount.fen * Int64(count)) }
    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.fen < rhs.fen }

    /// `1234.50`: yuan with two decimals, no grouping, the form the roster and exports use.
    public var description: String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = fen.magnitude
        let cents = Int(magnitude % 100)
        return "\(sign)\(magnitude / 100)." + (cents < 10 ? "0" : "") + String(cents)
    }

    /// Parses a non-negative yuan amount with at most two decimals (`3200`, `3200.5`, `3200.50`).
    public init?(yuan bytes: UnsafeBufferPointer<UInt8>) {
        guard !bytes.isEmpty, bytes.count <= 16 else { return nil }
        var whole: Int64 = 0, fraction: Int64 = 0, fractionDigits = 0, seenPoint = false, wholeDigits = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint, wholeDigits > 0 else { return nil }
                seenPoint = true
                continue
            }
            guard (48...57).contains(byte) else { return nil }
            if seenPoint {
                fractionDigits += 1
                guard fractionDigits <= 2 else { return nil }
                fraction = fraction * 10 + Int64(byte - 48)
            } else {
                wholeDigits += 1
                whole = whole * 10 + Int64(byte - 48)
            }
        }
        guard wholeDigits > 0, !(seenPoint && fractionDigits == 0) else { return nil }
        if fractionDigits == 1 { fraction *= 10 }
        self.fen = whole * 100 + fraction
    }

    public init?(yuan text: String) {
        var text = text
        guard let value = text.withUTF8({ Money(yuan: $0) }) else { return nil }
        self = value
    }
}

/// Encoded as the decimal string, so JSON consumers never see a rounded float.
extension Money: TextCodable {
    public init?(_ text: String) { self.init(yuan: text) }
}
