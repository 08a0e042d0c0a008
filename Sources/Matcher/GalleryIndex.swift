import Dispatch
import Foundation

/// The kiosk's 1:N search: every enrolled finger's minutiae in memory, searched in two steps.
///
/// 1. Candidates. Each finger keeps a few of its local structures (`descriptorsPerFinger`, the
///    densest of each impression), in one flat array scanned by every core. A finger's candidate
///    score is, for each of its kept structures (dilated), the best Ochiai similarity with any
///    of the probe's (exact), |a ∧ b| / √(|a|·|b|), summed: a few hundred word operations per finger, against the hundreds of
///    thousands of a full pairwise match.
/// 2. Decision. The best candidates (`candidates(for:)`) are matched in full by
///    `PairwiseMatcher`; the best score wins if it reaches the threshold: the best candidate,
///    never the first above the threshold.
///
/// Built once from the gallery and kept up to date by `add` and `remove`. It holds minutiae
/// only (no sealed template, no name or ID number: keys are the caller's), never written out,
/// in `PrivateMemory`: out of core dumps, locked out of swap where allowed, wiped on removal.
public final class GalleryIndex<Key: Hashable & Sendable>: @unchecked Sendable {
    /// Local structures kept per finger for the candidate scan (more find genuine mates more
    /// surely and cost time and memory: 48 is 1.2 KB a finger).
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

    public init() {}

    public var count: Int { lock.withLock { slotOf.count } }

    /// Whether all of the index's minutiae and structures are locked in memory, out of swap (false
    /// where the process's RLIMIT_MEMLOCK refused; they are left out of core dumps either way).
    public var isLockedInMemory: Bool { lock.withLock { minutiae.isLocked && structures.isLocked && weights.isLocked } }

    /// Makes room for `more` fingers beyond those held, at once rather than by growing in steps.
    public func reserve(_ more: Int) {
        lock.withLock {
            let slots = keys.count + max(0, more - free.count)
            structures.reserve(slots * Self.descriptorsPerFinger, keeping: keys.count * Self.descriptorsPerFinger)
            weights.reserve(slots * Self.descriptorsPerFinger, keeping: keys.count * Self.descriptorsPerFinger)
        }
    }

    /// Gives back the room the minutiae's last growth left unused (after adding many at once).
    public func trim() {
        lock.withLock { if minutiae.capacity > minutiaeEnd - minutiaeWasted + 4_096 { compact() } }
    }

    /// Adds (or replaces) a finger. A finger without minutiae is not searchable and is left out.
    public func add(_ key: Key, _ finger: FingerMinutiae) {
        let prepared = finger.impressions.map(PreparedImpression.init)
        let (kept, keptWeights) = Self.descriptors(prepared)
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

    /// The densest structures of each impression, in turn, up to `descriptorsPerFinger`.
    static func descriptors(_ impressions: [PreparedImpression]) -> ([LocalStructure], [Float]) {
        let ranked = impressions.map { impression in
            impression.exact.indices.filter { impression.weight[$0] > 0 }.sorted { impression.exact[$0].count > impression.exact[$1].count }
        }
        var kept: [LocalStructure] = [], keptWeights: [Float] = []
        var depth = 0
        while kept.count < descriptorsPerFinger, ranked.contains(where: { $0.count > depth }) {
            for (impression, order) in zip(impressions, ranked) where depth < order.count && kept.count < descriptorsPerFinger {
                let index = order[depth]
                kept.append(impression.dilated[index])
                // Normalised by the dilated structure's own count: by the exact one's, a dense
                // structure (a finger with many minutiae) met any probe by chance and such fingers
                // crowded genuine mates out of the candidates (bench identify, 10,000 prints).
                keptWeights.append(1 / Float(impression.dilated[index].count).squareRoot())
            }
            depth += 1
        }
        return (kept, keptWeights)
    }

    /// How many fingers go on to the full match for a gallery of `size`: 2.5% of the gallery, at
    /// least 64, at most 500 (measured with `kiosk bench identify`: fewer lose genuine mates at
    /// 10,000 prints, more cost time).
    public static func candidates(for size: Int) -> Int { min(max(size / 40, 64), 500) }

    /// The best match at or above `threshold`, or nil. `progress` is told the candidates done.
    public func search(_ probe: FingerMinutiae, threshold: Double = PairwiseMatcher.threshold,
                       progress: (@Sendable (Int, Int) -> Void)? = nil) -> Match? {
        guard let best = rank(probe, progress: progress).first, best.score >= threshold else { return nil }
        return best
    }

    /// The candidates' full-match scores, best first.
    public func rank(_ probe: FingerMinutiae, candidates wanted: Int? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil) -> [Match] {
        let probes = probe.impressions.map(PreparedImpression.init)
        return lock.withLock { () -> [Match] in
            let slots = candidateSlots(probes, wanted ?? Self.candidates(for: slotOf.count))
            progress?(0, slots.count)
            nonisolated(unsafe) let scores = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(slots.count, 1))
            defer { scores.deallocate() }
            let enrolled = slots.map { impressions($0) }
            let done = Counter()
            let lanes = ProcessInfo.processInfo.activeProcessorCount
            DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                var index = lane
                while index < slots.count {
                    scores[index] = PairwiseMatcher.score(probes, enrolled[index].map(PreparedImpression.init))
                    let finished = done.increment()
                    if finished % 64 == 0 { progress?(finished, slots.count) }
                    index += lanes
                }
            }
            progress?(slots.count, slots.count)
            return slots.indices.map { Match(key: keys[slots[$0]]!, score: scores[$0]) }
                .sorted { $0.score > $1.score }
        }
    }

    /// The slots of the `wanted` fingers with the highest candidate scores (caller holds the lock).
    private func candidateSlots(_ probes: [PreparedImpression], _ wanted: Int) -> [Int] {
        // The probe's structures, exact, with their weights: all impressions together.
        var probeStructures: [LocalStructure] = [], probeWeights: [Float] = []
        for impression in probes {
            for index in impression.exact.indices where impression.weight[index] > 0 {
                probeStructures.append(impression.exact[index])
                probeWeights.append(impression.weight[index])
            }
        }
        let slotCount = keys.count, per = Self.descriptorsPerFinger
        let scores = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(slotCount, 1))
        defer { scores.deallocate() }
        guard slotCount > 0, let structureBase = structures.base, let weightBase = weights.base else { return [] }
        let lanes = ProcessInfo.processInfo.activeProcessorCount
        // Read-only views for the lanes; each lane writes its own range of `scores`.
        nonisolated(unsafe) let shared = (structures: UnsafePointer(structureBase), weights: UnsafePointer(weightBase), keys: keys,
                                          probe: probeStructures, probeWeights: probeWeights, scores: scores)
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            let chunk = (slotCount + lanes - 1) / lanes
            let start = lane * chunk, end = min(start + chunk, slotCount)
            guard start < end else { return }
            let structures = shared.structures, weights = shared.weights
            shared.probe.withUnsafeBufferPointer { probe in
                shared.probeWeights.withUnsafeBufferPointer { probeWeights in
                    for slot in start..<end {
                        var total: Float = 0
                        let base = slot * per
                        for index in base..<(base + per) {
                            let weight = weights[index]
                            if weight == 0 { continue }
                            let structure = structures[index]
                            var best: Float = 0
                            for p in 0..<probe.count {
                                let similarity = Float(structure.common(probe[p])) * probeWeights[p]
                                if similarity > best { best = similarity }
                            }
                            total += best * weight
                        }
                        shared.scores[slot] = shared.keys[slot] == nil ? -.infinity : total
                    }
                }
            }
        }
        let live = slotOf.count
        let take = min(wanted, live)
        guard take > 0 else { return [] }
        // The `take` best: a partial selection through a threshold found by sorting a copy.
        var ordered = Array(scores.prefix(slotCount).enumerated()).filter { $0.element > -.infinity }
        ordered.sort { $0.element > $1.element }
        return ordered.prefix(take).map(\.offset)
    }

    /// Where a finger's candidate score ranks among the gallery's (0: first), for tests.
    public func candidateRank(of key: Key, for probe: FingerMinutiae) -> Int? {
        let probes = probe.impressions.map(PreparedImpression.init)
        return lock.withLock {
            guard let slot = slotOf[key] else { return nil }
            return candidateSlots(probes, slotOf.count).firstIndex(of: slot)
        }
    }

    /// Bytes the index holds (minutiae, structures, weights, keys), for the benchmark.
    public var approximateBytes: Int {
        lock.withLock {
            minutiae.bytes + structures.bytes + weights.bytes
                + spans.reduce(0) { $0 + 48 + $1.counts.count * 8 } + keys.count * (MemoryLayout<Key?>.stride + 24)
        }
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() -> Int { lock.withLock { value += 1; return value } }
}


