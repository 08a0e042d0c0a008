import Foundation
@testable import Matcher
import Testing

/// The matcher's geometry on made-up minutiae: what must hold whatever the images. Real fingers
/// (the FVC images through libfprint's virtual image reader) are tested end to end in
/// KioskCLITests, through `kiosk bench accuracy` and `kiosk identify`.
@Suite("Matcher")
struct MatcherTests {
    /// A reproducible random number generator (SplitMix64).
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Minutiae spread like a finger's: about 18 px apart at least, in a 300 x 360 area.
    static func finger(_ seed: UInt64, count: Int = 45) -> [Minutia] {
        var random = Seeded(state: seed)
        var points: [Minutia] = []
        while points.count < count {
            let candidate = Minutia(x: Int.random(in: 20...320, using: &random), y: Int.random(in: 20...380, using: &random),
                                    degrees: Int.random(in: 0..<360, using: &random))
            if points.allSatisfy({ abs($0.x - candidate.x) + abs($0.y - candidate.y) > 18 }) { points.append(candidate) }
        }
        return points
    }

    /// The same finger placed elsewhere and turned, with a few pixels and degrees of noise, some
    /// minutiae lost and some spurious ones found.
    static func impression(of minutiae: [Minutia], seed: UInt64, turn: Double, shift: (Int, Int)) -> [Minutia] {
        var random = Seeded(state: seed)
        let c = cos(turn * .pi / 180), s = sin(turn * .pi / 180)
        var moved = minutiae.compactMap { m -> Minutia? in
            guard Int.random(in: 0..<10, using: &random) > 1 else { return nil }
            let x = Double(m.x - 170), y = Double(m.y - 200)
            return Minutia(x: Int((c * x - s * y).rounded()) + 170 + shift.0 + Int.random(in: -3...3, using: &random),
                           y: Int((s * x + c * y).rounded()) + 200 + shift.1 + Int.random(in: -3...3, using: &random),
                           degrees: m.degrees + Int(turn.rounded()) + Int.random(in: -8...8, using: &random))
        }
        moved += finger(seed &+ 99, count: 5)
        return moved
    }

    @Test func theSameFingerMovedAndTurnedScoresAboveTheThreshold() {
        let original = Self.finger(1)
        let probe = FingerMinutiae(impressions: [Self.impression(of: original, seed: 2, turn: 25, shift: (30, -20))])
        let score = PairwiseMatcher.score(probe, FingerMinutiae(impressions: [original]))
        #expect(score >= PairwiseMatcher.threshold, "score \(score)")
    }

    @Test func differentFingersScoreBelowTheThreshold() {
        for seed in UInt64(10)..<UInt64(30) {
            let score = PairwiseMatcher.score(FingerMinutiae(impressions: [Self.finger(seed)]),
                                              FingerMinutiae(impressions: [Self.finger(seed + 1000)]))
            #expect(score < PairwiseMatcher.threshold, "seed \(seed): score \(score)")
        }
    }

    @Test func anEnrolledFingerScoresTheMeanOfItsTwoBestImpressions() {
        let original = Self.finger(3)
        let second = Self.impression(of: original, seed: 15, turn: 5, shift: (4, 4))
        let probe = FingerMinutiae(impressions: [Self.impression(of: original, seed: 4, turn: -40, shift: (0, 15))])
        let first = PairwiseMatcher.score(probe, FingerMinutiae(impressions: [original]))
        let other = PairwiseMatcher.score(probe, FingerMinutiae(impressions: [second]))
        let stranger = PairwiseMatcher.score(probe, FingerMinutiae(impressions: [Self.finger(6)]))
        let among = PairwiseMatcher.score(probe, FingerMinutiae(impressions: [Self.finger(5), original, second, Self.finger(6)]))
        #expect(abs(among - (first + other) / 2) < 1e-9)
        #expect(stranger < PairwiseMatcher.threshold && among >= PairwiseMatcher.threshold)
    }

    @Test func theIndexFindsTheBestCandidateNotTheFirst() {
        let index = GalleryIndex<Int>()
        let target = Self.finger(7)
        for key in 0..<300 { index.add(key, FingerMinutiae(impressions: [Self.finger(UInt64(5000 + key))])) }
        // A partial copy of the target comes first, the target itself later: the best wins.
        index.add(1000, FingerMinutiae(impressions: [Array(target.prefix(20)) + Self.finger(8, count: 20)]))
        index.add(1001, FingerMinutiae(impressions: [target]))
        let probe = FingerMinutiae(impressions: [Self.impression(of: target, seed: 9, turn: 10, shift: (12, 4))])
        let ranked = index.rank(probe)
        #expect(ranked.first?.key == 1001)
        #expect(index.search(probe)?.key == 1001)
        #expect(index.count == 302)
    }

    @Test func removedFingersAreNotFoundAndSlotsAreReused() {
        let index = GalleryIndex<String>()
        let target = Self.finger(11)
        for key in 0..<50 { index.add("other-\(key)", FingerMinutiae(impressions: [Self.finger(UInt64(7000 + key))])) }
        index.add("target", FingerMinutiae(impressions: [target]))
        let probe = FingerMinutiae(impressions: [Self.impression(of: target, seed: 12, turn: -15, shift: (-10, 8))])
        #expect(index.search(probe)?.key == "target")
        index.remove("target")
        #expect(index.search(probe) == nil)
        #expect(!index.contains("target"))
        index.add("again", FingerMinutiae(impressions: [target]))
        #expect(index.search(probe)?.key == "again")
        #expect(index.count == 51)
    }

    @Test func genuineMatesRankFirstAmongTwoThousandFingers() {
        // Ten fingers enrolled with five impressions each among 2,000 others: a new impression of
        // each must put its finger first in the candidate scan and be the one found. (With the
        // candidate score divided by the exact instead of the dilated bit count, strangers with
        // dense structures came first for three of the ten.)
        let index = GalleryIndex<Int>()
        for key in 0..<2_000 { index.add(key, FingerMinutiae(impressions: [Self.finger(UInt64(40_000 + key))])) }
        let targets = (0..<10).map { Self.finger(UInt64(60_000 + $0)) }
        for (number, target) in targets.enumerated() {
            let impressions = (0..<5).map { Self.impression(of: target, seed: UInt64(100 * number + $0), turn: Double($0 * 7 - 14), shift: ($0 * 5, -$0 * 4)) }
            index.add(10_000 + number, FingerMinutiae(impressions: impressions))
        }
        for (number, target) in targets.enumerated() {
            let probe = FingerMinutiae(impressions: [Self.impression(of: target, seed: UInt64(100 * number + 50), turn: 30, shift: (-18, 11))])
            #expect(index.candidateRank(of: 10_000 + number, for: probe) == 0)
            #expect(index.search(probe)?.key == 10_000 + number)
        }
    }

    @Test func theGeometricCheckRanksTheMateBeforeAFingerWithItsStructuresMisplaced() {
        // A wide finger (1,000 px) whose two halves are moved apart and swapped keeps the local
        // structures of most of its minutiae (those farther than a structure's radius from the
        // cut) but not where they lie relative to each other: its structure score is close to the
        // mate's, its geometry agrees for one half only.
        var random = Seeded(state: 21)
        var target: [Minutia] = []
        while target.count < 240 {
            let candidate = Minutia(x: Int.random(in: 20...980, using: &random), y: Int.random(in: 20...400, using: &random),
                                    degrees: Int.random(in: 0..<360, using: &random))
            if target.allSatisfy({ abs($0.x - candidate.x) + abs($0.y - candidate.y) > 18 }) { target.append(candidate) }
        }
        let swapped = target.map { m in Minutia(x: m.x < 500 ? m.x + 500 : m.x - 500, y: m.y, degrees: m.degrees) }
        let index = GalleryIndex<Int>()
        index.add(1, FingerMinutiae(impressions: [swapped, swapped]))
        index.add(2, FingerMinutiae(impressions: [target, target]))
        for key in 3..<50 { index.add(key, FingerMinutiae(impressions: [Self.finger(UInt64(9_000 + key))])) }
        let probe = FingerMinutiae(impressions: [target.map { Minutia(x: $0.x + 7, y: $0.y - 5, degrees: $0.degrees) }])
        #expect(index.candidateRank(of: 2, for: probe) == 0)
        #expect(index.candidateRank(of: 1, for: probe) == 1)
    }

    @Test func aSecondRoundRunsOnlyWhenTheFirstFindsNoMateAndFindsOneTheFirstLeftOut() {
        let index = GalleryIndex<Int>()
        let target = Self.finger(31)
        for key in 0..<200 { index.add(key, FingerMinutiae(impressions: [Self.finger(UInt64(30_000 + key))])) }
        index.add(1_000, FingerMinutiae(impressions: [target]))
        let probe = FingerMinutiae(impressions: [Self.impression(of: target, seed: 32, turn: 15, shift: (10, -6))])
        let stranger = FingerMinutiae(impressions: [Self.finger(33)])
        let threshold = PairwiseMatcher.threshold
        let first = GalleryIndex<Int>.Round(shortlist: 201, geometry: 5, structures: 0)
        let second = GalleryIndex<Int>.Round(shortlist: 201, geometry: 20, structures: 0)
        // The mate found in the first round: its 5 candidates only. A finger not enrolled: both
        // rounds' 25, none matched twice.
        let found = index.rank(probe, threshold: threshold, rounds: { _ in [first, second] })
        #expect(found.first?.key == 1_000 && found.count == 5)
        let notFound = index.rank(stranger, threshold: threshold, rounds: { _ in [first, second] })
        #expect(notFound.count == 25 && Set(notFound.map(\.key)).count == 25 && notFound.allSatisfy { $0.score < threshold })
        // A first round that leaves the mate out (none of its candidates: as when strangers outrank
        // the mate by chance in a large gallery): the second finds it.
        let none = GalleryIndex<Int>.Round(shortlist: 201, geometry: 0, structures: 0)
        #expect(index.rank(probe, threshold: threshold, rounds: { _ in [none] }).isEmpty)
        #expect(index.rank(probe, threshold: threshold, rounds: { _ in [none, second] }).first?.key == 1_000)
        // The default rounds: above 10,000 prints a second, longer shortlist and more candidates; up to it, one.
        let rounds = GalleryIndex<Int>.rounds(for: 100_000)
        #expect(rounds.count == 2 && rounds[1].shortlist > rounds[0].shortlist && rounds[1].geometry > rounds[0].geometry)
        #expect(GalleryIndex<Int>.rounds(for: 10_000).count == 1)
    }

    @Test func keptStructuresAreSpreadOverTheImpressionNotCrowdedWhereMinutiaeAreDensest() {
        // A dense patch (minutiae 14 px apart) on the left, sparse minutiae (40 px apart) on the
        // right: every structure on the left is denser than any on the right, so keeping the
        // densest kept none on the right, where a probe of that part of the finger lies.
        var random = Seeded(state: 41)
        var minutiae: [Minutia] = []
        for row in 0..<8 {
            for column in 0..<8 { minutiae.append(Minutia(x: 20 + 14 * column, y: 20 + 14 * row, degrees: Int.random(in: 0..<360, using: &random))) }
        }
        for row in 0..<6 {
            for column in 0..<6 { minutiae.append(Minutia(x: 300 + 40 * column, y: 20 + 40 * row, degrees: Int.random(in: 0..<360, using: &random))) }
        }
        let (kept, _, anchors) = GalleryIndex<Int>.descriptors([PreparedImpression(minutiae)])
        #expect(kept.count == GalleryIndex<Int>.descriptorsPerFinger)
        #expect(anchors.filter { Anchor.x($0) >= 300 }.count >= 30)
        let spacing = GalleryIndex<Int>.descriptorSpacing
        for (first, one) in anchors.enumerated() {
            for other in anchors[(first + 1)...] {
                let dx = Anchor.x(one) - Anchor.x(other), dy = Anchor.y(one) - Anchor.y(other)
                #expect((dx * dx + dy * dy).squareRoot() >= spacing)
            }
        }
    }

    @Test func aDilatedCellTakesItsNearerNeighbourAlongEachAxisWrappingAngles() {
        typealias S = LocalStructure
        func bits(_ structure: S) -> Set<Int> {
            Set((0..<S.cells).filter { cell in
                var single = S()
                single.set(cell)
                return structure.common(single) == 1
            })
        }
        // Inside: eight cells, the neighbours above or below as asked.
        let inside = S.dilations[S.dilationIndex(S.cell(2, 3, 1), distanceUp: true, bearingUp: false, directionUp: true)]
        #expect(bits(inside) == Set([S.cell(2, 3, 1), S.cell(3, 3, 1), S.cell(2, 2, 1), S.cell(3, 2, 1),
                                     S.cell(2, 3, 2), S.cell(3, 3, 2), S.cell(2, 2, 2), S.cell(3, 2, 2)]))
        // The farthest distance has no neighbour above (four cells); bearing 0's below is the last
        // bearing, direction 3's above is direction 0.
        let edge = S.dilations[S.dilationIndex(S.cell(S.distanceBins - 1, 0, 3), distanceUp: true, bearingUp: false, directionUp: true)]
        let last = S.distanceBins - 1, lastBearing = S.bearingBins - 1
        #expect(bits(edge) == Set([S.cell(last, 0, 3), S.cell(last, lastBearing, 3), S.cell(last, 0, 0), S.cell(last, lastBearing, 0)]))
    }

    @Test func theBestScoresAreSelectedInOrder() {
        var random = Seeded(state: 23)
        let scores: [Float] = (0..<5_000).map { _ in Int.random(in: 0..<10, using: &random) == 0 ? -.infinity : Float.random(in: 0..<100, using: &random) }
        let expected = scores.indices.filter { scores[$0] > -.infinity }.sorted { scores[$0] > scores[$1] }
        for count in [1, 7, 300, 5_000] {
            let best = scores.withUnsafeBufferPointer { GalleryIndex<Int>.best(count, of: $0) }
            #expect(best.map { scores[$0] } == expected.prefix(count).map { scores[$0] })
        }
    }

    @Test func fingersLeftAfterManyRemovalsAreStillFound() {
        // 1,500 removed fingers of 45 minutiae leave more wiped words than live ones: the index
        // moves the rest together, and every finger left must still be found.
        let index = GalleryIndex<Int>()
        let kept = [3, 777, 1_599]
        for key in 0..<1_600 { index.add(key, FingerMinutiae(impressions: [Self.finger(UInt64(20_000 + key))])) }
        for key in 0..<1_600 where !kept.contains(key) && key % 16 != 0 { index.remove(key) }
        for key in kept {
            let probe = FingerMinutiae(impressions: [Self.impression(of: Self.finger(UInt64(20_000 + key)), seed: UInt64(key), turn: 20, shift: (9, -14))])
            #expect(index.search(probe)?.key == key)
        }
        #expect(index.count == 103)
    }

    @Test func anEmptyProbeOrGalleryMatchesNothing() {
        let index = GalleryIndex<Int>()
        #expect(index.search(FingerMinutiae(impressions: [Self.finger(13)])) == nil)
        index.add(1, FingerMinutiae(impressions: [Self.finger(13)]))
        #expect(index.search(FingerMinutiae(impressions: [])) == nil)
        index.add(2, FingerMinutiae(impressions: []))
        #expect(!index.contains(2))
    }

    @Test func packingKeepsEveryMinutia() {
        let minutiae = Self.finger(14) + [Minutia(x: 0, y: 2047, degrees: 359), Minutia(x: 2047, y: 0, degrees: -1)]
        #expect(minutiae.map { PackedMinutia.unpack(PackedMinutia.pack($0)) } == minutiae)
    }
}
