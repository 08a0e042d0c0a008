import Domain
import Foundation
import Logging
import PostgresNIO

extension HubClient {
    /// The hub on PostgreSQL, through `connection` made with the service point's own role: what it
    /// may read and write is the database's row-level security, not this code's goodwill.
    public static func live(_ connection: HubConnection) -> HubClient {
        HubClient(
            head: { () async throws(HubFailure) -> HubHead in
                try await connection.transaction { db in try await head(db, lock: false) }
            },
            push: { (expecting: HubHead, batch: HubBatch) async throws(HubFailure) -> HubHead in
                try await connection.transaction { db in
                    // The head row is locked until commit: two pushes of one chain never interleave.
                    let current = try await head(db, lock: true)
                    guard current == expecting else { throw HubFailure.moved(current) }
                    var previous = current.hash ?? String(repeating: "0", count: 64), seq = current.seq
                    for entry in batch.entries {
                        // The chain arrives whole and in order, or not at all.
                        guard entry.seq == seq + 1, entry.prevHash == previous else {
                            throw HubFailure.rejected("entry \(entry.seq) does not follow entry \(seq)")
                        }
                        (seq, previous) = (entry.seq, entry.hash)
                    }
                    // The whole batch in two statements, each row from a JSON array (JSON's null is
                    // SQL's NULL): a push costs two round trips however many entries it carries.
                    try await db.query("""
                        INSERT INTO city.audit_entry (service_point, seq, id, recorded_at, staff_id, action, subject_table, subject_id,
                                                      record_digest, resident_digest, detail, prev_hash, hash)
                        SELECT (SELECT city.my_point()), seq, id, recorded_at, staff_id, action, subject_table, subject_id,
                               record_digest, resident_digest, detail, prev_hash, hash
                        FROM jsonb_to_recordset(\(try jsonArray(batch.entries.map(entryFields)))::jsonb)
                          AS e(seq bigint, id text, recorded_at bigint, staff_id text, action text, subject_table text, subject_id text,
                               record_digest text, resident_digest text, detail text, prev_hash text, hash text)
                        """, logger: connection.logger)
                    // Idempotent by id; a record that changed since (an alert settled) replaces its
                    // earlier copy, never the other way round. A copy whose entry was forked (a
                    // restored kiosk's, `fork`) gives way to the one the chain covers now. Arrival
                    // numbers follow the batch's order.
                    try await db.query("""
                        INSERT INTO city.record (id, service_point, kind, resident_id, resident_region, at, hub_at, audit_seq, body)
                        SELECT id, (SELECT city.my_point()), kind, resident_id, resident_region, at, city.hub_time(at, \(batch.sentAt)),
                               audit_seq, body::jsonb
                        FROM ROWS FROM (jsonb_to_recordset(\(try jsonArray(batch.records.map(recordFields)))::jsonb)
                                        AS (id text, kind text, resident_id text, resident_region text, at bigint, audit_seq bigint, body text))
                          WITH ORDINALITY AS r(id, kind, resident_id, resident_region, at, audit_seq, body, position)
                        ORDER BY position
                        ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body, audit_seq = EXCLUDED.audit_seq, at = EXCLUDED.at, hub_at = EXCLUDED.hub_at,
                            committed_by = pg_current_xact_id()::text::bigint, arrival = nextval('city.arrival'), received_at = now(), fork = NULL
                        WHERE city.record.audit_seq < EXCLUDED.audit_seq OR city.record.fork IS NOT NULL
                        """, logger: connection.logger)
                    let next = HubHead(seq: seq, hash: current.seq == seq ? current.hash : previous)
                    try await db.query("""
                        UPDATE city.push_head SET seq = \(next.seq), hash = \(next.hash), pushed_at = now() WHERE service_point = (SELECT city.my_point())
                        """, logger: connection.logger)
                    return next
                }
            },
            pull: { (after: HubCursor, limit: Int) async throws(HubFailure) -> HubPull in
                try await connection.transaction { db in
                    // Only rows of transactions older than every one still running: a row committed
                    // later can never sort before the cursor, so none is skipped.
                    let rows = try await db.query("""
                        SELECT id, service_point, kind, resident_id, at, body::text, committed_by, arrival, \(unescaped: isLatest)
                        FROM city.record r
                        WHERE kind IN ('certification', 'death_report', 'contact_change') AND service_point <> (SELECT city.my_point())
                          AND resident_region = ANY ((SELECT city.my_districts())::text[]) AND resident_id IS NOT NULL
                          AND (committed_by, arrival) > (\(after.transaction), \(after.arrival))
                          AND committed_by < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
                        ORDER BY committed_by, arrival LIMIT \(limit)
                        """, logger: connection.logger)
                    var records: [CityRecord] = []
                    var next = after
                    for try await (id, point, kind, resident, at, body, transaction, arrival, latest)
                        in rows.decode((String, String, String, String, Int64, String, Int64, Int64, Bool).self) {
                        next = HubCursor(transaction: transaction, arrival: arrival)
                        guard let kind = CityRecordKind(rawValue: kind) else { continue }
                        records.append(CityRecord(kind: kind, id: id, servicePoint: point, residentID: resident, at: at, body: body, latest: latest))
                    }
                    return HubPull(records: records, next: next)
                }
            },
            pullRoster: rosterPull(connection),
            pullStaff: { (after: HubCursor, limit: Int) async throws(HubFailure) -> HubStaffPull in
                try await connection.transaction { db in
                    // Read in commit order below every running transaction, as the records are.
                    let rows = try await db.query("""
                        SELECT name, role, password_hash, active AND (SELECT city.my_point()) = ANY (points), committed_by, arrival
                        FROM city.staff_account
                        WHERE (committed_by, arrival) > (\(after.transaction), \(after.arrival))
                          AND committed_by < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
                        ORDER BY committed_by, arrival LIMIT \(limit)
                        """, logger: connection.logger)
                    var accounts: [HubStaffAccount] = []
                    var next = after
                    for try await (name, role, hash, mayWorkHere, transaction, arrival)
                        in rows.decode((String, String, String, Bool, Int64, Int64).self) {
                        next = HubCursor(transaction: transaction, arrival: arrival)
                        guard let role = StaffRole(rawValue: role) else { continue }
                        accounts.append(HubStaffAccount(name: name, role: role, passwordHash: hash, mayWorkHere: mayWorkHere))
                    }
                    return HubStaffPull(accounts: accounts, next: next)
                }
            },
            entryHash: { (seq: Int64) async throws(HubFailure) -> String? in
                try await connection.transaction { db in
                    let rows = try await db.query("""
                        SELECT hash FROM city.audit_entry WHERE service_point = (SELECT city.my_point()) AND seq = \(seq)
                        """, logger: connection.logger)
                    for try await hash in rows.decode(String.self) { return hash }
                    return nil
                }
            },
            fork: { (expecting: HubHead, after: HubHead, reason: String) async throws(HubFailure) -> HubFork in
                try await connection.transaction { db in
                    // Under the head's lock, as a push: a push or another fork that got there first moved it.
                    let current = try await head(db, lock: true)
                    guard current == expecting else { throw HubFailure.moved(current) }
                    let rows = try await db.query("SELECT * FROM city.fork_after(\(after.seq), \(after.hash), \(reason))", logger: connection.logger)
                    for try await (number, entries) in rows.decode((Int64, Int64).self) { return HubFork(number: number, entries: entries) }
                    throw HubFailure.rejected("the hub made no fork")
                }
            },
            forkedRecords: { () async throws(HubFailure) -> [CityRecord] in
                try await connection.transaction { db in
                    let rows = try await db.query("""
                        SELECT id, service_point, kind, resident_id, at, body::text, \(unescaped: isLatest)
                        FROM city.record r
                        WHERE service_point = (SELECT city.my_point()) AND fork IS NOT NULL AND resident_id IS NOT NULL
                          AND kind IN ('certification', 'death_report', 'contact_change')
                        ORDER BY committed_by, arrival
                        """, logger: connection.logger)
                    var records: [CityRecord] = []
                    for try await (id, point, kind, resident, at, body, latest) in rows.decode((String, String, String, String, Int64, String, Bool).self) {
                        guard let kind = CityRecordKind(rawValue: kind) else { continue }
                        records.append(CityRecord(kind: kind, id: id, servicePoint: point, residentID: resident, at: at, body: body, latest: latest))
                    }
                    return records
                }
            },
            putTemplates: { (sealed: [BureauTemplate], withdrawn: [String]) async throws(HubFailure) in
                _ = try await connection.transaction { db in
                    // A print sent again (a sync interrupted after the hub's commit, or under a new
                    // bureau key) replaces its copy, which the next duplicate check looks at again.
                    if !sealed.isEmpty {
                        try await db.query("""
                            INSERT INTO city.print_template (service_point, print_id, resident_id, finger, driver, key_id, sealed, enrolled_at)
                            SELECT (SELECT city.my_point()), print_id, resident_id, finger, driver, key_id, decode(sealed, 'base64'), enrolled_at
                            FROM jsonb_to_recordset(\(try jsonArray(sealed.map(templateFields)))::jsonb)
                              AS t(print_id text, resident_id text, finger text, driver text, key_id text, sealed text, enrolled_at bigint)
                            ON CONFLICT (service_point, print_id) DO UPDATE SET resident_id = EXCLUDED.resident_id, finger = EXCLUDED.finger,
                                driver = EXCLUDED.driver, key_id = EXCLUDED.key_id, sealed = EXCLUDED.sealed, enrolled_at = EXCLUDED.enrolled_at,
                                received_at = now(), arrival = nextval('city.arrival'), checked_in = NULL
                            """, logger: connection.logger)
                    }
                    if !withdrawn.isEmpty {
                        try await db.query("""
                            DELETE FROM city.print_template WHERE service_point = (SELECT city.my_point()) AND print_id = ANY (\(withdrawn))
                            """, logger: connection.logger)
                    }
                }
            },
            close: { await connection.close() }
        )
    }

    private static func templateFields(_ template: BureauTemplate) -> [String: Any] {
        ["print_id": template.printID, "resident_id": template.residentID, "finger": template.finger.rawValue, "driver": template.driver,
         "key_id": template.keyID, "sealed": Data(template.sealed).base64EncodedString(), "enrolled_at": template.enrolledAt]
    }

    private static func entryFields(_ entry: HubEntry) -> [String: Any] {
        ["seq": entry.seq, "id": entry.id, "recorded_at": entry.recordedAt, "staff_id": entry.staffID ?? NSNull(), "action": entry.action,
         "subject_table": entry.subjectTable ?? NSNull(), "subject_id": entry.subjectID ?? NSNull(),
         "record_digest": entry.recordDigest ?? NSNull(), "resident_digest": entry.residentDigest, "detail": entry.detail,
         "prev_hash": entry.prevHash, "hash": entry.hash]
    }

    private static func recordFields(_ record: HubRecord) -> [String: Any] {
        ["id": record.id, "kind": record.kind, "resident_id": record.residentID ?? NSNull(), "resident_region": record.residentRegion ?? NSNull(),
         "at": record.at, "audit_seq": record.auditSeq, "body": record.body]
    }


    /// Whether the record `r` is the latest of its kind: always, but for a contact change, when no
    /// change to the same field of the resident is later on the hub's clock (ties: the greater id),
    /// whichever point made it.
    private static let isLatest = """
        r.kind <> 'contact_change' OR NOT EXISTS (
          SELECT 1 FROM city.record o WHERE o.resident_id = r.resident_id AND o.kind = 'contact_change'
            AND o.body->>'field' = r.body->>'field' AND (o.hub_at, o.id) > (r.hub_at, r.id))
        """

    /// This service point's head; a point never pushed before gets its row (seq 0).
    private static func head(_ db: PostgresConnection, lock: Bool) async throws -> HubHead {
        let logger = Logger(label: "kiosk.hub", factory: { _ in SwiftLogNoOpLogHandler() })
        var point: String?
        for try await code in try await db.query("SELECT city.my_point()", logger: logger).decode(String?.self) { point = code }
        guard point != nil else { throw HubFailure.refused("this role is not a registered service point, or it was revoked") }
        try await db.query("""
            INSERT INTO city.push_head (service_point, seq) VALUES ((SELECT city.my_point()), 0) ON CONFLICT (service_point) DO NOTHING
            """, logger: logger)
        let rows = try await db.query(lock ? "SELECT seq, hash FROM city.push_head WHERE service_point = (SELECT city.my_point()) FOR UPDATE"
                                           : "SELECT seq, hash FROM city.push_head WHERE service_point = (SELECT city.my_point())", logger: logger)
        for try await (seq, hash) in rows.decode((Int64, String?).self) { return HubHead(seq: seq, hash: hash) }
        throw HubFailure.rejected("no push head for this service point")
    }
}
