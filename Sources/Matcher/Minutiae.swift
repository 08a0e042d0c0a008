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
