import Dispatch
import Foundation

/// The kiosk's 1:N search: every enrolled finger's minutiae in memory, searched in two steps.
///
/// 1. Candidates, in two steps. Each finger keeps a few of its local structures
///    (`descriptorsPerFinger`, spread over each impression) with where their minutiae lie, in
///    flat arrays scanned by every core. First every finger's structure score: for each kept
///    structure (dilated), its best Ochiai similarity with any of the probe's (exact),
///    |a ∧ b| / √(|a|·|b|), summed: a few thousand word operations per finger, against the
///    hundreds of thousands of a full pairwise match. Then the best tenth (`shortlist(for:)`) is
///    checked for geometry (`consistencyScore`): whether the kept structures' partners in the
///    probe lie where the structures' own minutiae do, relative to each other. A stranger's
///    structures meet the probe's by chance, scattered; a mate's agree.
/// 2. Decision. The best candidates (`rounds(for:)`) are matched in full by
///    `PairwiseMatcher`; the best score wins if it reaches the threshold: the best candidate,
///    never the first above the threshold. When none does, a second, wider round of candidates
///    (a longer shortlist checked for geometry, more matched in full) is tried before giving up.
///
/// Built once from the gallery and kept up to date by `add` and `remove`. It holds minutiae
/// only (no sealed template, no name or ID number: keys are the caller's), never written out,
/// in `PrivateMemory`: out of core dumps, locked out of swap where allowed, wiped on removal.
public final class GalleryIndex<Key: Hashable & Sendable>: @unchecked Sendable {
    /// Local structures kept per finger for the candidate scan (more find genuine mates more
    /// surely and cost time and memory: 48, with their weights and anchors, are 1.5 KB a finger).
    public static var descriptorsPerFinger: Int { 48 }

    public struct Match: Sendable, Hashable {
        public var key: Key
        public var score: Double
    }

    private let lock = NSLock()
    private var keys: [Key?] = []
    private var slotOf: [Key: Int] = [:]
    private var free: [Int] = []
    /// Where each slot's minutiae lie in `minutiae`: the first word and each impression's count.
    private var spans: [(start: Int, counts: [Int])] = []
    /// Every finger's minutiae, packed, one after another; `minutiaeEnd` words used, `minutiaeWasted`
    /// of them (wiped) left by removed fingers until the next compaction.
    private var minutiae = PrivateMemory<UInt32>()
    private var minutiaeEnd = 0
    private var minutiaeWasted = 0
    /// `descriptorsPerFinger` dilated structures per slot, and their weights (0: unused).
    private var structures = PrivateMemory<LocalStructure>()
    private var weights = PrivateMemory<Float>()
    /// Where each kept structure's minutia lies (`Anchor`), for the geometric check of the candidates.
    private var anchors = PrivateMemory<UInt32>()

    public init() {}

    public var count: Int { lock.withLock { slotOf.count } }

    /// Whether all of the index's minutiae and structures are locked in memory, out of swap (false
    /// where the process's RLIMIT_MEMLOCK refused; they are left out of core dumps either way).
    public var isLockedInMemory: Bool { lock.withLock { minutiae.isLocked && structures.isLocked && weights.isLocked && anchors.isLocked } }

    /// Makes room for `more` fingers beyond those held, at once rather than by growing in steps.
    public func reserve(_ more: Int) {
        lock.withLock {
            let slots = keys.count + max(0, more - free.count)
            structures.reserve(slots * Self.descriptorsPerFinger, keeping: keys.count * Self.descriptorsPerFinger)
            weights.reserve(slots * Self.descriptorsPerFinger, keeping: keys.count * Self.descriptorsPerFinger)
            anchors.reserve(slots * Self.descriptorsPerFinger, keeping: keys.count * Self.descriptorsPerFinger)
        }
    }

    /// Gives back the room the minutiae's last growth left unused (after adding many at once).
    public func trim() {
        lock.withLock { if minutiae.capacity > minutiaeEnd - minutiaeWasted + 4_096 { compact() } }
    }

    /// Adds (or replaces) a finger. A finger without minutiae is not searchable and is left out.
    public func add(_ key: Key, _ finger: FingerMinutiae) {
        let prepared = finger.impressions.map(PreparedImpression.init)
        let (kept, keptWeights, keptAnchors) = Self.descriptors(prepared)
        let packed = finger.impressions.flatMap { $0.map(PackedMinutia.pack) }
        lock.withLock {
            if let slot = slotOf[key] { release(slot) }
            guard !finger.isEmpty else { return }
            let slot: Int
            if let reused = free.popLast() {
                slot = reused
                keys[slot] = key
            } else {
                slot = keys.count
                keys.append(key)
                spans.append((0, []))
                let needed = keys.count * Self.descriptorsPerFinger
                structures.reserve(needed, keeping: slot * Self.descriptorsPerFinger)
                weights.reserve(needed, keeping: slot * Self.descriptorsPerFinger)
                anchors.reserve(needed, keeping: slot * Self.descriptorsPerFinger)
            }
            slotOf[key] = slot
            if minutiaeEnd + packed.count > minutiae.capacity {
                // Grown by half again: the index's memory stays close to what it holds.
                minutiae.reserve(max(minutiaeEnd + packed.count, minutiae.capacity + minutiae.capacity / 2), keeping: minutiaeEnd)
            }
            for (offset, word) in packed.enumerated() { minutiae[minutiaeEnd + offset] = word }
            spans[slot] = (minutiaeEnd, finger.impressions.map(\.count))
            minutiaeEnd += packed.count
            let base = slot * Self.descriptorsPerFinger
            for index in 0..<Self.descriptorsPerFinger {
                structures[base + index] = index < kept.count ? kept[index] : LocalStructure()
                weights[base + index] = index < kept.count ? keptWeights[index] : 0
                anchors[base + index] = index < kept.count ? keptAnchors[index] : 0
            }
        }
    }

    public func remove(_ key: Key) {
        lock.withLock {
            if let slot = slotOf[key] { release(slot) }
        }
    }

    public func contains(_ key: Key) -> Bool { lock.withLock { slotOf[key] != nil } }

    /// Forgets a slot and wipes what it held (caller holds the lock).
    private func release(_ slot: Int) {
        if let key = keys[slot] { slotOf[key] = nil }
        keys[slot] = nil
        let span = spans[slot], length = span.counts.reduce(0, +)
        minutiae.wipe(from: span.start, count: length)
        minutiaeWasted += length
        spans[slot] = (0, [])
        structures.wipe(from: slot * Self.descriptorsPerFinger, count: Self.descriptorsPerFinger)
        weights.wipe(from: slot * Self.descriptorsPerFinger, count: Self.descriptorsPerFinger)
        anchors.wipe(from: slot * Self.descriptorsPerFinger, count: Self.descriptorsPerFinger)
        free.append(slot)
        if minutiaeWasted > 65_536, minutiaeWasted * 2 > minutiaeEnd { compact() }
    }

    /// Moves the live fingers' minutiae together into a new mapping (the old one is wiped).
    private func compact() {
        let moved = PrivateMemory<UInt32>()
        moved.reserve(max(minutiaeEnd - minutiaeWasted, 1), keeping: 0)
        var end = 0
        for slot in spans.indices where keys[slot] != nil {
            let span = spans[slot], length = span.counts.reduce(0, +)
            for offset in 0..<length { moved[end + offset] = minutiae[span.start + offset] }
            spans[slot].start = end
            end += length
        }
        minutiae = moved
        minutiaeEnd = end
        minutiaeWasted = 0
    }

    /// A slot's impressions, unpacked (caller holds the lock).
    private func impressions(_ slot: Int) -> [[Minutia]] {
        var start = spans[slot].start
        return spans[slot].counts.map { count in
            defer { start += count }
            return (start..<(start + count)).map { PackedMinutia.unpack(minutiae[$0]) }
        }
    }

    /// Kept structures of one impression lie at least this far apart while others are left.
    static var descriptorSpacing: Float { 30 }

    /// Structures of each impression, in turn, up to `descriptorsPerFinger`: in each impression
    /// the densest first, but spread over it (each at least `descriptorSpacing` from those kept
    /// before it) until none is left that far from the others, then the rest by density. The
    /// densest alone crowd where minutiae are thickest, and a probe of another part of the finger
    /// met none of them: in the bench's gallery of 100,000 prints a mate that scores 19.8 in the
    /// full match ranked about 45,000th by structure score; spread, every mate that reaches the
    /// threshold in the full match but one ranked within the first tenth (measured offline on the
    /// minutiae of the benchmark's scans: 54 of 55, against 50 of 55 with the densest).
    static func descriptors(_ impressions: [PreparedImpression]) -> ([LocalStructure], [Float], [UInt32]) {
        let spacing2 = descriptorSpacing * descriptorSpacing
        let ranked = impressions.map { impression -> [Int] in
            let densest = impression.exact.indices.filter { impression.weight[$0] > 0 }.sorted { impression.exact[$0].count > impression.exact[$1].count }
            var spread: [Int] = [], rest: [Int] = []
            for index in densest {
                let apart = spread.allSatisfy { kept in
                    let dx = impression.x[kept] - impression.x[index], dy = impression.y[kept] - impression.y[index]
                    return dx * dx + dy * dy >= spacing2
                }
                if apart { spread.append(index) } else { rest.append(index) }
            }
            return spread + rest
        }
        var kept: [LocalStructure] = [], keptWeights: [Float] = [], keptAnchors: [UInt32] = []
        var depth = 0
        while kept.count < descriptorsPerFinger, ranked.contains(where: { $0.count > depth }) {
            for (number, (impression, order)) in zip(impressions, ranked).enumerated() where depth < order.count && kept.count < descriptorsPerFinger {
                let index = order[depth]
                kept.append(impression.dilated[index])
                keptAnchors.append(Anchor.pack(impression, index, number))
                // Normalised by the dilated structure's own count: by the exact one's, a dense
                // structure (a finger with many minutiae) met any probe by chance and such fingers
                // crowded genuine mates out of the candidates (bench identify, 10,000 prints).
                keptWeights.append(1 / Float(impression.dilated[index].count).squareRoot())
            }
            depth += 1
        }
        return (kept, keptWeights, keptAnchors)
    }

    /// One round of candidates: the `shortlist` best structure scores are checked for geometry;
    /// the `geometry` best of them by geometry and the `structures` best by structure score alone
    /// that are not matched yet are matched in full.
    struct Round {
        var shortlist: Int, geometry: Int, structures: Int
    }

    /// The rounds for a gallery of `size`, the second only when no candidate of the first reaches
    /// the threshold. The first: a shortlist of a tenth (at least 2,000), the 100 best by
    /// geometry and the 100 best by structures alone (measured offline on the bench's gallery of
    /// 10,000: genuine mates that score at or above the threshold in the full match were among
    /// them more often than among the 250 best structure scores before the geometric check; with
    /// structures spread over each impression, the geometric check ranks some mates low that the
    /// structure score ranks within its first hundred: with 50 by structures 54 of the 55 such
    /// mates were found, with 100 all 55).
    /// At 100,000 the strangers that outrank a mate by chance are ten times as many: in bench
    /// identify, a mate that reaches the threshold in the full match ranked 28,549th by structure
    /// score (outside the first shortlist) and 168th by geometry over the whole gallery. The
    /// second round checks a third of the gallery (at least 5,000) for geometry and matches the
    /// next 300 by geometry and the next 300 by structures in full. A probe whose mate the first round finds, as most do, costs
    /// only the first; a probe of a finger not enrolled pays for both. Up to 10,000 prints the
    /// first shortlist is a fifth of the gallery or more and there is no second round: at 10,000
    /// (bench identify, idle machine) it found the same 18 of 21 mates as without and moved the
    /// median from 180 to 239 ms.
    static func rounds(for size: Int) -> [Round] {
        let first = Round(shortlist: min(size, max(2_000, size / 10)), geometry: 100, structures: 100)
        guard size > 10_000 else { return [first] }
        return [first, Round(shortlist: min(size, max(5_000, size / 3)), geometry: 300, structures: 300)]
    }

    /// The best match at or above `threshold`, or nil. `progress` is told the candidates done.
    public func search(_ probe: FingerMinutiae, threshold: Double = PairwiseMatcher.threshold,
                       progress: (@Sendable (Int, Int) -> Void)? = nil) -> Match? {
        guard let best = rank(probe, threshold: threshold, progress: progress).first, best.score >= threshold else { return nil }
        return best
    }

    /// The candidates' full-match scores, best first: the first round's, and the next round's
    /// only when none reached `threshold`.
    public func rank(_ probe: FingerMinutiae, threshold: Double = PairwiseMatcher.threshold,
                     progress: (@Sendable (Int, Int) -> Void)? = nil) -> [Match] {
        rank(probe, threshold: threshold, rounds: Self.rounds(for:), progress: progress)
    }

    /// `rank` in the rounds `rounds` gives for the gallery's size.
    func rank(_ probe: FingerMinutiae, threshold: Double, rounds: (Int) -> [Round], progress: (@Sendable (Int, Int) -> Void)? = nil) -> [Match] {
        let probes = probe.impressions.map(PreparedImpression.init)
        return lock.withLock { () -> [Match] in
            guard var scan = CandidateScan(self, probes) else {
                progress?(0, 0)
                return []
            }
            var ranked: [Match] = []
            for round in rounds(slotOf.count) {
                let slots = candidateSlots(&scan, round)
                ranked += fullMatches(probes, slots, done: ranked.count, progress: progress)
                if ranked.contains(where: { $0.score >= threshold }) { break }
            }
            progress?(ranked.count, ranked.count)
            return ranked.sorted { $0.score > $1.score }
        }
    }

    /// The full match of each slot, on every core; `progress` counts on from the `done` matched
    /// in earlier rounds (caller holds the lock).
    private func fullMatches(_ probes: [PreparedImpression], _ slots: [Int], done: Int, progress: (@Sendable (Int, Int) -> Void)?) -> [Match] {
        progress?(done, done + slots.count)
        nonisolated(unsafe) let scores = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(slots.count, 1))
        defer { scores.deallocate() }
        let enrolled = slots.map { impressions($0) }
        let finished = Counter()
        let lanes = ProcessInfo.processInfo.activeProcessorCount
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            var index = lane
            while index < slots.count {
                scores[index] = PairwiseMatcher.score(probes, enrolled[index].map(PreparedImpression.init))
                let count = finished.increment()
                if count % 64 == 0 { progress?(done + count, done + slots.count) }
                index += lanes
            }
        }
        return slots.indices.map { Match(key: keys[slots[$0]]!, score: scores[$0]) }
    }

    /// One probe's candidate scan: every slot's structure score, computed once, and the geometric
    /// check's score of the slots checked so far, so that a later round checks only the slots it adds.
    struct CandidateScan {
        let probe: ProbeSide
        var structureScores: [Float]
        /// NaN: not checked yet.
        var geometryScores: [Float]
        var matched: Set<Int> = []

        /// Nil when the probe or the index has nothing to compare (caller holds the index's lock).
        init?(_ index: GalleryIndex, _ probes: [PreparedImpression]) {
            let probe = ProbeSide(probes)
            let slotCount = index.keys.count, per = GalleryIndex.descriptorsPerFinger
            guard slotCount > 0, !probe.structures.isEmpty, let structures = index.structures.base,
                  let weights = index.weights.base else { return nil }
            var scores = [Float](repeating: -.infinity, count: slotCount)
            let lanes = ProcessInfo.processInfo.activeProcessorCount
            scores.withUnsafeMutableBufferPointer { scores in
                // Read-only views for the lanes; each lane writes its own part of `scores`.
                nonisolated(unsafe) let shared = (structures: UnsafePointer(structures), weights: UnsafePointer(weights),
                                                  keys: index.keys, probe: probe, scores: scores)
                DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                    let chunk = (slotCount + lanes - 1) / lanes
                    let start = lane * chunk, end = min(start + chunk, slotCount)
                    guard start < end else { return }
                    shared.probe.withBuffers { probe in
                        for slot in start..<end where shared.keys[slot] != nil {
                            shared.scores[slot] = GalleryIndex.structureScore(probe, shared.structures + slot * per, shared.weights + slot * per, per)
                        }
                    }
                }
            }
            self.probe = probe
            structureScores = scores
            geometryScores = [Float](repeating: .nan, count: slotCount)
        }
    }

    /// The round's candidates not matched in an earlier round: the best by geometry among its
    /// shortlist, best first, then the best by structure score not already in (caller holds the lock).
    private func candidateSlots(_ scan: inout CandidateScan, _ round: Round) -> [Int] {
        let per = Self.descriptorsPerFinger
        guard let structureBase = structures.base, let weightBase = weights.base, let anchorBase = anchors.base else { return [] }
        let shortlist = scan.structureScores.withUnsafeBufferPointer { Self.best(round.shortlist, of: $0) }
        // The geometric check of those not checked in an earlier round, on every core.
        let unchecked = shortlist.filter { scan.geometryScores[$0].isNaN }
        let lanes = ProcessInfo.processInfo.activeProcessorCount
        scan.geometryScores.withUnsafeMutableBufferPointer { geometry in
            nonisolated(unsafe) let shared = (structures: UnsafePointer(structureBase), weights: UnsafePointer(weightBase),
                                              anchors: UnsafePointer(anchorBase), probe: scan.probe, geometry: geometry)
            DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                shared.probe.withBuffers { probe in
                    var scratch = Scratch(per)
                    var index = lane
                    while index < unchecked.count {
                        let slot = unchecked[index]
                        shared.geometry[slot] = Self.consistencyScore(probe, shared.structures + slot * per, shared.weights + slot * per,
                                                                      shared.anchors + slot * per, per, &scratch)
                        index += lanes
                    }
                }
            }
        }
        // The best by geometry, then the best by structures alone that geometry left out (a finger
        // whose kept structures' partners in the probe are too few to agree).
        let open = shortlist.map { scan.matched.contains($0) ? -Float.infinity : scan.geometryScores[$0] }
        var chosen = open.withUnsafeBufferPointer { Self.best(round.geometry, of: $0) }.map { shortlist[$0] }
        scan.matched.formUnion(chosen)
        for slot in shortlist.prefix(round.structures) where !scan.matched.contains(slot) {
            chosen.append(slot)
            scan.matched.insert(slot)
        }
        return chosen
    }

    /// Stage one: for each kept structure of a finger, its best Ochiai similarity with any of the
    /// probe's, summed. In whole numbers (the probe's weights scaled to 16 bits) over the probe's
    /// words laid out side by side, so that the compiler runs several probe structures at once
    /// (a third faster than in floating point, measured).
    @inline(__always)
    static func structureScore(_ probe: ProbeSide.Buffers, _ structures: UnsafePointer<LocalStructure>, _ weights: UnsafePointer<Float>, _ per: Int) -> Float {
        var total: Float = 0
        let n = probe.count
        let pa = probe.a, pb = probe.b, pc = probe.c, pw = probe.w16
        for index in 0..<per {
            let weight = weights[index]
            if weight == 0 { continue }
            let structure = structures[index]
            let sa = structure.a, sb = structure.b, sc = structure.c
            var best: UInt16 = 0
            for p in 0..<n {
                let common = (sa & pa[p]).nonzeroBitCount &+ (sb & pb[p]).nonzeroBitCount &+ (sc & pc[p]).nonzeroBitCount
                let similarity = UInt16(truncatingIfNeeded: common) &* pw[p]
                best = max(best, similarity)
            }
            total += Float(best) * weight
        }
        return total * (1 / ProbeSide.weightScale)
    }

    /// A lane's room for one finger's matched structures in the geometric check.
    struct Scratch {
        var probeIndex: [Int], similarity: [Float], x: [Float], y: [Float], impression: [Int], turn: [Float]
        var impressionScore = [Float](repeating: 0, count: Anchor.impressions)
        init(_ per: Int) {
            probeIndex = .init(repeating: 0, count: per)
            similarity = .init(repeating: 0, count: per)
            x = similarity; y = similarity; turn = similarity; impression = probeIndex
        }
    }

    /// A match of two structures' minutiae carries the other matches of the same two impressions
    /// onto each other when, turned and moved as it says, they land within this of each other,
    /// and turned alike within `turnTolerance`.
    static var positionTolerance: Float { 20 }
    static var turnTolerance: Float { 30 * .pi / 180 }

    /// Stage two: each kept structure's best match in the probe, checked for agreeing with the
    /// others in geometry. Each match in turn aligns the two prints (its turn and position); the
    /// other matches of the same impressions that this alignment carries onto each other
    /// (position and turn) add their similarity. A finger scores its two best impressions' best
    /// alignments (a genuine finger agrees with more than one impression).
    static func consistencyScore(_ probe: ProbeSide.Buffers, _ structures: UnsafePointer<LocalStructure>, _ weights: UnsafePointer<Float>,
                                 _ anchors: UnsafePointer<UInt32>, _ per: Int, _ scratch: inout Scratch) -> Float {
        // `structureScore`'s loop, keeping which probe structure is best: the similarity in the
        // high half of a word and the probe structure's position (a probe has a few hundred at
        // most), inverted, in the low half, so that the loop is a bare maximum as there (what
        // lets the compiler vectorise it) and picks the first best. The second round checks tens
        // of thousands of fingers for geometry.
        var count = 0
        let pa = probe.a, pb = probe.b, pc = probe.c, pw = probe.w16
        for index in 0..<per {
            let weight = weights[index]
            if weight == 0 { continue }
            let structure = structures[index]
            let sa = structure.a, sb = structure.b, sc = structure.c
            var best: UInt32 = 0
            for p in 0..<probe.count {
                let common = (sa & pa[p]).nonzeroBitCount &+ (sb & pb[p]).nonzeroBitCount &+ (sc & pc[p]).nonzeroBitCount
                let similarity = UInt32(UInt16(truncatingIfNeeded: common) &* pw[p])
                best = max(best, similarity << 16 | UInt32(truncatingIfNeeded: 0xFFFF &- p))
            }
            guard best >> 16 > 0 else { continue }
            let bestProbe = 0xFFFF - Int(best & 0xFFFF)
            let anchor = anchors[index]
            scratch.probeIndex[count] = bestProbe
            scratch.similarity[count] = Float(best >> 16) * weight
            scratch.x[count] = Anchor.x(anchor)
            scratch.y[count] = Anchor.y(anchor)
            scratch.impression[count] = Anchor.impression(anchor)
            scratch.turn[count] = PreparedImpression.wrap(Anchor.angle(anchor) - probe.angle[bestProbe])
            count += 1
        }
        for impression in 0..<Anchor.impressions { scratch.impressionScore[impression] = 0 }
        let tolerance2 = positionTolerance * positionTolerance
        for a in 0..<count {
            let pa = scratch.probeIndex[a], impression = scratch.impression[a], turn = scratch.turn[a]
            let cosine = cosf(turn), sine = sinf(turn)
            var total = scratch.similarity[a]
            for b in 0..<count where b != a && scratch.impression[b] == impression {
                let pb = scratch.probeIndex[b]
                guard pb != pa, probe.impression[pb] == probe.impression[pa] else { continue }
                var difference = abs(scratch.turn[b] - turn)
                if difference > .pi { difference = 2 * .pi - difference }
                guard difference < turnTolerance else { continue }
                let dx = probe.x[pb] - probe.x[pa], dy = probe.y[pb] - probe.y[pa]
                let ex = scratch.x[b] - scratch.x[a] - (cosine * dx - sine * dy)
                let ey = scratch.y[b] - scratch.y[a] - (sine * dx + cosine * dy)
                guard ex * ex + ey * ey < tolerance2 else { continue }
                total += scratch.similarity[b]
            }
            if total > scratch.impressionScore[impression] { scratch.impressionScore[impression] = total }
        }
        var first: Float = 0, second: Float = 0
        for value in scratch.impressionScore {
            if value > first {
                second = first
                first = value
            } else if value > second {
                second = value
            }
        }
        return (first + second) * (1 / ProbeSide.weightScale)
    }

    /// The positions of the `count` highest of `scores`, highest first (−∞ never).
    static func best(_ count: Int, of scores: UnsafeBufferPointer<Float>) -> [Int] {
        guard count > 0 else { return [] }
        // A min-heap of the best seen so far: most scores fail against its root at once.
        var heap: [(score: Float, at: Int)] = []
        heap.reserveCapacity(count)
        for (at, score) in scores.enumerated() where score > -.infinity {
            if heap.count < count {
                heap.append((score, at))
                var child = heap.count - 1
                while child > 0 {
                    let parent = (child - 1) / 2
                    guard heap[child].score < heap[parent].score else { break }
                    heap.swapAt(child, parent)
                    child = parent
                }
            } else if score > heap[0].score {
                heap[0] = (score, at)
                var parent = 0
                while true {
                    let left = 2 * parent + 1, right = left + 1
                    var smallest = parent
                    if left < count, heap[left].score < heap[smallest].score { smallest = left }
                    if right < count, heap[right].score < heap[smallest].score { smallest = right }
                    guard smallest != parent else { break }
                    heap.swapAt(parent, smallest)
                    parent = smallest
                }
            }
        }
        return heap.sorted { $0.score > $1.score }.map(\.at)
    }

    /// Where a finger ranks by geometry among the first round's shortlist (0: first), for tests.
    public func candidateRank(of key: Key, for probe: FingerMinutiae) -> Int? {
        let probes = probe.impressions.map(PreparedImpression.init)
        return lock.withLock {
            guard let slot = slotOf[key], var scan = CandidateScan(self, probes), let first = Self.rounds(for: slotOf.count).first else { return nil }
            return candidateSlots(&scan, Round(shortlist: first.shortlist, geometry: first.shortlist, structures: 0)).firstIndex(of: slot)
        }
    }

    /// Bytes the index holds (minutiae, structures, weights, anchors, keys), for the benchmark.
    public var approximateBytes: Int {
        lock.withLock {
            minutiae.bytes + structures.bytes + weights.bytes + anchors.bytes
                + spans.reduce(0) { $0 + 48 + $1.counts.count * 8 } + keys.count * (MemoryLayout<Key?>.stride + 24)
        }
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() -> Int { lock.withLock { value += 1; return value } }
}



/// The probe's structures (exact, those with a weight) of all its impressions, with their
/// minutiae; the structures' words and weights also side by side, for the candidate scan.
struct ProbeSide {
    var structures: [LocalStructure] = [], weights: [Float] = [], x: [Float] = [], y: [Float] = [], angle: [Float] = [], impression: [Int] = []
    /// Weights in 16 bits: a similarity (at most 160 common bits times the weight of a structure
    /// of at least 2 bits, ≤ 1/√2) stays below 65,536.
    static let weightScale: Float = 360

    init(_ probes: [PreparedImpression]) {
        for (number, impression) in probes.enumerated() {
            for index in impression.exact.indices where impression.weight[index] > 0 {
                structures.append(impression.exact[index])
                weights.append(impression.weight[index])
                x.append(impression.x[index])
                y.append(impression.y[index])
                angle.append(impression.angle[index])
                self.impression.append(number)
            }
        }
    }

    struct Buffers {
        let a: UnsafePointer<UInt64>, b: UnsafePointer<UInt64>, c: UnsafePointer<UInt64>, w16: UnsafePointer<UInt16>
        let x: UnsafePointer<Float>, y: UnsafePointer<Float>, angle: UnsafePointer<Float>, impression: UnsafePointer<Int>
        let count: Int
    }

    func withBuffers<R>(_ body: (Buffers) -> R) -> R {
        let a = structures.map(\.a), b = structures.map(\.b), c = structures.map(\.c)
        let w16 = weights.map { UInt16(($0 * Self.weightScale).rounded()) }
        return a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in c.withUnsafeBufferPointer { c in
            w16.withUnsafeBufferPointer { w16 in x.withUnsafeBufferPointer { x in y.withUnsafeBufferPointer { y in
                angle.withUnsafeBufferPointer { angle in impression.withUnsafeBufferPointer { impression in
                    body(Buffers(a: a.baseAddress!, b: b.baseAddress!, c: c.baseAddress!, w16: w16.baseAddress!, x: x.baseAddress!,
                                 y: y.baseAddress!, angle: angle.baseAddress!, impression: impression.baseAddress!, count: a.count))
                } }
            } } }
        } } }
    }
}

/// Where a kept structure's minutia lies, in one word: x and y (10 bits each, pixels), the
/// direction (8 bits, 256ths of a turn), the impression (4 bits).
enum Anchor {
    static let impressions = 16

    static func pack(_ impression: PreparedImpression, _ index: Int, _ number: Int) -> UInt32 {
        let x = UInt32(min(max(impression.x[index], 0), 1023)), y = UInt32(min(max(impression.y[index], 0), 1023))
        let direction = UInt32(Int((impression.angle[index] / (2 * .pi) * 256).rounded()) & 255)
        return x | y << 10 | direction << 20 | UInt32(min(number, impressions - 1)) << 28
    }

    @inline(__always) static func x(_ word: UInt32) -> Float { Float(word & 1023) }
    @inline(__always) static func y(_ word: UInt32) -> Float { Float((word >> 10) & 1023) }
    @inline(__always) static func angle(_ word: UInt32) -> Float { Float((word >> 20) & 255) * (2 * .pi / 256) }
    @inline(__always) static func impression(_ word: UInt32) -> Int { Int(word >> 28) }
}

