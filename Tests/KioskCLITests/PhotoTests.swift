import Foundation
import Testing

/// `kiosk certify --photo` and `kiosk review` against the built binary, with ffmpeg's lavfi test
/// source as the camera (a real ffmpeg pipeline) and files good and bad.
@Suite("Photo certification from the command line")
struct PhotoTests {
    let due = CommandLineTests.due, referred = CommandLineTests.referred

    /// A sandbox whose camera is ffmpeg's test picture, with a supervisor besides the admin.
    func sandbox() throws -> (Sandbox, config: String, supervisor: [String]) {
        let sandbox = try CommandLineTests().sandboxWithRoster()
        let config = try sandbox.configuration("service-point.yaml", [("camera: /dev/video0", "camera: \"lavfi:testsrc=size=640x480:rate=1\"")])
        let password = try sandbox.write("supervisor-password", "supervisor-pass-1\n")
        #expect(try sandbox.run(["staff", "add", "zhou", "--role", "supervisor", "--new-password-file", password] + sandbox.asAdmin).status == 0)
        return (sandbox, config, ["--staff", "zhou", "--password-file", password])
    }

    func json(_ run: Sandbox.Run) -> Any? { try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) }

    /// Every file under `directory` whose bytes contain `needle`.
    func files(under directory: String, containing needle: Data) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory)
        var found: [String] = []
        while let name = enumerator?.nextObject() as? String {
            let path = directory + "/" + name
            if let data = FileManager.default.contents(atPath: path), data.range(of: needle) != nil { found.append(path) }
        }
        return found
    }

    @Test func aPhotoCountsOnlyOnceAnotherSupervisorApprovesIt() throws {
        let (sandbox, config, supervisor) = try sandbox()
        let temporary = sandbox.directory.appendingPathComponent("tmp").path
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        let taken = try sandbox.run(["certify", due, "--photo", "--config", config, "--lang", "en"] + sandbox.asAdmin,
                                    environment: ["KIOSK_TODAY": "2026-11-29T09:30", "TMPDIR": temporary])
        #expect(taken.status == 0, "\(taken.stderr)")
        #expect(taken.stdout.contains("waiting for a supervisor's review"))
        #expect(try CommandLineTests().statusOf(due, in: sandbox)["status"] as? String == "due", "not certified before the review")

        // Nothing in clear: no JPEG start-of-image marker in any file under the data directory or temp.
        let jpegMarker = Data([0xFF, 0xD8, 0xFF])
        #expect(files(under: sandbox.data, containing: jpegMarker).isEmpty)
        #expect(files(under: temporary, containing: jpegMarker).isEmpty)
        let sealed = try sandbox.sqlite("SELECT photo_sha256 FROM photo_certification")
        #expect(FileManager.default.fileExists(atPath: sandbox.data + "/photos/\(sealed.prefix(2))/\(sealed).sealed"))

        let waiting = json(try sandbox.run(["review", "list", "--json"] + supervisor)) as? [[String: Any]] ?? []
        #expect(waiting.count == 1)
        let id = waiting.first?["id"] as? String ?? ""
        // The short number (issue 14) is said when the photo is taken and taken wherever the long id is.
        let number = waiting.first?["number"] as? String ?? ""
        #expect(number.count == 6 && taken.stdout.contains(number), "\(taken.stdout)")
        #expect(waiting.first?["status"] as? String == "pending_review")
        #expect((waiting.first?["id_number"] as? String)?.contains("********") == true, "masked")

        // Four eyes: the admin took it, so the admin may not approve it.
        let own = try sandbox.run(["review", "approve", id, "--lang", "en"] + sandbox.asAdmin)
        #expect(own.status == 77)
        #expect(own.stderr.contains("must be reviewed by a supervisor other than the one who took it"))
        #expect(try sandbox.run(["review", "approve", id] + ["--staff", "nobody", "--password-file", sandbox.passwordFile]).status == 77)

        let shown = try sandbox.run(["review", "show", number.lowercased()] + supervisor)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("▀"), "the photo is drawn in grey half-blocks")

        let approved = try sandbox.run(["review", "approve", number, "--lang", "en"] + supervisor, environment: ["KIOSK_TODAY": "2026-11-29T16:00"])
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(approved.stdout.contains("certified as of 2026-11-29 09:30"))
        let status = try CommandLineTests().statusOf(due, in: sandbox)
        #expect(status["status"] as? String == "certified")
        #expect(try sandbox.sqlite("SELECT method FROM certification") == "photo")
        #expect(try sandbox.run(["review", "reject", id, "--reason", "x"] + supervisor).status == 3, "reviewed once")
        #expect(try sandbox.sqlite("SELECT group_concat(action, ' ') FROM (SELECT action FROM audit_entry WHERE action LIKE 'photo.%' ORDER BY seq)")
                == "photo.take photo.view photo.approve")
        #expect(try sandbox.run(["audit", "verify"]).status == 0)
    }

    @Test func aRejectedPhotoLeavesTheResidentToCertify() throws {
        let (sandbox, config, supervisor) = try sandbox()
        #expect(try sandbox.run(["certify", due, "--photo", "--config", config] + sandbox.asAdmin).status == 0)
        let id = try sandbox.sqlite("SELECT id FROM photo_certification")
        let rejected = try sandbox.run(["review", "reject", id, "--reason", "face not visible", "--lang", "en"] + supervisor)
        #expect(rejected.stdout.contains("is still not certified; contact them to certify again"))
        #expect(try CommandLineTests().statusOf(due, in: sandbox)["status"] as? String == "due")
        #expect((json(try sandbox.run(["review", "list", "--json"] + supervisor)) as? [Any])?.isEmpty == true)
        #expect(try sandbox.sqlite("SELECT decision || ': ' || reason FROM photo_review") == "rejected: face not visible")
    }

    @Test func theStatusIsCheckedBeforeAnyPhoto() throws {
        let (sandbox, config, _) = try sandbox()
        let refused = try sandbox.run(["certify", referred, "--photo", "--config", config] + sandbox.asAdmin)
        #expect(refused.status == 3)
        #expect(try sandbox.sqlite("SELECT count(*) FROM photo_certification") == "0")
        #expect(!FileManager.default.fileExists(atPath: sandbox.data + "/photos"))
    }

    @Test func badFilesAreRefusedWithTheReasonAndNothingIsStored() throws {
        let (sandbox, config, _) = try sandbox()
        func certify(_ file: String) throws -> Sandbox.Run {
            try sandbox.run(["certify", due, "--photo", "--file", file, "--config", config, "--lang", "en"] + sandbox.asAdmin)
        }
        let good = sandbox.directory.appendingPathComponent("good.jpg").path
        let ffmpeg = Process()
        ffmpeg.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        ffmpeg.arguments = ["-hide_banner", "-loglevel", "error", "-nostdin", "-f", "lavfi", "-i", "testsrc=size=640x480:rate=1", "-frames:v", "1", good]
        try ffmpeg.run()
        ffmpeg.waitUntilExit()
        let jpeg = try Data(contentsOf: URL(fileURLWithPath: good))

        let text = try sandbox.write("photo.jpg", "this is not a photo\n")
        let truncated = sandbox.directory.appendingPathComponent("truncated.jpg").path
        try jpeg.prefix(jpeg.count / 3).write(to: URL(fileURLWithPath: truncated))
        let huge = sandbox.directory.appendingPathComponent("huge.jpg").path
        try (jpeg + Data(count: 50 * 1_048_576)).write(to: URL(fileURLWithPath: huge))
        let tiny = sandbox.directory.appendingPathComponent("tiny.png").path
        // A 1×1 PNG, written by hand.
        try Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")!
            .write(to: URL(fileURLWithPath: tiny))

        let expectations = [(text, "is not a JPEG or PNG image"), (truncated, "cannot be read or is damaged"),
                            (huge, "is 50.0 MB, over the limit of 10 MB"), (tiny, "is 1×1 pixels; at least 320×240 are needed")]
        for (file, message) in expectations {
            let result = try certify(file)
            #expect(result.status == 65, "\(file)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
        #expect(try sandbox.sqlite("SELECT count(*) FROM photo_certification") == "0")
        #expect(try certify(good).status == 0)
        #expect(try sandbox.sqlite("SELECT source FROM photo_certification") == "file")
    }

    @Test func noCameraIsSaid() throws {
        let sandbox = try CommandLineTests().sandboxWithRoster()
        let config = try sandbox.configuration("service-point.yaml", [("camera: /dev/video0", "camera: /dev/video97")])
        let result = try sandbox.run(["certify", due, "--photo", "--config", config, "--lang", "en"] + sandbox.asAdmin)
        #expect(result.status == 6)
        #expect(result.stderr.contains("No camera at /dev/video97"))
    }

    /// A JPEG from ffmpeg's test picture, written to `name` in the sandbox.
    func photoFile(_ sandbox: Sandbox, _ name: String) throws -> String {
        let path = sandbox.directory.appendingPathComponent(name).path
        let ffmpeg = Process()
        ffmpeg.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        ffmpeg.arguments = ["-hide_banner", "-loglevel", "error", "-nostdin", "-f", "lavfi", "-i", "testsrc=size=640x480:rate=1", "-frames:v", "1", path]
        try ffmpeg.run()
        ffmpeg.waitUntilExit()
        return path
    }

    @Test func anApprovedPhotoHasItsReceiptAndItPrintsAgain() throws {
        let (sandbox, config, supervisor) = try sandbox()
        #expect(try sandbox.run(["certify", due, "--photo", "--config", config] + sandbox.asAdmin,
                                environment: ["KIOSK_TODAY": "2026-11-29T09:30"]).status == 0)
        let id = try sandbox.sqlite("SELECT id FROM photo_certification")
        let approved = try sandbox.run(["review", "approve", id, "--lang", "en"] + supervisor, environment: ["KIOSK_TODAY": "2026-11-29T16:00"])
        #expect(approved.status == 0, "\(approved.stderr)")
        let receipt = try sandbox.sqlite("SELECT receipt FROM certification")
        let file = sandbox.data + "/receipts/2026-11-29/\(receipt).txt"
        #expect(approved.stdout.contains("Receipt saved: \(file)"), "\(approved.stdout)")
        #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)
        let slip = try String(contentsOfFile: file, encoding: .utf8)
        #expect(slip.contains("李秀英") && slip.contains("2026-11-29 09:30"), "the photo's time: the certification's")

        // Lost: printed again from the record, by any staff member signed in, and audited (later
        // that day: the kiosk writes nothing dated before the log's latest entry).
        let later = ["KIOSK_TODAY": "2026-11-29T16:30"]
        try FileManager.default.removeItem(atPath: file)
        let reprinted = try sandbox.run(["receipt", "print", receipt, "--lang", "en"] + sandbox.asAdmin, environment: later)
        #expect(reprinted.status == 0, "\(reprinted.stderr)")
        #expect(reprinted.stdout.contains("Receipt saved: \(file)"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == slip)
        #expect(try sandbox.run(["receipt", "print", receipt], environment: later).status == 77, "staff sign in to reprint")
        let unknown = try sandbox.run(["receipt", "print", "HRB-NG-XF01-20261129-9999", "--lang", "en"] + sandbox.asAdmin, environment: later)
        #expect(unknown.status == 4)
        #expect(unknown.stderr.contains("No certification made at this service point has receipt HRB-NG-XF01-20261129-9999"))
        #expect(try sandbox.sqlite("SELECT count(*) FROM audit_entry WHERE action = 'receipt.reprint'") == "1")
        #expect(try sandbox.run(["audit", "verify"]).status == 0)
    }

    @Test func theSamePhotoFileForTwoResidentsRaisesAnAlert() throws {
        let (sandbox, config, supervisor) = try sandbox()
        let photo = try photoFile(sandbox, "photo.jpg")
        func certify(_ id: String) throws -> Sandbox.Run {
            try sandbox.run(["certify", id, "--photo", "--file", photo, "--config", config, "--lang", "en"] + sandbox.asAdmin)
        }
        let first = try certify(due)
        #expect(first.status == 0 && !first.stderr.contains("the very photo"), "\(first.stderr)")
        let second = try certify(CommandLineTests.overdue)
        #expect(second.status == 0, "recorded, with the alert: \(second.stderr)")
        #expect(second.stderr.contains("the very photo submitted for 230103********"), "\(second.stderr)")

        let hash = try sandbox.sqlite("SELECT DISTINCT photo_sha256 FROM photo_certification")
        let alerts = json(try sandbox.run(["alerts", "list", "--json"] + supervisor)) as? [[String: Any]] ?? []
        #expect(alerts.count == 1)
        #expect(alerts.first?["photo_sha256"] as? String == hash)
        #expect((alerts.first?["matched_id_number"] as? String)?.contains("********") == true)
        let listed = try sandbox.run(["alerts", "list", "--lang", "en"] + supervisor)
        #expect(listed.stdout.contains("the very photo submitted for"), "\(listed.stdout)")

        for id in try sandbox.sqlite("SELECT group_concat(id, ' ') FROM photo_certification").split(separator: " ") {
            let approve = try sandbox.run(["review", "approve", String(id), "--lang", "en"] + supervisor)
            #expect(approve.status == 3)
            #expect(approve.stderr.contains("is the very same photo submitted for another resident"), "\(approve.stderr)")
        }
        #expect(try sandbox.sqlite("SELECT count(*) FROM certification") == "0")
        #expect(try sandbox.run(["audit", "verify"]).status == 0)
    }
}
