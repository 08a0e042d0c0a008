import Crypto
import Domain
import Files
import Foundation
import GRDB

/// Field mode: a visiting staff member's day carried to the homes on a laptop of the same service
/// point (its `prints.key` copied to it), and the outcomes carried back. Both files are JSON sealed
/// with AES-256-GCM under a key derived from the print key (HKDF-SHA256, one label per kind of
/// file), with the kind and the service point's code bound into the seal: a file altered, of the
/// other kind, or made by another service point does not open. The enrolled prints inside a pack
/// stay sealed as they are at the desk.
package enum FieldFileKind: String, Sendable {
    case pack = "kiosk-field-pack-1"
    case results = "kiosk-field-results-1"
}

/// A day's visits for one staff member, as packed at the desk.
package struct FieldPack: Codable, Sendable {
    package struct Stop: Codable, Sendable {
        package var booking: String
        package var number: String?
        package var residentID: String
        package var name: String
        package var address: String
        package var status: String
        package var deadline: String?
        /// The rows as stored at the desk (JSON objects of their columns), for the laptop's database.
        package var residentRow: String
        package var bookingRow: String

        package init(booking: String, number: String?, residentID: String, name: String, address: String, status: String, deadline: String?,
                     residentRow: String, bookingRow: String) {
            (self.booking, self.number, self.residentID, self.name, self.address) = (booking, number, residentID, name, address)
            (self.status, self.deadline, self.residentRow, self.bookingRow) = (status, deadline, residentRow, bookingRow)
        }
    }

    package var id: String
    package var date: String
    package var visitor: String
    package var stops: [Stop]
    package var prints: [EnrolledPrintRow]

    package init(id: String, date: String, visitor: String, stops: [Stop], prints: [EnrolledPrintRow]) {
        (self.id, self.date, self.visitor, self.stops, self.prints) = (id, date, visitor, stops, prints)
    }
}

/// What the laptop recorded, by the ids of its records.
package struct FieldResults: Codable, Sendable {
    package struct Certification: Codable, Sendable {
        package var id: String
        package var residentID: String
        package var at: Int64
        package var evidence: String?
        package var receipt: String
    }

    package struct Outcome: Codable, Sendable {
        /// The laptop's visit event: it becomes the desk's event, under the same id.
        package var id: String
        package var booking: String
        package var kind: String
        package var at: Int64
        package var staff: String
        package var detail: String
        package var certification: Certification?
    }

    package var outcomes: [Outcome]

    package init(outcomes: [Outcome]) { self.outcomes = outcomes }
}

extension AppDatabase {
    private func fieldKey(_ kind: FieldFileKind) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: printKey, info: Data(kind.rawValue.utf8), outputByteCount: 32)
    }

    private func fieldContext(_ kind: FieldFileKind) -> Data { Data("\(kind.rawValue)|\(servicePoint.code)".utf8) }

    /// The file's content: its kind on the first line, then the sealed JSON.
    package func sealFieldFile(_ value: some Encodable, _ kind: FieldFileKind) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let box = try AES.GCM.seal(try encoder.encode(value), using: fieldKey(kind), authenticating: fieldContext(kind))
        return Data((kind.rawValue + "\n").utf8) + box.combined!
    }

    /// Opens a field file, or says what is wrong with it; nothing is read from a file that does not open.
    package func openFieldFile<T: Decodable>(_ type: T.Type, _ kind: FieldFileKind, at path: String) throws(KioskError) -> T {
        guard let content = FileManager.default.contents(atPath: path) else { throw .fileFailure(path: path, detail: "cannot read") }
        let header = Data((kind.rawValue + "\n").utf8)
        guard content.starts(with: header) else {
            let other: FieldFileKind = kind == .pack ? .results : .pack
            throw .fieldFileRefused(path: path, content.starts(with: Data((other.rawValue + "\n").utf8)) ? .otherKind : .notAFieldFile)
        }
        do {
            let box = try AES.GCM.SealedBox(combined: content.dropFirst(header.count))
            let json = try AES.GCM.open(box, using: fieldKey(kind), authenticating: fieldContext(kind))
            return try JSONDecoder().decode(type, from: json)
        } catch {
            throw .fieldFileRefused(path: path, .doesNotOpen)
        }
    }

    /// Writes a field file inside the caller's write: 0600, never over an existing file. Written
    /// before the transaction commits, so a failure to write leaves no record of it.
    package func writeFieldFile(_ value: some Encodable, _ kind: FieldFileKind, to path: String) throws {
        try PrivateFile.write(try sealFieldFile(value, kind), to: path, replacing: false)
    }

    // MARK: Rows as JSON

    private func columns(_ db: Database, _ table: String) throws -> [String] {
        try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] }
    }

    /// One row as a JSON object of its columns (text and numbers keep their types).
    package func rowJSON(_ db: Database, table: String, key: String, value: String) throws -> String? {
        let pairs = try columns(db, table).map { "'\($0)', \($0)" }.joined(separator: ", ")
        return try String.fetchOne(db, sql: "SELECT json_object(\(pairs)) FROM \(table) WHERE \(key) = ?", arguments: [value])
    }

    /// Inserts a row `rowJSON` made, with some columns given instead; `upsertKey`: replaces the
    /// other columns of a row already there with that key.
    package func insertRowJSON(_ db: Database, table: String, json: String, setting given: [String: (any DatabaseValueConvertible)?],
                               upsertKey: String? = nil) throws {
        let names = try columns(db, table)
        var arguments: StatementArguments = [json]
        var position = 1
        let values = names.map { name -> String in
            guard let value = given[name] else { return "json_extract(?1, '$.\"\(name)\"')" }
            arguments += [value]
            position += 1
            return "?\(position)"
        }
        let upsert = upsertKey.map { key in
            " ON CONFLICT (\(key)) DO UPDATE SET " + names.filter { $0 != key }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        } ?? ""
        try db.execute(sql: "INSERT INTO \(table) (\(names.joined(separator: ", "))) SELECT \(values.joined(separator: ", ")) WHERE 1\(upsert)",
                       arguments: arguments)
    }

    /// The resident's row for a pack, with the latest certification recorded here or reported by the
    /// city in place of the roster's when it is later, so the laptop knows who is certified already.
    package func packedResidentRow(_ db: Database, _ id: ResidentID, lastCertification: KioskCertification?) throws -> String {
        let row = try rowJSON(db, table: "resident", key: "id_number", value: id.fullNumber)!
        guard let last = lastCertification else { return row }
        return try String.fetchOne(db, sql: """
            SELECT CASE WHEN ifnull(json_extract(?1, '$.last_certified'), '') < ?2 THEN json_set(?1, '$.last_certified', ?2, '$.last_method', ?3) ELSE ?1 END
            """, arguments: [row, last.certifiedAt.date.description, last.method.rawValue])!
    }

    /// Puts a packed resident in place on the laptop; returns the resident table's digest after it.
    package func placeResident(_ db: Database, json: String, _ id: ResidentID, residents: inout TableDigest) throws {
        if let before = try AuditLog.residentDigest(db, id) { residents.remove(before) }
        try insertRowJSON(db, table: "resident", json: json, setting: [:], upsertKey: "id_number")
        if let after = try AuditLog.residentDigest(db, id) { residents.add(after) }
    }

    package func residentDigestNow(_ db: Database) throws -> TableDigest { try AuditLog.head(db).residentDigest }

    package func enrolledPrintRows(_ db: Database, of ids: [String]) throws -> [EnrolledPrintRow] {
        guard !ids.isEmpty else { return [] }
        return try EnrolledPrintRow.fetchAll(db, sql: """
            SELECT * FROM enrolled_print WHERE resident_id IN (\(ids.map { _ in "?" }.joined(separator: ","))) ORDER BY resident_id, finger
            """, arguments: StatementArguments(ids))
    }

    /// A packed print on the laptop, sealed as it came, recorded as placed by `staff`.
    package func placePrint(_ db: Database, _ row: EnrolledPrintRow, staff: String) throws {
        try db.execute(sql: """
            INSERT INTO enrolled_print (id, service_point, resident_id, finger, driver, device_id, stored_on_device, sealed, enrolled_at, staff_id, format)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [row.id, servicePoint.code, row.residentID, row.finger, row.driver, row.deviceID, row.storedOnDevice, row.sealed,
                             row.enrolledAt, staff, row.format])
    }

    /// The laptop's outcomes: every completed or missed visit, with its certification.
    package func fieldOutcomes(_ db: Database) throws -> [FieldResults.Outcome] {
        try Row.fetchAll(db, sql: """
            SELECT e.id, e.booking_id, e.kind, e.at, e.detail, s.name AS staff_name,
                   c.id AS certification_id, c.resident_id, c.certified_at, c.evidence, c.receipt
            FROM visit_event e JOIN staff s ON s.id = e.staff_id LEFT JOIN certification c ON c.id = e.certification_id
            WHERE e.kind IN ('completed', 'missed', 'rescheduled', 'cancelled') ORDER BY e.rowid
            """).map { row in
            FieldResults.Outcome(id: row["id"], booking: row["booking_id"], kind: row["kind"], at: row["at"], staff: row["staff_name"],
                                 detail: row["detail"],
                                 certification: (row["certification_id"] as String?).map {
                                     .init(id: $0, residentID: row["resident_id"], at: row["certified_at"], evidence: row["evidence"], receipt: row["receipt"])
                                 })
        }
    }

    /// Audit entries of `actions` after the latest of `after` (all of them when there is none).
    package func auditEntries(_ db: Database, of actions: [AuditAction], after: AuditAction) throws -> Int {
        try Int.fetchOne(db, sql: """
            SELECT count(*) FROM audit_entry WHERE action IN (\(actions.map { "'\($0.rawValue)'" }.joined(separator: ",")))
              AND seq > ifnull((SELECT max(seq) FROM audit_entry WHERE action = ?), 0)
            """, arguments: [after.rawValue]) ?? 0
    }

    /// Whether this data directory is a home-visit laptop: a field pack was loaded here.
    package func isFieldLaptop(_ db: Database) throws -> Bool {
        try auditEntries(db, of: [.fieldLoaded], after: .initialize) > 0
    }

    package func hasAuditEntry(_ db: Database, subject: AuditSubject) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM audit_entry WHERE subject_table = ? AND subject_id = ?)",
                          arguments: [subject.table, subject.id]) ?? false
    }

    package func recordExists(_ db: Database, table: String, id: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE id = ?)", arguments: [id]) ?? false
    }

    /// An active staff account by name, as the desk signs it in.
    package func activeStaff(_ db: Database, named name: String) throws -> StaffMember? {
        guard let row = try StaffRow.named(name, in: db), row.active else { return nil }
        return try row.member()
    }
}
