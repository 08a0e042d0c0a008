import Domain
import Logging
import PostgresNIO

extension HubAdmin {
    /// Loads the city's roster, already checked row by row (`CityRosterCheck`), in one transaction:
    /// the rows stream into a temporary table through PostgreSQL's COPY (postgres-nio's
    /// `copyFrom`, text format), then one statement each changes the residents whose merged
    /// values differ, adds the new ones and marks removed those the file lacks. A failure anywhere
    /// leaves the hub's roster as it was. One load at a time: the resident table is locked
    /// against another load (kiosks go on reading it meanwhile).
    ///
    /// A row merges over the stored one by the kiosk's rule (`ResidentColumns.merge`): an empty
    /// cell keeps the stored value, a certification date and its method go together.
    public func importRoster(_ roster: CheckedCityRoster) async throws(HubFailure) -> CityRosterImport {
        guard roster.rejections.isEmpty else { throw .rejected("\(roster.rejections.count) bad rows: nothing loaded") }
        // A minute per few hundred thousand rows on a slow machine, at most: an hour is a hub that is gone.
        return try await connection.transaction(within: .seconds(3600)) { [connection] db in
            let logger = connection.logger
            try await db.query("LOCK TABLE city.resident IN SHARE ROW EXCLUSIVE MODE", logger: logger)
            var importID: Int64 = 0
            for try await id in try await db.query("""
                INSERT INTO city.roster_import (file_name, file_sha256, rows, added, changed, removed)
                VALUES (\(roster.fileName), \(roster.fileSHA256), \(Int64(roster.rows.count)), 0, 0, 0) RETURNING id
                """, logger: logger).decode(Int64.self) { importID = id }

            try await db.query(PostgresQuery(unsafeSQL: """
                CREATE TEMPORARY TABLE \(Self.staging) (\(Self.rosterColumns.map { "\($0.name) \($0.type)" }.joined(separator: ", ")))
                ON COMMIT DROP
                """), logger: logger)
            try await Self.copy(roster.rows, into: Self.staging, on: db, logger: logger)
            try await db.query(PostgresQuery(unsafeSQL: "ALTER TABLE \(Self.staging) ADD PRIMARY KEY (id_number)"), logger: logger)
            try await db.query(PostgresQuery(unsafeSQL: "ANALYZE \(Self.staging)"), logger: logger)

            let names = Self.rosterColumns.map(\.name)
            let stamp = "changed_in = \(importID), committed_by = pg_current_xact_id()::text::bigint, arrival = nextval('city.roster_arrival')"
            let changed = try await Self.count(db, """
                UPDATE city.resident r SET \(names.dropFirst().map { "\($0) = m.\($0)" }.joined(separator: ", ")),
                  previous_region = CASE WHEN m.insured_region <> r.insured_region THEN r.insured_region ELSE r.previous_region END,
                  removed_in = NULL, \(stamp)
                FROM (SELECT \(Self.rosterColumns.map { "\($0.merged) AS \($0.name)" }.joined(separator: ", "))
                      FROM \(Self.staging) s JOIN city.resident o USING (id_number)) m
                WHERE r.id_number = m.id_number
                  AND (r.removed_in IS NOT NULL OR (\(names.map { "r.\($0)" }.joined(separator: ", "))) IS DISTINCT FROM (\(names.map { "m.\($0)" }.joined(separator: ", "))))
                """)
            let added = try await Self.count(db, """
                INSERT INTO city.resident (\(names.joined(separator: ", ")), changed_in)
                SELECT \(names.map { "s.\($0)" }.joined(separator: ", ")), \(importID) FROM \(Self.staging) s
                WHERE NOT EXISTS (SELECT 1 FROM city.resident r WHERE r.id_number = s.id_number)
                """)
            let removed = try await Self.count(db, """
                UPDATE city.resident r SET removed_in = \(importID), \(stamp)
                WHERE r.removed_in IS NULL AND NOT EXISTS (SELECT 1 FROM \(Self.staging) s WHERE s.id_number = r.id_number)
                """)
            try await db.query("""
                UPDATE city.roster_import SET added = \(added), changed = \(changed), removed = \(removed) WHERE id = \(importID)
                """, logger: logger)
            let rows = Int64(roster.rows.count)
            return CityRosterImport(importID: importID, fileName: roster.fileName, fileSHA256: roster.fileSHA256, rows: rows,
                                    added: added, changed: changed, removed: removed, unchanged: rows - added - changed)
        }
    }

    /// The rows `statement` (an INSERT or UPDATE) wrote.
    private static func count(_ db: PostgresConnection, _ statement: String) async throws -> Int64 {
        let logger = Logger(label: "kiosk.hub", factory: { _ in SwiftLogNoOpLogHandler() })
        for try await count in try await db.query(PostgresQuery(unsafeSQL: "WITH written AS (\(statement) RETURNING 1) SELECT count(*) FROM written"),
                                                 logger: logger).decode(Int64.self) { return count }
        return 0
    }

    /// Streams `rows` into `table`'s roster columns through COPY, in messages of `copyChunk` bytes.
    static func copy(_ rows: [CityRosterRow], into table: String, on db: PostgresConnection, logger: Logger) async throws {
        try await db.copyFrom(table: table, columns: rosterColumns.map(\.name), logger: logger) { writer in
            var buffer = ByteBuffer()
            buffer.reserveCapacity(copyChunk + 4096)
            for row in rows {
                appendCopyLine(row, to: &buffer)
                if buffer.readableBytes >= copyChunk {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
    }

    static let staging = "roster_staging"
    /// Bytes per COPY message.
    static let copyChunk = 1 << 18

    /// The roster's columns in the hub: name, type, and the value a row of the file merges to
    /// over the stored row `o` (`s`: the file's row).
    static let rosterColumns: [(name: String, type: String, merged: String)] = [
        ("id_number", "text", "s.id_number"), ("name", "text", "s.name"), ("insured_region", "text", "s.insured_region"),
        ("roster_status", "text", "s.roster_status"), ("suspended_since", "text", "s.suspended_since"),
        ("monthly_pension", "bigint", "coalesce(s.monthly_pension, o.monthly_pension)"), ("phone", "text", "coalesce(s.phone, o.phone)"),
        ("address", "text", "coalesce(s.address, o.address)"), ("community", "text", "coalesce(s.community, o.community)"),
        ("mobility", "text", "coalesce(s.mobility, o.mobility)"), ("last_certified", "text", "coalesce(s.last_certified, o.last_certified)"),
        ("last_method", "text", "CASE WHEN s.last_certified IS NULL THEN o.last_method ELSE s.last_method END"),
        ("residence", "text", "coalesce(s.residence, o.residence)"),
    ]

    /// One row in COPY's text format: tab-separated, `\N` for NULL, backslash escapes.
    static func appendCopyLine(_ row: CityRosterRow, to buffer: inout ByteBuffer) {
        func field(_ text: String?, last: Bool = false) {
            if let text, !text.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 < 0x20 }) {
                buffer.writeString(text)
            } else if let text {
                for byte in text.utf8 {
                    switch byte {
                    case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                    case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                    case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                    case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                    default: buffer.writeInteger(byte)
                    }
                }
            } else {
                buffer.writeStaticString("\\N")
            }
            buffer.writeInteger(last ? UInt8(ascii: "\n") : UInt8(ascii: "\t"))
        }
        field(row.idNumber)
        field(row.name)
        field(row.insuredRegion)
        field(row.rosterStatus)
        field(row.suspendedSince)
        field(row.monthlyPensionFen.map(String.init))
        field(row.phone)
        field(row.address)
        field(row.community)
        field(row.mobility)
        field(row.lastCertified)
        field(row.lastMethod)
        field(row.residence, last: true)
    }
}

extension HubClient {
    /// The roster rows this point's role may read (row-level security: residents insured in its
    /// districts, or insured there before a roster moved them), changed after `after`. Only rows of
    /// transactions older than every one still running, as for the records: none is skipped.
    static func rosterPull(_ connection: HubConnection) -> @Sendable (HubCursor, Int) async throws(HubFailure) -> HubRosterPull {
        { (after: HubCursor, limit: Int) async throws(HubFailure) -> HubRosterPull in
            try await connection.transaction { db in
                let rows = try await db.query("""
                    SELECT id_number, name, insured_region, roster_status, suspended_since, monthly_pension, phone, address, community,
                           mobility, last_certified, last_method, residence, removed_in IS NOT NULL, committed_by, arrival
                    FROM city.resident
                    WHERE (committed_by, arrival) > (\(after.transaction), \(after.arrival))
                      AND committed_by < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
                    ORDER BY committed_by, arrival LIMIT \(limit)
                    """, logger: connection.logger)
                var pull = HubRosterPull(rows: [], removed: [], next: after)
                for try await (id, name, region, status, since, pension, phone, address, community, mobility, certified, method, residence,
                               removed, transaction, arrival)
                    in rows.decode((String, String, String, String, String?, Int64?, String?, String?, String?, String?, String?, String?,
                                    String?, Bool, Int64, Int64).self) {
                    pull.next = HubCursor(transaction: transaction, arrival: arrival)
                    if removed {
                        pull.removed.append(id)
                    } else {
                        pull.rows.append(CityRosterRow(idNumber: id, name: name, insuredRegion: region, rosterStatus: status, suspendedSince: since,
                                                       monthlyPensionFen: pension, phone: phone, address: address, community: community,
                                                       mobility: mobility, lastCertified: certified, lastMethod: method, residence: residence))
                    }
                }
                return pull
            }
        }
    }
}
