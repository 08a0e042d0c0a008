import GRDB

/// The database schema, as named migrations. Migrations are appended, never edited once shipped,
/// and use plain SQL rather than app types because they describe the past.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-29-core", migrate: core)
        migrator.registerMigration("2026-11-29-fingerprints", migrate: fingerprints)
        migrator.registerMigration("2026-11-29-home-visits", migrate: homeVisits)
        migrator.registerMigration("2026-11-29-photos", migrate: photos)
        migrator.registerMigration("2026-11-30-repeat-certification", migrate: repeatCertification)
        migrator.registerMigration("2026-11-30-posthumous-alerts", migrate: posthumousAlerts)
        migrator.registerMigration("2026-11-30-visit-age-override", migrate: visitAgeOverride)
        migrator.registerMigration("2026-11-30-residence", migrate: residence)
        migrator.registerMigration("2026-12-01-print-format", migrate: printFormat)
        migrator.registerMigration("2026-12-02-receipts-pending", migrate: receiptsPending)
        migrator.registerMigration("2026-12-02-same-photo-alerts", migrate: samePhotoAlerts)
        migrator.registerMigration("2026-12-03-resident-initials", migrate: residentInitials)
        migrator.registerMigration("2026-12-04-short-numbers", migrate: shortNumbers)
        migrator.registerMigration("2026-12-04-city-records", migrate: cityRecords)
        migrator.registerMigration("2026-12-05-hub-staff", migrate: hubStaff)
        migrator.registerMigration("2026-12-05-city-roster", migrate: cityRoster)
        migrator.registerMigration("2026-12-06-bureau-templates", migrate: bureauTemplates)
        migrator.registerMigration("2026-12-06-audit-by-action", migrate: auditByAction)
        return migrator
    }

    /// Tables whose records the audit log covers one by one, with their key column.
    static let auditedTables: [(table: String, key: String)] = [
        ("staff", "id"), ("roster_import", "id"), ("certification", "id"), ("contact_change", "id"), ("death_report", "id"),
        ("enrolled_print", "id"), ("fraud_alert", "id"), ("visit_booking", "id"), ("visit_event", "id"),
        ("photo_certification", "id"), ("photo_review", "id"),
    ]

    private static func core(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE kiosk_meta (
              key TEXT PRIMARY KEY NOT NULL,
              value TEXT NOT NULL
            );

            CREATE TABLE staff (
              id TEXT PRIMARY KEY NOT NULL,
              service_point TEXT NOT NULL,
              name TEXT NOT NULL UNIQUE COLLATE NOCASE,
              role TEXT NOT NULL CHECK (role IN ('operator', 'supervisor', 'admin')),
              password_hash TEXT NOT NULL,
              failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
              locked_until INTEGER,
              active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
              created_at INTEGER NOT NULL,
              created_by TEXT REFERENCES staff(id)
            );

            -- The bureau's roster, one row per pensioner, keyed by the ID number. phone and address
            -- are what the bureau last sent; local_phone and local_address a contact change made
            -- here, which stands until the bureau sends a different value of its own.
            CREATE TABLE resident (
              id_number TEXT PRIMARY KEY NOT NULL CHECK (length(id_number) = 18),
              name TEXT NOT NULL,
              insured_region TEXT NOT NULL CHECK (length(insured_region) = 6),
              roster_status TEXT NOT NULL CHECK (roster_status IN ('normal', 'suspended', 'terminated')),
              suspended_since TEXT CHECK (suspended_since IS NULL OR length(suspended_since) = 7),
              monthly_pension INTEGER CHECK (monthly_pension IS NULL OR monthly_pension >= 0),
              phone TEXT,
              address TEXT,
              community TEXT,
              mobility TEXT CHECK (mobility IS NULL OR mobility IN ('none', 'elderly', 'disabled', 'ill')),
              last_certified TEXT CHECK (last_certified IS NULL OR length(last_certified) = 10),
              last_method TEXT CHECK (last_method IS NULL OR last_method IN ('face_app', 'silent', 'fingerprint', 'photo', 'home_visit', 'consulate')),
              local_phone TEXT,
              local_address TEXT
            ) WITHOUT ROWID;
            -- The birth month (digits 11-12 of the ID number) drives the monthly due list.
            CREATE INDEX resident_by_birth_month ON resident(substr(id_number, 11, 2), last_certified);
            -- Only the few not in normal payment, for the suspended and referred reports.
            CREATE INDEX resident_not_normal ON resident(roster_status, suspended_since)
              WHERE roster_status IN ('suspended', 'terminated');

            CREATE TABLE roster_import (
              id TEXT PRIMARY KEY NOT NULL,
              service_point TEXT NOT NULL,
              staff_id TEXT NOT NULL REFERENCES staff(id),
              imported_at INTEGER NOT NULL,
              file_name TEXT NOT NULL,
              file_sha256 TEXT NOT NULL,
              rows INTEGER NOT NULL,
              inserted INTEGER NOT NULL,
              updated INTEGER NOT NULL,
              unchanged INTEGER NOT NULL,
              rejected INTEGER NOT NULL
            );

            CREATE TABLE certification (
              id TEXT PRIMARY KEY NOT NULL,
              service_point TEXT NOT NULL,
              resident_id TEXT NOT NULL REFERENCES resident(id_number),
              certified_at INTEGER NOT NULL,
              method TEXT NOT NULL CHECK (method IN ('face_app', 'silent', 'fingerprint', 'photo', 'home_visit', 'consulate')),
              staff_id TEXT NOT NULL REFERENCES staff(id),
              evidence TEXT,
              receipt TEXT NOT NULL UNIQUE
            );
            CREATE INDEX certification_by_resident ON certification(resident_id, certified_at);
            CREATE INDEX certification_by_time ON certification(certified_at);

            CREATE TABLE contact_change (
              id TEXT PRIMARY KEY NOT NULL,
              service_point TEXT NOT NULL,
              resident_id TEXT NOT NULL REFERENCES resident(id_number),
              changed_at INTEGER NOT NULL,
              staff_id TEXT NOT NULL REFERENCES staff(id),
              field TEXT NOT NULL CHECK (field IN ('phone', 'address')),
              old_value TEXT,
              new_value TEXT NOT NULL
            );
            CREATE INDEX contact_change_by_resident ON contact_change(resident_id, changed_at);

            CREATE TABLE death_report (
              id TEXT PRIMARY KEY NOT NULL,
              service_point TEXT NOT NULL,
              resident_id TEXT NOT NULL UNIQUE REFERENCES resident(id_number),
              reported_at INTEGER NOT NULL,
              staff_id TEXT NOT NULL REFERENCES staff(id),
              date_of_death TEXT NOT NULL CHECK (length(date_of_death) = 10),
              reporter_name TEXT NOT NULL,
              reporter_relation TEXT NOT NULL,
              certificate_number TEXT NOT NULL
            );

            -- Append-only, each entry chained to the one before by SHA-256.
            CREATE TABLE audit_entry (
              seq INTEGER PRIMARY KEY NOT NULL,
              id TEXT NOT NULL UNIQUE,
              service_point TEXT NOT NULL,
              recorded_at INTEGER NOT NULL,
              staff_id TEXT,
              action TEXT NOT NULL,
              subject_table TEXT,
              subject_id TEXT,
              record_digest TEXT,
              resident_digest TEXT NOT NULL,
              detail TEXT NOT NULL,
              prev_hash TEXT NOT NULL,
              hash TEXT NOT NULL
            );
            CREATE INDEX audit_entry_by_subject ON audit_entry(subject_table, subject_id);
            """)
        // Records of what happened are never rewritten by the kiosk. The triggers stop a slip in
        // the kiosk's own code; tampering from outside is what `kiosk audit verify` catches.
        try appendOnly(db, ["certification", "contact_change", "death_report", "roster_import", "audit_entry"])
    }
}

extension Schema {
    static func fingerprints(_ db: Database) throws {
        try db.execute(sql: """
            -- Enrolled prints, sealed with AES-256-GCM under the print key (the key file is not in the
            -- database). The resident, finger, driver and device are bound into the seal, so a sealed
            -- print moved to another record no longer opens.
            CREATE TABLE enrolled_print (
              id TEXT PRIMARY KEY NOT NULL,
              service_point TEXT NOT NULL,
              resident_id TEXT NOT NULL REFERENCES resident(id_number),
              finger TEXT NOT NULL CHECK (finger IN ('left-thumb', 'left-index', 'left-middle', 'left-ring', 'left-little',
                                                     'right-thumb', 'right-index', 'right-middle', 'right-ring', 'right-little')),
              driver TEXT NOT NULL,
              device_id TEXT NOT NULL,
              stored_on_device INTEGER NOT NULL CHECK (stored_on_device IN (0, 1)),
              sealed BLOB NOT NULL,
              enrolled_at INTEGER NOT NULL,
              staff_id TEXT NOT NULL REFERENCES staff(id),
              UNIQUE (resident_id, finger)
            );

            -- One finger found under two identities at enrolment, for a supervisor to adjudicate.
            CREATE TABLE fraud_alert (
              id TEXT PRIMARY KEY NOT NULL,
              service_point TEXT NOT NULL,
              raised_at INTEGER NOT NULL,
              raised_by TEXT NOT NULL REFERENCES staff(id),
              resident_id TEXT NOT NULL REFERENCES resident(id_number),
              finger TEXT NOT NULL,
              matched_resident_id TEXT REFERENCES resident(id_number),
              matched_finger TEXT,
              status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'fraud', 'false_match')),
              resolution TEXT,
              resolved_by TEXT REFERENCES staff(id),
              resolved_at INTEGER
            );
            CREATE INDEX fraud_alert_open ON fraud_alert(status, raised_at);
            """)
    }

    /// Home visits: what was booked, and everything that happened to it since, both append-only;
    /// a booking's state is its history read in order, so no booking is ever overwritten or lost.
    private static func homeVisits(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE visit_booking (
              id TEXT PRIMARY KEY NOT NULL,
              service_point TEXT NOT NULL,
              resident_id TEXT NOT NULL REFERENCES resident(id_number),
              booked_at INTEGER NOT NULL,
              staff_id TEXT NOT NULL REFERENCES staff(id),
              booker_name TEXT NOT NULL,
              booker_relation TEXT NOT NULL,
              booker_phone TEXT NOT NULL,
              reason TEXT NOT NULL CHECK (reason IN ('elderly', 'disabled', 'ill')),
              evidence TEXT NOT NULL,
              address TEXT NOT NULL,
              community TEXT NOT NULL,
              preferred_dates TEXT NOT NULL,
              preferred_time TEXT NOT NULL CHECK (preferred_time IN ('morning', 'afternoon', 'any')),
              notes TEXT NOT NULL
            );
            CREATE INDEX visit_booking_by_resident ON visit_booking(resident_id);

            CREATE TABLE visit_event (
              id TEXT PRIMARY KEY NOT NULL,
              service_point TEXT NOT NULL,
              booking_id TEXT NOT NULL REFERENCES visit_booking(id),
              at INTEGER NOT NULL,
              staff_id TEXT NOT NULL REFERENCES staff(id),
              kind TEXT NOT NULL CHECK (kind IN ('scheduled', 'unscheduled', 'completed', 'missed', 'rescheduled', 'cancelled')),
              visit_date TEXT,
              visit_staff TEXT,
              pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
              detail TEXT NOT NULL,
              certification_id TEXT REFERENCES certification(id)
            );
            CREATE INDEX visit_event_by_booking ON visit_event(booking_id, at);
            """)
        try appendOnly(db, ["visit_booking", "visit_event"])
    }

    /// Photo certifications waiting for, and given, a supervisor's review. The photo itself is a
    /// sealed file named by its SHA-256; these rows hold the hash, never the picture.
    private static func photos(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE photo_certification (
              id TEXT PRIMARY KEY NOT NULL,
              service_point TEXT NOT NULL,
              resident_id TEXT NOT NULL REFERENCES resident(id_number),
              captured_at INTEGER NOT NULL,
              staff_id TEXT NOT NULL REFERENCES staff(id),
              photo_sha256 TEXT NOT NULL CHECK (length(photo_sha256) = 64),
              width INTEGER NOT NULL,
              height INTEGER NOT NULL,
              source TEXT NOT NULL CHECK (source IN ('camera', 'file'))
            );
            CREATE INDEX photo_certification_by_resident ON photo_certification(resident_id, captured_at);

            CREATE TABLE photo_review (
              id TEXT PRIMARY KEY NOT NULL,
              service_point TEXT NOT NULL,
              photo_certification_id TEXT NOT NULL UNIQUE REFERENCES photo_certification(id),
              reviewed_at INTEGER NOT NULL,
              staff_id TEXT NOT NULL REFERENCES staff(id),
              decision TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
              reason TEXT NOT NULL,
              certification_id TEXT REFERENCES certification(id)
            );
            """)
        try appendOnly(db, ["photo_certification", "photo_review"])
    }

    /// The tables whose records are never rewritten, each guarded by two triggers (`appendOnly`).
    static let appendOnlyTables = ["certification", "contact_change", "death_report", "roster_import", "audit_entry",
                                   "visit_booking", "visit_event", "photo_certification", "photo_review", "city_record"]

    /// The tables whose append-only guard is gone (a trigger dropped or replaced).
    static func unguardedTables(_ db: Database) throws -> [String] {
        let triggers = Dictionary(try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").map {
            ($0["name"] as String, $0["sql"] as String? ?? "")
        }, uniquingKeysWith: { first, _ in first })
        // Compared word for word (SQLite keeps the text as it was written), so a guard put back
        // with a condition that never fires, or on another table, is not taken for the kiosk's.
        func words(_ sql: String) -> [Substring] { sql.split(whereSeparator: \.isWhitespace) }
        return appendOnlyTables.filter { table in
            ["UPDATE", "DELETE"].contains { operation in
                guard let sql = triggers[guardName(table, operation)] else { return true }
                return words(sql) != words(guardSQL(table, operation))
            }
        }
    }

    private static func guardName(_ table: String, _ operation: String) -> String { "\(table)_no_\(operation.lowercased())" }

    private static func guardSQL(_ table: String, _ operation: String) -> String {
        "CREATE TRIGGER \(guardName(table, operation)) BEFORE \(operation) ON \(table) BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END"
    }

    /// Triggers that refuse updates and deletes: records of what happened are never rewritten.
    private static func appendOnly(_ db: Database, _ tables: [String]) throws {
        for table in tables {
            for operation in ["UPDATE", "DELETE"] { try db.execute(sql: guardSQL(table, operation)) }
        }
    }
}

extension Schema {
    /// A certification made again in a cycle already certified carries the reason the staff member
    /// gave (FAQ 19-20): it is a repeat, never a new first. A new column at the end, so the digests
    /// of the certifications before it (which leave NULL columns out) are unchanged.
    static func repeatCertification(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE certification ADD COLUMN repeat_reason TEXT")
    }
}

extension Schema {
    /// Fraud alerts of a second kind: a certification dated after the reported death. Those have no
    /// finger, so the table is rebuilt with `finger` nullable (SQLite cannot relax NOT NULL in
    /// place); the old columns keep their order and the new ones come last, so every existing
    /// alert keeps its audit digest.
    static func posthumousAlerts(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE fraud_alert_new (
              id TEXT PRIMARY KEY NOT NULL,
              service_point TEXT NOT NULL,
              raised_at INTEGER NOT NULL,
              raised_by TEXT NOT NULL REFERENCES staff(id),
              resident_id TEXT NOT NULL REFERENCES resident(id_number),
              finger TEXT,
              matched_resident_id TEXT REFERENCES resident(id_number),
              matched_finger TEXT,
              status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'fraud', 'false_match')),
              resolution TEXT,
              resolved_by TEXT REFERENCES staff(id),
              resolved_at INTEGER,
              certified_on TEXT CHECK (certified_on IS NULL OR length(certified_on) = 10),
              died_on TEXT CHECK (died_on IS NULL OR length(died_on) = 10),
              -- One kind or the other: a finger found twice, or a certification after a death.
              CHECK ((finger IS NULL) = (certified_on IS NOT NULL AND died_on IS NOT NULL))
            );
            INSERT INTO fraud_alert_new (id, service_point, raised_at, raised_by, resident_id, finger, matched_resident_id, matched_finger,
                                         status, resolution, resolved_by, resolved_at)
              SELECT id, service_point, raised_at, raised_by, resident_id, finger, matched_resident_id, matched_finger,
                     status, resolution, resolved_by, resolved_at FROM fraud_alert;
            DROP TABLE fraud_alert;
            ALTER TABLE fraud_alert_new RENAME TO fraud_alert;
            CREATE INDEX fraud_alert_open ON fraud_alert(status, raised_at);
            CREATE INDEX fraud_alert_by_resident ON fraud_alert(resident_id);
            """)
    }
}

extension Schema {
    /// Why a resident under the policy's age was booked as elderly (the FAQ gives no age). A new
    /// column at the end, so earlier bookings keep their digests.
    static func visitAgeOverride(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE visit_booking ADD COLUMN age_override TEXT")
    }

    /// Where the pensioner lives (FAQ 6), from the roster's optional residence column; NULL when it
    /// does not say. Last in the table, so the digests of rows written before it stay as they were.
    static func residence(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE resident ADD COLUMN residence TEXT CHECK (residence IN ('harbin', 'elsewhere', 'abroad'))")
    }

    /// The format of each sealed print; NULL for those sealed before, which are format 1 (and
    /// keep their audit digests: NULL columns are left out of them).
    static func printFormat(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE enrolled_print ADD COLUMN format INTEGER CHECK (format IS NULL OR format >= 1)")
    }
}

extension Schema {
    /// Certifications whose receipt file is not known to be written yet: a row is added in the
    /// transaction that records the certification and removed once its file is on disk, so what
    /// a kill in between left is exactly these rows, and the desk re-creates their receipts when
    /// it opens by reading this small table, never the whole certification table. Not a record of
    /// what happened (not audited, not append-only): a list of work still to do. Every
    /// certification made here before this migration is put on it once, since photo approvals and
    /// home visits were given no receipt file until now (those whose file exists are only checked).
    static func receiptsPending(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE receipt_pending (
              certification_id TEXT PRIMARY KEY NOT NULL REFERENCES certification(id)
            ) WITHOUT ROWID;
            INSERT INTO receipt_pending (certification_id) SELECT id FROM certification;
            """)
    }

    /// Fraud alerts of a third kind: one photo (the same SHA-256) submitted for two residents.
    /// The kind's CHECK must change, so the table is rebuilt as the posthumous alerts were: the
    /// columns keep their order, `photo_sha256` comes last and is NULL for every existing alert,
    /// so their audit digests do not change.
    static func samePhotoAlerts(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE fraud_alert_new (
              id TEXT PRIMARY KEY NOT NULL,
              service_point TEXT NOT NULL,
              raised_at INTEGER NOT NULL,
              raised_by TEXT NOT NULL REFERENCES staff(id),
              resident_id TEXT NOT NULL REFERENCES resident(id_number),
              finger TEXT,
              matched_resident_id TEXT REFERENCES resident(id_number),
              matched_finger TEXT,
              status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'fraud', 'false_match')),
              resolution TEXT,
              resolved_by TEXT REFERENCES staff(id),
              resolved_at INTEGER,
              certified_on TEXT CHECK (certified_on IS NULL OR length(certified_on) = 10),
              died_on TEXT CHECK (died_on IS NULL OR length(died_on) = 10),
              photo_sha256 TEXT CHECK (photo_sha256 IS NULL OR length(photo_sha256) = 64),
              -- Exactly one kind: a finger found twice, a certification after a death, or one photo
              -- for two residents (who is the matched resident).
              CHECK ((finger IS NOT NULL) + (certified_on IS NOT NULL AND died_on IS NOT NULL)
                     + (photo_sha256 IS NOT NULL AND matched_resident_id IS NOT NULL) = 1)
            );
            INSERT INTO fraud_alert_new (id, service_point, raised_at, raised_by, resident_id, finger, matched_resident_id, matched_finger,
                                         status, resolution, resolved_by, resolved_at, certified_on, died_on)
              SELECT id, service_point, raised_at, raised_by, resident_id, finger, matched_resident_id, matched_finger,
                     status, resolution, resolved_by, resolved_at, certified_on, died_on FROM fraud_alert;
            DROP TABLE fraud_alert;
            ALTER TABLE fraud_alert_new RENAME TO fraud_alert;
            CREATE INDEX fraud_alert_open ON fraud_alert(status, raised_at);
            CREATE INDEX fraud_alert_by_resident ON fraud_alert(resident_id);
            CREATE INDEX fraud_alert_by_photo ON fraud_alert(photo_sha256) WHERE photo_sha256 IS NOT NULL;
            -- Each photo taken is looked up among those already taken for other residents.
            CREATE INDEX photo_certification_by_photo ON photo_certification(photo_sha256);
            """)
    }
}

extension Schema {
    /// The number a family reads over the phone (Domain's `ShortNumber`), for bookings and photo
    /// certifications. A new column at the end, NULL for the records made before it (they keep
    /// their digests, and the append-only tables are never rewritten to give them one: they are
    /// found by their long id). Unique within this data directory only; across service points the
    /// long id is the key.
    static func shortNumbers(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE visit_booking ADD COLUMN short_number TEXT CHECK (short_number IS NULL OR length(short_number) = 6);
            CREATE UNIQUE INDEX visit_booking_by_short_number ON visit_booking(short_number);
            ALTER TABLE photo_certification ADD COLUMN short_number TEXT CHECK (short_number IS NULL OR length(short_number) = 6);
            CREATE UNIQUE INDEX photo_certification_by_short_number ON photo_certification(short_number);
            """)
    }

    /// What other service points of the city recorded for the residents this one serves, as the
    /// hub sent it down (`kiosk sync`): kept apart from this kiosk's own records, which its audit
    /// chain covers, and read together with them through two views wherever a status is decided.
    /// Where the pull of the staff accounts the bureau manages on the hub got to.
    static func hubStaff(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE hub_sync ADD COLUMN staff_cursor TEXT")
    }

    static func cityRecords(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE city_record (
              id TEXT PRIMARY KEY NOT NULL,
              service_point TEXT NOT NULL,
              kind TEXT NOT NULL CHECK (kind IN ('certification', 'death_report', 'contact_change')),
              resident_id TEXT NOT NULL,
              at INTEGER NOT NULL,
              body TEXT NOT NULL CHECK (json_valid(body)),
              pulled_at INTEGER NOT NULL
            );
            CREATE INDEX city_record_by_resident ON city_record(resident_id, kind, at);

            -- Where the pulls got to in the hub's commit order, and when a sync last finished.
            CREATE TABLE hub_sync (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              pull_cursor TEXT NOT NULL,
              synced_at INTEGER
            );

            -- Certifications and deaths recorded anywhere in the city, with the recording staff
            -- member's name: here (joined to this kiosk's staff) or elsewhere (as the hub sent it).
            CREATE VIEW certification_anywhere AS
              SELECT c.id, c.service_point, c.resident_id, c.certified_at, c.method, c.evidence, c.receipt, c.repeat_reason,
                     s.name AS staff_name
              FROM certification c JOIN staff s ON s.id = c.staff_id
              UNION ALL
              SELECT id, service_point, resident_id, at, json_extract(body, '$.method'), json_extract(body, '$.evidence'),
                     json_extract(body, '$.receipt'), json_extract(body, '$.repeat_reason'), json_extract(body, '$.staff_name')
              FROM city_record WHERE kind = 'certification';

            CREATE VIEW death_anywhere AS
              SELECT d.id, d.service_point, d.resident_id, d.reported_at, d.date_of_death, d.reporter_name, d.reporter_relation,
                     d.certificate_number, s.name AS staff_name
              FROM death_report d JOIN staff s ON s.id = d.staff_id
              UNION ALL
              SELECT id, service_point, resident_id, at, json_extract(body, '$.date_of_death'), json_extract(body, '$.reporter_name'),
                     json_extract(body, '$.reporter_relation'), json_extract(body, '$.certificate_number'), json_extract(body, '$.staff_name')
              FROM city_record WHERE kind = 'death_report';
            """)
        try appendOnly(db, ["city_record"])
    }

    /// Where the pulls of the city roster got to (`kiosk sync`), apart from the records' cursor.
    static func cityRoster(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE hub_sync ADD COLUMN roster_cursor TEXT")
    }

    /// Which enrolled prints' minutiae are on the hub sealed to the bureau's key, and under which
    /// key (a print sealed to a key the bureau has replaced goes up again); `sealed` 0 for a print
    /// with no minutiae to seal (match-on-chip). Bookkeeping of the sync, like hub_sync: a row
    /// whose print was unenrolled here is withdrawn from the hub, then deleted.
    static func bureauTemplates(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE bureau_template (
              print_id TEXT PRIMARY KEY NOT NULL,
              key_id TEXT NOT NULL,
              sealed INTEGER NOT NULL CHECK (sealed IN (0, 1)),
              sent_at INTEGER NOT NULL
            )
            """)
    }

    /// Entries by action: what a certification asks (is this a field laptop?) stays one index
    /// lookup however long the log grows.
    static func auditByAction(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX audit_entry_by_action ON audit_entry(action, seq)")
    }
}
