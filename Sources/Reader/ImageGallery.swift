import Domain
import Foundation
import Matcher

/// The kiosk's own 1:N search for image readers, over the minutiae libfprint extracts: an index
/// of the gallery kept between scans (built at the first identify, then only what changed is
/// added or removed), so a scan costs one candidate scan and a few hundred full matches instead
/// of libfprint deserialising and matching every print in turn. Match-on-chip readers keep
/// identifying on the chip (their prints hold no minutiae).
///
/// The index holds minutiae only, keyed by a digest of each template, in this process's memory:
/// no ID, name or sealed template, never written to disk or logged. Its minutiae and structures
/// sit in pages of their own (`GalleryIndex`): left out of core dumps, locked out of swap where
/// RLIMIT_MEMLOCK allows, wiped when a print is removed and when the index goes. It lives as long
/// as the reader service, whose process runs as the kiosk's own user and is not dumpable.
public final class ImageGallery: @unchecked Sendable {
    struct Key: Hashable, Sendable {
        let digest: Int
        let length: Int
        /// From the template's reader, length and last 512 bytes (the direction columns of its
        /// last impressions), so that a gallery of 100,000 is keyed in milliseconds.
        init(_ template: FingerprintTemplate) {
            var hasher = Hasher()
            hasher.combine(template.driver)
            hasher.combine(template.deviceID)
            template.data.withUnsafeBytes { hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: $0.suffix(512))) }
            digest = hasher.finalize()
            length = template.data.count
        }
    }

    let index = GalleryIndex<Key>()
    private var present: Set<Key> = []

    public init() {}

    /// Whether the kiosk's matcher can search these prints: image-reader prints, not on a chip.
    public static func canSearch(_ gallery: [FingerprintTemplate]) -> Bool {
        guard let first = gallery.first, !first.storedOnDevice else { return false }
        return PrintMinutiae.minutiae(of: first.data) != nil
    }

    /// The index's memory: minutiae, local structures, keys.
    public var indexBytes: Int { index.approximateBytes + present.count * 48 }

    /// Whether the index's minutiae and structures are locked in memory (kept out of swap).
    public var isLockedInMemory: Bool { index.isLockedInMemory }

    /// Builds the index for `gallery` ahead of the first scan (at start), or brings it up to date.
    public func prepare(_ gallery: [FingerprintTemplate]) { _ = sync(gallery) }

    /// Brings the index to `gallery` (adds the new, removes the gone); returns each key's first
    /// position in `gallery`.
    func sync(_ gallery: [FingerprintTemplate]) -> [Key: Int] {
        var positions: [Key: Int] = [:]
        positions.reserveCapacity(gallery.count)
        for (position, template) in gallery.enumerated() {
            let key = Key(template)
            if positions[key] == nil { positions[key] = position }
        }
        for gone in present where positions[gone] == nil { index.remove(gone) }
        // New prints are read and added on every core (the index takes its lock only to insert).
        let added = positions.filter { !present.contains($0.key) }.map { ($0.key, $0.value) }
        let index = index
        index.reserve(added.count)
        DispatchQueue.concurrentPerform(iterations: ProcessInfo.processInfo.activeProcessorCount) { lane in
            var next = lane
            while next < added.count {
                let (key, position) = added[next]
                if let minutiae = PrintMinutiae.minutiae(of: gallery[position].data) { index.add(key, minutiae) }
                next += ProcessInfo.processInfo.activeProcessorCount
            }
        }
        if added.count > 1 { index.trim() }
        present = Set(positions.keys)
        return positions
    }

    /// The position in `gallery` of the best-matching print among those reaching the threshold,
    /// or nil. One exception, on which the enrolment's duplicate check relies (it identifies
    /// against everyone else's prints and the new print last): the gallery's last print yields to
    /// any other that reaches the threshold, so another resident's print always wins over the new
    /// one. `events` hears the candidates checked.
    public func identify(_ probe: FingerMinutiae, in gallery: [FingerprintTemplate], events: @escaping ReaderClient.Events) -> Int? {
        identify(probe, positions: sync(gallery), size: gallery.count, events: events)
    }

    /// `identify` once the index has been synced with a gallery of `size` prints.
    func identify(_ probe: FingerMinutiae, positions: [Key: Int], size: Int, events: @escaping ReaderClient.Events) -> Int? {
        // Progress in the gallery's terms (what staff know), from the candidates matched in full.
        let matches = index.rank(probe, progress: { done, total in events(.checking(done: total == 0 ? size : done * size / total, of: size)) })
            .filter { $0.score >= PairwiseMatcher.threshold }
            .compactMap { match in positions[match.key].map { (position: $0, score: match.score) } }
        let last = size - 1
        return (matches.first { $0.position != last } ?? matches.first)?.position
    }
}

extension ReaderService {
    /// Identify as the kiosk does it: on an image reader, one scan (the timeout covers only the
    /// wait for the finger) and then the kiosk's own search; on a match-on-chip reader, libfprint's
    /// identify on the chip.
    public func identifyByKiosk(_ gallery: [FingerprintTemplate], events: @escaping ReaderClient.Events) async throws(ReaderFailure) -> Int? {
        let images = imageGallery
        guard ImageGallery.canSearch(gallery) else { return try await identify(gallery, events: events) }
        if let reader = readers().first, let first = gallery.first, !first.fits(reader) {
            throw .incompatiblePrint(driver: first.driver, deviceID: first.deviceID)
        }
        // The index is brought up to date before the scan, so the resident waits only for the search.
        let positions = images.sync(gallery)
        // A scan that yields no minutiae cannot match anyone.
        guard let probe = try await scan(events: events) else { return nil }
        return images.identify(probe, positions: positions, size: gallery.count, events: events)
    }
}
