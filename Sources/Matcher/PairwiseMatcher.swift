/// The final decision between a probe and one enrolled finger.
///
/// Local structures find the minutia pairs that look most alike; each of the best pairs in turn
/// serves as the reference that aligns the two prints (rotation from the two directions,
/// translation from the two positions), as in Jiang and Yau, "Fingerprint minutiae matching based
/// on the local and global structures" (ICPR 2000). Under each alignment, minutiae that coincide
/// in position (12 px) and direction (25°) are paired one to one, nearest first.
///
/// The score is how far that count of pairs stands above what chance would give, in standard
/// deviations: with `n` probe minutiae over the enrolled impression's area and a chance `q` that
/// a random minutia lands within tolerance of one of its `m` minutiae (`q = m·πr²/area ·
/// 2θ/2π`), chance pairs are binomial with mean `nq`, and the score is
/// `(pairs − nq) / √(nq(1−q))`. Unlike a raw count it does not grow with a sensor that reports
/// many (spurious) minutiae, so one threshold serves optical and capacitive readers alike.
///
/// A finger enrolled with several impressions scores the mean of its two best impressions (a
/// genuine finger agrees with more than one; a chance alignment rarely repeats); with one
/// impression, that impression's score.
public enum PairwiseMatcher {
    /// Scores at or above this are a match: chosen with `kiosk bench accuracy` on the three FVC
    /// sets in ../shared/fingerprints (the highest impostor score of an enrolled finger there was
    /// 11.1).
    public static let threshold = 11.5
    /// Pairs of minutiae tried as the reference alignment.
    static let seeds = 30
    static let positionTolerance: Float = 12
    static let directionTolerance: Float = 25 * .pi / 180
    /// Minutiae counted at least in the overlap, so that a sliver of overlap cannot score high.
    static let minimumOverlap: Float = 15
    static let margin: Float = 8

    /// The score of the probe against the enrolled finger.
    public static func score(_ probe: FingerMinutiae, _ enrolled: FingerMinutiae) -> Double {
        score(probe.impressions.map(PreparedImpression.init), enrolled.impressions.map(PreparedImpression.init))
    }

    public static func matches(_ probe: FingerMinutiae, _ enrolled: FingerMinutiae) -> Bool {
        score(probe, enrolled) >= threshold
    }

    static func score(_ probes: [PreparedImpression], _ enrolled: [PreparedImpression]) -> Double {
        var best = 0.0
        for probe in probes {
            var first = -Double.infinity, second = -Double.infinity
            for impression in enrolled {
                let value = score(probe, impression)
                if value > first {
                    second = first
                    first = value
                } else if value > second {
                    second = value
                }
            }
            guard first > -.infinity else { continue }
            best = max(best, second > -.infinity ? (first + second) / 2 : first)
        }
        return best
    }

    /// One probe impression against one enrolled impression.
    static func score(_ p: PreparedImpression, _ g: PreparedImpression) -> Double {
        let np = p.count, ng = g.count
        guard np >= 3, ng >= 3 else { return 0 }
        // The most alike pairs by their local structures, kept sorted, best first.
        var top: [(similarity: Float, i: Int, j: Int)] = []
        top.reserveCapacity(seeds + 1)
        var floor: Float = 0
        for i in 0..<np {
            let wp = p.weight[i]
            if wp == 0 { continue }
            let structure = p.exact[i]
            for j in 0..<ng {
                let wg = g.weight[j]
                if wg == 0 { continue }
                let similarity = Float(structure.common(g.dilated[j])) * wp * wg
                guard similarity > floor || (top.count < seeds && similarity > 0) else { continue }
                let at = top.firstIndex { $0.similarity < similarity } ?? top.count
                top.insert((similarity, i, j), at: at)
                if top.count > seeds { top.removeLast() }
                if top.count == seeds { floor = top.last!.similarity }
            }
        }
        // The enrolled impression's box, and the chance that a random minutia finds a mate there.
        var gx1 = Float.greatestFiniteMagnitude, gx2 = -Float.greatestFiniteMagnitude, gy1 = gx1, gy2 = gx2
        for l in 0..<ng {
            gx1 = min(gx1, g.x[l]); gx2 = max(gx2, g.x[l])
            gy1 = min(gy1, g.y[l]); gy2 = max(gy2, g.y[l])
        }
        gx1 -= margin; gx2 += margin; gy1 -= margin; gy2 += margin
        let area = Double((gx2 - gx1) * (gy2 - gy1))
        let chance = min(0.9, Double(ng) * Double.pi * Double(positionTolerance * positionTolerance) / area
                                * Double(directionTolerance) / Double.pi)

        var best = -Double.infinity
        var used = [Bool](repeating: false, count: ng)
        let tolerance2 = positionTolerance * positionTolerance
        for seed in top {
            let rotation = g.angle[seed.j] - p.angle[seed.i]
            let cosine = cosf(rotation), sine = sinf(rotation)
            let px0 = p.x[seed.i], py0 = p.y[seed.i], gx0 = g.x[seed.j], gy0 = g.y[seed.j]
            for j in 0..<ng { used[j] = false }
            var mates = 0, overlap = 0
            for k in 0..<np {
                let dx = p.x[k] - px0, dy = p.y[k] - py0
                let tx = gx0 + cosine * dx - sine * dy, ty = gy0 + sine * dx + cosine * dy
                if tx >= gx1, tx <= gx2, ty >= gy1, ty <= gy2 { overlap += 1 }
                let ta = p.angle[k] + rotation
                var nearest = -1
                var nearestDistance = tolerance2
                // The first enrolled minutia within the tolerance of x (they are in order of x).
                var low = 0, high = ng
                while low < high {
                    let middle = (low + high) / 2
                    if g.x[middle] < tx - positionTolerance { low = middle + 1 } else { high = middle }
                }
                var l = low - 1
                while true {
                    l += 1
                    guard l < ng, g.x[l] <= tx + positionTolerance else { break }
                    if used[l] { continue }
                    let ex = g.x[l] - tx, ey = g.y[l] - ty
                    let d2 = ex * ex + ey * ey
                    guard d2 < nearestDistance else { continue }
                    var turn = abs(PreparedImpression.wrap(g.angle[l] - ta))
                    if turn > .pi { turn = 2 * .pi - turn }
                    guard turn < directionTolerance else { continue }
                    nearest = l
                    nearestDistance = d2
                }
                if nearest >= 0 {
                    used[nearest] = true
                    mates += 1
                }
            }
            let expected = Double(max(Float(overlap), minimumOverlap)) * chance
            best = max(best, (Double(mates) - expected) / (expected * (1 - chance)).squareRoot())
        }
        return best == -.infinity ? 0 : best
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
