import Crypto
import Domain
import GRDB
import GRDBSQLite

/// The record an audit entry is about.
package struct AuditSubject {
    package var table: String
    package var id: String

    package init(table: String, id: String) {
        self.table = table
        self.id = id
    }

    package static func print(_ id: String) -> AuditSubject { AuditSubject(table: "enrolled_print", id: id) }
}

/// The tamper-evident log. Each entry holds who did what to which record, the SHA-256 digest of
/// that record as written, the digest of the whole resident table after the change, and the hash
/// of the entry before it. Changing, removing or inserting an entry or a covered record outside
/// the kiosk breaks either the chain or a digest, and `verify` names the entry.
package enum AuditLog {
    static let genesis = String(repeating: "0", count: 64)
    /// In the detail of the initialize entry of a data directory made with `kiosk init --test-clock`.
    static let testClockDetail = "test_clock=1"

    package struct Head {
        package var seq: Int64
        package var hash: String
        package var residentDigest: TableDigest
        /// When the latest entry was written; nil before the first.
        package var recordedAt: Int64?
    }

    package static func head(_ db: Database) throws -> Head {
        guard let row = try Row.fetchOne(db, sql: "SELECT seq, hash, resident_digest, recorded_at FROM audit_entry ORDER BY seq DESC LIMIT 1") else {
            return Head(seq: 0, hash: genesis, residentDigest: TableDigest(), recordedAt: nil)
        }
        return Head(seq: row["seq"], hash: row["hash"], residentDigest: TableDigest(hex: row["resident_digest"]) ?? TableDigest(),
                    recordedAt: row["recorded_at"])
    }

    /// Whether `first`, the chain's first entry, opens a test-clock data directory: an initialize
    /// entry, unaltered (its hash is its own), whose detail carries the mark.
    static func opensTestClockChain(_ first: Row) -> Bool {
        let fields = EntryFields(row: first)
        return fields.action == AuditAction.initialize.rawValue && fields.hash == first["hash"]
            && fields.detail.split(separator: " ").contains(Substring(testClockDetail))
    }

    static func keyColumn(of table: String) -> String? {
        Schema.auditedTables.first { $0.table == table }?.key
    }

    /// Appends one entry. `residentDigest` is the resident table's digest after the change, for
    /// changes to residents; other entries carry the previous value forward.
    @discardableResult
    package static func append(_ db: Database, in database: AppDatabase, staff: String?, action: AuditAction, subject: AuditSubject?,
                       detail: String, residentDigest: TableDigest? = nil) throws -> Int64 {
        let head = try head(db)
        let clockNow = database.clock.now()
        var now = clockNow, detail = detail
        // A clock turned back would date this record before one already written: refused, since
        // the chain's order is the order things happened in. Test-clock directories are exempt:
        // tests and demos move KIOSK_TODAY back and forth on purpose, and their records say TEST.
        if !database.testClock, let latest = head.recordedAt, clockNow < latest {
            if action.isSignInBookkeeping {
                now = latest
                detail += " clock=\(database.clock.local(clockNow))"
            } else if action != .clockCorrected {
                throw KioskError.clockBehindAuditLog(latestEntry: database.clock.local(latest), now: database.clock.local(clockNow))
            }
        }
        var recordDigest: String?
        if let subject, let key = keyColumn(of: subject.table) {
            recordDigest = try RowDigest.ofRecord(db, table: subject.table, keyColumn: key, key: subject.id)?.hex
        }
        let fields = EntryFields(seq: head.seq + 1, id: RecordID.make(at: now), servicePoint: database.servicePoint.code,
                                 recordedAt: now, staffID: staff, action: action.rawValue, subjectTable: subject?.table,
                                 subjectID: subject?.id, recordDigest: recordDigest,
                                 residentDigest: (residentDigest ?? head.residentDigest).hex, detail: detail, prevHash: head.hash)
        try db.execute(sql: """
            INSERT INTO audit_entry (seq, id, service_point, recorded_at, staff_id, action, subject_table, subject_id,
                                     record_digest, resident_digest, detail, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [fields.seq, fields.id, fields.servicePoint, fields.recordedAt, fields.staffID, fields.action,
                             fields.subjectTable, fields.subjectID, fields.recordDigest, fields.residentDigest, fields.detail,
                             fields.prevHash, fields.hash])
        if let anchorFile = database.anchorFile {
            let (seq, hash) = (fields.seq, fields.hash)
            db.afterNextTransaction { _ in anchorFile.record(seq: seq, hash: hash) }
        }
        return fields.seq
    }

    /// The columns of an entry that its hash covers: all but the hash itself.
    struct EntryFields {
        var seq: Int64
        var id: String
        var servicePoint: String
        var recordedAt: Int64
        var staffID: String?
        var action: String
        var subjectTable: String?
        var subjectID: String?
        var recordDigest: String?
        var residentDigest: String
        var detail: String
        var prevHash: String

        init(seq: Int64, id: String, servicePoint: String, recordedAt: Int64, staffID: String?, action: String,
             subjectTable: String?, subjectID: String?, recordDigest: String?, residentDigest: String, detail: String, prevHash: String) {
            self.seq = seq
            self.id = id
            self.servicePoint = servicePoint
            self.recordedAt = recordedAt
            self.staffID = staffID
            self.action = action
            self.subjectTable = subjectTable
            self.subjectID = subjectID
            self.recordDigest = recordDigest
            self.residentDigest = residentDigest
            self.detail = detail
            self.prevHash = prevHash
        }

        init(row: Row) {
            self.init(seq: row["seq"], id: row["id"], servicePoint: row["service_point"], recordedAt: row["recorded_at"],
                      staffID: row["staff_id"], action: row["action"], subjectTable: row["subject_table"],
                      subjectID: row["subject_id"], recordDigest: row["record_digest"], residentDigest: row["resident_digest"],
                      detail: row["detail"], prevHash: row["prev_hash"])
        }

        var hash: String {
            var digest = RowDigest(table: "audit_entry")
            digest.appendInteger(seq)
            digest.appendText(id)
            digest.appendText(servicePoint)
            digest.appendInteger(recordedAt)
            digest.appendText(staffID)
            digest.appendText(action)
            digest.appendText(subjectTable)
            digest.appendText(subjectID)
            digest.appendText(recordDigest)
            digest.appendText(residentDigest)
            digest.appendText(detail)
            digest.appendText(prevHash)
            return digest.finalize().hex
        }
    }

    /// Refuses to write over a record that no longer matches its latest entry, or that no entry
    /// covers: an edit made outside the kiosk stays found, instead of being covered by the next
    /// entry (a failed sign-in would otherwise record an edited staff row as its own).
    package static func requireIntact(_ db: Database, _ subject: AuditSubject) throws {
        guard let key = keyColumn(of: subject.table) else { return }
        let latest = try Row.fetchOne(db, sql: """
            SELECT seq, record_digest FROM audit_entry WHERE subject_table = ? AND subject_id = ? ORDER BY seq DESC LIMIT 1
            """, arguments: [subject.table, subject.id])
        let current = try RowDigest.ofRecord(db, table: subject.table, keyColumn: key, key: subject.id)?.hex
        guard let latest else {
            if current != nil { throw KioskError.recordChangedOutsideKiosk(table: subject.table, id: subject.id, seq: 0) }
            return
        }
        if current != latest["record_digest"] as String? {
            throw KioskError.recordChangedOutsideKiosk(table: subject.table, id: subject.id, seq: latest["seq"])
        }
    }

    /// The service point's metadata as the first entry recorded it (`key=value` words of its
    /// detail): every row of kiosk_meta must say the same (`created_at` only where the first entry
    /// has it: databases made before it was written there do not).
    static func metadataFindings(_ db: Database) throws -> [AuditFinding] {
        let initialDetail = try String.fetchOne(db, sql: "SELECT detail FROM audit_entry WHERE seq = 1 AND action = ?",
                                                arguments: [AuditAction.initialize.rawValue])
        guard let initialDetail else { return [] }
        let recorded = Dictionary(initialDetail.split(separator: " ").compactMap { word -> (String, String)? in
            let parts = word.split(separator: "=", maxSplits: 1)
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }, uniquingKeysWith: { first, _ in first })
        var stored = Dictionary(try Row.fetchAll(db, sql: "SELECT key, value FROM kiosk_meta").map {
            ($0["key"] as String, $0["value"] as String)
        }, uniquingKeysWith: { first, _ in first })
        if recorded["created_at"] == nil { stored["created_at"] = nil }
        // A row added or changed, and one the first entry names that was deleted.
        return Set(stored.keys).union(recorded.keys).sorted().compactMap { key in
            recorded[key] == stored[key] ? nil : .metadataAltered(key: key)
        }
    }

    /// Recomputes the chain, every covered record's digest and the resident table's digest,
    /// checks the append-only guards and the metadata, and checks the entries named by anchors
    /// kept outside the database.
    static func verify(_ db: Database, anchors: [AuditAnchor] = []) throws -> AuditVerification {
        var findings: [AuditFinding] = []
        var expectedSeq: Int64 = 1
        var previousHash = genesis
        var latest: [String: [String: (seq: Int64, digest: String?)]] = [:]
        var residentDigest = TableDigest().hex
        var residentDigestSeq: Int64 = 0
        var entries = 0
        var anchored = Dictionary(anchors.map { ($0.seq, $0.hash) }, uniquingKeysWith: { first, _ in first })

        let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit_entry ORDER BY seq")
        while let row = try cursor.next() {
            entries += 1
            let fields = EntryFields(row: row)
            if fields.seq != expectedSeq { findings.append(.sequenceGap(expected: expectedSeq, found: fields.seq)) }
            if fields.prevHash != previousHash { findings.append(.chainBroken(seq: fields.seq)) }
            let stored: String = row["hash"]
            if fields.hash != stored { findings.append(.entryAltered(seq: fields.seq)) }
            if let table = fields.subjectTable, let id = fields.subjectID, keyColumn(of: table) != nil {
                latest[table, default: [:]][id] = (fields.seq, fields.recordDigest)
            }
            if fields.residentDigest != residentDigest {
                residentDigest = fields.residentDigest
                residentDigestSeq = fields.seq
            }
            if let expected = anchored.removeValue(forKey: fields.seq), expected != stored {
                findings.append(.anchorMismatch(seq: fields.seq))
            }
            previousHash = stored
            expectedSeq = fields.seq + 1
        }

        for (table, key) in Schema.auditedTables {
            var covered = latest[table] ?? [:]
            try eachRow(db, sql: "SELECT \(key), * FROM \(table)", table: table) { id, digest in
                if let entry = covered.removeValue(forKey: id) {
                    if entry.digest != digest.hex { findings.append(.recordAltered(seq: entry.seq, table: table, id: id)) }
                } else {
                    findings.append(.recordUnaudited(table: table, id: id))
                }
            }
            for (id, entry) in covered where entry.digest != nil {
                findings.append(.recordMissing(seq: entry.seq, table: table, id: id))
            }
        }

        findings += anchored.keys.map { AuditFinding.anchorMismatch(seq: $0) }
        findings += try Schema.unguardedTables(db).map { AuditFinding.appendOnlyGuardMissing(table: $0) }
        findings += try metadataFindings(db)
        if try residentTableDigest(db).hex != residentDigest {
            findings.append(.residentsAltered(seq: residentDigestSeq))
        }
        findings.sort { ($0.seq ?? .max) < ($1.seq ?? .max) }
        return AuditVerification(entries: entries, findings: findings)
    }

    /// The digest of one resident's row, or nil when there is none.
    package static func residentDigest(_ db: Database, _ id: ResidentID, in table: String = "resident") throws -> SHA256.Digest? {
        var digest: SHA256.Digest?
        try eachRow(db, sql: "SELECT NULL, \(ResidentColumns.list) FROM \(table) WHERE id_number = ?", arguments: [id.fullNumber],
                    table: "resident") { _, row in digest = row }
        return digest
    }

    /// The digest of the resident table as it is now, recomputed row by row.
    static func residentTableDigest(_ db: Database) throws -> TableDigest {
        var total = TableDigest()
        try eachRow(db, sql: "SELECT NULL, \(ResidentColumns.list) FROM resident", table: "resident") { _, digest in total.add(digest) }
        return total
    }

    /// Steps `sql`, whose first column is the key and the rest the table's columns, digesting each row.
    private static func eachRow(_ db: Database, sql: String, arguments: StatementArguments = [], table: String,
                                _ body: (String, SHA256.Digest) -> Void) throws {
        let statement = try db.cachedStatement(sql: sql)
        try statement.setArguments(arguments)
        let raw = statement.sqliteStatement
        defer { sqlite3_reset(raw) }
        while true {
            let code = sqlite3_step(raw)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            let key = sqlite3_column_text(raw, 0).map { String(cString: $0) } ?? ""
            body(key, RowDigest.of(statement: raw, table: table, firstColumn: 1))
        }
    }
}
