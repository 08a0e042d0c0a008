import ArgumentParser
import Domain
import Files
import Foundation
import KioskCommandLine
import ImageFiles
import Matcher
import Reader
import Desk

/// A folder of `<finger>_<impression>.<tif|png>` images (FVC naming).
struct ImageCollection {
    let images: [String: [Int: String]]

    init(directory: String) throws(KioskError) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw .fileFailure(path: directory, detail: "not a folder")
        }
        var images: [String: [Int: String]] = [:]
        for name in names {
            let stem = (name as NSString).deletingPathExtension, suffix = (name as NSString).pathExtension.lowercased()
            let parts = stem.split(separator: "_")
            guard ["tif", "tiff", "png"].contains(suffix), parts.count == 2, let impression = Int(parts[1]) else { continue }
            images[String(parts[0]), default: [:]][impression] = directory + "/" + name
        }
        self.images = images
    }

    /// Fingers with impressions 1-5 (to enrol) and at least one later one (to verify).
    var fingers: [String] { images.keys.filter { finger in (1...5).allSatisfy { images[finger]![$0] != nil } }.sorted() }

    func image(_ finger: String, _ impression: Int) throws(KioskError) -> GreyImage? {
        guard let path = images[finger]?[impression] else { return nil }
        return try ImageFile.read(path)
    }
}

struct AccuracyBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accuracy",
        abstract: "False non-match and false match rates of libfprint's matcher and the kiosk's, side by side, on a folder of fingerprint images.",
        discussion: """
            Images named <finger>_<impression>.<tif|png> (as FVC's). Through libfprint's virtual image reader: \
            enrol impressions 1-5 of each finger, and scan every image once. Then every later impression (6-8) of \
            every finger is compared with every enrolled finger: by libfprint's verify (NBIS/bozorth3, threshold 40, \
            a scan each) and by the kiosk's matcher on the minutiae of the same scans. Rates for one attempt (all \
            genuine and all impostor pairs); for three attempts (a finger passes if any of impressions 6-8 matches); \
            for the two-finger policy as certify runs it (fingers paired as one resident, three attempts, each \
            identified against both enrolled fingers); and, for the kiosk's matcher, every pair of single images.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Folder of images.") var images: String

    func run() async throws {
        try await Session.run(global) { session async throws(KioskError) in
            let collection = try ImageCollection(directory: images)
            let fingers = collection.fingers
            guard fingers.count >= 2 else { throw .imageUnreadable(path: images) }
            let work = NSTemporaryDirectory() + "kiosk-accuracy-\(getpid())"
            try? FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: work) }
            let rig = VirtualImageRig(directory: work, scanTimeout: 30)

            var templates: [String: FingerprintTemplate] = [:]
            var enrolled: [String: FingerMinutiae] = [:]
            for finger in fingers {
                rig.enqueue(try (1...5).map { impression throws(KioskError) in try collection.image(finger, impression)! })
                let template = try await ReaderCalls.reading { () throws(ReaderFailure) in try await rig.reader.enroll(nil, rig.events) }
                templates[finger] = template
                enrolled[finger] = PrintMinutiae.minutiae(of: template.data)
            }
            // Every image scanned once, for the kiosk's matcher.
            var scanned: [String: [Int: FingerMinutiae]] = [:]
            for (finger, impressions) in collection.images {
                for impression in impressions.keys.sorted() {
                    guard let image = try collection.image(finger, impression) else { continue }
                    rig.enqueue([image])
                    let minutiae = try await ReaderCalls.reading { () throws(ReaderFailure) in try await rig.service.scan(events: rig.events) }
                    scanned[finger, default: [:]][impression] = minutiae ?? FingerMinutiae(impressions: [])
                }
            }
            /// libfprint's decision: `impression` of `probe` verified against the template of `enrolled`.
            var cache: [String: Bool] = [:]
            func libfprint(_ enrolledFinger: String, _ probe: String, _ impression: Int) async throws(KioskError) -> Bool? {
                let key = "\(enrolledFinger)|\(probe)|\(impression)"
                if let known = cache[key] { return known }
                guard let image = try collection.image(probe, impression) else { return nil }
                rig.enqueue([image])
                let template = templates[enrolledFinger]!
                let matched = try await ReaderCalls.reading { () throws(ReaderFailure) in try await rig.reader.verify(template, rig.events) }
                cache[key] = matched
                return matched
            }
            var genuineScores: [Double] = [], impostorScores: [Double] = []
            /// The kiosk's score for the same comparison.
            func kioskScore(_ enrolledFinger: String, _ probe: String, _ impression: Int) -> Double? {
                guard let minutiae = scanned[probe]?[impression], let enrolled = enrolled[enrolledFinger] else { return nil }
                return PairwiseMatcher.score(minutiae, enrolled)
            }
            func kiosk(_ enrolledFinger: String, _ probe: String, _ impression: Int) -> Bool? {
                kioskScore(enrolledFinger, probe, impression).map { $0 >= PairwiseMatcher.threshold }
            }

            var tallies: [Message.BenchMatcher: [Message.AccuracyRow: (genuine: Tally, impostor: Tally)]] = [:]
            func count(_ matcher: Message.BenchMatcher, _ row: Message.AccuracyRow, genuine: Bool, error: Bool) {
                var pair = tallies[matcher, default: [:]][row] ?? (Tally(), Tally())
                if genuine { pair.genuine.count(error: error) } else { pair.impostor.count(error: error) }
                tallies[matcher, default: [:]][row] = pair
            }
            // One and three attempts: every later impression against every enrolled finger.
            for finger in fingers {
                for probe in fingers {
                    var libfprintTries: [Bool] = [], kioskTries: [Bool] = []
                    for impression in 6...8 {
                        guard let matched = try await libfprint(finger, probe, impression), let score = kioskScore(finger, probe, impression) else { continue }
                        let genuine = probe == finger
                        count(.libfprint, .oneAttempt, genuine: genuine, error: matched != genuine)
                        count(.kiosk, .oneAttempt, genuine: genuine, error: (score >= PairwiseMatcher.threshold) != genuine)
                        if genuine { genuineScores.append(score) } else { impostorScores.append(score) }
                        libfprintTries.append(matched)
                        kioskTries.append(score >= PairwiseMatcher.threshold)
                    }
                    guard !libfprintTries.isEmpty else { continue }
                    let genuine = probe == finger
                    count(.libfprint, .threeAttempts, genuine: genuine, error: libfprintTries.contains(true) != genuine)
                    count(.kiosk, .threeAttempts, genuine: genuine, error: kioskTries.contains(true) != genuine)
                }
            }
            // Two fingers per resident, as certify does it: three attempts (A, B, A), each checked
            // against both enrolled fingers; the resident passes if any attempt matches either.
            let pairs = stride(from: 0, to: fingers.count - 1, by: 2).map { (fingers[$0], fingers[$0 + 1]) }
            for (a, b) in pairs {
                for (x, y) in pairs {
                    let genuine = (x, y) == (a, b)
                    var libfprintPassed = false, kioskPassed = false, tried = false
                    for (probe, impression) in [(x, 6), (y, 6), (x, 7)] {
                        for enrolledFinger in [a, b] {
                            guard let matched = try await libfprint(enrolledFinger, probe, impression),
                                  let kioskMatched = kiosk(enrolledFinger, probe, impression) else { continue }
                            tried = true
                            libfprintPassed = libfprintPassed || matched
                            kioskPassed = kioskPassed || kioskMatched
                        }
                    }
                    guard tried else { continue }
                    count(.libfprint, .twoFingers, genuine: genuine, error: libfprintPassed != genuine)
                    count(.kiosk, .twoFingers, genuine: genuine, error: kioskPassed != genuine)
                }
            }
            // Every pair of single images, for the kiosk's matcher (libfprint matches only a scan
            // against a print, so it is not run here).
            let everyImage = collection.images.keys.sorted().flatMap { finger in (scanned[finger] ?? [:]).keys.sorted().map { (finger, $0) } }
            for (first, one) in everyImage.enumerated() {
                for other in everyImage[(first + 1)...] {
                    let score = PairwiseMatcher.score(scanned[one.0]![one.1]!, scanned[other.0]![other.1]!)
                    let genuine = one.0 == other.0
                    count(.kiosk, .imagePairs, genuine: genuine, error: (score >= PairwiseMatcher.threshold) != genuine)
                }
            }
            await rig.service.shutdown()
            session.say(.benchLine(.accuracyHeader(folder: (images as NSString).lastPathComponent, fingers: fingers.count,
                                                   images: collection.images.values.map(\.count).reduce(0, +))))
            for row in [Message.AccuracyRow.oneAttempt, .threeAttempts, .twoFingers, .imagePairs] {
                for matcher in [Message.BenchMatcher.libfprint, .kiosk] {
                    guard let (genuine, impostor) = tallies[matcher]?[row] else { continue }
                    session.say(.benchLine(.accuracy(row, matcher: matcher, fnmr: genuine.errors, genuine: genuine.trials,
                                                     fmr: impostor.errors, impostor: impostor.trials)))
                }
            }
            session.say(.benchLine(.matcherScores(genuineLowest: genuineScores.min() ?? 0, impostorHighest: impostorScores.max() ?? 0,
                                                  threshold: PairwiseMatcher.threshold)))
        }
    }

    struct Tally {
        var errors = 0
        var trials = 0
        mutating func count(error: Bool) {
            trials += 1
            if error { errors += 1 }
        }
    }
}

struct VerifyBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "The kiosk's verify time next to plain libfprint's, and identify over 100 and 1,000 prints both ways.",
        discussion: """
            Through libfprint's virtual image reader with the images of a folder (default: FVC2004_DB2_B in \
            ../shared/fingerprints): one finger is enrolled, then its impression 6 is verified ROUNDS times by the \
            kiosk's reader layer and by VerifyBaseline, a minimal C program calling fp_device_verify_sync, both \
            feeding the image when the reader asks for a finger. Target: ratio ≤ 1.10. Then identify over \
            galleries of 100 and 1,000 prints (the folder's other enrolled fingers, then synthetic fingers, the \
            probe's finger at a random position), with impressions 6 and 7 of that finger and of a finger not \
            enrolled (the folder's last), by libfprint's fp_device_identify and by the kiosk's search; libfprint's \
            cost per print from the fingers not enrolled. `kiosk bench identify` measures identify at scale.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Folder of <finger>_<impression> images.") var images = "../shared/fingerprints/FVC2004_DB2_B"
    @Option(help: "Verifications on each side.") var rounds = 20

    func run() async throws {
        try await Session.run(global) { session async throws(KioskError) in
            let collection = try ImageCollection(directory: images)
            guard let finger = collection.fingers.first, let probe = try collection.image(finger, 6) else { throw .imageUnreadable(path: images) }
            let work = NSTemporaryDirectory() + "kiosk-verify-\(getpid())"
            try? FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: work) }
            let rig = VirtualImageRig(directory: work, scanTimeout: 30)

            var templates: [FingerprintTemplate] = []
            for name in collection.fingers {
                rig.enqueue(try (1...5).map { impression throws(KioskError) in try collection.image(name, impression)! })
                templates.append(try await ReaderCalls.reading { () throws(ReaderFailure) in try await rig.reader.enroll(nil, rig.events) })
            }
            let template = templates[0]
            var kiosk: [Double] = []
            for _ in 0..<rounds {
                rig.enqueue([probe])
                kiosk.append(try await Stopwatch.time { () async throws(KioskError) in
                    _ = try await ReaderCalls.reading { () throws(ReaderFailure) in try await rig.reader.verify(template, rig.events) }
                })
            }
            // Identify as users meet it: the probe's finger at a random position among other fingers
            // (the folder's other enrolments, then synthetic fingers), and a finger not enrolled
            // (the folder's last), each by libfprint's fp_device_identify and by the kiosk's search.
            var random = SplitMix(seed: 15)
            let absentFinger = collection.fingers.last!
            var absentImages: [GreyImage] = [], genuineImages: [GreyImage] = []
            for impression in [6, 7] {
                if let image = try collection.image(absentFinger, impression) { absentImages.append(image) }
                if let image = try collection.image(finger, impression) { genuineImages.append(image) }
            }
            let others = Array(templates.dropFirst().dropLast())
            let bases = templates.dropLast().compactMap { PrintMinutiae.minutiae(of: $0.data) }
            var galleries: [(size: Int, libfprint: [Double], libfprintAbsent: [Double], kiosk: [Double])] = []
            for size in [100, 1000] {
                var gallery = Array(others.prefix(size - 1))
                while gallery.count < size - 1 {
                    let synthetic = SyntheticFinger.make(from: bases[Int.random(in: 0..<bases.count, using: &random)], using: &random)
                    gallery.append(FingerprintTemplate(data: PrintMinutiae.serialize(synthetic, driver: template.driver, deviceID: template.deviceID),
                                                       driver: template.driver, deviceID: template.deviceID, finger: nil, storedOnDevice: false))
                }
                gallery.insert(template, at: Int.random(in: 0...gallery.count, using: &random))
                rig.service.imageGallery.prepare(gallery)
                var figures: (libfprint: [Double], libfprintAbsent: [Double], kiosk: [Double]) = ([], [], [])
                for (image, enrolled) in genuineImages.map({ ($0, true) }) + absentImages.map({ ($0, false) }) {
                    rig.enqueue([image])
                    let seconds = try await Stopwatch.time { () async throws(KioskError) in
                        _ = try await ReaderCalls.reading { () throws(ReaderFailure) in try await rig.service.identify(gallery, events: rig.events) }
                    }
                    figures.libfprint.append(seconds)
                    if !enrolled { figures.libfprintAbsent.append(seconds) }
                    rig.enqueue([image])
                    figures.kiosk.append(try await Stopwatch.time { () async throws(KioskError) in
                        _ = try await ReaderCalls.reading { () throws(ReaderFailure) in try await rig.reader.identify(gallery, rig.events) }
                    })
                }
                galleries.append((size, figures.libfprint, figures.libfprintAbsent, figures.kiosk))
            }
            await rig.service.shutdown()

            // The baseline in its own process, on the same virtual reader and image.
            try PrivateFile.write(Data(template.data), to: work + "/print")
            try PrivateFile.write(Data(VirtualReaders.ImageFeed.frame(probe)), to: work + "/image")
            let baselinePath = (ChildProcess.buildDirectory as NSString).appendingPathComponent("VerifyBaseline")
            let baseline = try ChildProcess.output(baselinePath, [work + "/print", work + "/image", String(rounds), rig.socket])
            let baselineSeconds = baseline.split(separator: "\n").compactMap { $0.split(separator: " ").first.flatMap { Double($0) } }.map { $0 / 1e6 }
            guard baselineSeconds.count == rounds else { throw .fileFailure(path: baselinePath, detail: "baseline did not run") }
            let kioskMedian = Self.median(kiosk), baselineMedian = Self.median(baselineSeconds)
            session.say(.benchLine(.verify(kioskMilliseconds: kioskMedian * 1000, baselineMilliseconds: baselineMedian * 1000, rounds: rounds)))
            session.say(.benchLine(.ratio(kioskMedian / baselineMedian, baseline: "libfprint", target: 1.10)))
            for gallery in galleries {
                for (matcher, times) in [(Message.BenchMatcher.libfprint, gallery.libfprint), (.kiosk, gallery.kiosk)] {
                    let figures = IdentifyBench.percentiles(times)
                    session.say(.benchLine(.identifyTime(matcher, prints: gallery.size, p50Milliseconds: figures.p50 * 1000,
                                                         p95Milliseconds: figures.p95 * 1000, probes: times.count, extrapolated: false)))
                }
            }
            let (small, large) = (galleries[0], galleries[1])
            // libfprint's cost per print, from the fingers not enrolled (it examines every print for them).
            session.say(.benchLine(.identifyMarginal(microsecondsPerPrint: (Self.median(large.libfprintAbsent) - Self.median(small.libfprintAbsent))
                                                        / Double(large.size - small.size) * 1e6)))
            session.say(.benchLine(.ratio(Self.median(large.kiosk) / Self.median(large.libfprint), baseline: "libfprint", target: 1.0 / 50)))
        }
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
}
