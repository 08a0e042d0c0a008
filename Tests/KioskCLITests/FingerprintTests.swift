import Domain
import Foundation
import ImageFiles
import Testing

/// Fingerprint flows end to end: the built binary, libfprint's virtual image reader fed real FVC2004
/// images, and its virtual device for what real fingers cannot be made to do on demand.
@Suite("Fingerprints on libfprint's virtual image reader", .enabled(if: Shared.available, "../shared/fingerprints is absent: skipped"))
struct FingerprintImageTests {
    let due = CommandLineTests.due, overdue = CommandLineTests.overdue, referred = CommandLineTests.referred

    func sandbox() throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.initialize()
        #expect(try sandbox.run(["roster", "import", try sandbox.write("roster.csv", CommandLineTests.roster)] + sandbox.asAdmin).status == 0)
        return sandbox
    }

    func impressions(_ finger: Int, _ numbers: ClosedRange<Int>) throws -> [GreyImage] {
        try numbers.map { try Shared.image("\(finger)_\($0)") }
    }

    /// The five enrolment scans of a finger (impressions 1-5) and the confirming scan (impression 5
    /// again: these tests are about the flow, not about FVC's hard impressions).
    func enrolment(_ finger: Int) throws -> [GreyImage] {
        try impressions(finger, 1...5) + [try Shared.image("\(finger)_5")]
    }

    func enroll(_ sandbox: Sandbox, _ id: String, _ finger: String, images: [GreyImage]) throws -> Sandbox.Run {
        try sandbox.runWithImages(["enroll", id, "--finger", finger] + sandbox.asAdmin, images)
    }

    @Test func enrolThenCertifyWithTheSameFinger() throws {
        let sandbox = try sandbox()
        let enrolled = try enroll(sandbox, due, "right-index", images: try enrolment(101))
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        #expect(enrolled.stderr.contains("Step 5 of 5 done"))
        #expect(enrolled.stdout.contains("Confirm and check for duplicates"))
        #expect(enrolled.stdout.contains("Enrolled the right index finger (1 of 2 fingers)"))

        let certified = try sandbox.runWithImages(["certify", due, "--fingerprint"] + sandbox.asAdmin, [try Shared.image("101_6")])
        #expect(certified.status == 0, "\(certified.stderr)")
        #expect(certified.stdout.contains("Certified. Receipt HRB-NG-XF01-20261129-0001"))
        let shown = try JSONSerialization.jsonObject(with: Data(try sandbox.run(["resident", "show", due, "--json"]).stdout.utf8)) as? [String: Any]
        #expect(shown?["status"] as? String == "certified")
        #expect((shown?["last_certification"] as? [String: Any])?["method"] as? String == "fingerprint")
        #expect(try sandbox.run(["audit", "verify"]).status == 0)
    }

    @Test func threeWrongFingersLeadToTheFallback() throws {
        let sandbox = try sandbox()
        #expect(try enroll(sandbox, due, "right-index", images: try enrolment(101)).status == 0)
        #expect(try enroll(sandbox, due, "left-index", images: try enrolment(102)).status == 0)
        let impostor = [try Shared.image("103_7"), try Shared.image("104_7"), try Shared.image("105_7")]
        let refused = try sandbox.runWithImages(["certify", due, "--fingerprint"] + sandbox.asAdmin, impostor)
        #expect(refused.status == 5)
        #expect(refused.stdout.contains("Attempt 3 of 3"))
        #expect(refused.stderr.contains("use photo (video) certification, or book a home visit"))
        #expect(try sandbox.sqlite("SELECT count(*) FROM certification") == "0")
    }

    @Test func theSameFingerUnderASecondIdentityRaisesAnAlert() throws {
        let sandbox = try sandbox()
        #expect(try enroll(sandbox, due, "right-index", images: try enrolment(101)).status == 0)
        // The same finger, other impressions, enrolled under a second identity: the confirming scan finds the first.
        let second = try enroll(sandbox, overdue, "left-thumb", images: try impressions(101, 2...6) + [try Shared.image("101_8")])
        #expect(second.status == 3)
        #expect(second.stderr.contains("already enrolled under another identity"))
        #expect(try sandbox.sqlite("SELECT count(*) FROM enrolled_print") == "1")

        let alerts = try sandbox.run(["alerts", "list", "--json"] + sandbox.asAdmin)
        let list = try JSONSerialization.jsonObject(with: Data(alerts.stdout.utf8)) as? [[String: Any]]
        #expect(list?.count == 1)
        #expect(list?.first?["id_number"] as? String == ResidentID.mask(overdue))
        #expect(list?.first?["matched_id_number"] as? String == ResidentID.mask(due))
        let alertID = try #require(list?.first?["id"] as? String)
        #expect(try sandbox.run(["alerts", "resolve", alertID, "--fraud", "--note", "same person, two ID cards"] + sandbox.asAdmin).status == 0)
        #expect(try sandbox.run(["alerts", "resolve", alertID, "--false-match", "--note", "again"] + sandbox.asAdmin).status == 3)
        let open = try sandbox.run(["alerts", "list", "--json"] + sandbox.asAdmin).stdout
        #expect((try JSONSerialization.jsonObject(with: Data(open.utf8)) as? [Any])?.isEmpty == true)
        #expect(try sandbox.run(["audit", "verify"]).status == 0)
    }

    @Test func aConfirmingScanOfAnotherFingerSavesNothing() throws {
        let sandbox = try sandbox()
        let result = try enroll(sandbox, due, "right-index", images: try impressions(101, 1...5) + [try Shared.image("106_7")])
        #expect(result.status == 5)
        #expect(result.stderr.contains("did not match the finger just enrolled"))
        #expect(try sandbox.sqlite("SELECT count(*) FROM enrolled_print") == "0")
    }

    @Test func touchAndGoIdentifiesTheResident() throws {
        let sandbox = try sandbox()
        #expect(try enroll(sandbox, due, "right-index", images: try enrolment(101)).status == 0)
        #expect(try enroll(sandbox, overdue, "right-index", images: try enrolment(102)).status == 0)
        let found = try sandbox.runWithImages(["identify"] + sandbox.asAdmin, [try Shared.image("102_8")])
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.contains(ResidentID.mask(overdue)))
        // The kiosk's own search, after the scan: its progress is shown.
        #expect(found.stderr.contains("Checking against 2 enrolled prints") && found.stderr.contains("Checked against 2 prints"))
        let nobody = try sandbox.runWithImages(["identify"] + sandbox.asAdmin, [try Shared.image("108_7")])
        #expect(nobody.status == 5)
    }

    @Test func printsAreSealedAtRestAndTiedToTheirRecord() throws {
        let sandbox = try sandbox()
        #expect(try enroll(sandbox, due, "right-index", images: try enrolment(101)).status == 0)
        // libfprint's serialisation names its driver in clear; the sealed blob must not.
        #expect(try sandbox.sqlite("SELECT instr(sealed, CAST('virtual_image' AS BLOB)) FROM enrolled_print") == "0")
        for file in [sandbox.database, sandbox.database + "-wal"] where FileManager.default.fileExists(atPath: file) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(bytes.range(of: Data("FP3".utf8) + Data([1, 0, 0, 0]) + Data("virtual_image".utf8)) == nil)
        }
        // A sealed print moved onto another resident no longer opens.
        _ = try sandbox.sqlite("UPDATE enrolled_print SET resident_id = '\(overdue)'")
        let moved = try sandbox.runWithImages(["certify", overdue, "--fingerprint"] + sandbox.asAdmin, [try Shared.image("101_6")])
        #expect(moved.status == 1)
        #expect(moved.stderr.contains("cannot be opened"))
    }

    @Test func aPrintFromAnotherReaderAsksForReEnrolment() throws {
        let sandbox = try sandbox()
        #expect(try enroll(sandbox, due, "right-index", images: try enrolment(101)).status == 0)
        let elsewhere = try sandbox.runWithVirtualDevice(["certify", due, "--fingerprint"] + sandbox.asAdmin) { _, _ in }
        #expect(elsewhere.status == 3)
        #expect(elsewhere.stderr.contains("enrolled on another reader (virtual_image #0)"))
        #expect(elsewhere.stderr.contains("enrol again on this reader"))
    }

    @Test func theAccuracyBenchPrintsItsRates() throws {
        let sandbox = try Sandbox()
        let bench = try sandbox.runTool(["bench", "accuracy", "--images", Shared.fvc, "--lang", "en"])
        #expect(bench.status == 0, "\(bench.stderr)")
        #expect(bench.stdout.contains("FVC2004_DB2_B: 10 fingers, 80 images"))
        // Both matchers over every later impression against every enrolled finger: 30 genuine, 270 impostor.
        let libfprint = try #require(Self.rates(bench.stdout, "libfprint (NBIS/bozorth3, threshold 40) one attempt"))
        let kiosk = try #require(Self.rates(bench.stdout, "kiosk matcher one attempt"))
        #expect(libfprint.genuine == 30 && kiosk.genuine == 30 && libfprint.impostor == 270 && kiosk.impostor == 270)
        #expect(kiosk.falseMatches == 0 && libfprint.falseMatches == 0)
        #expect(kiosk.falseNonMatches <= libfprint.falseNonMatches, "kiosk \(kiosk), libfprint \(libfprint)")
        let policy = try #require(Self.rates(bench.stdout, "kiosk matcher two-finger policy (three attempts, each against both fingers)"))
        #expect(policy.falseMatches == 0)
        #expect(bench.stdout.contains("kiosk matcher every pair of images (one scan each): FNMR ") && bench.stdout.contains("/2880"))
    }

    /// `bench counter` with one resident each way, so it cannot rot: `kiosk run` on a pseudo-terminal,
    /// real enrolments, and the keystrokes each way takes.
    @Test func theCounterBenchCertifiesEachWayAndCountsTheKeys() throws {
        let sandbox = try Sandbox()
        let bench = try sandbox.runTool(["bench", "counter", "--residents", "1", "--images", Shared.fvc, "--lang", "en"])
        #expect(bench.status == 0, "\(bench.stderr)")
        #expect(bench.stdout.contains("counter day: 3 residents enrolled through the virtual image reader"), "\(bench.stdout)")
        #expect(bench.stdout.contains("touch and go (T on the home screen): 1 certified, 2.0 keystrokes each (beyond the finger; 0.0 more"),
                "T and Enter: the target of two keys beyond the finger")
        #expect(bench.stdout.contains("ID card reader (keyboard wedge): 1 certified, 1.0 keystrokes each (beyond the finger, plus the card reader's 19 characters"))
        #expect(bench.stdout.contains("typing the ID number (baseline): 1 certified, 21.0 keystrokes each"))
        #expect(bench.stdout.contains("0 failed"))
        #expect(bench.stdout.contains("against the baseline (typing the ID), touch and go (T on the home screen): keystrokes 0.10×"))
    }

    @Test func theIdentifyBenchSearchesTheSameGalleryBothWays() throws {
        let sandbox = try Sandbox()
        let bench = try sandbox.runTool(["bench", "identify", "--gallery", "60", "--images", Shared.fvc, "--genuine", "4", "--absent", "2",
                                     "--libfprint-sizes", "30", "--libfprint-sizes", "60", "--lang", "en"])
        #expect(bench.status == 0, "\(bench.stderr)")
        #expect(bench.stdout.contains("gallery of 60 prints: 7 real enrolments, 53 synthetic fingers"))
        #expect(bench.stdout.contains("kiosk matcher identify over 60 prints: per probe p50 "))
        #expect(bench.stdout.contains("libfprint (NBIS/bozorth3, threshold 40) identify over 30 prints"))
        #expect(bench.stdout.contains("ratio kiosk/libfprint: "))
        // Neither matcher names the wrong person or matches a finger that is not enrolled.
        for matcher in ["kiosk matcher", "libfprint (NBIS/bozorth3, threshold 40)"] {
            let line = bench.stdout.split(separator: "\n").first { $0.hasPrefix("\(matcher) decisions over 60 prints") }
            #expect(line?.contains("wrong person 0; fingers not enrolled matched 0/2") == true, "\(bench.stdout)")
        }
        // Biometric data never reaches the output.
        #expect(!bench.stdout.contains("FP3") && !bench.stderr.contains("FP3"))
    }

    /// The figures of one line of `kiosk bench accuracy`: "<name>: FNMR e/n = ...%  FMR e/n = ...%".
    static func rates(_ output: String, _ name: String) -> (falseNonMatches: Int, genuine: Int, falseMatches: Int, impostor: Int)? {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix(name + ": FNMR ") }) else { return nil }
        let fractions = line.split(separator: " ").filter { $0.contains("/") && $0.first!.isNumber }.map { $0.split(separator: "/").compactMap { Int($0) } }
        guard fractions.count == 2, fractions.allSatisfy({ $0.count == 2 }) else { return nil }
        return (fractions[0][0], fractions[0][1], fractions[1][0], fractions[1][1])
    }
}

/// What only libfprint's virtual device can make a reader do: errors, unplugging, no finger at all.
@Suite("Fingerprints on libfprint's virtual device")
struct FingerprintDeviceTests {
    let due = CommandLineTests.due

    func sandbox() throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.initialize()
        #expect(try sandbox.run(["roster", "import", try sandbox.write("roster.csv", CommandLineTests.roster)] + sandbox.asAdmin).status == 0)
        return sandbox
    }

    @Test func unpluggedMidEnrolmentSaysSoAndStoresNothing() throws {
        let sandbox = try sandbox()
        let prompts = Count()
        let result = try sandbox.runWithVirtualDevice(["enroll", due, "--finger", "right-index"] + sandbox.asAdmin) { line, socket in
            guard line.hasPrefix("Swipe") || line.hasPrefix("Place") else { return }
            Sandbox.tell(socket, [prompts.next() < 3 ? "SCAN due-finger" : "UNPLUG"])
        }
        #expect(result.status == 6)
        #expect(result.stderr.contains("Step 2 of 5 done"))
        #expect(result.stderr.contains("The reader was unplugged"))
        #expect(try sandbox.sqlite("SELECT count(*) FROM enrolled_print") == "0")
    }

    @Test func aRetryIsCoachedAndTheEnrolmentGoesOn() throws {
        let sandbox = try sandbox()
        let prompts = Count()
        let result = try sandbox.runWithVirtualDevice(["enroll", due, "--finger", "right-index"] + sandbox.asAdmin) { line, socket in
            // The person follows the coaching: after "middle of the reader" they press again.
            guard line.hasPrefix("Swipe") || line.hasPrefix("Place") || line.contains("middle of the reader") else { return }
            Sandbox.tell(socket, [prompts.next() == 2 ? "RETRY 2" : "SCAN due-finger"])
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Put the finger in the middle of the reader"))
    }

    @Test func noFingerWithinTheTimeoutCancelsTheScan() throws {
        let sandbox = try sandbox()
        let config = try sandbox.configuration("policy.yaml", [("scan_timeout_seconds: 30", "scan_timeout_seconds: 5")])
        let started = Date()
        let result = try sandbox.runWithVirtualDevice(["enroll", due, "--finger", "right-index", "--config", config] + sandbox.asAdmin) { _, _ in }
        #expect(result.status == 6)
        #expect(result.stderr.contains("No finger within 5 s"))
        #expect(Date().timeIntervalSince(started) < 60)
    }

    @Test func noFingerAtEachAttemptStillLeadsToTheFallback() throws {
        let sandbox = try sandbox()
        let config = try sandbox.configuration("policy.yaml", [("scan_timeout_seconds: 30", "scan_timeout_seconds: 5"), ("  attempts: 3", "  attempts: 2")])
        let prompts = Count()
        let enrolled = try sandbox.runWithVirtualDevice(["enroll", due, "--finger", "right-index", "--config", config] + sandbox.asAdmin) { line, socket in
            if (line.hasPrefix("Swipe") || line.hasPrefix("Place")) && prompts.next() <= 5 { Sandbox.tell(socket, ["SCAN due-finger"]) }
        }
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        // The enrolment above ran in another process: this reader is the same driver and device, its prints are on the host.
        let result = try sandbox.runWithVirtualDevice(["certify", due, "--fingerprint", "--config", config] + sandbox.asAdmin) { _, _ in }
        #expect(result.status == 5)
        #expect(result.stdout.components(separatedBy: "No finger within 5 s").count == 3)
        #expect(result.stderr.contains("book a home visit"))
    }

    @Test func aFullReaderIsExplained() throws {
        let sandbox = try sandbox()
        let result = try sandbox.runWithVirtualDevice(["enroll", due, "--finger", "right-index"] + sandbox.asAdmin) { line, socket in
            if line.hasPrefix("Swipe") || line.hasPrefix("Place") { Sandbox.tell(socket, ["ERROR 8"]) }
        }
        #expect(result.status == 6)
        #expect(result.stderr.contains("The reader's storage is full"))
    }

    @Test func theReferredAreSentToTheCityBureauBeforeAnyScan() throws {
        let sandbox = try sandbox()
        let result = try sandbox.runWithVirtualDevice(["certify", CommandLineTests.referred, "--fingerprint"] + sandbox.asAdmin) { _, _ in }
        #expect(result.status == 3)
        #expect(result.stderr.contains("181 Zhongshan Road"))
        #expect(!result.stderr.contains("Swipe") && !result.stderr.contains("Place the finger"))
    }

    @Test func theReaderIsListed() throws {
        let sandbox = try Sandbox()
        let listed = try sandbox.runWithVirtualDevice(["reader", "list", "--json"]) { _, _ in }
        let readers = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]]
        #expect(readers?.first?["driver"] as? String == "virtual_device")
        #expect(readers?.first?["enroll_stages"] as? Int == 5)
    }

    @Test func aWideOpenKeyFileStopsTheKiosk() throws {
        let sandbox = try sandbox()
        let key = sandbox.data + "/prints.key"
        #expect((try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int) == 0o600)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key)
        let refused = try sandbox.run(["resident", "show", due, "--lang", "en"])
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("chmod 600"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
        #expect(try sandbox.run(["resident", "show", due]).status == 0)
    }
}

/// Real readers' USB traffic replayed with umockdev: libfprint's real drivers run.
@Suite("Recorded USB readers (umockdev)", .enabled(if: Shared.available, "../shared/umockdev is absent: skipped"))
struct RecordedReaderTests {
    static let recordings = Shared.directory + "/umockdev"

    func replay(_ driver: String, _ arguments: [String], sandbox: Sandbox) throws -> Sandbox.Run {
        let folder = Self.recordings + "/" + driver
        let device = try String(contentsOfFile: folder + "/device", encoding: .utf8)
        var replay: [String]
        if FileManager.default.fileExists(atPath: folder + "/capture.ioctl") {
            let node = try String(contentsOfFile: folder + "/capture.ioctl", encoding: .utf8).split(separator: "\n")[0].dropFirst("@DEV ".count)
            replay = ["-i", "\(node)=\(folder)/capture.ioctl"]
        } else {
            let sysfs = "/sys" + device.split(separator: "\n")[0].dropFirst("P: ".count)
            let pcap = FileManager.default.fileExists(atPath: folder + "/capture.pcapng") ? "capture.pcapng" : "custom.pcapng"
            replay = ["-p", "\(sysfs)=\(folder)/\(pcap)"]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["umockdev-run", "-d", folder + "/device"] + replay + ["--", Sandbox.binary] + arguments + ["--lang", "en"]
        process.environment = sandbox.environment.merging(["FP_DEVICE_EMULATION": "1", "FP_DRIVERS_WHITELIST": driver]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Sandbox.Run(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: "")
    }

    @Test(arguments: ["elan", "egis0570"])
    func aCaptureIsPixelIdenticalToTheRecordedImage(driver: String) throws {
        let sandbox = try Sandbox()
        let out = sandbox.directory.appendingPathComponent("\(driver).png").path
        let captured = try replay(driver, ["reader", "capture", "--out", out, "--show"], sandbox: sandbox)
        #expect(captured.status == 0)
        // Drawn for staff too: grey half-blocks, 80 columns when the output is not a terminal.
        let drawn = captured.stdout.split(separator: "\n").filter { $0.contains("▀") }
        #expect(!drawn.isEmpty && drawn.allSatisfy { $0.filter { $0 == "▀" }.count == 80 })
        let image = try ImageFile.read(out), reference = try ImageFile.read(Self.recordings + "/\(driver)/capture.png")
        #expect(image.width == reference.width && image.height == reference.height)
        #expect(image.pixels == reference.pixels)
        #expect((try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int) == 0o600)
    }

    @Test func aMatchOnChipReaderIsCommissioned() throws {
        let sandbox = try Sandbox()
        try sandbox.initialize()
        let result = try replay("synaptics", ["reader", "commission", "--yes"] + sandbox.asAdmin, sandbox: sandbox)
        #expect(result.status == 0)
        #expect(result.stdout.contains("The reader's chip storage is cleared"))
        #expect(result.stdout.contains("passed its test"))
    }
}
