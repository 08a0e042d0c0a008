import Domain
import Foundation
import GRDB

/// The latest audit entry, written down outside the database after every write that appends one:
/// `audit.anchor` in the data directory, one `SEQ HASH` line per entry, appended and never
/// rewritten. A database replaced with an older copy, or whose last entries were removed, no
/// longer reaches the last line, and the kiosk refuses to open it. Someone who can rewrite both
/// files and recompute the chain defeats this; only an anchor kept off the machine (an export
/// manifest's `audit_anchor`, checked with `kiosk audit verify --anchor`) catches that.
struct AuditAnchorFile: Sendable {
    static let fileName = "audit.anchor"

    let path: String

    init(dataDirectory: String) {
        path = dataDirectory + "/" + Self.fileName
    }

    /// Appends the entry just committed. Best effort by design: a file one entry behind the
    /// database is harmless (only a database behind the file is refused), so a full disk here
    /// must not undo a certification already committed. A line only partly written is cut off
    /// again, so that the next line cannot be read glued to it as another sequence number.
    func record(seq: Int64, hash: String) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var before = stat()
        guard fstat(descriptor, &before) == 0 else { return }
        let line = Array("\(seq) \(hash)\n".utf8)
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if written != line.count { _ = ftruncate(descriptor, before.st_size) }
    }

    /// The latest entry written down (the highest sequence number among the file's last lines:
    /// two processes may append out of order).
    func latest() -> AuditAnchor? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > 4096 ? size - 4096 : 0)
        let tail = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        return tail.split(separator: "\n").dropFirst(size > 4096 ? 1 : 0).compactMap { line -> AuditAnchor? in
            let parts = line.split(separator: " ")
            guard parts.count == 2, let seq = Int64(parts[0]), parts[1].count == 64 else { return nil }
            return AuditAnchor(seq: seq, hash: String(parts[1]))
        }.max { $0.seq < $1.seq }
    }

    /// Refuses a database whose chain does not reach `anchor` (read with `latest()`), as written.
    /// The anchor must be read before the read transaction that `db` is in takes its snapshot:
    /// another process may commit an entry and write it down in between, which a snapshot taken
    /// before would not see (a false alarm, seen in CI with `kiosk roster import` started while
    /// the counter was writing).
    func check(_ db: Database, reaches anchor: AuditAnchor?) throws {
        guard let anchor else { return }
        let hash = try String.fetchOne(db, sql: "SELECT hash FROM audit_entry WHERE seq = ?", arguments: [anchor.seq])
        guard hash == anchor.hash else { throw KioskError.auditLogBehindAnchor(seq: anchor.seq, anchorFile: path) }
    }

    /// A new database (init, restore) starts a new file: what an earlier database in this
    /// directory wrote down is not about it.
    func reset() {
        unlink(path)
    }
}
