/// Local structures of minutiae as bit vectors, after the Minutia Cylinder-Code of Cappelli,
/// Ferrara and Maltoni ("Minutia Cylinder-Code: a new representation and matching technique for
/// fingerprint recognition", IEEE TPAMI 32(12), 2010), coarsened: the neighbourhood of a minutia
/// (radius 72 px) is cut into cells by the neighbour's distance, its bearing seen from the minutia
/// relative to the minutia's direction, and the difference of the two directions; a cell's bit is
/// set when a neighbour falls in it. All three are invariant to where the finger lies on the
/// reader and how it is turned. Two structures are compared by the Ochiai coefficient of their
/// bits (|a ∧ b| / √(|a|·|b|)), the gallery side "dilated" into the nearest neighbouring cell
/// along each axis so that a neighbour near a cell border still meets its counterpart.
struct LocalStructure: Sendable {
    static let radius: Float = 72
    static let minimumDistance: Float = 6
    static let distanceBins = 5
    static let bearingBins = 8
    static let directionBins = 4
    static let cells = distanceBins * bearingBins * directionBins  // 160, in three words

    var a: UInt64 = 0
    var b: UInt64 = 0
    var c: UInt64 = 0

    var count: Int { a.nonzeroBitCount + b.nonzeroBitCount + c.nonzeroBitCount }

    @inline(__always)
    func common(_ other: LocalStructure) -> Int {
        (a & other.a).nonzeroBitCount + (b & other.b).nonzeroBitCount + (c & other.c).nonzeroBitCount
    }

    @inline(__always)
    mutating func set(_ cell: Int) {
        switch cell >> 6 {
        case 0: a |= 1 << UInt64(cell & 63)
        case 1: b |= 1 << UInt64(cell & 63)
        default: c |= 1 << UInt64(cell & 63)
        }
    }

    @inline(__always)
    static func cell(_ distance: Int, _ bearing: Int, _ direction: Int) -> Int {
        (distance * bearingBins + bearing) * directionBins + direction
    }

    @inline(__always)
    mutating func formUnion(_ other: LocalStructure) {
        a |= other.a
        b |= other.b
        c |= other.c
    }

    /// A cell dilated: its bits with its neighbours' along each axis, for every cell and every
    /// choice of neighbour (`dilationIndex`), computed once. Preparing an impression sets one
    /// entry per pair of minutiae instead of eight cells, and the full match prepares every
    /// candidate's impressions.
    static let dilations: [LocalStructure] = (0..<(cells * 8)).map { index in
        let cell = index / 8, upward = index % 8
        let distance = cell / (bearingBins * directionBins), bearing = (cell / directionBins) % bearingBins, direction = cell % directionBins
        let distances = [distance, min(max(distance + (upward & 1 != 0 ? 1 : -1), 0), distanceBins - 1)]
        let bearings = [bearing, (bearing + (upward & 2 != 0 ? 1 : -1) + bearingBins) % bearingBins]
        let directions = [direction, (direction + (upward & 4 != 0 ? 1 : -1) + directionBins) % directionBins]
        var dilated = LocalStructure()
        for d in distances { for b in bearings { for t in directions { dilated.set(Self.cell(d, b, t)) } } }
        return dilated
    }

    /// Where `dilations` holds a cell with the neighbours chosen along each axis (above or below).
    @inline(__always)
    static func dilationIndex(_ cell: Int, distanceUp: Bool, bearingUp: Bool, directionUp: Bool) -> Int {
        cell * 8 | (distanceUp ? 1 : 0) | (bearingUp ? 2 : 0) | (directionUp ? 4 : 0)
    }
}

/// One impression ready to match: positions, directions (radians), and each minutia's local
/// structure, exact (as a probe) and dilated (as a gallery print).
struct PreparedImpression: Sendable {
    let x: [Float]
    let y: [Float]
    let angle: [Float]
    let exact: [LocalStructure]
    let dilated: [LocalStructure]
    /// 1/√|exact| per minutia, 0 where the structure is too sparse to compare.
    let weight: [Float]

    var count: Int { x.count }

    /// Minutiae are kept in order of x, so that the search for a mate scans only those within
    /// the tolerance of x.
    init(_ unordered: [Minutia]) {
        let minutiae = unordered.sorted { $0.x < $1.x }
        let n = minutiae.count
        x = minutiae.map { Float($0.x) }
        y = minutiae.map { Float($0.y) }
        angle = minutiae.map { Float($0.degrees) * .pi / 180 }
        var exact = [LocalStructure](repeating: LocalStructure(), count: n)
        var dilated = exact
        let radius2 = LocalStructure.radius * LocalStructure.radius, minimum2 = LocalStructure.minimumDistance * LocalStructure.minimumDistance
        let distanceWidth = LocalStructure.radius / Float(LocalStructure.distanceBins)
        let bearingWidth = 2 * Float.pi / Float(LocalStructure.bearingBins)
        let directionWidth = 2 * Float.pi / Float(LocalStructure.directionBins)
        let dilations = LocalStructure.dilations
        /// Neighbour seen from minutia `i` at `distance` and `bearing`, its direction turned by `turn`.
        func record(_ i: Int, _ distance: (bin: Int, up: Bool), _ bearing: Float, _ turn: Float) {
            let (b0, bearingUp) = Self.bin(Self.wrap(bearing) / bearingWidth, LocalStructure.bearingBins)
            let (t0, directionUp) = Self.bin(Self.wrap(turn) / directionWidth, LocalStructure.directionBins)
            let cell = LocalStructure.cell(distance.bin, b0, t0)
            exact[i].set(cell)
            // The cell and its nearest neighbours along each axis.
            dilated[i].formUnion(dilations[LocalStructure.dilationIndex(cell, distanceUp: distance.up, bearingUp: bearingUp, directionUp: directionUp)])
        }
        // Each pair once: seen from j, the bearing is the opposite one (half the arctangents).
        for i in 0..<n {
            for j in (i + 1)..<max(n, i + 1) {
                let dx = x[j] - x[i], dy = y[j] - y[i]
                let d2 = dx * dx + dy * dy
                guard d2 < radius2, d2 >= minimum2 else { continue }
                let distance = Self.bin(d2.squareRoot() / distanceWidth, LocalStructure.distanceBins)
                let bearing = atan2f(dy, dx)
                record(i, distance, bearing - angle[i], angle[j] - angle[i])
                record(j, distance, bearing + .pi - angle[j], angle[i] - angle[j])
            }
        }
        self.exact = exact
        self.dilated = dilated
        weight = exact.map { $0.count >= 2 ? 1 / Float($0.count).squareRoot() : 0 }
    }

    /// An angle into [0, 2π).
    @inline(__always)
    static func wrap(_ angle: Float) -> Float {
        // Angles here are sums and differences of a few angles in [0, 2π): no division needed.
        var a = angle
        while a < 0 { a += 2 * .pi }
        while a >= 2 * .pi { a -= 2 * .pi }
        return a
    }

    /// The bin a value falls in, and whether it is nearer the bin above than the one below.
    @inline(__always)
    static func bin(_ value: Float, _ count: Int) -> (bin: Int, up: Bool) {
        let bin = min(Int(value), count - 1)
        return (bin, value - Float(bin) >= 0.5)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
