import ArgumentParser
import Domain
import Foundation
import KioskCommandLine
import Matcher
import Reader
import Desk

struct IdentifyBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identify",
        abstract: "1:N identify over a gallery of N prints: the kiosk's search against libfprint's fp_device_identify, in one run.",
        discussion: """
            Through libfprint's virtual image reader with the images of the folders (default: the three FVC sets in \\
            ../shared/fingerprints): two fingers in three are enrolled (impressions 1-5, real enrolments), the third \\
            is kept out as a finger not enrolled. The gallery is filled up to N with synthetic fingers, each made from \\
            an enrolled finger's minutiae by mirroring it and bending it with a smooth random warp and direction field, \\
            dropping and adding minutiae (as libfprint image prints, so both matchers search the same gallery); the \\
            real enrolments sit at random positions. Probes: impressions 6-8 of enrolled fingers and of fingers not \\
            enrolled, each a real scan. The kiosk's identify (scan, then search) is timed per probe; libfprint's \\
            fp_device_identify is timed over galleries of the sizes given (where it finishes in reasonable time) and, \\
            above them, extrapolated per print from the same run (its time grows with the prints it examines: the \\
            match's position, or all of them). Also the kiosk index's build time and memory, and both matchers' \\
            decisions. Targets: 10,000 prints < 200 ms, 100,000 < 1 s, ≥ 50 times faster than libfprint at 10,000, \\
            < 300 MB at 100,000.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Prints in the gallery.") var gallery = 10_000
    @Option(help: "Folders of <finger>_<impression> images (repeat the option for several).")
    var images: [String] = ["FVC2004_DB2_B", "FVC2002_DB1_B", "FVC2002_DB3_B"].map { "../shared/fingerprints/" + $0 }
    @Option(help: "Genuine probes (impressions 6-8 of enrolled fingers), at most (default: every one).") var genuine: Int?
    @Option(help: "Probes of fingers not enrolled (impressions 6-8), at most (default: every one).") var absent: Int?
    @Option(help: "Gallery sizes libfprint's identify is measured at (larger ones are extrapolated).")
    var libfprintSizes: [Int] = [100, 1000]
    @Option(help: "Seed of the synthetic fingers and positions.") var seed: UInt64 = 15

    struct Probe {
        let finger: String
        let image: GreyImage
        /// The finger's real enrolment's position in the gallery; nil for a finger not enrolled.
        let position: Int?
    }

    func run() async throws {
        try await Session.run(global) { session async throws(KioskError) in
            let work = NSTemporaryDirectory() + "kiosk-identify-\(getpid())"
            try? FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: work) }
            let rig = VirtualImageRig(directory: work, scanTimeout: 30)
            var random = SplitMix(seed: seed)

            // Real enrolments: two fingers in three; the third kept out.
            var enrolled: [(finger: String, template: FingerprintTemplate, collection: ImageCollection)] = []
            var keptOut: [(finger: String, collection: ImageCollection)] = []
            for folder in images {
                let collection = try ImageCollection(directory: folder)
                for (index, finger) in collection.fingers.enumerated() {
                    let name = (folder as NSString).lastPathComponent + "/" + finger
                    if index % 3 == 2 {
                        keptOut.append((name, collection))
                        continue
                    }
                    guard enrolled.count < gallery else { continue }
                    rig.enqueue(try (1...5).map { impression throws(KioskError) in try collection.image(finger, impression)! })
                    let template = try await ReaderCalls.reading { () throws(ReaderFailure) in try await rig.reader.enroll(nil, rig.events) }
                    enrolled.append((name, template, collection))
                }
            }
            guard let reader = try await ReaderCalls.reading({ () throws(ReaderFailure) in try await rig.reader.readers() }).first,
                  !enrolled.isEmpty else { throw .imageUnreadable(path: images.joined(separator: ", ")) }

            // The gallery: synthetic fingers, the real enrolments at random positions.
            let bases = enrolled.compactMap { PrintMinutiae.minutiae(of: $0.template.data) }
            var templates: [FingerprintTemplate] = []
            templates.reserveCapacity(gallery)
            for _ in 0..<(gallery - enrolled.count) {
                let finger = SyntheticFinger.make(from: bases[Int.random(in: 0..<bases.count, using: &random)], using: &random)
                templates.append(FingerprintTemplate(data: PrintMinutiae.serialize(finger, driver: reader.driver, deviceID: reader.deviceID),
                                                     driver: reader.driver, deviceID: reader.deviceID, finger: nil, storedOnDevice: false))
            }
            var positions: [String: Int] = [:]
            for real in enrolled {
                let position = Int.random(in: 0...templates.count, using: &random)
                templates.insert(real.template, at: position)
            }
            for (position, template) in templates.enumerated() {
                if let real = enrolled.first(where: { $0.template == template }) { positions[real.finger] = position }
            }

            // Probes: every later impression of the enrolled fingers and of the fingers kept out
            // (or as many as asked, drawn at random), so that both matchers meet the hard
            // impressions as well as the easy ones.
            func laterImpressions(_ fingers: [(finger: String, collection: ImageCollection)], limit: Int?,
                                  position: (String) -> Int?) throws(KioskError) -> [Probe] {
                var probes: [Probe] = []
                for (name, collection) in fingers {
                    let finger = String(name.split(separator: "/").last!)
                    for impression in 6...8 {
                        if let image = try collection.image(finger, impression) { probes.append(Probe(finger: name, image: image, position: position(name))) }
                    }
                }
                return Array(probes.shuffled(using: &random).prefix(limit ?? probes.count))
            }
            let probes = try laterImpressions(enrolled.map { ($0.finger, $0.collection) }, limit: genuine) { positions[$0] }
                + laterImpressions(keptOut, limit: absent) { _ in nil }

            // The kiosk: the index built once, then identify (scan and search) per probe.
            let build = try Stopwatch.time { () throws(KioskError) in rig.service.imageGallery.prepare(templates) }
            session.say(.benchLine(.identifyGallery(prints: templates.count, enrolled: enrolled.count, synthetic: templates.count - enrolled.count,
                                                    buildSeconds: build, megabytes: Double(rig.service.imageGallery.indexBytes) / 1_048_576,
                                                    lockedInMemory: rig.service.imageGallery.isLockedInMemory,
                                                    residentMegabytes: Self.residentMegabytes())))
            var kioskTimes: [Double] = []
            var kioskDecisions = Decisions()
            for probe in probes {
                rig.enqueue([probe.image])
                var found: Int?
                kioskTimes.append(try await Stopwatch.time { () async throws(KioskError) in
                    found = try await ReaderCalls.reading { () throws(ReaderFailure) in try await rig.reader.identify(templates, rig.events) }
                })
                kioskDecisions.count(probe.position, found)
            }
            let kiosk = Self.percentiles(kioskTimes)
            session.say(.benchLine(.identifyTime(.kiosk, prints: templates.count, p50Milliseconds: kiosk.p50 * 1000, p95Milliseconds: kiosk.p95 * 1000,
                                                 probes: probes.count, extrapolated: false)))
            session.say(.benchLine(.identifyDecisions(.kiosk, prints: templates.count, found: kioskDecisions.found, genuine: kioskDecisions.genuine,
                                                      wrong: kioskDecisions.wrong, falseMatches: kioskDecisions.falseMatches, absent: kioskDecisions.absent)))

            // libfprint's identify over galleries it finishes: the real enrolments and the first synthetic fingers.
            var measured: [(size: Int, absentMedian: Double)] = []
            var libfprintDecisions = Decisions()
            var libfprintTimes: [Double] = []
            let sizes = (libfprintSizes.filter { $0 < templates.count } + (templates.count <= (libfprintSizes.max() ?? 0) ? [templates.count] : []))
            for size in Set(sizes).sorted() {
                let subset = Self.subset(templates, size: size, keeping: Set(positions.values))
                var absentTimes: [Double] = [], times: [Double] = []
                var decisions = Decisions()
                for probe in probes {
                    rig.enqueue([probe.image])
                    var found: Int?
                    let seconds = try await Stopwatch.time { () async throws(KioskError) in
                        found = try await ReaderCalls.reading { () throws(ReaderFailure) in try await rig.service.identify(subset.templates, events: rig.events) }
                    }
                    times.append(seconds)
                    if probe.position == nil { absentTimes.append(seconds) }
                    decisions.count(probe.position.flatMap { subset.position[$0] }, found)
                }
                measured.append((size, Self.percentiles(absentTimes.isEmpty ? times : absentTimes).p50))
                if size == templates.count {
                    libfprintTimes = times
                    libfprintDecisions = decisions
                } else {
                    let p = Self.percentiles(times)
                    session.say(.benchLine(.identifyTime(.libfprint, prints: size, p50Milliseconds: p.p50 * 1000, p95Milliseconds: p.p95 * 1000,
                                                         probes: probes.count, extrapolated: false)))
                    session.say(.benchLine(.identifyDecisions(.libfprint, prints: size, found: decisions.found, genuine: decisions.genuine,
                                                              wrong: decisions.wrong, falseMatches: decisions.falseMatches, absent: decisions.absent)))
                }
            }
            await rig.service.shutdown()

            let extrapolated = libfprintTimes.isEmpty
            if extrapolated, measured.count >= 2 {
                // Time = fixed + per print × prints examined (fp_device_identify stops at the first
                // match): fitted on the two largest sizes' probes of fingers not enrolled.
                let (small, large) = (measured[measured.count - 2], measured[measured.count - 1])
                let perPrint = max(0, (large.absentMedian - small.absentMedian) / Double(large.size - small.size))
                let fixed = max(0, large.absentMedian - perPrint * Double(large.size))
                libfprintTimes = probes.map { fixed + perPrint * Double(($0.position ?? templates.count - 1) + 1) }
            }
            guard !libfprintTimes.isEmpty else { return }
            let libfprint = Self.percentiles(libfprintTimes)
            session.say(.benchLine(.identifyTime(.libfprint, prints: templates.count, p50Milliseconds: libfprint.p50 * 1000,
                                                 p95Milliseconds: libfprint.p95 * 1000, probes: probes.count, extrapolated: extrapolated)))
            session.say(.benchLine(.ratio(kiosk.p50 / libfprint.p50, baseline: "libfprint", target: 1.0 / 50)))
            if !extrapolated {
                session.say(.benchLine(.identifyDecisions(.libfprint, prints: templates.count, found: libfprintDecisions.found,
                                                          genuine: libfprintDecisions.genuine, wrong: libfprintDecisions.wrong,
                                                          falseMatches: libfprintDecisions.falseMatches, absent: libfprintDecisions.absent)))
            }
        }
    }

    /// The first `size` prints of the gallery that keep every real enrolment, in gallery order,
    /// and where each real enrolment's gallery position lands in it.
    static func subset(_ templates: [FingerprintTemplate], size: Int, keeping real: Set<Int>) -> (templates: [FingerprintTemplate], position: [Int: Int]) {
        var chosen: [Int] = []
        var others = max(0, size - real.count)
        for index in templates.indices {
            if real.contains(index) {
                chosen.append(index)
            } else if others > 0 {
                chosen.append(index)
                others -= 1
            }
        }
        var position: [Int: Int] = [:]
        for (at, index) in chosen.enumerated() where real.contains(index) { position[index] = at }
        return (chosen.map { templates[$0] }, position)
    }

    struct Decisions {
        var genuine = 0, found = 0, wrong = 0, absent = 0, falseMatches = 0
        mutating func count(_ expected: Int?, _ found: Int?) {
            if let expected {
                genuine += 1
                if found == expected { self.found += 1 } else if found != nil { wrong += 1 }
            } else {
                absent += 1
                if found != nil { falseMatches += 1 }
            }
        }
    }

    static func percentiles(_ values: [Double]) -> (p50: Double, p95: Double) {
        guard !values.isEmpty else { return (0, 0) }
        let sorted = values.sorted()
        return (sorted[sorted.count / 2], sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.95).rounded(.up)) - 1)])
    }

    /// This process's resident memory (VmRSS), or its peak so far (VmHWM), in MB.
    static func residentMegabytes(peak: Bool = false) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(peak ? "VmHWM:" : "VmRSS:") }),
              let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
        return kilobytes / 1024
    }
}

/// A reproducible random number generator (SplitMix64).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A synthetic finger for the benchmark's gallery, made from a real finger's minutiae so that it
/// has a real finger's number and spread of minutiae, yet is another finger: mirrored (matchers
/// are not mirror-invariant), bent by a smooth random warp of up to about 20 px and a smooth
/// random turn of the directions of up to about 60° (which change the local structures a matcher
/// compares), with a sixth of the minutiae dropped and a tenth added. The same warp bends every
/// impression, so the synthetic finger's impressions agree with each other as a real finger's do.
enum SyntheticFinger {
    static func make(from base: FingerMinutiae, using random: inout SplitMix) -> FingerMinutiae {
        let all = base.impressions.flatMap { $0 }
        let width = Double((all.map(\.x).max() ?? 300) + (all.map(\.x).min() ?? 0))
        func wave() -> (Double, Double, Double) {
            (Double.random(in: 0.03...0.07, using: &random) * (Bool.random(using: &random) ? 1 : -1),
             Double.random(in: 0.03...0.07, using: &random) * (Bool.random(using: &random) ? 1 : -1),
             Double.random(in: 0..<(2 * .pi), using: &random))
        }
        let (ax, bx, px) = wave(), (ay, by, py) = wave(), (at, bt, pt) = wave()
        let shift = Double.random(in: 14...22, using: &random), turn = Double.random(in: 40...70, using: &random)
        let impressions = base.impressions.map { minutiae -> [Minutia] in
            var out: [Minutia] = []
            for minutia in minutiae where Int.random(in: 0..<6, using: &random) != 0 {
                let x = width - Double(minutia.x), y = Double(minutia.y)
                let nx = x + shift * sin(ax * x + bx * y + px), ny = y + shift * sin(ay * x + by * y + py)
                let degrees = 180 - Double(minutia.degrees) + turn * sin(at * x + bt * y + pt)
                out.append(Minutia(x: max(0, Int(nx.rounded())), y: max(0, Int(ny.rounded())), degrees: Int(degrees.rounded())))
            }
            for _ in 0..<(minutiae.count / 10) {
                guard let near = out.randomElement(using: &random) else { break }
                out.append(Minutia(x: max(0, near.x + Int.random(in: -25...25, using: &random)), y: max(0, near.y + Int.random(in: -25...25, using: &random)),
                                   degrees: near.degrees + Int.random(in: -30...30, using: &random)))
            }
            return out
        }
        return FingerMinutiae(impressions: impressions)
    }
}
