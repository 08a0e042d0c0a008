import Domain
import Foundation
import GRDB

/// What the kiosk's database gives the city hub, and keeps of what the hub sends down.
extension AppDatabase {
    /// The records that go up with the audit entries covering them: for each table, when a record
    /// happened, who recorded it, and which resident it is about.
    private static let pushedTables: [String: (time: String, staff: String, resident: String)] = [
        "certification": ("certified_at", "t.staff_id", "t.resident_id"),
        "contact_change": ("changed_at", "t.staff_id", "t.resident_id"),
        "death_report": ("reported_at", "t.staff_id", "t.resident_id"),
        "enrolled_print": ("enrolled_at", "t.staff_id", "t.resident_id"),
        "fraud_alert": ("raised_at", "t.raised_by", "t.resident_id"),
        "visit_booking": ("booked_at", "t.staff_id", "t.resident_id"),
        "visit_event": ("at", "t.staff_id", "(SELECT b.resident_id FROM visit_booking b WHERE b.id = t.booking_id)"),
        "photo_certification": ("captured_at", "t.staff_id", "t.resident_id"),
        "photo_review": ("reviewed_at", "t.staff_id", "(SELECT p.resident_id FROM photo_certification p WHERE p.id = t.photo_certification_id)"),
        "roster_import": ("imported_at", "t.staff_id", "NULL"),
    ]

    /// This kiosk's audit entry `seq`'s hash, or nil when the chain is shorter; and the chain's length.
    package func auditChain(at seq: Int64) throws(KioskError) -> (hash: String?, length: Int64) {
        try read { db in
            (try String.fetchOne(db, sql: "SELECT hash FROM audit_entry WHERE seq = ?", arguments: [seq]),
             try Int64.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM audit_entry") ?? 0)
        }
    }

    /// Up to `limit` audit entries after `seq`, in order, each with the record it covers as it is
    /// now (a record removed since, such as an unenrolled print, goes up as its entry alone).
    package func hubBatch(after seq: Int64, limit: Int) throws(KioskError) -> HubBatch {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM audit_entry WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [seq, limit])
            var entries: [HubEntry] = []
            var latest: [String: (table: String, seq: Int64)] = [:]
            for row in rows {
                let entry = HubEntry(seq: row["seq"], id: row["id"], recordedAt: row["recorded_at"], staffID: row["staff_id"], action: row["action"],
                                     subjectTable: row["subject_table"], subjectID: row["subject_id"], recordDigest: row["record_digest"],
                                     residentDigest: row["resident_digest"], detail: row["detail"], prevHash: row["prev_hash"], hash: row["hash"])
                entries.append(entry)
                if let table = entry.subjectTable, let id = entry.subjectID, Self.pushedTables[table] != nil { latest[id] = (table, entry.seq) }
            }
            let records = try latest.sorted { $0.value.seq < $1.value.seq }.compactMap { id, subject in
                try hubRecord(db, table: subject.table, id: id, auditSeq: subject.seq)
            }
            return HubBatch(entries: entries, records: records, sentAt: clock.now())
        }
    }

    private func hubRecord(_ db: Database, table: String, id: String, auditSeq: Int64) throws -> HubRecord? {
        let (time, staff, resident) = Self.pushedTables[table]!
        guard let row = try Row.fetchOne(db, sql: """
            SELECT t.*, (SELECT s.name FROM staff s WHERE s.id = \(staff)) AS staff_name, \(resident) AS hub_resident,
                   (SELECT r.insured_region FROM resident r WHERE r.id_number = \(resident)) AS hub_region
            FROM \(table) t WHERE t.id = ?
            """, arguments: [id]) else { return nil }
        var body: [String: Any] = [:]
        for (column, value) in row where !column.hasPrefix("hub_") {
            switch value.storage {
            case .null: continue
            case .int64(let number): body[column] = number
            case .double(let number): body[column] = number
            case .string(let text): body[column] = text
            // Sealed prints stay sealed: the hub holds the same ciphertext, never the key.
            case .blob(let data): body[column] = data.base64EncodedString()
            }
        }
        let json = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        return HubRecord(kind: table, id: id, residentID: row["hub_resident"], residentRegion: row["hub_region"], at: row[time],
                         auditSeq: auditSeq, body: String(decoding: json, as: UTF8.self))
    }

    /// Where the last pull got to in the hub's commit order.
    package func hubPullCursor() throws(KioskError) -> HubCursor {
        try read { db in
            try String.fetchOne(db, sql: "SELECT pull_cursor FROM hub_sync").flatMap(HubCursor.init) ?? .start
        }
    }

    /// When this kiosk last finished a sync with the hub (milliseconds), if ever.
    public func lastHubSync() throws(KioskError) -> Int64? {
        try read { db in try lastHubSync(db) }
    }

    package func lastHubSync(_ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT synced_at FROM hub_sync")
    }

    package func recordHubSync(at moment: Int64) throws(KioskError) {
        try write { db in
            try db.execute(sql: """
                INSERT INTO hub_sync (id, pull_cursor, synced_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET synced_at = excluded.synced_at
                """, arguments: [HubCursor.start.description, moment])
        }
    }

    /// Keeps a record the hub sent down (once: a record sent again is ignored) and the cursor
    /// after it, inside the caller's write. Returns whether it was new. A record this kiosk holds
    /// as its own (one a restored kiosk takes back, and still had) is never kept twice.
    package func keepCityRecord(_ db: Database, _ record: CityRecord) throws -> Bool {
        // The kinds' raw values are the names of this kiosk's own tables.
        guard try !Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(record.kind.rawValue) WHERE id = ?)", arguments: [record.id])! else {
            return false
        }
        try db.execute(sql: """
            INSERT INTO city_record (id, service_point, kind, resident_id, at, body, pulled_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO NOTHING
            """, arguments: [record.id, record.servicePoint, record.kind.rawValue, record.residentID, record.at, record.body, clock.now()])
        return db.changesCount > 0
    }

    package func setHubPullCursor(_ db: Database, _ cursor: HubCursor) throws {
        try db.execute(sql: """
            INSERT INTO hub_sync (id, pull_cursor) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET pull_cursor = excluded.pull_cursor
            """, arguments: [cursor.description])
    }

    /// Whether `field` of the resident's contact changed here in an entry after `seq` (not yet on the hub).
    package func contactChanged(_ db: Database, _ id: ResidentID, field: ContactChange.Field, after seq: Int64) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM contact_change c JOIN audit_entry a ON a.subject_table = 'contact_change' AND a.subject_id = c.id
                           WHERE c.resident_id = ? AND c.field = ? AND a.seq > ?)
            """, arguments: [id.fullNumber, field.rawValue, seq]) ?? false
    }

    /// Sets the resident's contact as changed elsewhere, inside the caller's write (which updates
    /// the resident table's digest).
    package func applyContact(_ db: Database, _ id: ResidentID, field: ContactChange.Field, value: String) throws {
        try db.execute(sql: "UPDATE resident SET local_\(field.rawValue) = ? WHERE id_number = ?", arguments: [value, id.fullNumber])
    }

    /// The latest certification anywhere in the city dated after a death reported anywhere, if any.
    package func certificationAfterDeath(_ db: Database, _ id: ResidentID) throws -> PosthumousCertification? {
        guard let died = try String.fetchOne(db, sql: "SELECT min(date_of_death) FROM death_anywhere WHERE resident_id = ?", arguments: [id.fullNumber])
            .flatMap(CivilDate.init) else { return nil }
        guard let latest = try Int64.fetchOne(db, sql: "SELECT max(certified_at) FROM certification_anywhere WHERE resident_id = ?",
                                              arguments: [id.fullNumber]) else { return nil }
        let certified = clock.local(latest).date
        return certified > died ? PosthumousCertification(certifiedOn: certified, diedOn: died) : nil
    }

    /// Where the pull of the bureau's staff accounts got to.
    package func hubStaffCursor() throws(KioskError) -> HubCursor {
        try read { db in
            try String.fetchOne(db, sql: "SELECT staff_cursor FROM hub_sync").flatMap(HubCursor.init) ?? .start
        }
    }

    package func setHubStaffCursor(_ db: Database, _ cursor: HubCursor) throws {
        try db.execute(sql: """
            INSERT INTO hub_sync (id, pull_cursor, staff_cursor) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET staff_cursor = excluded.staff_cursor
            """, arguments: [HubCursor.start.description, cursor.description])
    }

    /// Makes the kiosk's account of that name what the hub says, inside the caller's write, with an
    /// audit entry by `staff` (who synced). The hub's account replaces a kiosk account of the same
    /// name; one that may not work here is kept but inactive (its records stay attributed to it).
    /// Returns whether anything changed here.
    package func applyHubStaff(_ db: Database, _ account: HubStaffAccount, by staff: StaffMember) throws -> Bool {
        let detail = "role=\(account.role.rawValue) active=\(account.mayWorkHere ? 1 : 0) from=hub"
        if let row = try StaffRow.named(account.name, in: db) {
            guard row.role != account.role.rawValue || row.passwordHash != account.passwordHash || row.active != account.mayWorkHere else { return false }
            try AuditLog.requireIntact(db, AuditSubject(table: "staff", id: row.id))
            try db.execute(sql: "UPDATE staff SET role = ?, password_hash = ?, active = ? WHERE id = ?",
                           arguments: [account.role.rawValue, account.passwordHash, account.mayWorkHere, row.id])
            try AuditLog.append(db, in: self, staff: staff.id, action: .staffSynced, subject: .init(table: "staff", id: row.id), detail: detail)
            return true
        }
        guard account.mayWorkHere else { return false }
        let member = try StaffAccounts.insert(db, name: account.name, role: account.role, passwordHash: account.passwordHash, createdBy: staff.id, in: self)
        try AuditLog.append(db, in: self, staff: staff.id, action: .staffSynced, subject: .init(table: "staff", id: member.id), detail: detail)
        return true
    }

    package func residentExists(_ db: Database, _ id: ResidentID) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM resident WHERE id_number = ?)", arguments: [id.fullNumber]) ?? false
    }

    // MARK: Prints sealed to the bureau

    /// Up to `limit` enrolled prints not yet on the hub sealed to bureau key `keyID`, each opened
    /// (nil: it would not open, so it cannot be sealed), with when it was enrolled (milliseconds).
    package func printsAwaitingBureau(keyID: String, limit: Int) throws(KioskError) -> [(id: String, print: StoredPrint?, enrolledAt: Int64)] {
        let rows = try read { db in
            try EnrolledPrintRow.fetchAll(db, sql: """
                SELECT p.* FROM enrolled_print p LEFT JOIN bureau_template b ON b.print_id = p.id
                WHERE b.print_id IS NULL OR b.key_id <> ? ORDER BY p.enrolled_at, p.id LIMIT ?
                """, arguments: [keyID, limit])
        }
        return rows.map { row in (row.id, try? storedPrint(row), row.enrolledAt) }
    }

    /// Up to `limit` prints whose minutiae went up to the hub but which are no longer enrolled here.
    package func bureauTemplatesWithdrawn(limit: Int) throws(KioskError) -> [String] {
        try read { db in
            try String.fetchAll(db, sql: """
                SELECT print_id FROM bureau_template WHERE print_id NOT IN (SELECT id FROM enrolled_print) ORDER BY print_id LIMIT ?
                """, arguments: [limit])
        }
    }

    /// Notes what the hub now holds, inside the caller's write: `sent` prints under `keyID`
    /// (`sealed` false: nothing to seal), and `withdrawn` ones gone from it.
    package func recordBureauTemplates(_ db: Database, sent: [(printID: String, sealed: Bool)], keyID: String, withdrawn: [String]) throws {
        let now = clock.now()
        for print in sent {
            try db.execute(sql: """
                INSERT INTO bureau_template (print_id, key_id, sealed, sent_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (print_id) DO UPDATE SET key_id = excluded.key_id, sealed = excluded.sealed, sent_at = excluded.sent_at
                """, arguments: [print.printID, keyID, print.sealed, now])
        }
        for id in withdrawn { try db.execute(sql: "DELETE FROM bureau_template WHERE print_id = ?", arguments: [id]) }
    }
}
