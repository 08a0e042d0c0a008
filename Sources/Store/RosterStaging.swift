import Crypto
import Domain
import Foundation
import GRDB
import GRDBSQLite

/// How a roster import reaches the resident table without holding the write lock for its whole
/// length. The stored rows and the bureau's are merged, in key order, into a staging table
/// (`resident_next`) a few thousand rows per transaction; then one short transaction puts the
/// staging table in the resident table's place. Between two of its transactions a certification,
/// a contact change or a sign-in at the counter takes the lock; a kill at any moment leaves the
/// resident table as it was (the staging table is dropped by the next import, or swept at start).
///
/// The stored rows are read from a snapshot taken when the import starts, so the merge sees one
/// consistent resident table and its digest can be checked against the audit log's. Contact
/// changes made at the counter while the import runs are carried into the staging table before
/// and in the swap, under the rule the merge applies to every row.
struct RosterStaging {
    static let table = "resident_next"
    /// A few hundredths of a second of writing on this machine: about the longest a counter waits on an import.
    static let rowsPerTransaction = 5_000

    private let database: AppDatabase
    private let file: RosterFile
    private let rows: [CheckedRow]
    private let order: [Int]
    private var nextImported = 0
    /// The ID of the last stored row merged (the next transaction reads on from it).
    private var lastStoredID: [UInt8] = []
    private var storedExhausted = false
    /// The digest of the stored rows as read, to check against the audit log's, and of the rows staged.
    private var storedDigest = TableDigest()
    private(set) var stagedDigest = TableDigest()
    /// The audit sequence number up to which contact changes are carried into the staging table.
    private var fixedThrough: Int64 = 0
    /// The SQL that builds the staging table's indexes once its rows are in.
    private let indexes: [String]
    /// The audit log's head in the snapshot the stored rows were read from.
    private var snapshotHead: AuditLog.Head?

    /// Creates the staging table, shaped as the resident table is now (its SQL; its indexes come last),
    /// after dropping one an interrupted import left. Call it holding the `RosterImportLock`.
    init(database: AppDatabase, file: RosterFile, rows: [CheckedRow], order: [Int]) throws(KioskError) {
        self.database = database
        self.file = file
        self.rows = rows
        self.order = order
        indexes = try database.write { db in
            // What an interrupted import left (this one holds the lock: no other is running).
            try db.execute(sql: "DROP TABLE IF EXISTS \(Self.table); DROP TABLE IF EXISTS \(Self.replaced)")
            let tableSQL = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'resident'")!
            try db.execute(sql: try Self.retarget(tableSQL, keyword: "CREATE TABLE ", newName: Self.table))
            return try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'resident' AND sql IS NOT NULL")
                .map { index throws in try Self.stagedIndexSQL(index["sql"], name: index["name"]) }
        }
    }

    /// `CREATE TABLE resident (...)` (or `"resident"`, as SQLite writes it after a rename) made
    /// to create `newName` instead.
    private static func retarget(_ sql: String, keyword: String, newName: String) throws -> String {
        guard sql.hasPrefix(keyword), let columns = sql.firstIndex(of: "("),
              sql[sql.index(sql.startIndex, offsetBy: keyword.count)..<columns].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) == "resident"
        else { throw KioskError.databaseFailure(path: "resident", detail: "unexpected schema: \(sql.prefix(40))") }
        return keyword + newName + " " + sql[columns...]
    }

    /// The staging table's copy of one of the resident table's indexes. SQLite cannot rename an
    /// index, and the live table's keep their names until it is dropped after the swap, so the copy takes
    /// the other name of a pair (`X` and `X_alt`); imports alternate between the two.
    private static func stagedIndexSQL(_ sql: String, name: String) throws -> String {
        guard let on = sql.range(of: " ON "), let columns = sql[on.upperBound...].firstIndex(of: "("),
              sql[on.upperBound..<columns].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) == "resident"
        else { throw KioskError.databaseFailure(path: "resident", detail: "unexpected index: \(sql.prefix(40))") }
        let unique = sql.hasPrefix("CREATE UNIQUE INDEX") ? "UNIQUE " : ""
        let stagedName = name.hasSuffix("_alt") ? String(name.dropLast(4)) : name + "_alt"
        return "CREATE \(unique)INDEX \(stagedName) ON \(table)" + sql[columns...]
    }

    /// Merges every row into the staging table, one short transaction at a time. Throws if the
    /// stored rows do not add up to the digest the audit log holds for them: an edit behind the
    /// kiosk's back is not carried into the new table under a fresh entry.
    mutating func fill(report: inout RosterImportReport, progress: (@Sendable (RosterImportProgress) -> Void)?) throws(KioskError) {
        // A pool reads the stored rows from a snapshot; an in-memory queue (tests) has one
        // connection, where nothing else writes meanwhile.
        let snapshot = try AppDatabase.attempt(database.path) { try (database.writer as? DatabasePool)?.makeSnapshot() }
        // SQLite's 2 MB page cache is small for a merge of a million rows and the sorts of the
        // index build.
        try database.setWriterPageCache(megabytes: 64)
        defer { try? database.setWriterPageCache(megabytes: 2) }
        var finished = false
        while !finished {
            finished = try database.write(synced: false) { db in
                if let snapshot { return try snapshot.read { stored in try writeChunk(db, stored: stored, report: &report) } }
                return try writeChunk(db, stored: db, report: &report)
            }
            progress?(.init(phase: .writing, done: nextImported, total: order.count))
            // Room for a counter's transaction between two of ours: a writer in another process
            // polls for the lock every millisecond (`AppDatabase.configuration`).
            usleep(2_000)
        }
        // Built once the rows are in, one sort per index: maintained row by row, an index in
        // another order than the table's would have most of its pages rewritten by every
        // transaction, into a log the snapshot keeps from being reset. This is the one transaction
        // longer than a chunk (about a second per million residents).
        if let snapshotHead, storedDigest != snapshotHead.residentDigest { throw .residentsChangedOutsideKiosk(seq: snapshotHead.seq) }
        progress?(.init(phase: .indexing, done: 0, total: indexes.count))
        try database.write(synced: false) { db in for sql in indexes { try db.execute(sql: sql) } }
    }

    private mutating func writeChunk(_ db: Database, stored source: Database, report: inout RosterImportReport) throws -> Bool {
        if snapshotHead == nil {
            snapshotHead = try AuditLog.head(source)
            fixedThrough = snapshotHead!.seq
        }
        let cursor = try source.makeStatement(sql: "SELECT NULL, \(ResidentColumns.list) FROM resident WHERE id_number > ? ORDER BY id_number")
        let (reading, writing) = (cursor.sqliteStatement, try db.cachedStatement(sql: Self.insertSQL).sqliteStatement)
        defer { sqlite3_reset(reading) }
        lastStoredID.withUnsafeBytes { id in
            _ = sqlite3_bind_text(reading, 1, id.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(id.count), Self.transient)
        }
        // Rows are bound into a statement of `rowsPerStatement` rows (every binding copies its
        // value, or points into the file buffer, which outlives the import) and written when it is
        // full, or at the end with the unused rows left NULL.
        var bound = 0
        func flush() throws {
            guard bound > 0 else { return }
            let code = sqlite3_step(writing)
            sqlite3_reset(writing)
            sqlite3_clear_bindings(writing)
            bound = 0
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
        }
        func add(_ bind: (_ firstParameter: Int32) -> Void) throws {
            bind(Int32(bound * ResidentColumns.count + 1))
            bound += 1
            if bound == Self.rowsPerStatement { try flush() }
        }

        var stored = storedExhausted ? nil : try StoredRow(reading, db: source)
        if stored == nil { storedExhausted = true }
        var written = 0
        while written < Self.rowsPerTransaction {
            let imported = nextImported < order.count ? rows[order[nextImported]] : nil
            if let current = stored, imported.map({ $0.key >= current.key }) ?? true {
                storedDigest.add(current.digest)
                lastStoredID = current.id
                if let imported, imported.key == current.key {
                    var columns = ResidentColumns(file: file, row: imported)
                    columns.merge(over: { Self.storedValue(reading, column: $0) })
                    let merged = columns.digest()
                    if merged == current.digest { report.unchanged += 1 } else { report.updated += 1 }
                    try add { columns.bind(to: writing, transient: true, offset: Int($0) - 1) }
                    stagedDigest.add(merged)
                    nextImported += 1
                } else {
                    try add { first in
                        for column in 0..<Int32(ResidentColumns.count) { sqlite3_bind_value(writing, first + column, sqlite3_column_value(reading, column + 1)) }
                    }
                    stagedDigest.add(current.digest)
                }
                stored = try StoredRow(reading, db: source)
                if stored == nil { storedExhausted = true }
            } else if let imported {
                try add { ResidentColumns(file: file, row: imported).bind(to: writing, transient: false, offset: Int($0) - 1) }
                stagedDigest.add(imported.digest)
                report.inserted += 1
                nextImported += 1
            } else {
                break
            }
            written += 1
        }
        try flush()
        return storedExhausted && nextImported == order.count
    }

    /// Rows per INSERT: the table's CHECK constraints build their IN lists as temporary tables once
    /// per statement run, which one row per run would pay a million times.
    static let rowsPerStatement = 64
    static let insertSQL = {
        let row = "(" + Array(repeating: "?", count: ResidentColumns.count).joined(separator: ", ") + ")"
        return "INSERT INTO \(table) (\(ResidentColumns.list)) SELECT * FROM (VALUES "
            + Array(repeating: row, count: rowsPerStatement).joined(separator: ", ") + ") WHERE column1 IS NOT NULL"
    }()

    /// The stored row under the cursor, stepped to; nil past the last one.
    private struct StoredRow {
        var id: [UInt8]
        var key: UInt64
        var digest: SHA256.Digest

        init?(_ cursor: OpaquePointer, db: Database) throws {
            switch sqlite3_step(cursor) {
            case SQLITE_ROW: break
            case SQLITE_DONE: return nil
            case let code: throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            let text = UnsafeRawBufferPointer(start: sqlite3_column_text(cursor, 1), count: Int(sqlite3_column_bytes(cursor, 1)))
            id = Array(text)
            key = CheckedRow.key(of: text)
            digest = RowDigest.of(statement: cursor, table: "resident", firstColumn: 1)
        }
    }

    /// Column `column` (in ResidentColumns order) of the stored row under the cursor.
    static func storedValue(_ cursor: OpaquePointer, column: Int) -> ResidentColumns.Value {
        let index = Int32(column + 1)
        switch sqlite3_column_type(cursor, index) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(cursor, index))
        default: return .text(UnsafeRawBufferPointer(start: sqlite3_column_text(cursor, index), count: Int(sqlite3_column_bytes(cursor, index))))
        }
    }

    /// Carries into the staging table the contact changes made at the counter since `fixedThrough`
    /// (an audit sequence number): for each field, the local value now stored stands if the
    /// bureau's value is the same in both tables, as the merge decides for a change made before
    /// the import. Returns the audit head it caught up to.
    private mutating func carryContactChanges(_ db: Database) throws -> Int64 {
        let head = try AuditLog.head(db).seq
        let changedHere = try String.fetchAll(db, sql: """
            SELECT DISTINCT c.resident_id FROM audit_entry a JOIN contact_change c ON c.id = a.subject_id
            WHERE a.seq > ? AND a.subject_table = 'contact_change'
            """, arguments: [fixedThrough])
        for id in changedHere.map(ResidentID.init(trusted:)) {
            guard let before = try AuditLog.residentDigest(db, id, in: Self.table) else { continue }
            try db.execute(sql: """
                UPDATE \(Self.table) SET
                  local_phone = CASE WHEN \(Self.table).phone IS r.phone THEN r.local_phone END,
                  local_address = CASE WHEN \(Self.table).address IS r.address THEN r.local_address END
                FROM (SELECT * FROM resident WHERE id_number = ?) AS r WHERE \(Self.table).id_number = r.id_number
                """, arguments: [id.fullNumber])
            stagedDigest.remove(before)
            stagedDigest.add(try AuditLog.residentDigest(db, id, in: Self.table)!)
        }
        fixedThrough = head
        return Int64(changedHere.count)
    }

    /// Puts the staging table in the resident table's place and runs `record` (the import's own
    /// record and audit entry, given the new table's digest), in one short transaction.
    ///
    /// The contact changes made while the import ran are carried over first, in transactions of
    /// their own until few are left, then the rest in the swap. The swap only renames: foreign
    /// keys name the resident table, so with SQLite's legacy renaming (which leaves other tables'
    /// references as written) they point at the new table as soon as it has the name. The old
    /// table is dropped after, in its own transaction (a second or so per million rows).
    mutating func swap(record: (Database, TableDigest) throws -> Void) throws(KioskError) {
        guard snapshotHead != nil else { return }
        var passes = 0
        while passes < 3, try database.write(synced: false, { db in try carryContactChanges(db) }) > 0 { passes += 1 }
        try withLegacyRenaming { db in
            try db.inTransaction(.immediate) {
                _ = try carryContactChanges(db)
                try db.execute(sql: "ALTER TABLE resident RENAME TO \(Self.replaced)")
                try db.execute(sql: "ALTER TABLE \(Self.table) RENAME TO resident")
                try record(db, stagedDigest)
                return .commit
            }
        }
        // Nothing refers to it by name any more: it drops without the foreign keys' implicit delete.
        // The import has committed: a drop that fails now is swept at the next start.
        _ = try? database.write(synced: false) { db in try db.execute(sql: "DROP TABLE \(Self.replaced)") }
    }

    /// The resident table an import replaced, until it is dropped.
    static let replaced = "resident_replaced"

    private func withLegacyRenaming(_ body: (Database) throws -> Void) throws(KioskError) {
        try AppDatabase.attempt(database.path) {
            try database.writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = OFF; PRAGMA legacy_alter_table = ON")
                defer { try? db.execute(sql: "PRAGMA legacy_alter_table = OFF; PRAGMA foreign_keys = ON") }
                try body(db)
            }
        }
    }

    private static let transient = unsafeBitCast(Int(-1), to: sqlite3_destructor_type.self)
}

extension AppDatabase {
    /// Drops what an import that was killed left (its staging table, or the table it replaced), if
    /// no import is running and the write lock is free at once. Returns 1 if there was any.
    ///
    /// Housekeeping never stops the work it precedes: a drop that fails (a full disk: the drop
    /// writes a few pages) is left for the next start with room, as it is when the lock is busy.
    func sweepAbandonedImport() -> Int {
        guard let lock = try? RosterImportLock.acquire(for: self) else { return 0 }
        defer { withExtendedLifetime(lock) {} }
        return (try? writeWithoutWaiting { db in
            var found = 0
            for table in [RosterStaging.table, RosterStaging.replaced] where try db.tableExists(table) {
                try db.execute(sql: "DROP TABLE \(table)")
                found = 1
            }
            return found
        }) ?? 0
    }

    /// Refuses an import the data directory has no room for, before anything is written. The
    /// staging table's rows are committed as they go, so an import that filled the disk would keep
    /// its space until the next start: the counter's next records would have none. The staging
    /// table holds at most the stored rows and the file's (in the database about 1.5 times the
    /// CSV), once in the log and once more in the database file when the log is written back.
    func requireRoomToImport(fileBytes: Int) throws(KioskError) {
        guard path != ":memory:" else { return }
        let directory = (path as NSString).deletingLastPathComponent
        var info = statvfs()
        guard statvfs(directory, &info) == 0 else { return }
        let free = Int(info.f_bavail) * Int(info.f_frsize)
        let stored = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let needed = 2 * (stored + fileBytes * 3 / 2)
        guard free >= needed else {
            throw .notEnoughSpaceToImport(directory: directory, neededMegabytes: needed / 1_048_576 + 1, freeMegabytes: free / 1_048_576)
        }
    }

    /// After a failed import (a full disk, a resident table edited outside the kiosk): gives the
    /// staging table's pages back at once, so the counter's next records can use them. Best
    /// effort: what is left is swept at the next start.
    func dropStaging() {
        _ = try? write(synced: false) { db in try db.execute(sql: "DROP TABLE IF EXISTS \(RosterStaging.table)") }
    }
}

/// Held while a roster import runs: one import at a time per data directory, so a staging table
/// found while holding it was left by an interrupted import. An flock dies with its process, so
/// a killed import never leaves the lock behind.
final class RosterImportLock {
    static let fileName = "roster-import.lock"
    private let descriptor: Int32

    /// Nil when another import holds the lock. An in-memory database has no directory and no lock.
    static func acquire(for database: AppDatabase) throws(KioskError) -> RosterImportLock? {
        guard database.path != ":memory:" else { return RosterImportLock(descriptor: -1) }
        let path = (database.path as NSString).deletingLastPathComponent + "/" + fileName
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw .fileFailure(path: path, detail: String(cString: strerror(errno))) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        return RosterImportLock(descriptor: descriptor)
    }

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { if descriptor >= 0 { close(descriptor) } }
}
