import ArgumentParser
import Desk
import Domain
import Files
import Foundation
import Hub
import KioskCommandLine
import Matcher
import Reader

/// `kiosk-tools bench hub-duplicates`: the city-wide duplicate-finger check over a city's prints on the hub.
struct HubDuplicatesBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub-duplicates",
        abstract: "The city-wide duplicate-finger check (kiosk hub duplicates) over N prints on the hub, against matching every pair, in one run.",
        discussion: """
            Through libfprint's virtual image reader with the images of the folders (default: the three FVC sets in \\
            ../shared/fingerprints): for two fingers in three, impressions 1-5 enrolled at one service point (already \\
            checked) and the same finger enrolled again under another resident at another point from impressions 6, 7, 8 \\
            (libfprint's five stages fed 6, 7, 8, 6, 7; the repeats dropped from its template; no image in common with \\
            the first: the duplicates the check must find); the third finger enrolled only that second way (a new print \\
            with no mate). The gallery is filled up to N with synthetic fingers (as bench identify makes \\
            them), spread over the points and already checked. Every print is sealed to a new bureau key and stored in \\
            city.print_template of a throw-away database; then kiosk hub duplicates' own check runs over it: its time to \\
            read, open and index every print, its time per new print searched, the pairs found against those expected, \\
            and its index's memory. Baseline, in the same run: the same matcher on every pair (each new print against \\
            every print of the gallery, on every core), timed over the first --baseline-prints prints and extrapolated \\
            per print to the whole gallery. Connects as the server's administrator: --host etc., or KIOSK_TEST_PG as \\
            scripts/test-postgres sets it.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var serverOptions: BenchServerOptions
    @Option(help: "Prints on the hub, in all.") var prints = 100_000
    @Option(help: "Service points the prints are spread over.") var points = 30
    @Option(help: "Folders of <finger>_<impression> images (repeat the option for several).")
    var images: [String] = ["FVC2004_DB2_B", "FVC2002_DB1_B", "FVC2002_DB3_B"].map { "../shared/fingerprints/" + $0 }
    @Option(help: "Gallery prints the every-pair baseline is timed over (then extrapolated).") var baselinePrints = 2_000
    @Option(help: "Seed of the synthetic fingers.") var seed: UInt64 = 16

    /// One real enrolment and where it goes on the hub.
    struct Enrolled {
        var printID: String
        var residentID: String
        var point: String
        var minutiae: FingerMinutiae
        var checked: Bool
    }

    func run() async throws {
        try await Session.run(global) { session async throws(KioskError) in
            let work = try BenchDirectory.make(keep: nil)
            defer { try? FileManager.default.removeItem(atPath: work) }
            let codes = (0..<max(points, 2)).map { "DUP-\($0)" }
            let real = try await enrolReal(work: work, first: codes[0], second: codes[1])
            let expected = Set(real.filter { $0.printID.hasPrefix("second-") }.map { String($0.printID.dropFirst("second-".count)) }
                .filter { name in real.contains { $0.printID == "first-" + name } })
            let server = try serverOptions.server()
            let database = "bench_duplicates_\(getpid())"
            let admin = try await call { () async throws(HubFailure) in try await server.open(database: "postgres") }
            let setup = HubBenchSetup(admin)
            try await call { () async throws(HubFailure) in try await setup.createDatabase(database) }
            var roles: [String] = []
            do throws(KioskError) {
                let owner = try await call { () async throws(HubFailure) in try await server.open(database: database) }
                do throws(KioskError) {
                    roles = try await measure(session, owner: owner, codes: codes, real: real, expected: expected)
                } catch {
                    await owner.close()
                    throw error
                }
                await owner.close()
            } catch {
                _ = try? await call { () async throws(HubFailure) in try await setup.dropDatabase(database, roles: roles) }
                await admin.close()
                throw error
            }
            try await call { () async throws(HubFailure) in try await setup.dropDatabase(database, roles: roles) }
            await admin.close()
        }
    }

    /// The FVC fingers enrolled through libfprint's virtual image reader, as described above.
    private func enrolReal(work: String, first: String, second: String) async throws(KioskError) -> [Enrolled] {
        let rig = VirtualImageRig(directory: work, scanTimeout: 30)
        var enrolled: [Enrolled] = []
        for folder in images {
            let collection = try ImageCollection(directory: folder)
            for (index, finger) in collection.fingers.enumerated() {
                let name = (folder as NSString).lastPathComponent + "/" + finger
                let ways: [(prefix: String, impressions: [Int], point: String, checked: Bool)] =
                    (index % 3 == 2 ? [] : [("first-", [1, 2, 3, 4, 5], first, true)]) + [("second-", [6, 7, 8, 6, 7], second, false)]
                for way in ways {
                    rig.enqueue(try way.impressions.map { impression throws(KioskError) in try collection.image(finger, impression)! })
                    let template = try await ReaderCalls.reading { () throws(ReaderFailure) in try await rig.reader.enroll(nil, rig.events) }
                    guard var minutiae = PrintMinutiae.minutiae(of: template.data) else { continue }
                    // An enrolment's impressions are its scans in order: the second way's last two
                    // repeat its first two, which no real enrolment does, so they are dropped.
                    minutiae.impressions = Array(minutiae.impressions.prefix(Set(way.impressions).count))
                    enrolled.append(Enrolled(printID: way.prefix + name, residentID: Self.resident(enrolled.count), point: way.point,
                                             minutiae: minutiae, checked: way.checked))
                }
            }
        }
        await rig.service.shutdown()
        guard !enrolled.isEmpty else { throw .imageUnreadable(path: images.joined(separator: ", ")) }
        return enrolled
    }

    /// The hub, its points and prints; the check; the baseline. Returns the roles made.
    private func measure(_ session: Session, owner: HubConnection, codes: [String], real: [Enrolled],
                         expected: Set<String>) async throws(KioskError) -> [String] {
        let admin = HubAdmin(owner), setup = HubBenchSetup(owner)
        try await call { () async throws(HubFailure) in try await admin.createSchema() }
        var roles: [String] = []
        for code in codes {
            roles.append(try await call { () async throws(HubFailure) in try await admin.register(code: code, name: code, districts: ["230103"]) }.role)
        }
        let (privateKey, publicKey) = BureauSeal.newKey()
        let keyID = BureauSeal.keyID(of: publicKey)
        func sealed(_ print: Enrolled) -> (point: String, template: BureauTemplate, checked: Bool) {
            var plaintext = print.minutiae.encoded
            defer { wipe(&plaintext) }
            let box = BureauSeal.seal(plaintext, to: publicKey, context: BureauSeal.context(point: print.point, printID: print.printID,
                                                                                          residentID: print.residentID, finger: .rightIndex,
                                                                                          driver: "virtual_image"))!
            return (print.point, BureauTemplate(printID: print.printID, residentID: print.residentID, finger: .rightIndex, driver: "virtual_image",
                                                keyID: keyID, sealed: box, enrolledAt: 0), print.checked)
        }

        // The gallery: the real prints, then synthetic fingers, sealed and stored in batches.
        var random = SplitMix(seed: seed)
        let bases = real.filter(\.checked)
        /// The real finger each synthetic one was made from, by name.
        var madeFrom: [String: String] = [:]
        var baselineGallery = real.filter(\.checked).map(\.minutiae)
        var stored = 0, sealSeconds = 0.0, storeSeconds = 0.0
        var batch = real.map(sealed)
        let synthetic = max(0, prints - real.count)
        for number in 0..<synthetic {
            let base = bases[Int.random(in: 0..<bases.count, using: &random)]
            let finger = SyntheticFinger.make(from: base.minutiae, using: &random)
            madeFrom["synthetic-\(number)"] = String(base.printID.dropFirst("first-".count))
            if baselineGallery.count < baselinePrints { baselineGallery.append(finger) }
            let started = DispatchTime.now()
            batch.append(sealed(Enrolled(printID: "synthetic-\(number)", residentID: Self.resident(real.count + number),
                                         point: codes[number % codes.count], minutiae: finger, checked: true)))
            sealSeconds += Self.seconds(since: started)
            if batch.count == 2_000 || number == synthetic - 1 {
                let rows = batch
                storeSeconds += try await Stopwatch.time { () async throws(KioskError) in
                    try await call { () async throws(HubFailure) in try await setup.putTemplates(rows) }
                }
                stored += rows.count
                batch = []
            }
        }
        if !batch.isEmpty {
            let rows = batch
            try await call { () async throws(HubFailure) in try await setup.putTemplates(rows) }
            stored += rows.count
        }
        session.say(.benchLine(.duplicatesSetup(prints: stored, points: codes.count, mates: expected.count,
                                                withoutMate: real.filter { !$0.checked }.count - expected.count,
                                                sealSeconds: sealSeconds, storeSeconds: storeSeconds)))

        // The check, as kiosk hub duplicates runs it.
        let outcome = try await call { () async throws(HubFailure) in try await admin.duplicates(bureauKey: privateKey, all: false) }
        let pairs = outcome.findings.map { Set([$0.first.printID, $0.second.printID]) }
        let found = expected.filter { pairs.contains(["first-" + $0, "second-" + $0]) }.count
        session.say(.benchLine(.duplicatesCheck(prints: outcome.templatesByReader.values.reduce(0, +), checked: outcome.checked,
                                                openSeconds: outcome.openSeconds, searchSeconds: outcome.searchSeconds,
                                                indexMegabytes: Double(outcome.indexBytes) / 1_048_576,
                                                peakMegabytes: IdentifyBench.residentMegabytes(peak: true))))
        // A synthetic finger is made by bending a real one: found with that finger's other
        // enrolment, it is kin rather than a stranger.
        let kin = pairs.filter { pair in
            pair.contains { id in madeFrom[id].map { name in pair.contains("second-" + name) || pair.contains("first-" + name) } ?? false }
        }.count
        session.say(.benchLine(.duplicatesDecisions(found: found, expected: expected.count, otherPairs: pairs.count - found - kin, kin: kin)))

        // The baseline: every new print against every gallery print, on every core, extrapolated per print.
        let probes = real.filter { !$0.checked }.map(\.minutiae)
        nonisolated(unsafe) let gallery = baselineGallery
        let pairCount = probes.count * gallery.count
        let baselineSeconds = try Stopwatch.time { () throws(KioskError) in
            DispatchQueue.concurrentPerform(iterations: probes.count) { index in
                for enrolled in gallery { _ = PairwiseMatcher.score(probes[index], enrolled) }
            }
        }
        let perNewPrint = baselineSeconds / Double(probes.count) * Double(stored) / Double(gallery.count)
        let checkPerNewPrint = outcome.searchSeconds / Double(max(outcome.checked, 1))
        session.say(.benchLine(.duplicatesBaseline(perPrintMilliseconds: perNewPrint * 1000, prints: stored, pairsTimed: pairCount,
                                                   checkPerPrintMilliseconds: checkPerNewPrint * 1000)))
        session.say(.benchLine(.ratio(checkPerNewPrint / perNewPrint, baseline: "every pair", target: 1.0 / 50)))
        return roles
    }

    /// A made-up resident's ID number for print `number` (the hub does not check it).
    static func resident(_ number: Int) -> String { "230103" + String(format: "%011d", number) + "X" }

    static func seconds(since start: DispatchTime) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }

    private func call<T>(_ body: () async throws(HubFailure) -> T) async throws(KioskError) -> T {
        do { return try await body() } catch { throw .hub(error) }
    }
}
