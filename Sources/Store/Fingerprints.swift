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
    static let printFormat: Int64 = 1

    private func sealContext(resident: String, finger: Finger, driver: String, deviceID: String) -> Data {
        Data("kiosk-print-v\(Self.printFormat)|\(resident)|\(finger.rawValue)|\(driver)|\(deviceID)".utf8)
    }

    private func seal(_ template: FingerprintTemplate, finger: Finger, of resident: ResidentID) throws -> Data {
        let box = try AES.GCM.seal(template.data, using: printKey,
                                   authenticating: sealContext(resident: resident.fullNumber, finger: finger,
                                                               driver: template.driver, deviceID: template.deviceID))
        return box.combined!
    }

    func storedPrint(_ row: Row) throws(KioskError) -> StoredPrint {
        let format: Int64 = row["format"] ?? 1
        guard format == Self.printFormat else {
            throw .storedValueUnknown(table: "enrolled_print", column: "format", value: String(format))
        }
        let resident: String = row["resident_id"], finger: Finger = try storedWord(row["finger"] as String, table: "enrolled_print", column: "finger")
        let driver: String = row["driver"], deviceID: String = row["device_id"]
        do {
            let box = try AES.GCM.SealedBox(combined: row["sealed"] as Data)
            let data = try AES.GCM.open(box, using: printKey,
                                        authenticating: sealContext(resident: resident, finger: finger, driver: driver, deviceID: deviceID))
            return StoredPrint(id: row["id"], residentID: ResidentID(trusted: resident), finger: finger,
                               template: FingerprintTemplate(data: Array(data), driver: driver, deviceID: deviceID, finger: finger,
                                                             storedOnDevice: row["stored_on_device"]),
                               enrolledAt: clock.local(row["enrolled_at"]))
        } catch {
            throw .printUnreadable(ResidentID(trusted: resident), finger)
        }
    }

    // MARK: Prints

    /// The resident's enrolled prints, opened.
    public func prints(of id: ResidentID) throws(KioskError) -> [StoredPrint] {
        let rows = try read { db in try Row.fetchAll(db, sql: "SELECT * FROM enrolled_print WHERE resident_id = ? ORDER BY enrolled_at", arguments: [id.fullNumber]) }
        return try rows.map { row throws(KioskError) in try storedPrint(row) }
    }

    /// Every other resident's prints: the gallery a new print is checked against.
    public func gallery(excluding id: ResidentID?) throws(KioskError) -> [StoredPrint] {
        let rows = try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM enrolled_print WHERE resident_id IS NOT ? ORDER BY resident_id, finger", arguments: [id?.fullNumber])
        }
        return try rows.map { row throws(KioskError) in try storedPrint(row) }
    }

    /// Checks, before any scan, that this resident may enrol this finger: someone the service point
    /// serves, and within the policy's number of fingers (re-enrolling an enrolled finger is fine).
    public func checkEnrolment(of id: ResidentID, finger: Finger, by staff: StaffMember) throws(KioskError) {
        try authorize(staff, .enrollFingerprint)
        try read { db in try checkEnrolment(db, of: id, finger: finger) }
    }

    private func checkEnrolment(_ db: Database, of id: ResidentID, finger: Finger) throws {
        let file = try requireFile(db, id)
        let status = status(of: file)
        guard status.mayCertifyHere else { throw KioskError.refusedByStatus(status.code) }
        let fingers = try String.fetchAll(db, sql: "SELECT finger FROM enrolled_print WHERE resident_id = ?", arguments: [id.fullNumber])
        if !fingers.contains(finger.rawValue), fingers.count >= fingerprintPolicy.fingersPerResident {
            throw KioskError.tooManyFingers(allowed: fingerprintPolicy.fingersPerResident)
        }
    }

    /// Saves an enrolled print sealed, replacing an earlier print of the same finger. The rules
    /// are checked again inside the write: another counter may have enrolled a finger meanwhile.
    public func saveEnrolledPrint(_ template: FingerprintTemplate, of id: ResidentID, by staff: StaffMember) throws(KioskError) -> StoredPrint {
        guard let finger = template.finger else { preconditionFailure("a resident's print names its finger") }
        try authorize(staff, .enrollFingerprint)
        let sealed: Data
        do { sealed = try seal(template, finger: finger, of: id) } catch { throw .databaseFailure(path: path, detail: "seal: \(error)") }
        let row = try write { db -> Row in
            try checkEnrolment(db, of: id, finger: finger)
            if let old = try String.fetchOne(db, sql: "SELECT id FROM enrolled_print WHERE resident_id = ? AND finger = ?",
                                             arguments: [id.fullNumber, finger.rawValue]) {
                try db.execute(sql: "DELETE FROM enrolled_print WHERE id = ?", arguments: [old])
                try AuditLog.append(db, in: self, staff: staff.id, action: .printRemoved, subject: .init(table: "enrolled_print", id: old),
                                    detail: "finger=\(finger.rawValue) replaced")
            }
            let now = clock.now()
            let printID = RecordID.make(at: now)
            try db.execute(sql: """
                INSERT INTO enrolled_print (id, service_point, resident_id, finger, driver, device_id, stored_on_device, sealed, enrolled_at,
                                            staff_id, format)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [printID, servicePoint.code, id.fullNumber, finger.rawValue, template.driver, template.deviceID,
                                 template.storedOnDevice, sealed, now, staff.id, Self.printFormat])
            try AuditLog.append(db, in: self, staff: staff.id, action: .printEnrolled, subject: .init(table: "enrolled_print", id: printID),
                                detail: "finger=\(finger.rawValue) driver=\(template.driver)")
            return try Row.fetchOne(db, sql: "SELECT * FROM enrolled_print WHERE id = ?", arguments: [printID])!
        }
        return try storedPrint(row)
    }

    /// Removes an enrolled print (a reader changed, or a finger injured).
    public func removeEnrolledPrint(_ finger: Finger, of id: ResidentID, by staff: StaffMember) throws(KioskError) {
        try authorize(staff, .enrollFingerprint)
        try write { db in
            guard let printID = try String.fetchOne(db, sql: "SELECT id FROM enrolled_print WHERE resident_id = ? AND finger = ?",
                                                    arguments: [id.fullNumber, finger.rawValue]) else {
                throw KioskError.printNotEnrolled(finger)
            }
            try db.execute(sql: "DELETE FROM enrolled_print WHERE id = ?", arguments: [printID])
            try AuditLog.append(db, in: self, staff: staff.id, action: .printRemoved, subject: .init(table: "enrolled_print", id: printID),
                                detail: "finger=\(finger.rawValue)")
        }
    }

    /// Forgets the enrolments kept on a reader's chip once the chip was cleared.
    public func forgetPrints(storedOn reader: ReaderInfo, by staff: StaffMember) throws(KioskError) -> Int {
        try authorize(staff, .manageReaderStorage)
        return try write { db in
            let ids = try String.fetchAll(db, sql: "SELECT id FROM enrolled_print WHERE stored_on_device = 1 AND driver = ? AND device_id = ?",
                                          arguments: [reader.driver, reader.deviceID])
            for printID in ids {
                try db.execute(sql: "DELETE FROM enrolled_print WHERE id = ?", arguments: [printID])
                try AuditLog.append(db, in: self, staff: staff.id, action: .printRemoved, subject: .init(table: "enrolled_print", id: printID),
                                    detail: "reader storage cleared")
            }
            return ids.count
        }
    }

    // MARK: Fraud alerts

    /// Records a finger found under another identity. `matched` is nil when a match-on-chip reader
    /// refused the print as a duplicate without saying whose it is.
    public func raiseFraudAlert(enrolling id: ResidentID, finger: Finger, matched: StoredPrint?, by staff: StaffMember) throws(KioskError) -> FraudAlert {
        try write { db in
            let now = clock.now()
            let alertID = RecordID.make(at: now)
            try db.execute(sql: """
                INSERT INTO fraud_alert (id, service_point, raised_at, raised_by, resident_id, finger, matched_resident_id, matched_finger)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [alertID, servicePoint.code, now, staff.id, id.fullNumber, finger.rawValue, matched?.residentID.fullNumber,
                                 matched?.finger.rawValue])
            try AuditLog.append(db, in: self, staff: staff.id, action: .fraudAlertRaised, subject: .init(table: "fraud_alert", id: alertID),
                                detail: "finger=\(finger.rawValue)")
            return FraudAlert(id: alertID, raisedAt: clock.local(now), raisedBy: staff.name, residentID: id, finger: finger, posthumous: nil,
                              matchedResidentID: matched?.residentID, matchedFinger: matched?.finger, status: .open)
        }
    }

    public func fraudAlerts(includingResolved: Bool, by staff: StaffMember) throws(KioskError) -> [FraudAlert] {
        try authorize(staff, .resolveAlerts)
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.*, r.name AS raised_by_name, s.name AS resolved_by_name FROM fraud_alert a
                JOIN staff r ON r.id = a.raised_by LEFT JOIN staff s ON s.id = a.resolved_by
                WHERE ? OR a.status = 'open' ORDER BY a.raised_at
                """, arguments: [includingResolved]).map { row in
                FraudAlert(id: row["id"], raisedAt: clock.local(row["raised_at"]), raisedBy: row["raised_by_name"],
                           residentID: ResidentID(trusted: row["resident_id"]), finger: try storedWord(row["finger"] as String?, table: "fraud_alert", column: "finger"),
                           posthumous: Self.posthumous(row),
                           matchedResidentID: (row["matched_resident_id"] as String?).map(ResidentID.init(trusted:)),
                           matchedFinger: try storedWord(row["matched_finger"] as String?, table: "fraud_alert", column: "matched_finger"),
                           status: try storedWord(row["status"] as String, table: "fraud_alert", column: "status"), resolution: row["resolution"],
                           resolvedBy: row["resolved_by_name"])
            }
        }
    }

    static func posthumous(_ row: Row) -> PosthumousCertification? {
        guard let certified = (row["certified_on"] as String?).flatMap(CivilDate.init),
              let died = (row["died_on"] as String?).flatMap(CivilDate.init) else { return nil }
        return PosthumousCertification(certifiedOn: certified, diedOn: died)
    }

    /// Raises the alert for a certification dated after the reported death, once per certification
    /// date, inside the write that found it (a death report, a roster import).
    func raisePosthumousAlert(_ db: Database, _ id: ResidentID, _ found: PosthumousCertification, by staff: StaffMember) throws {
        let known = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM fraud_alert WHERE resident_id = ? AND certified_on = ?)",
                                      arguments: [id.fullNumber, found.certifiedOn.description]) ?? false
        guard !known else { return }
        let now = clock.now()
        let alertID = RecordID.make(at: now)
        try db.execute(sql: """
            INSERT INTO fraud_alert (id, service_point, raised_at, raised_by, resident_id, certified_on, died_on)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [alertID, servicePoint.code, now, staff.id, id.fullNumber, found.certifiedOn.description, found.diedOn.description])
        try AuditLog.append(db, in: self, staff: staff.id, action: .fraudAlertRaised, subject: .init(table: "fraud_alert", id: alertID),
                            detail: "certified_after_death")
    }

    /// A supervisor adjudicates an alert, with the reason; a resolved alert stays resolved.
    public func resolveFraudAlert(_ alertID: String, as status: FraudAlert.Status, note: String, by staff: StaffMember) throws(KioskError) {
        try authorize(staff, .resolveAlerts)
        try write { db in
            guard let current = try String.fetchOne(db, sql: "SELECT status FROM fraud_alert WHERE id = ?", arguments: [alertID]) else {
                throw KioskError.alertNotFound(alertID)
            }
            guard current == FraudAlert.Status.open.rawValue else { throw KioskError.alertAlreadyResolved(alertID) }
            try db.execute(sql: "UPDATE fraud_alert SET status = ?, resolution = ?, resolved_by = ?, resolved_at = ? WHERE id = ?",
                           arguments: [status.rawValue, note, staff.id, clock.now(), alertID])
            try AuditLog.append(db, in: self, staff: staff.id, action: .fraudAlertResolved, subject: .init(table: "fraud_alert", id: alertID),
                                detail: "status=\(status.rawValue)")
        }
    }
}
