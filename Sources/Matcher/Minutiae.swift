/// One minutia as NBIS's mindtct reports it through libfprint's image prints: its position in
/// pixels (500 dpi) and the direction of its ridge in degrees (0 to 359).
public struct Minutia: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var degrees: Int

    public init(x: Int, y: Int, degrees: Int) {
        self.x = x
        self.y = y
        self.degrees = ((degrees % 360) + 360) % 360
    }
}

/// A finger as the matcher sees it: one set of minutiae per impression. An image reader's
/// enrolled print keeps one set per enrolment stage; a scanned probe has one.
public struct FingerMinutiae: Hashable, Sendable {
    public var impressions: [[Minutia]]

    public init(impressions: [[Minutia]]) {
        self.impressions = impressions.filter { !$0.isEmpty }
    }

    public var isEmpty: Bool { impressions.isEmpty }
}

/// Minutiae packed four bytes each (x and y in 11 bits, the direction in 10), as the index keeps
/// them: 100,000 enrolled prints of five impressions fit in about 100 MB.
enum PackedMinutia {
    static func pack(_ minutia: Minutia) -> UInt32 {
        UInt32(min(max(minutia.x, 0), 2047)) | UInt32(min(max(minutia.y, 0), 2047)) << 11 | UInt32(minutia.degrees) << 22
    }

    static func unpack(_ word: UInt32) -> Minutia {
        Minutia(x: Int(word & 2047), y: Int((word >> 11) & 2047), degrees: Int(word >> 22))
    }
}

extension FingerMinutiae {
    /// The minutiae as bytes, for sealing to the bureau (the city-wide duplicate check): a version
    /// byte, the impressions' count, then each impression's count (2 bytes) and its minutiae packed
    /// four bytes each, big-endian. Nothing else of the print (no name, no image).
    public var encoded: [UInt8] {
        var bytes: [UInt8] = [Self.encodingVersion, UInt8(min(impressions.count, 255))]
        for impression in impressions.prefix(255) {
            let count = min(impression.count, Int(UInt16.max))
            bytes += [UInt8(count >> 8), UInt8(count & 255)]
            for minutia in impression.prefix(count) {
                let word = PackedMinutia.pack(minutia)
                bytes += [UInt8(word >> 24), UInt8((word >> 16) & 255), UInt8((word >> 8) & 255), UInt8(word & 255)]
            }
        }
        return bytes
    }

    /// The minutiae `encoded` wrote, or nil for bytes it did not write (a wrong version, a count the
    /// bytes do not hold, anything left over).
    public init?(encoded bytes: [UInt8]) {
        guard bytes.count >= 2, bytes[0] == Self.encodingVersion else { return nil }
        var at = 2
        var impressions: [[Minutia]] = []
        for _ in 0..<Int(bytes[1]) {
            guard at + 2 <= bytes.count else { return nil }
            let count = Int(bytes[at]) << 8 | Int(bytes[at + 1])
            at += 2
            guard at + 4 * count <= bytes.count else { return nil }
            impressions.append((0..<count).map { index in
                let start = at + 4 * index
                let word = UInt32(bytes[start]) << 24 | UInt32(bytes[start + 1]) << 16 | UInt32(bytes[start + 2]) << 8 | UInt32(bytes[start + 3])
                return PackedMinutia.unpack(word)
            })
            at += 4 * count
        }
        guard at == bytes.count else { return nil }
        self.init(impressions: impressions)
    }

    static let encodingVersion: UInt8 = 1
}
