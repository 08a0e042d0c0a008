import Crypto
import Domain
import Files
import Foundation
import GRDB

extension AppDatabase {
    public static let exportHeader = "certification_id,receipt,service_point,id_number,name,method,certified_at,staff,evidence"

    /// Writes every certification recorded here since `since` (local date) for the bureau, with
    /// full ID numbers, plus `FILE.manifest.json` (row count and SHA-256 of the file). Both files
    /// are readable by this user only and appear whole or not at all.
    public func exportCertifications(since: CivilDate, to path: String, by staff: StaffMember) throws(KioskError) -> ExportManifest {
        let (rows, head) = try read { db in
            (try Row.fetchAll(db, sql: """
                SELECT c.*, s.name AS staff_name, r.name AS resident_name FROM certification c
                JOIN staff s ON s.id = c.staff_id JOIN resident r ON r.id_number = c.resident_id
                WHERE c.certified_at >= ? ORDER BY c.certified_at, c.id
                """, arguments: [clock.startOfDay(since)]), try AuditLog.head(db))
        }
        var csv = Self.exportHeader + "\n"
        for row in rows {
            let certification = try certification(from: row)
            let fields = [certification.id, certification.receipt, certification.servicePoint, certification.residentID, row["resident_name"] as String,
                          certification.method.rawValue, isoTime(row["certified_at"]), certification.staffName, certification.evidence ?? ""]
            csv += fields.map(CSVField.escape).joined(separator: ",") + "\n"
        }
        let data = Data(csv.utf8)
        let manifest = ExportManifest(file: URL(fileURLWithPath: path).lastPathComponent, rows: rows.count,
                                      sha256: SHA256.hash(data: data).hex, since: since, servicePoint: servicePoint.code,
                                      generatedAt: isoTime(clock.now()), generatedBy: staff.name,
                                      auditAnchor: AuditAnchor(seq: head.seq, hash: head.hash), testClock: testClock)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let manifestData: Data
        do { manifestData = try encoder.encode(manifest) } catch { throw .fileFailure(path: path, detail: String(describing: error)) }
        try PrivateFile.write(data, to: path)
        try PrivateFile.write(manifestData + Data("\n".utf8), to: path + ".manifest.json")
        try write { db in
            try AuditLog.append(db, in: self, staff: staff.id, action: .certificationsExported, subject: nil,
                                detail: "since=\(since) rows=\(manifest.rows) sha256=\(manifest.sha256)")
        }
        return manifest
    }

    private func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    /// ISO 8601 in the service point's zone, with its offset (`2026-11-29T14:30:05+08:00`).
    func isoTime(_ milliseconds: Int64) -> String {
        let local = clock.local(milliseconds)
        let offset = clock.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(milliseconds / 1000)))
        let sign = offset < 0 ? "-" : "+"
        let hours = abs(offset) / 3600, minutes = abs(offset) / 60 % 60
        return "\(local.date)T" + String(local.description.suffix(8)) + sign + twoDigits(hours) + ":" + twoDigits(minutes)
    }
}
