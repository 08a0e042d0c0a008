import Domain
import Foundation
import Testing

/// Issue 13, items 3 and 4, end to end: what the roster and staff type cannot take over a
/// spreadsheet or a terminal, and the data directory's files are private, made exclusively and
/// cleared of what interrupted work left.
@Suite("injection and files")
struct HardeningTests {
    static let formula = Sandbox.idNumber(birth: "19501216", sequence: "201")
    static let reversed = Sandbox.idNumber(birth: "19501217", sequence: "202")
    static let formulaName = "=HYPERLINK(\"http://evil.example\",\"点我\")"
    /// A right-to-left override and an 8-bit CSI (U+009B): both pass the roster's check for C0 controls.
    static let reversedName = "王\u{202E}建国\u{9B}2J"
    static let escapeAddress = "学府路\u{1B}]0;pwned\u{07}1号\u{1B}[2J"

    func sandboxWithHostileRoster() throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.initialize()
        let roster = [
            Sandbox.header,
            "\(Self.formula),\"=HYPERLINK(\"\"http://evil.example\"\",\"\"点我\"\")\",230103,normal,,3100.00,13912345679,哈尔滨市南岗区学府路2号,学府社区,none,2025-12-03,silent",
            "\(Self.reversed),\(Self.reversedName),230103,normal,,3100.00,+86 139 1234 5678,哈尔滨市南岗区学府路3号,学府社区,none,2025-12-03,silent",
            "=1+1,坏行,230103,normal,,3100.00,,,,,,",
        ].joined(separator: "\n") + "\n"
        let rejects = sandbox.directory.appendingPathComponent("rejects.csv").path
        let imported = try sandbox.run(["roster", "import", try sandbox.write("roster.csv", roster), "--rejects", rejects] + sandbox.asAdmin)
        #expect(imported.status == 0, "\(imported.stderr)")
        return sandbox
    }

    static func hasActingCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { TerminalText.acts($0) && $0 != "\n" }
    }

    @Test func formulasFromTheRosterAreNeutralisedInTheCSVTheKioskWrites() throws {
        let sandbox = try sandboxWithHostileRoster()
        let report = try sandbox.run(["report", "due", "--month", "2026-12", "--csv"] + sandbox.asAdmin)
        #expect(report.status == 0, "\(report.stderr)")
        let lines = report.stdout.split(separator: "\n")
        #expect(lines.count == 3, "\(report.stdout)")
        #expect(report.stdout.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"点我\"\")\""), "\(report.stdout)")
        #expect(!report.stdout.contains(",=HYPERLINK") && !report.stdout.contains(",\"=HYPERLINK"))
        // A phone number with a sign is text to a spreadsheet; dates and amounts stay as they are.
        #expect(report.stdout.contains(",'+86 139 1234 5678,"), "\(report.stdout)")
        #expect(report.stdout.contains(",2026-12,2026-12-31,"), "\(report.stdout)")

        let rejects = try String(contentsOfFile: sandbox.directory.appendingPathComponent("rejects.csv").path, encoding: .utf8)
        let rejected = try #require(rejects.split(separator: "\n").last)
        #expect(rejected.hasPrefix("4,"), "the line number stays a number: \(rejected)")
        #expect(rejected.hasSuffix(",\"'=1+1,坏行,230103,normal,,3100.00,,,,,,\""), "\(rejected)")
    }

    @Test func textFromTheRecordsIsShownNotActedOnByTheTerminal() throws {
        let sandbox = try sandboxWithHostileRoster()
        let contact = try sandbox.run(["resident", "contact", Self.reversed, "--address", Self.escapeAddress, "--lang", "en"] + sandbox.asAdmin)
        #expect(contact.status == 0, "\(contact.stderr)")
        #expect(contact.stdout.contains("学府路<U+001B>]0;pwned<U+0007>1号<U+001B>[2J"), "\(contact.stdout)")
        #expect(!Self.hasActingCharacter(contact.stdout))

        let shown = try sandbox.run(["resident", "show", Self.reversed, "--lang", "en"])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("王<U+202E>建国<U+009B>2J"), "\(shown.stdout)")
        #expect(shown.stdout.contains("<U+001B>]0;pwned<U+0007>"), "\(shown.stdout)")
        #expect(!shown.stdout.contains("\u{1B}") && !Self.hasActingCharacter(shown.stdout))

        let table = try sandbox.run(["report", "due", "--month", "2026-12"] + sandbox.asAdmin)
        #expect(table.stdout.contains("王<U+202E>建国<U+009B>2J") && !Self.hasActingCharacter(table.stdout), "\(table.stdout)")
        let csv = try sandbox.run(["report", "due", "--month", "2026-12", "--csv"] + sandbox.asAdmin)
        #expect(!Self.hasActingCharacter(csv.stdout))

        // JSON is for programs: the encoder escapes C0 controls, and the record comes back exactly.
        let json = try sandbox.run(["resident", "show", Self.reversed, "--json"])
        #expect(!json.stdout.contains("\u{1B}"))
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["name"] as? String == Self.reversedName)
        #expect(object?["address"] as? String == Self.escapeAddress)
    }

    @Test func aDataDirectoryOrDatabaseOthersCanReachIsRefused() throws {
        let sandbox = try Sandbox()
        // A data directory that is already there, as a package or an administrator made it, is made private by init.
        try FileManager.default.createDirectory(atPath: sandbox.data, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        try sandbox.initialize()
        var info = stat()
        #expect(stat(sandbox.data, &info) == 0 && info.st_mode & 0o777 == 0o700)

        chmod(sandbox.data, 0o755)
        let directory = try sandbox.run(["audit", "verify", "--lang", "en"])
        #expect(directory.status == 78)
        #expect(directory.stderr.contains("\(sandbox.data) has mode 755") && directory.stderr.contains("chmod 700 \(sandbox.data)"), "\(directory.stderr)")
        let chinese = try sandbox.run(["resident", "show", CommandLineTests.due])
        #expect(chinese.status == 78 && chinese.stderr.contains("\(sandbox.data) 的权限为 755"), "\(chinese.stderr)")
        chmod(sandbox.data, 0o700)

        chmod(sandbox.database, 0o644)
        let database = try sandbox.run(["audit", "verify", "--lang", "en"])
        #expect(database.status == 78)
        #expect(database.stderr.contains("\(sandbox.database) has mode 644") && database.stderr.contains("chmod 600"), "\(database.stderr)")
        chmod(sandbox.database, 0o600)

        let wal = sandbox.database + "-wal"
        #expect(FileManager.default.createFile(atPath: wal, contents: nil, attributes: [.posixPermissions: 0o664]))
        let journal = try sandbox.run(["audit", "verify", "--lang", "en"])
        #expect(journal.status == 78 && journal.stderr.contains("\(wal) has mode 664"), "\(journal.stderr)")
        try FileManager.default.removeItem(atPath: wal)

        #expect(try sandbox.run(["audit", "verify"]).status == 0)
    }

    /// Earlier releases wrote `FILE.partial-PID`, following a link planted there. Links are planted
    /// under the names the next few thousand processes would have used: none may be followed.
    @Test func aLinkPlantedAtATemporaryNameDoesNotRedirectAnExport() throws {
        let sandbox = try Sandbox()
        try sandbox.initialize()
        let victim = sandbox.directory.appendingPathComponent("victim.txt").path
        try "untouched\n".write(toFile: victim, atomically: true, encoding: .utf8)
        let export = sandbox.directory.appendingPathComponent("out.csv").path
        let lastPID = try #require(Int(try String(contentsOfFile: "/proc/sys/kernel/ns_last_pid", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        for pid in lastPID + 1...lastPID + 3000 {
            #expect(symlink(victim, export + ".partial-\(pid)") == 0)
            #expect(symlink(victim, export + ".manifest.json.partial-\(pid)") == 0)
        }

        let exported = try sandbox.run(["export", "certifications", "--since", "2026-01-01", "--out", export] + sandbox.asAdmin)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "untouched\n")
        for path in [export, export + ".manifest.json"] {
            var info = stat()
            #expect(lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG && info.st_mode & 0o777 == 0o600, "\(path)")
        }
        #expect(try String(contentsOfFile: export, encoding: .utf8).hasPrefix("certification_id,receipt,"))
    }

    @Test func whatInterruptedWorkLeftIsSweptAtStart() throws {
        let sandbox = try UpgradeTests().sandboxWithOldRelease()
        let data = sandbox.data
        let outside = sandbox.directory.appendingPathComponent("outside.txt").path
        try "keep\n".write(toFile: outside, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: data + "/imports", withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let halfExport = data + "/.export.csv.partial-Ab12Cd"
        let oldStyle = data + "/imports/roster.rejects.csv.partial-4242"
        let plantedLink = data + "/.receipt.txt.partial-Zz9Zz9"
        for path in [halfExport, oldStyle] {
            #expect(FileManager.default.createFile(atPath: path, contents: Data("half".utf8), attributes: [.posixPermissions: 0o600]))
        }
        #expect(symlink(outside, plantedLink) == 0)
        // Another process still writing its partial file holds it locked: it stays.
        let inProgress = data + "/.busy.csv.partial-Qq1Qq1"
        let held = open(inProgress, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        #expect(held >= 0 && flock(held, LOCK_EX) == 0)
        defer { close(held) }
        let orphanHash = "ab" + String(repeating: "0", count: 62)
        try FileManager.default.createDirectory(atPath: data + "/photos/ab", withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let orphanPhoto = data + "/photos/ab/\(orphanHash).sealed"
        #expect(FileManager.default.createFile(atPath: orphanPhoto, contents: Data(count: 64), attributes: [.posixPermissions: 0o600]))
        func sealedPhotos() throws -> [String] {
            try FileManager.default.subpathsOfDirectory(atPath: data + "/photos").filter { $0.hasSuffix(".sealed") }
        }
        #expect(try sealedPhotos().count == 2)

        let opened = try sandbox.run(["resident", "show", UpgradeTests.photographed, "--lang", "en"])
        #expect(opened.status == 0, "\(opened.stderr)")
        // The release's two certifications had no receipt file in this copy (its photo approval never
        // had one): the first start after the upgrade writes them.
        #expect(opened.stderr.contains("Removed what interrupted work left: 3 unfinished files, 1 sealed photos with no record, 0 unfinished roster imports; wrote 2 missing receipts"), "\(opened.stderr)")
        for receipt in ["HRB-NG-XF01-20261129-0001", "HRB-NG-XF01-20261129-0002"] {
            #expect(FileManager.default.fileExists(atPath: data + "/receipts/2026-11-29/\(receipt).txt"))
        }
        for path in [halfExport, oldStyle, plantedLink, orphanPhoto] {
            var info = stat()
            #expect(lstat(path, &info) != 0, "\(path) was swept")
        }
        #expect(FileManager.default.fileExists(atPath: inProgress))
        #expect(try String(contentsOfFile: outside, encoding: .utf8) == "keep\n")
        #expect(try sealedPhotos().count == 1, "the photo a record names stays")
        #expect(!opened.stderr.contains(UpgradeTests.photographed) && !opened.stderr.contains(orphanHash), "counts only")

        let again = try sandbox.run(["resident", "show", UpgradeTests.photographed, "--lang", "en"])
        #expect(again.status == 0 && !again.stderr.contains("Removed"), "\(again.stderr)")
        let review = try sandbox.run(["review", "list", "--all", "--json"] + sandbox.asAdmin)
        let id = review.stdout.firstMatch(of: /"id" : "([^"]+)"/).map { String($0.1) } ?? ""
        #expect(try sandbox.run(["review", "show", id] + sandbox.asAdmin).status == 0, "the recorded photo still opens")
    }
}
