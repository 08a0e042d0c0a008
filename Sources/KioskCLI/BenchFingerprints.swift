import ArgumentParser
import Domain
import Files
import Store
import Foundation
import ImageFiles
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
        abstract: "False non-match and false match rates of the real pipeline on a folder of fingerprint images.",
        discussion: """
            Images named <finger>_<impression>.<tif|png> (as FVC's). Through libfprint's virtual image reader: \
            enrol impressions 1-5 of each finger; verify every later impression against its own finger (genuine) \
            and impression 7 of every other finger (impostor). Rates for one attempt; for three attempts (a \
            genuine finger passes if any of impressions 6-8 matches; an impostor if any of 6-8 of the other \
            finger does); and for the two-finger policy (fingers paired as one resident, three attempts \
            alternating the two fingers).
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
            for finger in fingers {
                rig.enqueue(try (1...5).map { impression throws(KioskError) in try collection.image(finger, impression)! })
                templates[finger] = try await ReaderCalls.reading { () throws(ReaderFailure) in try await rig.reader.enroll(nil, rig.events) }
            }
            /// Whether `image` of `probe` matches the template of `enrolled`.
            var cache: [String: Bool] = [:]
            func matches(_ enrolled: String, _ probe: String, _ impression: Int) async throws(KioskError) -> Bool? {
                let key = "\(enrolled)|\(probe)|\(impression)"
                if let known = cache[key] { return known }
                guard let image = try collection.image(probe, impression) else { return nil }
                rig.enqueue([image])
                let template = templates[enrolled]!
                let matched = try await ReaderCalls.reading { () throws(ReaderFailure) in try await rig.reader.verify(template, rig.events) }
                cache[key] = matched
                return matched
            }

            // Trials count only images that exist: a folder missing an impression has fewer trials.
            var genuine = Tally(), impostor = Tally(), genuine3 = Tally(), impostor3 = Tally()
            for finger in fingers {
                var outcomes: [Bool] = []
                for impression in 6...8 {
                    guard let matched = try await matches(finger, finger, impression) else { continue }
                    genuine.count(error: !matched)
                    outcomes.append(matched)
                }
                if !outcomes.isEmpty { genuine3.count(error: !outcomes.contains(true)) }
                for other in fingers where other != finger {
                    if let matched = try await matches(finger, other, 7) { impostor.count(error: matched) }
                    var tries: [Bool] = []
                    for impression in 6...8 { if let matched = try await matches(finger, other, impression) { tries.append(matched) } }
                    if !tries.isEmpty { impostor3.count(error: tries.contains(true)) }
                }
            }
            // Two fingers per resident: fingers paired in order; three attempts alternate A, B, A.
            var pairGenuine = Tally(), pairImpostor = Tally()
            let pairs = stride(from: 0, to: fingers.count - 1, by: 2).map { (fingers[$0], fingers[$0 + 1]) }
            for (a, b) in pairs {
                var tries: [Bool] = []
                for (finger, impression) in [(a, 6), (b, 6), (a, 7)] {
                    if let matched = try await matches(finger, finger, impression) { tries.append(matched) }
                }
                if !tries.isEmpty { pairGenuine.count(error: !tries.contains(true)) }
                for (x, y) in pairs where (x, y) != (a, b) {
                    var fooled: [Bool] = []
                    for (enrolled, probe, impression) in [(a, x, 7), (b, y, 7), (a, x, 6)] {
                        if let matched = try await matches(enrolled, probe, impression) { fooled.append(matched) }
                    }
                    if !fooled.isEmpty { pairImpostor.count(error: fooled.contains(true)) }
                }
            }
            await rig.service.shutdown()
            session.say(.benchLine(.accuracyHeader(folder: (images as NSString).lastPathComponent, fingers: fingers.count,
                                                   images: collection.images.values.map(\.count).reduce(0, +))))
            session.say(.benchLine(.accuracy(.oneAttempt, fnmr: genuine.errors, genuine: genuine.trials, fmr: impostor.errors, impostor: impostor.trials)))
            session.say(.benchLine(.accuracy(.threeAttempts, fnmr: genuine3.errors, genuine: genuine3.trials, fmr: impostor3.errors, impostor: impostor3.trials)))
            session.say(.benchLine(.accuracy(.twoFingers, fnmr: pairGenuine.errors, genuine: pairGenuine.trials, fmr: pairImpostor.errors, impostor: pairImpostor.trials)))
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
        abstract: "The kiosk's verify time next to plain libfprint's, and identify time per enrolled print.",
        discussion: """
            Through libfprint's virtual image reader with the images of a folder (default: FVC2004_DB2_B in \
            ../shared/fingerprints): one finger is enrolled, then its impression 6 is verified ROUNDS times by the \
            kiosk's reader layer and by VerifyBaseline, a minimal C program calling fp_device_verify_sync, both \
            feeding the image when the reader asks for a finger. Target: ratio ≤ 1.10. Then identify against \
            galleries of 100 and 1,000 prints (the folder's enrolled fingers repeated), per print.
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
            var galleries: [(size: Int, seconds: Double)] = []
            for size in [100, 1000] {
                let gallery = (0..<size).map { templates[$0 % templates.count] }
                rig.enqueue([probe])
                galleries.append((size, try await Stopwatch.time { () async throws(KioskError) in
                    _ = try await ReaderCalls.reading { () throws(ReaderFailure) in try await rig.reader.identify(gallery, rig.events) }
                }))
            }
            await rig.service.shutdown()

            // The baseline in its own process, on the same virtual reader and image.
            try PrivateFile.write(Data(template.data), to: work + "/print")
            try PrivateFile.write(Data(VirtualReaders.ImageFeed.frame(probe)), to: work + "/image")
            let baselinePath = (ChildProcess.currentExecutable as NSString).deletingLastPathComponent + "/VerifyBaseline"
            let baseline = try ChildProcess.output(baselinePath, [work + "/print", work + "/image", String(rounds), rig.socket])
            let baselineSeconds = baseline.split(separator: "\n").compactMap { $0.split(separator: " ").first.flatMap { Double($0) } }.map { $0 / 1e6 }
            guard baselineSeconds.count == rounds else { throw .fileFailure(path: baselinePath, detail: "baseline did not run") }
            let kioskMedian = Self.median(kiosk), baselineMedian = Self.median(baselineSeconds)
            session.say(.benchLine(.verify(kioskMilliseconds: kioskMedian * 1000, baselineMilliseconds: baselineMedian * 1000, rounds: rounds)))
            session.say(.benchLine(.ratio(kioskMedian / baselineMedian, baseline: "libfprint", target: 1.10)))
            for (size, seconds) in galleries {
                session.say(.benchLine(.identify(gallery: size, milliseconds: seconds * 1000, perPrintMicroseconds: seconds / Double(size) * 1e6)))
            }
            let (small, large) = (galleries[0], galleries[1])
            session.say(.benchLine(.identifyMarginal(microsecondsPerPrint: (large.seconds - small.seconds) / Double(large.size - small.size) * 1e6)))
        }
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
}
