import Crypto
import Domain
import Files
import Foundation
import GRDB

/// Moving a service point to a new machine: `kiosk backup` and `kiosk restore`.
///
/// A backup is one SQLite file: a consistent copy of the database taken with SQLite's online
/// backup (the counter may go on working meanwhile), and in a table of its own every sealed photo
/// the records name, byte for byte. Prints and photos stay sealed and the print key is not in it,
/// so a lost backup opens nothing; the key travels separately, and a restore checks that the key
/// on the new machine opens what it restores.
extension AppDatabase {
    static let backupFormat = "kiosk-backup-1"

    /// Writes a backup to `path`, which must not exist yet. The backup's own audit entry is written
    /// first, so the copy ends with it.
    public func backup(to path: String, by staff: StaffMember) throws(KioskError) -> BackupSummary {
        guard !FileManager.default.fileExists(atPath: path) else { throw .fileExists(path: path) }
        let name = (path as NSString).lastPathComponent
        _ = try write { db in try AuditLog.append(db, in: self, staff: staff.id, action: .backedUp, subject: nil, detail: "file=\(name)") }

        let partial = try PartialFile(beside: path)
        let temporary = partial.path
        do {
            let summary = try Self.attempt(temporary) { () throws -> BackupSummary in
                let copy = try DatabaseQueue(path: temporary)
                try writer.backup(to: copy)
                // One self-contained file (no -wal beside it), readable from read-only media.
                try copy.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") }
                var missing: [String] = []
                var photos = 0
                try copy.write { db in
                    try db.execute(sql: """
                        CREATE TABLE backup_manifest (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                        CREATE TABLE backup_file (path TEXT PRIMARY KEY NOT NULL, sha256 TEXT NOT NULL, content BLOB NOT NULL);
                        """)
                    for hash in try String.fetchAll(db, sql: "SELECT DISTINCT photo_sha256 FROM photo_certification ORDER BY 1") {
                        guard let sealed = FileManager.default.contents(atPath: photoPath(hash).file) else {
                            missing.append(hash)
                            continue
                        }
                        try db.execute(sql: "INSERT INTO backup_file (path, sha256, content) VALUES (?, ?, ?)",
                                       arguments: [Self.relativePhotoPath(hash), SHA256.hash(data: sealed).hex, sealed])
                        photos += 1
                    }
                    let head = try AuditLog.head(db)
                    try db.execute(sql: "INSERT INTO backup_manifest (key, value) VALUES ('format', ?), ('service_point', ?), ('audit_seq', ?), ('audit_hash', ?)",
                                   arguments: [Self.backupFormat, servicePoint.code, String(head.seq), head.hash])
                }
                let (entries, prints) = try copy.read { db in
                    (try Int64.fetchOne(db, sql: "SELECT max(seq) FROM audit_entry") ?? 0, try Int.fetchOne(db, sql: "SELECT count(*) FROM enrolled_print") ?? 0)
                }
                try copy.close()
                return BackupSummary(path: path, auditEntries: entries, prints: prints, photos: photos, missingPhotos: missing)
            }
            try partial.publish(replacing: false)
            return summary
        } catch {
            partial.discard()
            throw error
        }
    }

    static func relativePhotoPath(_ hash: String) -> String { "photos/\(hash.prefix(2))/\(hash).sealed" }

    /// Puts a backup in place as the database of `dataDirectory`, which must not hold one. The
    /// staff member signing must be an admin of the backed-up service point. Nothing is put in
    /// place unless the file is a kiosk backup, intact, of this configuration's service point,
    /// with an audit chain that verifies and prints and photos this machine's key opens.
    /// `signIn` signs the restoring admin in on the copy, under the desk's sign-in rules.
    package static func restore(from backupPath: String, dataDirectory: String, settings: Settings,
                                signIn: (AppDatabase) throws(KioskError) -> StaffMember) throws(KioskError) -> RestoreSummary {
        let target = URL(fileURLWithPath: dataDirectory).appendingPathComponent(fileName).path
        guard !FileManager.default.fileExists(atPath: target) else { throw .alreadyInitialized(dataDirectory: dataDirectory) }
        guard FileManager.default.isReadableFile(atPath: backupPath) else { throw .fileFailure(path: backupPath, detail: "cannot read") }
        func refused(_ problem: BackupProblem) -> KioskError { .backupRefused(path: backupPath, problem) }

        var readOnly = Configuration()
        readOnly.readonly = true
        let backup: DatabaseQueue
        let files: [(path: String, sha256: String, content: Data)]
        do {
            backup = try DatabaseQueue(path: backupPath, configuration: readOnly)
            let check = try backup.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
            guard check == ["ok"] else { throw refused(.damaged(check.prefix(3).joined(separator: "; "))) }
            files = try backup.read { db in
                guard try db.tableExists("backup_manifest"),
                      try String.fetchOne(db, sql: "SELECT value FROM backup_manifest WHERE key = 'format'") == backupFormat else {
                    throw refused(.notABackup)
                }
                return try Row.fetchAll(db, sql: "SELECT path, sha256, content FROM backup_file ORDER BY path").map { ($0["path"], $0["sha256"], $0["content"]) }
            }
        } catch let error as KioskError {
            throw error
        } catch {
            throw refused(.notABackup)
        }
        for file in files where SHA256.hash(data: file.content).hex != file.sha256 || !isPhotoPath(file.path) {
            throw refused(.damaged(file.path))
        }

        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: dataDirectory)
        } catch {
            throw .fileFailure(path: dataDirectory, detail: error.localizedDescription)
        }
        let key = try PrintKey.load(from: settings.printKeyFile ?? dataDirectory + "/prints.key")
        AuditAnchorFile(dataDirectory: dataDirectory).reset()
        let partial = try PartialFile(beside: target)
        do throws(KioskError) {
            let summary = try restoreCopy(backup, source: (backupPath as NSString).lastPathComponent, into: partial.path, dataDirectory: dataDirectory,
                                          files: files, settings: settings, key: key, signIn: signIn, refused: refused)
            for file in files {
                let path = dataDirectory + "/" + file.path
                for directory in [dataDirectory + "/photos", (path as NSString).deletingLastPathComponent]
                where !FileManager.default.fileExists(atPath: directory) {
                    if mkdir(directory, 0o700) != 0 && errno != EEXIST { throw .fileFailure(path: directory, detail: String(cString: strerror(errno))) }
                }
                if FileManager.default.contents(atPath: path) != file.content { try PrivateFile.write(file.content, to: path) }
            }
            try partial.publish(replacing: false)
            return RestoreSummary(dataDirectory: dataDirectory, servicePoint: settings.servicePoint.code, auditEntries: summary.entries,
                                  prints: summary.prints, photos: files.count)
        } catch {
            partial.discard()
            throw error
        }
    }

    static func isPhotoPath(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "photos", parts[2].hasSuffix(".sealed") else { return false }
        let hash = parts[2].dropLast(".sealed".count)
        return hash.count == 64 && hash.allSatisfy(\.isHexDigit) && parts[1] == hash.prefix(2)
    }

    /// Copies the backup into `temporary` without its backup tables, and there migrates it,
    /// signs the admin in, verifies the chain, opens every print and photo, and records the
    /// restore. The copy is closed when this returns.
    private static func restoreCopy(_ backup: DatabaseQueue, source: String, into temporary: String, dataDirectory: String,
                                    files: [(path: String, sha256: String, content: Data)],
                                    settings: Settings, key: SymmetricKey, signIn: (AppDatabase) throws(KioskError) -> StaffMember,
                                    refused: (BackupProblem) -> KioskError) throws(KioskError) -> (entries: Int, prints: Int) {
        let queue = try attempt(temporary) { () throws -> DatabaseQueue in
            let queue = try DatabaseQueue(path: temporary, configuration: configuration())
            try backup.backup(to: queue)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "DROP TABLE backup_file; DROP TABLE backup_manifest")
                try db.execute(sql: "VACUUM")
            }
            return queue
        }
        let testClock = try checkOpening(queue, path: temporary, dataDirectory: dataDirectory, settings: settings)
        try migrate(queue, path: temporary)
        let database = AppDatabase(writer: queue, path: temporary, settings: settings, printKey: key, testClock: testClock)
        let admin = try signIn(database)
        guard admin.role == .admin else { throw refused(.notAnAdmin(admin.name)) }
        let verification = try database.verifyAudit()
        if let finding = verification.findings.first { throw refused(.auditBroken(finding)) }

        let rows = try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM enrolled_print") }
        for row in rows {
            do throws(KioskError) { _ = try database.storedPrint(row) } catch { throw refused(.keyDoesNotOpen(keyFile: settings.printKeyFile ?? "prints.key")) }
        }
        for file in files {
            let hash = String((file.path as NSString).lastPathComponent.dropLast(".sealed".count))
            let opened = try? AES.GCM.open(AES.GCM.SealedBox(combined: file.content), using: key, authenticating: database.photoContext(hash))
            guard let opened, SHA256.hash(data: opened).hex == hash else {
                throw refused(.keyDoesNotOpen(keyFile: settings.printKeyFile ?? "prints.key"))
            }
        }
        _ = try database.write { db in
            try AuditLog.append(db, in: database, staff: admin.id, action: .restored, subject: nil,
                                detail: "file=\(source) entries=\(verification.entries) prints=\(rows.count) photos=\(files.count)")
        }
        try attempt(temporary) { try queue.close() }
        return (verification.entries + 1, rows.count)
    }
}
