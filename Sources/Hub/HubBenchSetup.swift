import Domain
import Foundation
import PostgresNIO

/// What `kiosk-tools bench hub` does to a PostgreSQL server as its administrator, besides what the
/// bureau's commands do: a database of its own, a year of the city's history, and the cleaning up.
package struct HubBenchSetup: Sendable {
    let connection: HubConnection

    package init(_ connection: HubConnection) {
        self.connection = connection
    }

    package func createDatabase(_ name: String) async throws(HubFailure) {
        try await statement("CREATE DATABASE \(name)")
    }

    /// Drops the bench's database, then the service points' roles (shared by every database).
    package func dropDatabase(_ name: String, roles: [String]) async throws(HubFailure) {
        try await statement("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        for role in roles { try await statement("DROP ROLE IF EXISTS \(role)") }
    }

    /// A year of the city's certifications already on the hub, one for each of `residents`
    /// residents, spread over the service points serving their district, made on the server.
    package func seedHistory(residents: Int, points: [(code: String, district: String)]) async throws(HubFailure) {
        let codes = points.map(\.code), districts = points.map(\.district)
        // A million rows and their indexes take longer than a kiosk's sync may wait.
        _ = try await connection.transaction(within: .seconds(1800)) { db in
            try await db.query("""
                INSERT INTO city.record (id, service_point, kind, resident_id, resident_region, at, hub_at, audit_seq, body)
                SELECT 'history-' || g, p.code[1 + g % \(codes.count)], 'certification',
                       p.district[1 + g % \(codes.count)] || lpad(g::text, 11, '0') || 'X', p.district[1 + g % \(codes.count)],
                       1733000000000 + g * 1000, 1733000000000 + g * 1000, 0,
                       jsonb_build_object('method', 'fingerprint', 'cycle', 2026, 'receipt', 'HIST-' || g)
                FROM generate_series(1, \(residents)) g, (SELECT \(codes)::text[] AS code, \(districts)::text[] AS district) p
                """, logger: connection.logger)
            try await db.query("ANALYZE city.record", logger: connection.logger)
        }
    }

    /// Prints sealed to the bureau, stored as their points' syncs store them (`checked`: as if a
    /// duplicate check had already looked at them), in one statement.
    package func putTemplates(_ templates: [(point: String, template: BureauTemplate, checked: Bool)]) async throws(HubFailure) {
        let json = try? jsonArray(templates.map { row in
            ["point": row.point, "print_id": row.template.printID, "resident_id": row.template.residentID, "finger": row.template.finger.rawValue,
             "driver": row.template.driver, "key_id": row.template.keyID, "sealed": Data(row.template.sealed).base64EncodedString(),
             "enrolled_at": row.template.enrolledAt, "checked_in": row.checked ? 0 : NSNull()]
        })
        guard let json else { throw .rejected("the templates do not make JSON") }
        _ = try await connection.transaction(within: .seconds(600)) { db in
            try await db.query("""
                INSERT INTO city.print_template (service_point, print_id, resident_id, finger, driver, key_id, sealed, enrolled_at, checked_in)
                SELECT point, print_id, resident_id, finger, driver, key_id, decode(sealed, 'base64'), enrolled_at, checked_in
                FROM jsonb_to_recordset(\(json)::jsonb)
                  AS t(point text, print_id text, resident_id text, finger text, driver text, key_id text, sealed text, enrolled_at bigint,
                       checked_in bigint)
                """, logger: connection.logger)
        }
    }

    /// The roster load's baseline: the same checked rows, in the load's own COPY format, straight
    /// into an empty table made like `city.resident` (its keys, checks, defaults and indexes), with
    /// no delta and no history. Returns the COPY's seconds.
    package func plainCopy(_ roster: CheckedCityRoster) async throws(HubFailure) -> Double {
        try await connection.transaction(within: .seconds(3600)) { db in
            let logger = connection.logger
            try await db.query("CREATE TABLE resident_plain_copy (LIKE city.resident INCLUDING ALL)", logger: logger)
            try await db.query("ALTER TABLE resident_plain_copy ALTER changed_in SET DEFAULT 0", logger: logger)
            let started = DispatchTime.now().uptimeNanoseconds
            try await HubAdmin.copy(roster.rows, into: "resident_plain_copy", on: db, logger: logger)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            try await db.query("DROP TABLE resident_plain_copy", logger: logger)
            return seconds
        }
    }

    /// Where every record on the hub now sorts: a point that synced just now pulls from here.
    package func latestCursor() async throws(HubFailure) -> HubCursor {
        try await connection.transaction { db in
            let rows = try await db.query("""
                SELECT committed_by, arrival FROM city.record ORDER BY committed_by DESC, arrival DESC LIMIT 1
                """, logger: connection.logger)
            for try await (transaction, arrival) in rows.decode((Int64, Int64).self) {
                return HubCursor(transaction: transaction, arrival: arrival)
            }
            return HubCursor.start
        }
    }

    /// An entry's hash as the kiosk computes it, by the hub's own function (`city.entry_hash`,
    /// which every stored entry must agree with).
    package func entryHash(_ entry: HubEntry, servicePoint: String) async throws(HubFailure) -> String {
        try await connection.transaction { db in
            let rows = try await db.query("""
                SELECT city.entry_hash(\(entry.seq), \(entry.id), \(servicePoint), \(entry.recordedAt), \(entry.staffID), \(entry.action),
                                       \(entry.subjectTable), \(entry.subjectID), \(entry.recordDigest), \(entry.residentDigest), \(entry.detail),
                                       \(entry.prevHash))
                """, logger: connection.logger)
            for try await hash in rows.decode(String.self) { return hash }
            throw HubFailure.rejected("city.entry_hash answered nothing")
        }
    }

    private func statement(_ sql: String) async throws(HubFailure) {
        // CREATE and DROP DATABASE cannot run inside a transaction block.
        do {
            try await connection.connection.query(PostgresQuery(unsafeSQL: sql), logger: connection.logger)
        } catch {
            throw HubConnection.failure(error)
        }
    }
}
