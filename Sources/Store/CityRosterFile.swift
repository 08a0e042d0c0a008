import Crypto
import Domain
import Foundation
import GRDB
import GRDBSQLite

/// The bureau's roster file checked for the city hub, by the same reading and the same row rules
/// as a kiosk's import (`RosterFile.check`, `RosterRowValidator`), its rows in the form the kiosk's
/// resident table takes them (`ResidentColumns`). Nothing is written here.
package enum CityRosterFile {
    package static func check(path: String, today: CivilDate, jurisdiction: Jurisdiction,
                              progress: (@Sendable (RosterImportProgress) -> Void)? = nil) throws(KioskError) -> CheckedCityRoster {
        let file = try RosterFile(path: path, legacyAbroadInsuredRegion: jurisdiction.legacyAbroadInsuredRegion)
        defer { file.deallocate() }
        let checked = try file.check(today: today, legacyAbroadRegionCodes: jurisdiction.legacyAbroadRegionCodes, progress: progress)
        let (order, duplicates) = checked.uniqueOrder(in: file)
        return CheckedCityRoster(fileName: URL(fileURLWithPath: path).lastPathComponent, fileSHA256: checked.sha256,
                                 rows: order.map { ResidentColumns(file: file, row: checked.rows[$0]).cityRow },
                                 rejections: (checked.rejections + duplicates).sorted { $0.line < $1.line })
    }
}

extension ResidentColumns {
    /// The roster's columns as the hub keeps them (a kiosk's own contact changes are not the roster's).
    var cityRow: CityRosterRow {
        func text(_ column: Int) -> String? {
            if case .text(let bytes) = values[column] { return String(decoding: bytes, as: UTF8.self) }
            return nil
        }
        func integer(_ column: Int) -> Int64? {
            if case .integer(let number) = values[column] { return number }
            return nil
        }
        return CityRosterRow(idNumber: text(Self.idColumn)!, name: text(Self.nameColumn)!, insuredRegion: text(Self.insuredRegionColumn)!,
                             rosterStatus: text(Self.statusColumn)!, suspendedSince: text(Self.suspendedSinceColumn),
                             monthlyPensionFen: integer(Self.pensionColumn), phone: text(Self.phoneColumn), address: text(Self.addressColumn),
                             community: text(Self.communityColumn), mobility: text(Self.mobilityColumn),
                             lastCertified: text(Self.lastCertifiedColumn), lastMethod: text(Self.lastMethodColumn),
                             residence: text(Self.residenceColumn))
    }
}

extension AppDatabase {
    /// Applies roster rows the city hub sent down (`kiosk sync`) inside the caller's write, as an
    /// import of the bureau's file would: read and checked by the import's own reading and rules
    /// (the rows as CSV, checked against this kiosk's today), each row merged over the stored one
    /// by the import's rule (`ResidentColumns.merge`). A pull batch is small, so the rows are
    /// written in place in this one transaction; the staging table of a file import
    /// (`RosterStaging`) is for a million rows without holding the write lock. Keeps `residents`
    /// (the resident table's digest) up to date; returns what an import reports.
    package func applyCityRoster(_ db: Database, _ rows: [CityRosterRow], source: String,
                                 residents: inout TableDigest) throws -> RosterImportReport {
        let csv = ([RosterColumn.allCases.map(\.header).joined(separator: ",")] + rows.map(\.csvLine)).joined(separator: "\n") + "\n"
        let file = RosterFile(name: source, contents: Array(csv.utf8), legacyAbroadInsuredRegion: policy.jurisdiction.legacyAbroadInsuredRegion)
        defer { file.deallocate() }
        let checked = try file.check(today: clock.today, legacyAbroadRegionCodes: policy.jurisdiction.legacyAbroadRegionCodes, progress: nil)
        let (order, duplicates) = checked.uniqueOrder(in: file)
        var report = RosterImportReport(fileName: source, fileSHA256: checked.sha256, rows: rows.count, inserted: 0, updated: 0, unchanged: 0,
                                        rejections: (checked.rejections + duplicates).sorted { $0.line < $1.line },
                                        legacyAbroadLines: checked.legacyAbroadLines.map(Int.init).sorted(), committed: true)
        let stored = try db.makeStatement(sql: "SELECT NULL, \(ResidentColumns.list) FROM resident WHERE id_number = ?")
        let upsert = try db.makeStatement(sql: """
            INSERT INTO resident (\(ResidentColumns.list)) VALUES (\(Array(repeating: "?", count: ResidentColumns.count).joined(separator: ", ")))
            ON CONFLICT (id_number) DO UPDATE SET \(ResidentColumns.names.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
            """)
        let (reading, writing) = (stored.sqliteStatement, upsert.sqliteStatement)
        func failure(_ code: Int32) -> DatabaseError {
            DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
        for index in order {
            let row = checked.rows[index]
            var columns = ResidentColumns(file: file, row: row)
            let id = file.field(row, .id)
            sqlite3_bind_text(reading, 1, id.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(id.count), Self.transientText)
            defer { sqlite3_reset(reading) }
            var before: SHA256.Digest?
            switch sqlite3_step(reading) {
            case SQLITE_ROW:
                before = RowDigest.of(statement: reading, table: "resident", firstColumn: 1)
                columns.merge(over: { RosterStaging.storedValue(reading, column: $0) })
            case SQLITE_DONE: break
            case let code: throw failure(code)
            }
            let after = columns.digest()
            if let before, before == after {
                report.unchanged += 1
                continue
            }
            // Merged values may point into the stored row under `reading`: bound as copies.
            columns.bind(to: writing, transient: true)
            let code = sqlite3_step(writing)
            sqlite3_reset(writing)
            sqlite3_clear_bindings(writing)
            guard code == SQLITE_DONE else { throw failure(code) }
            if let before {
                residents.remove(before)
                report.updated += 1
            } else {
                report.inserted += 1
            }
            residents.add(after)
        }
        return report
    }

    private static let transientText = unsafeBitCast(Int(-1), to: sqlite3_destructor_type.self)

    /// Where the roster pulls got to in the hub's commit order.
    package func hubRosterCursor() throws(KioskError) -> HubCursor {
        try read { db in
            try String.fetchOne(db, sql: "SELECT roster_cursor FROM hub_sync").flatMap(HubCursor.init) ?? .start
        }
    }

    package func setHubRosterCursor(_ db: Database, _ cursor: HubCursor) throws {
        try db.execute(sql: """
            INSERT INTO hub_sync (id, pull_cursor, roster_cursor) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET roster_cursor = excluded.roster_cursor
            """, arguments: [HubCursor.start.description, cursor.description])
    }
}
