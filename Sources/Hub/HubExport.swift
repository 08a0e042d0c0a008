import Crypto
import Domain
import Foundation
import PostgresNIO

extension HubAdmin {
    /// The certifications of the whole city since a day, for the bureau's own system: the file a
    /// kiosk's `kiosk export certifications` writes (`CertificationExportFormat`), one row per
    /// certification any point pushed, with the manifest's anchors being every point's chain head
    /// on the hub when the export was read (one snapshot).
    public struct CityExport: Sendable {
        public var csv: String
        public var manifest: Manifest
    }

    public struct Manifest: Sendable, Codable {
        public var file: String
        public var rows: Int
        public var sha256: String
        public var since: String
        public var source = "hub"
        public var generatedAt: String
        public var generatedBy: String
        public var auditAnchors: [Anchor]

        public struct Anchor: Sendable, Codable {
            public var servicePoint: String
            public var seq: Int64
            public var hash: String?
        }
    }

    public func certificationExport(since: CivilDate, file: String, clock: KioskClock) async throws(HubFailure) -> CityExport {
        try await connection.transaction(within: .seconds(3600)) { [connection] db in
            try await db.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: connection.logger)
            var anchors: [Manifest.Anchor] = []
            for try await (point, seq, hash) in try await db.query("SELECT service_point, seq, hash FROM city.push_head ORDER BY service_point",
                                                                   logger: connection.logger).decode((String, Int64, String?).self) {
                anchors.append(Manifest.Anchor(servicePoint: point, seq: seq, hash: hash))
            }
            var user = ""
            for try await name in try await db.query("SELECT current_user::text", logger: connection.logger).decode(String.self) { user = name }
            let rows = try await db.query("""
                SELECT c.id, coalesce(c.body ->> 'receipt', ''), c.service_point, c.resident_id, coalesce(r.name, ''),
                       coalesce(c.body ->> 'method', ''), c.at, coalesce(c.body ->> 'staff_name', ''), coalesce(c.body ->> 'evidence', '')
                FROM city.record c LEFT JOIN city.resident r ON r.id_number = c.resident_id
                WHERE c.kind = 'certification' AND c.at >= \(clock.startOfDay(since))
                ORDER BY c.at, c.id
                """, logger: connection.logger)
            var csv = CertificationExportFormat.header + "\n"
            var count = 0
            for try await (id, receipt, point, resident, name, method, at, staff, evidence)
                in rows.decode((String, String, String, String, String, String, Int64, String, String).self) {
                csv += [id, receipt, point, resident, name, method, clock.isoTime(at), staff, evidence].map(CSVField.escape).joined(separator: ",") + "\n"
                count += 1
            }
            let manifest = Manifest(file: file, rows: count, sha256: SHA256.hash(data: Data(csv.utf8)).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(), since: since.description,
                                    generatedAt: clock.isoTime(clock.now()), generatedBy: user, auditAnchors: anchors)
            return CityExport(csv: csv, manifest: manifest)
        }
    }
}
