import Domain
import Foundation
import Logging
import PostgresNIO

/// The bureau's side of the hub (`kiosk hub ...`), through a connection as the hub's owner: the
/// schema and its roles, the service points, the city's reports.
///
/// What a service point may do is enforced by PostgreSQL itself: each point logs in as its own role,
/// member of `kiosk_point`, which may only insert records and audit entries of its own point and
/// read its own entries and the records of residents insured in the districts it serves (row-level
/// security through `city.my_point()`, which a revoked point's role no longer passes).
public struct HubAdmin: Sendable {
    let connection: HubConnection

    public init(_ connection: HubConnection) {
        self.connection = connection
    }

    /// Creates (or brings up to date) the schema, the group role and the policies. Idempotent.
    public func createSchema() async throws(HubFailure) {
        _ = try await connection.transaction { db in
            // Two administrators at once would both find the schema missing and both create it.
            try await db.query("SELECT pg_advisory_xact_lock(hashtext('kiosk hub schema'))", logger: connection.logger)
            for statement in Self.schema { try await db.query(PostgresQuery(unsafeSQL: statement), logger: connection.logger) }
        }
    }

    public struct Registration: Sendable {
        public var code: String
        public var role: String
        public var password: String
    }

    /// Registers a service point serving `districts` (insured-region codes, e.g. 230103) and makes its
    /// login role with a new random password, returned once for the kiosk's password file.
    public func register(code: String, name: String, districts: [String]) async throws(HubFailure) -> Registration {
        guard ServicePoint.isValidCode(code) else { throw .rejected("service point code \(code): 3-32 upper-case letters, digits, hyphens") }
        guard !districts.isEmpty, districts.allSatisfy({ $0.count == 6 && $0.allSatisfy { ("0"..."9").contains($0) } }) else {
            throw .rejected("districts: six-digit region codes, e.g. 230103")
        }
        let role = Self.role(of: code)
        // Letters and digits only, so the password can be written into CREATE ROLE (which takes no parameters).
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        let password = String((0..<32).map { _ in alphabet.randomElement(using: &generator)! })
        _ = try await connection.transaction { db in
            try await db.query(PostgresQuery(unsafeSQL: "CREATE ROLE \(role) LOGIN PASSWORD '\(password)' IN ROLE kiosk_point CONNECTION LIMIT 8"),
                               logger: connection.logger)
            try await db.query("""
                INSERT INTO city.service_point (code, name, districts, login_role) VALUES (\(code), \(name), \(districts), \(role))
                """, logger: connection.logger)
        }
        return Registration(code: code, role: role, password: password)
    }

    /// Revokes a service point (a stolen kiosk): its role may no longer log in, its open sessions
    /// end, and its policies let nothing through even before they do. Its records stay.
    public func revoke(code: String) async throws(HubFailure) {
        let role = Self.role(of: code)
        _ = try await connection.transaction { db in
            let rows = try await db.query("""
                UPDATE city.service_point SET revoked_at = now() WHERE code = \(code) AND revoked_at IS NULL RETURNING code
                """, logger: connection.logger)
            var found = false
            for try await _ in rows.decode(String.self) { found = true }
            guard found else { throw HubFailure.rejected("no active service point \(code)") }
            try await db.query(PostgresQuery(unsafeSQL: "ALTER ROLE \(role) NOLOGIN"), logger: connection.logger)
            try await db.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = \(role)", logger: connection.logger)
        }
    }

    /// The service points' certification figures: records pushed, residents certified, deaths.
    public struct PointFigures: Sendable, Hashable, Codable {
        public var code: String
        public var revoked: Bool
        public var entries: Int64
        public var certifications: Int64
        public var residentsCertified: Int64
        public var deaths: Int64
    }

    public func pointFigures() async throws(HubFailure) -> [PointFigures] {
        try await connection.transaction { db in
            let rows = try await db.query("""
                SELECT p.code, p.revoked_at IS NOT NULL,
                       (SELECT coalesce(max(seq), 0) FROM city.audit_entry a WHERE a.service_point = p.code),
                       (SELECT count(*) FROM city.record r WHERE r.service_point = p.code AND r.kind = 'certification'),
                       (SELECT count(DISTINCT resident_id) FROM city.record r WHERE r.service_point = p.code AND r.kind = 'certification'),
                       (SELECT count(*) FROM city.record r WHERE r.service_point = p.code AND r.kind = 'death_report')
                FROM city.service_point p ORDER BY p.code
                """, logger: connection.logger)
            var figures: [PointFigures] = []
            for try await (code, revoked, entries, certifications, residents, deaths) in rows.decode((String, Bool, Int64, Int64, Int64, Int64).self) {
                figures.append(PointFigures(code: code, revoked: revoked, entries: entries, certifications: certifications,
                                            residentsCertified: residents, deaths: deaths))
            }
            return figures
        }
    }

    /// Adds a staff account, or changes one (its role, password or service points): each point
    /// it may work at has it from its next sync; a point taken off it learns that too.
    /// `passwordHash` is the kiosk's scrypt string (Desk's StaffPasswords), never the password.
    public func putStaff(name: String, role: StaffRole, passwordHash: String, points: [String]) async throws(HubFailure) {
        guard !points.isEmpty, points.allSatisfy(ServicePoint.isValidCode) else { throw .rejected("points: service point codes, e.g. HRB-NG-XF01") }
        let name = name.lowercased()
        _ = try await connection.transaction { db in
            let known = try await db.query("SELECT code FROM city.service_point WHERE code = ANY (\(points))", logger: connection.logger)
            var found: Set<String> = []
            for try await code in known.decode(String.self) { found.insert(code) }
            if let unknown = points.first(where: { !found.contains($0) }) { throw HubFailure.rejected("no service point \(unknown)") }
            try await db.query("""
                INSERT INTO city.staff_account (name, role, password_hash, points) VALUES (\(name), \(role.rawValue), \(passwordHash), \(points))
                ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role, password_hash = EXCLUDED.password_hash, points = EXCLUDED.points,
                    former_points = ARRAY(SELECT DISTINCT p FROM unnest(city.staff_account.points || city.staff_account.former_points) p
                                          WHERE p <> ALL (EXCLUDED.points)),
                    active = true, changed_at = now(), committed_by = pg_current_xact_id()::text::bigint, arrival = nextval('city.arrival')
                """, logger: connection.logger)
        }
    }

    /// Disables a staff account at every service point (someone who left): none lets it sign in
    /// after its next sync. Its records stay attributed to it.
    public func disableStaff(name: String) async throws(HubFailure) {
        _ = try await connection.transaction { db in
            let rows = try await db.query("""
                UPDATE city.staff_account SET active = false, changed_at = now(), committed_by = pg_current_xact_id()::text::bigint,
                    arrival = nextval('city.arrival')
                WHERE name = \(name.lowercased()) AND active RETURNING name
                """, logger: connection.logger)
            var found = false
            for try await _ in rows.decode(String.self) { found = true }
            guard found else { throw HubFailure.rejected("no active staff account \(name)") }
        }
    }

    public struct StaffLine: Sendable, Hashable, Codable {
        public var name: String
        public var role: StaffRole
        public var points: [String]
        public var active: Bool
    }

    public func staffAccounts() async throws(HubFailure) -> [StaffLine] {
        try await connection.transaction { db in
            let rows = try await db.query("SELECT name, role, points, active FROM city.staff_account ORDER BY name", logger: connection.logger)
            var lines: [StaffLine] = []
            for try await (name, role, points, active) in rows.decode((String, String, [String], Bool).self) {
                lines.append(StaffLine(name: name, role: StaffRole(rawValue: role) ?? .operator, points: points, active: active))
            }
            return lines
        }
    }

    /// What `verify` found in one service point's chain on the hub. Intact when every list is empty,
    /// the head agrees and every record is covered.
    public struct ChainCheck: Sendable, Hashable, Codable {
        public var code: String
        public var entries: Int64
        /// Seqs that do not follow the entry before them by one (the first must be 1): entries missing.
        public var gaps: [Int64]
        /// Seqs whose prev_hash is not the hash of the entry before them (the first: 64 zeros).
        public var brokenLinks: [Int64]
        /// Seqs whose hash, recomputed from the entry's columns as the kiosk computes it, differs.
        public var alteredEntries: [Int64]
        /// Whether `city.push_head` names the chain's last entry (seq and hash).
        public var headAgrees: Bool
        /// Records of this point that no entry of its chain covers (the entry at the record's
        /// audit_seq must name its table and id; for a record whose entry was forked, that fork's).
        public var uncoveredRecords: Int64
        /// The entries set aside by `kiosk sync --after-restore`, each fork checked as a chain of its own.
        public var forks: [HubForkCheck]

        public var intact: Bool {
            gaps.isEmpty && brokenLinks.isEmpty && alteredEntries.isEmpty && headAgrees && uncoveredRecords == 0 && forks.allSatisfy(\.intact)
        }
    }

    /// Re-checks every service point's chain as the hub holds it: seqs contiguous from 1, each
    /// entry linked to the one before, each hash recomputed, the push head on the last entry, and
    /// every record covered by an entry; and each fork (`HubForkCheck`). (An entry's record digest
    /// cannot be recomputed here: it is over the kiosk's row, of which the hub holds a JSON copy.)
    public func verify() async throws(HubFailure) -> [ChainCheck] {
        try await connection.transaction { db in
            let forks = try await Self.forkChecks(db, connection.logger)
            let rows = try await db.query("""
                WITH e AS (
                  SELECT a.service_point, a.seq, a.hash, a.prev_hash,
                         city.entry_hash(a.seq, a.id, a.service_point, a.recorded_at, a.staff_id, a.action, a.subject_table, a.subject_id,
                                         a.record_digest, a.resident_digest, a.detail, a.prev_hash) AS computed,
                         coalesce(lag(a.seq) OVER w, 0) AS seq_before,
                         coalesce(lag(a.hash) OVER w, repeat('0', 64)) AS hash_before
                  FROM city.audit_entry a WINDOW w AS (PARTITION BY a.service_point ORDER BY a.seq))
                SELECT p.code, count(e.seq),
                       coalesce(array_agg(e.seq ORDER BY e.seq) FILTER (WHERE e.seq <> e.seq_before + 1), '{}'),
                       coalesce(array_agg(e.seq ORDER BY e.seq) FILTER (WHERE e.prev_hash <> e.hash_before), '{}'),
                       coalesce(array_agg(e.seq ORDER BY e.seq) FILTER (WHERE e.hash <> e.computed), '{}'),
                       coalesce(h.seq, 0) = coalesce(max(e.seq), 0) AND h.hash IS NOT DISTINCT FROM (array_agg(e.hash ORDER BY e.seq DESC))[1],
                       (SELECT count(*) FROM city.record r WHERE r.service_point = p.code AND NOT EXISTS (
                          SELECT 1 FROM city.audit_entry c WHERE r.fork IS NULL AND c.service_point = r.service_point AND c.seq = r.audit_seq
                            AND c.subject_table = r.kind AND c.subject_id = r.id
                          UNION ALL
                          SELECT 1 FROM city.audit_fork c WHERE c.service_point = r.service_point AND c.fork = r.fork AND c.seq = r.audit_seq
                            AND c.subject_table = r.kind AND c.subject_id = r.id))
                FROM city.service_point p LEFT JOIN e ON e.service_point = p.code LEFT JOIN city.push_head h ON h.service_point = p.code
                GROUP BY p.code, h.seq, h.hash ORDER BY p.code
                """, logger: connection.logger)
            var checks: [ChainCheck] = []
            for try await (code, entries, gaps, links, altered, head, uncovered)
                in rows.decode((String, Int64, [Int64], [Int64], [Int64], Bool, Int64).self) {
                checks.append(ChainCheck(code: code, entries: entries, gaps: gaps, brokenLinks: links, alteredEntries: altered,
                                         headAgrees: head, uncoveredRecords: uncovered, forks: forks[code] ?? []))
            }
            return checks
        }
    }

    /// Every point's forks: each a chain of its own, from the entry after the one it forks from
    /// (which the hub must still hold: in the point's chain, or in a fork made later, when a second
    /// restore forked before the first's point).
    private static func forkChecks(_ db: PostgresConnection, _ logger: Logger) async throws -> [String: [HubForkCheck]] {
        let rows = try await db.query("""
            WITH f AS (
              SELECT a.service_point, a.fork, a.seq, a.hash, a.prev_hash, a.forked_by,
                     city.entry_hash(a.seq, a.id, a.service_point, a.recorded_at, a.staff_id, a.action, a.subject_table, a.subject_id,
                                     a.record_digest, a.resident_digest, a.detail, a.prev_hash) AS computed,
                     lag(a.seq) OVER w AS seq_before, lag(a.hash) OVER w AS hash_before
              FROM city.audit_fork a WINDOW w AS (PARTITION BY a.service_point, a.fork ORDER BY a.seq))
            SELECT f.service_point, f.fork, min(f.seq) - 1, count(*), min(f.forked_by),
                   bool_and(f.hash = f.computed AND CASE WHEN f.seq_before IS NULL THEN
                              EXISTS (SELECT 1 FROM city.audit_entry b WHERE b.service_point = f.service_point AND b.seq = f.seq - 1
                                        AND b.hash = f.prev_hash)
                              OR EXISTS (SELECT 1 FROM city.audit_fork b WHERE b.service_point = f.service_point AND b.fork > f.fork
                                           AND b.seq = f.seq - 1 AND b.hash = f.prev_hash)
                            ELSE f.seq = f.seq_before + 1 AND f.prev_hash = f.hash_before END)
            FROM f GROUP BY f.service_point, f.fork ORDER BY f.service_point, f.fork
            """, logger: logger)
        var forks: [String: [HubForkCheck]] = [:]
        for try await (code, number, after, entries, by, intact) in rows.decode((String, Int64, Int64, Int64, String, Bool).self) {
            forks[code, default: []].append(HubForkCheck(number: number, after: after, entries: entries, forkedBy: by, intact: intact))
        }
        return forks
    }

    /// The login role of a service point: its code in lower case, hyphens as underscores.
    static func role(of code: String) -> String {
        "kiosk_point_" + code.lowercased().replacingOccurrences(of: "-", with: "_")
    }

    static let schema: [String] = [
        "CREATE SCHEMA IF NOT EXISTS city",
        // Roles belong to the whole server: two databases initialised at once may both try to make it.
        "DO $$ BEGIN CREATE ROLE kiosk_point NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
        // An audit entry's hash as the kiosk computes it (Store's AuditLog: SHA-256 over the table's
        // name and the entry's columns, each tagged: 0 null, 1 a 64-bit big-endian integer, 2 UTF-8
        // text after its 32-bit big-endian length), so the hub checks every entry it stores.
        """
        CREATE OR REPLACE FUNCTION city.digest_text(value text) RETURNS bytea LANGUAGE sql IMMUTABLE
        AS $$ SELECT CASE WHEN value IS NULL THEN '\\x00'::bytea
                          ELSE '\\x02'::bytea || int4send(octet_length(convert_to(value, 'UTF8'))) || convert_to(value, 'UTF8') END $$
        """,
        """
        CREATE OR REPLACE FUNCTION city.entry_hash(seq bigint, id text, service_point text, recorded_at bigint, staff_id text, action text,
                                                   subject_table text, subject_id text, record_digest text, resident_digest text,
                                                   detail text, prev_hash text) RETURNS text LANGUAGE sql IMMUTABLE
        AS $$ SELECT encode(sha256(city.digest_text('audit_entry') || '\\x01'::bytea || int8send(seq) || city.digest_text(id)
                                   || city.digest_text(service_point) || '\\x01'::bytea || int8send(recorded_at) || city.digest_text(staff_id)
                                   || city.digest_text(action) || city.digest_text(subject_table) || city.digest_text(subject_id)
                                   || city.digest_text(record_digest) || city.digest_text(resident_digest) || city.digest_text(detail)
                                   || city.digest_text(prev_hash)), 'hex') $$
        """,
        """
        CREATE TABLE IF NOT EXISTS city.service_point (
          code text PRIMARY KEY CHECK (code ~ '^[A-Z0-9-]{3,32}$'),
          name text NOT NULL,
          districts text[] NOT NULL,
          login_role text NOT NULL UNIQUE,
          registered_at timestamptz NOT NULL DEFAULT now(),
          revoked_at timestamptz
        )
        """,
        // Each point's audit chain, as its kiosk wrote it, and where the chain has got to.
        """
        CREATE TABLE IF NOT EXISTS city.audit_entry (
          service_point text NOT NULL REFERENCES city.service_point (code),
          seq bigint NOT NULL CHECK (seq > 0),
          id text NOT NULL UNIQUE,
          recorded_at bigint NOT NULL,
          staff_id text,
          action text NOT NULL,
          subject_table text,
          subject_id text,
          record_digest text,
          resident_digest text NOT NULL,
          detail text NOT NULL,
          prev_hash text NOT NULL,
          hash text NOT NULL,
          received_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (service_point, seq),
          -- An entry whose hash is not its own (altered, or written under another point's code) is never stored.
          CONSTRAINT hash_is_its_own CHECK (hash = city.entry_hash(seq, id, service_point, recorded_at, staff_id, action, subject_table,
                                                                    subject_id, record_digest, resident_digest, detail, prev_hash))
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS city.push_head (
          service_point text PRIMARY KEY REFERENCES city.service_point (code),
          seq bigint NOT NULL CHECK (seq >= 0),
          hash text,
          pushed_at timestamptz NOT NULL DEFAULT now()
        )
        """,
        "CREATE SEQUENCE IF NOT EXISTS city.arrival",
        // Every record any kiosk made, by its global id. committed_by (the writing transaction) and
        // arrival order the pulls: see HubClient.live.
        """
        CREATE TABLE IF NOT EXISTS city.record (
          id text PRIMARY KEY,
          service_point text NOT NULL REFERENCES city.service_point (code),
          kind text NOT NULL,
          resident_id text,
          resident_region text,
          at bigint NOT NULL,
          -- When it happened on the hub's clock (see city.hub_time): what decides which contact change is the latest.
          hub_at bigint NOT NULL,
          audit_seq bigint NOT NULL,
          body jsonb NOT NULL,
          committed_by bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
          arrival bigint NOT NULL DEFAULT nextval('city.arrival'),
          received_at timestamptz NOT NULL DEFAULT now()
        )
        """,
        "CREATE INDEX IF NOT EXISTS record_by_commit ON city.record (committed_by, arrival)",
        // A point's pull reads only its districts' records: without this, each pull would pass every
        // record the whole city committed since its cursor through the row-level security check.
        "CREATE INDEX IF NOT EXISTS record_by_district_commit ON city.record (resident_region, committed_by, arrival)",
        "CREATE INDEX IF NOT EXISTS record_by_resident ON city.record (resident_id, kind)",
        // A kiosk's time on the hub's clock: moved by the kiosk clock's offset from the hub's (taken
        // when the push was sent; within two minutes, network delay rather than a wrong clock, left
        // alone), and never later than the hub received it. Milliseconds since 1970.
        """
        CREATE OR REPLACE FUNCTION city.hub_time(at bigint, sent_at bigint) RETURNS bigint LANGUAGE sql STABLE
        AS $$ SELECT least(at + CASE WHEN abs(hub_now - sent_at) > 120000 THEN hub_now - sent_at ELSE 0 END, hub_now)
              FROM (SELECT (extract(epoch FROM now()) * 1000)::bigint AS hub_now) AS clock $$
        """,
        // Who is asking, for the policies and the pulls. Always called as `(SELECT city.my_point())`:
        // a sub-select is evaluated once per statement, while a bare call in a policy or a filter runs
        // for every row it checks (a SECURITY DEFINER function is never inlined, and each call sets
        // its search_path), which made each pull cost about 0.2 ms per record it passed over.
        """
        CREATE OR REPLACE FUNCTION city.my_point() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $$ SELECT code FROM city.service_point WHERE login_role = session_user AND revoked_at IS NULL $$
        """,
        """
        CREATE OR REPLACE FUNCTION city.my_districts() RETURNS text[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $$ SELECT districts FROM city.service_point WHERE login_role = session_user AND revoked_at IS NULL $$
        """,
        "REVOKE ALL ON FUNCTION city.my_point(), city.my_districts() FROM PUBLIC",
        "GRANT EXECUTE ON FUNCTION city.my_point(), city.my_districts() TO kiosk_point",
        "GRANT USAGE ON SCHEMA city TO kiosk_point",
        "GRANT SELECT ON city.service_point TO kiosk_point",
        "GRANT SELECT, INSERT ON city.audit_entry TO kiosk_point",
        "GRANT SELECT, INSERT, UPDATE (seq, hash, pushed_at) ON city.push_head TO kiosk_point",
        "GRANT SELECT, INSERT ON city.record TO kiosk_point",
        "GRANT UPDATE (body, audit_seq, at, hub_at, committed_by, arrival, received_at) ON city.record TO kiosk_point",
        "GRANT USAGE ON SEQUENCE city.arrival TO kiosk_point",
        "ALTER TABLE city.service_point ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE city.audit_entry ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE city.push_head ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE city.record ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS own_row ON city.service_point",
        "CREATE POLICY own_row ON city.service_point FOR SELECT TO kiosk_point USING (login_role = session_user AND revoked_at IS NULL)",
        "DROP POLICY IF EXISTS own_entries ON city.audit_entry",
        """
        CREATE POLICY own_entries ON city.audit_entry FOR ALL TO kiosk_point
          USING (service_point = (SELECT city.my_point())) WITH CHECK (service_point = (SELECT city.my_point()))
        """,
        "DROP POLICY IF EXISTS own_head ON city.push_head",
        """
        CREATE POLICY own_head ON city.push_head FOR ALL TO kiosk_point
          USING (service_point = (SELECT city.my_point())) WITH CHECK (service_point = (SELECT city.my_point()))
        """,
        "DROP POLICY IF EXISTS writes_own ON city.record",
        "CREATE POLICY writes_own ON city.record FOR INSERT TO kiosk_point WITH CHECK (service_point = (SELECT city.my_point()))",
        "DROP POLICY IF EXISTS updates_own ON city.record",
        """
        CREATE POLICY updates_own ON city.record FOR UPDATE TO kiosk_point
          USING (service_point = (SELECT city.my_point())) WITH CHECK (service_point = (SELECT city.my_point()))
        """,
        // A point reads its own records and those about residents insured in the districts it serves.
        "DROP POLICY IF EXISTS reads_served ON city.record",
        """
        CREATE POLICY reads_served ON city.record FOR SELECT TO kiosk_point
          USING (service_point = (SELECT city.my_point()) OR resident_region = ANY ((SELECT city.my_districts())::text[]))
        """,
        // Staff accounts the bureau manages: where each may sign in now (points), and where it could
        // before (former_points), so a point taken off an account still learns that it was.
        """
        CREATE TABLE IF NOT EXISTS city.staff_account (
          name text PRIMARY KEY CHECK (name = lower(name)),
          role text NOT NULL CHECK (role IN ('operator', 'supervisor', 'admin')),
          password_hash text NOT NULL,
          points text[] NOT NULL,
          former_points text[] NOT NULL DEFAULT '{}',
          active boolean NOT NULL DEFAULT true,
          changed_at timestamptz NOT NULL DEFAULT now(),
          committed_by bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
          arrival bigint NOT NULL DEFAULT nextval('city.arrival')
        )
        """,
        "CREATE INDEX IF NOT EXISTS staff_account_by_commit ON city.staff_account (committed_by, arrival)",
        "GRANT SELECT ON city.staff_account TO kiosk_point",
        "ALTER TABLE city.staff_account ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS works_or_worked_here ON city.staff_account",
        """
        CREATE POLICY works_or_worked_here ON city.staff_account FOR SELECT TO kiosk_point
          USING ((SELECT city.my_point()) = ANY (points) OR (SELECT city.my_point()) = ANY (former_points))
        """,
        // The bureau's roster, loaded once for the city (`kiosk hub roster import`): each load, and
        // the residents as the latest load left them. A resident a later roster lacks is marked
        // removed, never deleted; every row a load adds, changes or removes gets that load's
        // transaction and a new arrival number, the order kiosks pull the roster in (as city.record).
        """
        CREATE TABLE IF NOT EXISTS city.roster_import (
          id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          file_name text NOT NULL,
          file_sha256 text NOT NULL,
          rows bigint NOT NULL,
          added bigint NOT NULL,
          changed bigint NOT NULL,
          removed bigint NOT NULL,
          imported_by text NOT NULL DEFAULT current_user,
          imported_at timestamptz NOT NULL DEFAULT now()
        )
        """,
        "CREATE SEQUENCE IF NOT EXISTS city.roster_arrival",
        """
        CREATE TABLE IF NOT EXISTS city.resident (
          id_number text PRIMARY KEY CHECK (length(id_number) = 18),
          name text NOT NULL,
          insured_region text NOT NULL CHECK (insured_region ~ '^[0-9]{6}$'),
          roster_status text NOT NULL CHECK (roster_status IN ('normal', 'suspended', 'terminated')),
          suspended_since text,
          monthly_pension bigint CHECK (monthly_pension >= 0),
          phone text,
          address text,
          community text,
          mobility text,
          last_certified text,
          last_method text,
          residence text,
          -- Where the resident was insured before a roster moved them: the points serving that
          -- district still read the row, so their kiosks learn the resident left.
          previous_region text,
          changed_in bigint NOT NULL REFERENCES city.roster_import (id),
          removed_in bigint REFERENCES city.roster_import (id),
          committed_by bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
          arrival bigint NOT NULL DEFAULT nextval('city.roster_arrival')
        )
        """,
        "CREATE INDEX IF NOT EXISTS resident_by_commit ON city.resident (committed_by, arrival)",
        "CREATE INDEX IF NOT EXISTS resident_by_region ON city.resident (insured_region)",
        "GRANT SELECT ON city.resident TO kiosk_point",
        "ALTER TABLE city.resident ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS reads_served ON city.resident",
        """
        CREATE POLICY reads_served ON city.resident FOR SELECT TO kiosk_point
          USING (insured_region = ANY ((SELECT city.my_districts())::text[]) OR previous_region = ANY ((SELECT city.my_districts())::text[]))
        """,
        // A kiosk restored from an older backup (`kiosk sync --after-restore`): the point's entries
        // after the last one the restored chain shares are set aside as a fork (an entry's columns,
        // as they were received), numbered per point, with who asked and why. The records they cover stay in city.record, marked with the fork
        // (`kiosk hub verify` finds their entries there); a record the kiosk pushes again replaces its
        // forked copy and is covered by the chain again.
        """
        CREATE TABLE IF NOT EXISTS city.audit_fork (
          LIKE city.audit_entry,
          fork bigint NOT NULL CHECK (fork > 0),
          forked_at timestamptz NOT NULL DEFAULT now(),
          forked_by text NOT NULL DEFAULT session_user,
          reason text NOT NULL,
          PRIMARY KEY (service_point, fork, seq),
          FOREIGN KEY (service_point) REFERENCES city.service_point (code)
        )
        """,
        "ALTER TABLE city.audit_fork ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE city.record ADD COLUMN IF NOT EXISTS fork bigint",
        "CREATE INDEX IF NOT EXISTS record_forked ON city.record (service_point) WHERE fork IS NOT NULL",
        "GRANT UPDATE (fork) ON city.record TO kiosk_point",
        // The only way a point writes a fork: of its own chain, after an entry the hub holds, under
        // the lock a push takes on its head. As the schema's owner (a point may not delete entries).
        """
        CREATE OR REPLACE FUNCTION city.fork_after(after_seq bigint, after_hash text, reason text)
          RETURNS TABLE (fork_number bigint, forked_entries bigint)
          LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $$
        DECLARE
          point text := city.my_point();
          head_seq bigint;
        BEGIN
          IF point IS NULL THEN
            RAISE EXCEPTION 'this role is not a registered service point, or it was revoked' USING ERRCODE = '42501';
          END IF;
          SELECT h.seq INTO head_seq FROM city.push_head h WHERE h.service_point = point FOR UPDATE;
          IF head_seq IS NULL OR after_seq < 1 OR after_seq >= head_seq OR NOT EXISTS (
               SELECT 1 FROM city.audit_entry a WHERE a.service_point = point AND a.seq = after_seq AND a.hash = after_hash) THEN
            RAISE EXCEPTION 'entry % is not an entry of this chain before its head', after_seq;
          END IF;
          SELECT coalesce(max(f.fork), 0) + 1 INTO fork_number FROM city.audit_fork f WHERE f.service_point = point;
          WITH gone AS (DELETE FROM city.audit_entry a WHERE a.service_point = point AND a.seq > after_seq RETURNING a.*)
          INSERT INTO city.audit_fork (service_point, fork, seq, id, recorded_at, staff_id, action, subject_table, subject_id, record_digest,
                                       resident_digest, detail, prev_hash, hash, received_at, reason)
          SELECT g.service_point, fork_number, g.seq, g.id, g.recorded_at, g.staff_id, g.action, g.subject_table, g.subject_id,
                 g.record_digest, g.resident_digest, g.detail, g.prev_hash, g.hash, g.received_at, fork_after.reason
          FROM gone g;
          GET DIAGNOSTICS forked_entries = ROW_COUNT;
          UPDATE city.record r SET fork = fork_number WHERE r.service_point = point AND r.fork IS NULL AND r.audit_seq > after_seq;
          UPDATE city.push_head h SET seq = after_seq, hash = after_hash, pushed_at = now() WHERE h.service_point = point;
          RETURN NEXT;
        END $$
        """,
        "REVOKE ALL ON FUNCTION city.fork_after(bigint, text, text) FROM PUBLIC",
        "GRANT EXECUTE ON FUNCTION city.fork_after(bigint, text, text) TO kiosk_point",
        // Enrolled prints' minutiae sealed to the bureau's key (BureauSeal), one row per print a
        // point holds enrolled: a point writes, replaces and withdraws its own and reads nothing
        // else; only the bureau's private key, never on the hub, opens them. `arrival` changes with
        // every copy, so the duplicate check marks as checked (`checked_in`) only the copy it read.
        """
        CREATE TABLE IF NOT EXISTS city.print_template (
          service_point text NOT NULL REFERENCES city.service_point (code),
          print_id text NOT NULL,
          resident_id text NOT NULL,
          finger text NOT NULL,
          driver text NOT NULL,
          key_id text NOT NULL,
          sealed bytea NOT NULL,
          enrolled_at bigint NOT NULL,
          received_at timestamptz NOT NULL DEFAULT now(),
          arrival bigint NOT NULL DEFAULT nextval('city.arrival'),
          checked_in bigint,
          PRIMARY KEY (service_point, print_id)
        )
        """,
        "GRANT SELECT, INSERT, UPDATE, DELETE ON city.print_template TO kiosk_point",
        "ALTER TABLE city.print_template ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS own_templates ON city.print_template",
        """
        CREATE POLICY own_templates ON city.print_template FOR ALL TO kiosk_point
          USING (service_point = (SELECT city.my_point())) WITH CHECK (service_point = (SELECT city.my_point()))
        """,
        // The bureau's duplicate checks (`kiosk hub duplicates`) and the pairs they found: the same
        // finger enrolled under two residents. A pair is kept once, its two prints in code order.
        """
        CREATE TABLE IF NOT EXISTS city.duplicate_check (
          id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          key_id text NOT NULL,
          templates bigint NOT NULL,
          checked bigint NOT NULL,
          found bigint NOT NULL,
          checked_by text NOT NULL DEFAULT current_user,
          checked_at timestamptz NOT NULL DEFAULT now()
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS city.duplicate_finding (
          first_point text NOT NULL,
          first_print text NOT NULL,
          first_resident text NOT NULL,
          second_point text NOT NULL,
          second_print text NOT NULL,
          second_resident text NOT NULL,
          driver text NOT NULL,
          score double precision NOT NULL,
          found_in bigint NOT NULL REFERENCES city.duplicate_check (id),
          PRIMARY KEY (first_point, first_print, second_point, second_print),
          CHECK ((first_point, first_print) < (second_point, second_print))
        )
        """,
        "ALTER TABLE city.duplicate_check ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE city.duplicate_finding ENABLE ROW LEVEL SECURITY",
    ]
}
