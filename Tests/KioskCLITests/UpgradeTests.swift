import Foundation
import Testing

/// A service point's data survives an upgrade and a move to a new machine: a database made by the
/// previous release opens (migrated) in this one, and `kiosk backup` / `kiosk restore` carry it
/// with its sealed prints and photos, refusing anything that would not open or verify.
@Suite("upgrades, backup and restore")
struct UpgradeTests {
    /// Made by release 0.4.0 (Fixtures/make-release-0.4.sh): 40 residents, two staff, a contact
    /// change, a death, a fingerprint enrolled and certified, a photo approved, a visit scheduled.
    static let fixture = Sandbox.root.appendingPathComponent("Tests/KioskCLITests/Fixtures/release-0.4").path
    static let fingerprinted = "230113196412285856"
    static let photographed = "230221196907062297"

    /// The old release's data directory, as it was on its machine (git keeps no file modes). It runs
    /// on the machine's clock: no earlier release marked a directory as a test-clock one, and nothing
    /// can mark one afterwards (the mark is in the chain's first entry), so an upgraded service point
    /// is a real one, as it should be. Hence the checks below hold whatever today is.
    func sandboxWithOldRelease() throws -> Sandbox {
        let sandbox = try Sandbox()
        sandbox.environment["KIOSK_TODAY"] = nil
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: sandbox.data)
        try FileManager.default.removeItem(atPath: sandbox.data + "/README")
        chmod(sandbox.data, 0o700)
        chmod(sandbox.data + "/prints.key", 0o600)
        chmod(sandbox.data + "/kiosk.sqlite", 0o600)
        return sandbox
    }

    @Test func aDatabaseOfThePreviousReleaseOpensMigratedWithItsRecords() throws {
        let sandbox = try sandboxWithOldRelease()
        let before = try sandbox.sqlite("SELECT group_concat(identifier, ' ') FROM grdb_migrations")
        let verified = try sandbox.run(["audit", "verify", "--lang", "en"])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("14 entries"))
        // The migrations of this release ran on the old file.
        #expect(before.split(separator: " ").count == 4)
        #expect(try sandbox.sqlite("SELECT count(*) FROM grdb_migrations WHERE identifier = '2026-11-30-repeat-certification'") == "1")

        let fingerprint = try sandbox.run(["resident", "show", Self.fingerprinted, "--json"])
        #expect(fingerprint.stdout.contains(Self.certifiedOn29November("fingerprint")), "\(fingerprint.stdout)")
        let photo = try sandbox.run(["resident", "show", Self.photographed, "--json"])
        #expect(photo.stdout.contains(Self.certifiedOn29November("photo")), "\(photo.stdout)")

        // The new release writes to it, and the chain still verifies across the versions.
        let contact = try sandbox.run(["resident", "contact", Self.photographed, "--phone", "13800001111"] + sandbox.asAdmin)
        #expect(contact.status == 0, "\(contact.stderr)")
        #expect(try sandbox.run(["audit", "verify"]).status == 0)
    }

    /// The last certification as `resident show --json` gives it (the status depends on today).
    static func certifiedOn29November(_ method: String) -> String {
        "\"last_certification\" : {\n    \"date\" : \"2026-11-29\",\n    \"method\" : \"\(method)\""
    }

    @Test func aDatabaseOfThePreviousReleaseIsARealOneAndRefusesKioskToday() throws {
        let sandbox = try sandboxWithOldRelease()
        let migrations = try sandbox.sqlite("SELECT count(*) FROM grdb_migrations")
        let refused = try sandbox.run(["audit", "verify", "--lang", "en"], environment: ["KIOSK_TODAY": "2026-11-30"])
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("--test-clock"), "\(refused.stderr)")
        #expect(try sandbox.sqlite("SELECT count(*) FROM grdb_migrations") == migrations, "refused before its migration")
    }

    @Test func aBackupMovesTheServicePointToANewMachine() throws {
        let sandbox = try sandboxWithOldRelease()
        let backup = sandbox.directory.appendingPathComponent("point.kbk").path
        let written = try sandbox.run(["backup", "--out", backup, "--lang", "en"] + sandbox.asAdmin)
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.contains("1 prints, 1 photos"), "\(written.stdout)")
        var info = stat()
        #expect(stat(backup, &info) == 0 && info.st_mode & 0o077 == 0, "the backup is readable by its owner only")
        #expect(try sandbox.sqlite("SELECT count(*) FROM audit_entry WHERE action = 'data.backup'") == "1")

        // The new machine: an empty data directory and the print key, brought separately.
        let newData = sandbox.directory.appendingPathComponent("new-machine").path
        try FileManager.default.createDirectory(atPath: newData, withIntermediateDirectories: false)
        try FileManager.default.copyItem(atPath: sandbox.data + "/prints.key", toPath: newData + "/prints.key")
        let restored = try sandbox.run(["restore", backup, "--data-dir", newData, "--lang", "en"] + sandbox.asAdmin)
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stdout.contains("opens its 1 prints and 1 photos"), "\(restored.stdout)")
        #expect(stat(newData, &info) == 0 && info.st_mode & 0o777 == 0o700)

        let onNewMachine = ["--data-dir", newData]
        #expect(try sandbox.run(["audit", "verify"] + onNewMachine).status == 0)
        let shown = try sandbox.run(["resident", "show", Self.fingerprinted, "--json"] + onNewMachine)
        #expect(shown.stdout.contains(Self.certifiedOn29November("fingerprint")), "\(shown.stdout)")
        // The photo came along sealed, and opens with the key: a supervisor can look at it.
        let photos = try FileManager.default.subpathsOfDirectory(atPath: newData + "/photos").filter { $0.hasSuffix(".sealed") }
        #expect(photos.count == 1)
        let review = try sandbox.run(["review", "list", "--all", "--json"] + onNewMachine + sandbox.asAdmin)
        let id = review.stdout.firstMatch(of: /"id" : "([^"]+)"/).map { String($0.1) } ?? ""
        let opened = try sandbox.run(["review", "show", id] + onNewMachine + sandbox.asAdmin)
        #expect(opened.status == 0, "\(opened.stderr)")

        // A second restore onto the same directory is refused: nothing is overwritten.
        let again = try sandbox.run(["restore", backup, "--data-dir", newData] + sandbox.asAdmin)
        #expect(again.status == 3)
        // And a second backup to the same file.
        #expect(try sandbox.run(["backup", "--out", backup] + sandbox.asAdmin).status == 73)
    }

    /// A restore that would leave data the kiosk cannot use, or cannot trust, puts nothing in place.
    @Test func aRestoreRefusesWhatWouldNotOpenOrVerify() throws {
        let sandbox = try sandboxWithOldRelease()
        let backup = sandbox.directory.appendingPathComponent("point.kbk").path
        #expect(try sandbox.run(["backup", "--out", backup] + sandbox.asAdmin).status == 0)

        func emptyMachine(_ name: String, key: Data?) throws -> String {
            let data = sandbox.directory.appendingPathComponent(name).path
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            if let key { FileManager.default.createFile(atPath: data + "/prints.key", contents: key, attributes: [.posixPermissions: 0o600]) }
            return data
        }
        let key = try Data(contentsOf: URL(fileURLWithPath: sandbox.data + "/prints.key"))

        let otherKey = try emptyMachine("other-key", key: Data((0..<32).map { UInt8($0) }))
        let wrongKey = try sandbox.run(["restore", backup, "--data-dir", otherKey, "--lang", "en"] + sandbox.asAdmin)
        #expect(wrongKey.status == 78)
        #expect(wrongKey.stderr.contains("does not open its prints or photos"), "\(wrongKey.stderr)")
        #expect(!FileManager.default.fileExists(atPath: otherKey + "/kiosk.sqlite"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: otherKey) == ["prints.key"], "no partial file is left")

        let noKey = try emptyMachine("no-key", key: nil)
        #expect(try sandbox.run(["restore", backup, "--data-dir", noKey] + sandbox.asAdmin).status == 78)

        // A resident edited in the backup file: its chain no longer verifies.
        let edited = sandbox.directory.appendingPathComponent("edited.kbk").path
        try FileManager.default.copyItem(atPath: backup, toPath: edited)
        try Self.sqlite(edited, "UPDATE resident SET last_certified = '2026-11-01' WHERE id_number = '\(Self.photographed)'")
        let tampered = try emptyMachine("tampered", key: key)
        let broken = try sandbox.run(["restore", edited, "--data-dir", tampered, "--lang", "en"] + sandbox.asAdmin)
        #expect(broken.status == 65)
        #expect(broken.stderr.contains("its audit chain does not verify"), "\(broken.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tampered) == ["prints.key"])

        // Not a backup at all, and a sealed photo altered inside one.
        let notBackup = try emptyMachine("not-backup", key: key)
        #expect(try sandbox.run(["restore", sandbox.passwordFile, "--data-dir", notBackup] + sandbox.asAdmin).status == 65)
        let photoEdited = sandbox.directory.appendingPathComponent("photo.kbk").path
        try FileManager.default.copyItem(atPath: backup, toPath: photoEdited)
        try Self.sqlite(photoEdited, "UPDATE backup_file SET content = zeroblob(length(content))")
        #expect(try sandbox.run(["restore", photoEdited, "--data-dir", notBackup] + sandbox.asAdmin).status == 65)

        // Only an admin of the backed-up service point signs a restore, with the right password.
        let wrongPassword = try sandbox.write("wrong", "not-the-password")
        let unsigned = try sandbox.run(["restore", backup, "--data-dir", notBackup, "--staff", "admin", "--password-file", wrongPassword])
        #expect(unsigned.status == 77)
        let supervisor = try sandbox.write("super2", "supervisor-pass-2")
        let notAdmin = try sandbox.run(["restore", backup, "--data-dir", notBackup, "--staff", "super2", "--password-file", supervisor])
        #expect(notAdmin.status == 77)
        #expect(try sandbox.run(["backup", "--out", backup + "2", "--staff", "super2", "--password-file", supervisor]).status == 77)
        #expect(try FileManager.default.contentsOfDirectory(atPath: notBackup) == ["prints.key"])
    }

    static func sqlite(_ database: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", database, sql]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
