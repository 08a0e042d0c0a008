import Crypto
import Domain
import Foundation
import GRDB

extension AppDatabase {
    // MARK: Sealing

    /// What the seal is bound to: the same bytes under another resident or finger do not open.
    /// The sealed print's format, stored with each print (NULL for prints sealed before the column,
    /// which are format 1). A kiosk meeting a format it does not know refuses to read the print
    /// rather than guess; a newer format is a new number and a new seal context.
    package static let printFormat: Int64 = 1

    private func sealContext(resident: String, finger: Finger, driver: String, deviceID: String) -> Data {
        Data("kiosk-print-v\(Self.printFormat)|\(resident)|\(finger.rawValue)|\(driver)|\(deviceID)".utf8)
    }

    package func seal(_ template: FingerprintTemplate, finger: Finger, of resident: ResidentID) throws -> Data {
        let box = try AES.GCM.seal(template.data, using: printKey,
                                   authenticating: sealContext(resident: resident.fullNumber, finger: finger,
                                                               driver: template.driver, deviceID: template.deviceID))
        return box.combined!
    }

    package func storedPrint(_ row: EnrolledPrintRow) throws(KioskError) -> StoredPrint {
        let format = row.format ?? 1
        guard format == Self.printFormat else {
            throw .storedValueUnknown(table: "enrolled_print", column: "format", value: String(format))
        }
        let finger: Finger = try storedWord(row.finger, table: "enrolled_print", column: "finger")
        do {
            let box = try AES.GCM.SealedBox(combined: row.sealed)
            let data = try AES.GCM.open(box, using: printKey,
                                        authenticating: sealContext(resident: row.residentID, finger: finger, driver: row.driver, deviceID: row.deviceID))
            return StoredPrint(id: row.id, residentID: ResidentID(trusted: row.residentID), finger: finger,
                               template: FingerprintTemplate(data: Array(data), driver: row.driver, deviceID: row.deviceID, finger: finger,
                                                             storedOnDevice: row.storedOnDevice),
                               enrolledAt: clock.local(row.enrolledAt))
        } catch {
            throw .printUnreadable(ResidentID(trusted: row.residentID), finger)
        }
    }

    // MARK: Prints

    /// The resident's enrolled prints, opened.
    public func prints(of id: ResidentID) throws(KioskError) -> [StoredPrint] {
        let rows = try read { db in try EnrolledPrintRow.fetchAll(db, sql: "SELECT * FROM enrolled_print WHERE resident_id = ? ORDER BY enrolled_at", arguments: [id.fullNumber]) }
        return try rows.map { row throws(KioskError) in try storedPrint(row) }
    }

    /// Every other resident's prints: the gallery a new print is checked against.
    public func gallery(excluding id: ResidentID?) throws(KioskError) -> [StoredPrint] {
        let rows = try read { db in
            try EnrolledPrintRow.fetchAll(db, sql: "SELECT * FROM enrolled_print WHERE resident_id IS NOT ? ORDER BY resident_id, finger",
                                          arguments: [id?.fullNumber])
        }
        return try rows.map { row throws(KioskError) in try storedPrint(row) }
    }

    package static func posthumous(_ row: Row) -> PosthumousCertification? {
        guard let certified = (row["certified_on"] as String?).flatMap(CivilDate.init),
              let died = (row["died_on"] as String?).flatMap(CivilDate.init) else { return nil }
        return PosthumousCertification(certifiedOn: certified, diedOn: died)
    }

    /// Raises the alert for a certification dated after the reported death, once per certification
    /// date, inside the write that found it (a death report, a roster import).
    /// Returns whether it was raised (false: raised before).
    @discardableResult
    package func raisePosthumousAlert(_ db: Database, _ id: ResidentID, _ found: PosthumousCertification, by staff: StaffMember) throws -> Bool {
        let known = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM fraud_alert WHERE resident_id = ? AND certified_on = ?)",
                                      arguments: [id.fullNumber, found.certifiedOn.description]) ?? false
        guard !known else { return false }
        let now = clock.now()
        let alertID = RecordID.make(at: now)
        try db.execute(sql: """
            INSERT INTO fraud_alert (id, service_point, raised_at, raised_by, resident_id, certified_on, died_on)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [alertID, servicePoint.code, now, staff.id, id.fullNumber, found.certifiedOn.description, found.diedOn.description])
        try AuditLog.append(db, in: self, staff: staff.id, action: .fraudAlertRaised, subject: .init(table: "fraud_alert", id: alertID),
                            detail: "certified_after_death")
        return true
    }

}
