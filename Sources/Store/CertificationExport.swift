import Crypto
import Domain
import Files
import Foundation
import GRDB

extension AppDatabase {
    public static let exportHeader = CertificationExportFormat.header

    /// Writes every certification recorded here since `since` (local date) for the bureau, with
    /// full ID numbers, plus `FILE.manifest.json` (row count and SHA-256 of the file). Both files
    /// are readable by this user only and appear whole or not at all; neither overwrites a file.
    /// The export is audited before the files are written: personal data never leaves unrecorded.
    package func exportCertifications(since: CivilDate, to path: String, by staff: StaffMember) throws(KioskError) -> ExportManifest {
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
                          certification.method.rawValue, clock.isoTime(row["certified_at"]), certification.staffName, certification.evidence ?? ""]
            csv += fields.map(CSVField.escape).joined(separator: ",") + "\n"
        }
        let data = Data(csv.utf8)
        let manifest = ExportManifest(file: URL(fileURLWithPath: path).lastPathComponent, rows: rows.count,
                                      sha256: SHA256.hash(data: data).hex, since: since, servicePoint: servicePoint.code,
                                      generatedAt: clock.isoTime(clock.now()), generatedBy: staff.name,
                                      auditAnchor: AuditAnchor(seq: head.seq, hash: head.hash), testClock: testClock)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let manifestData: Data
        do { manifestData = try encoder.encode(manifest) } catch { throw .fileFailure(path: path, detail: String(describing: error)) }
        for file in [path, path + ".manifest.json"] where FileManager.default.fileExists(atPath: file) { throw .fileExists(path: file) }
        try write { db in
            try AuditLog.append(db, in: self, staff: staff.id, action: .certificationsExported, subject: nil,
                                detail: "since=\(since) rows=\(manifest.rows) sha256=\(manifest.sha256)")
        }
        try PrivateFile.write(data, to: path, replacing: false)
        try PrivateFile.write(manifestData + Data("\n".utf8), to: path + ".manifest.json", replacing: false)
        return manifest
    }
}
