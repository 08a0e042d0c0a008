import Domain
import GRDB
import Store

/// Fraud alerts: a finger found under another identity, a certification dated after a death, one
/// photo submitted for two residents.
/// A supervisor settles each one, with the reason.
public struct AlertsDesk: Sendable {
    let database: AppDatabase
    let staff: StaffMember

    /// Records a finger found under another identity. `matched` is nil when a match-on-chip reader
    /// refused the print as a duplicate without saying whose it is.
    static func raise(in database: AppDatabase, enrolling id: ResidentID, finger: Finger, matched: StoredPrint?, by staff: StaffMember) throws(KioskError) -> FraudAlert {
        try database.write { db in
            let now = database.clock.now()
            let alertID = RecordID.make(at: now)
            try db.execute(sql: """
                INSERT INTO fraud_alert (id, service_point, raised_at, raised_by, resident_id, finger, matched_resident_id, matched_finger)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [alertID, database.servicePoint.code, now, staff.id, id.fullNumber, finger.rawValue, matched?.residentID.fullNumber,
                                 matched?.finger.rawValue])
            try AuditLog.append(db, in: database, staff: staff.id, action: .fraudAlertRaised, subject: .init(table: "fraud_alert", id: alertID),
                                detail: "finger=\(finger.rawValue)")
            return FraudAlert(id: alertID, raisedAt: database.clock.local(now), raisedBy: staff.name, residentID: id, finger: finger, posthumous: nil,
                              matchedResidentID: matched?.residentID, matchedFinger: matched?.finger, status: .open)
        }
    }

    /// Records that the photo just taken for `id` is the very photo (same SHA-256) already taken
    /// for `matched`, inside the write that records it.
    static func raiseSamePhoto(_ db: Database, in database: AppDatabase, for id: ResidentID, matched: ResidentID, photo hash: String,
                               by staff: StaffMember) throws {
        let now = database.clock.now()
        let alertID = RecordID.make(at: now)
        try db.execute(sql: """
            INSERT INTO fraud_alert (id, service_point, raised_at, raised_by, resident_id, matched_resident_id, photo_sha256)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [alertID, database.servicePoint.code, now, staff.id, id.fullNumber, matched.fullNumber, hash])
        try AuditLog.append(db, in: database, staff: staff.id, action: .fraudAlertRaised, subject: .init(table: "fraud_alert", id: alertID),
                            detail: "same_photo")
    }

    /// Whether a photo is under an alert not (yet) found to be a false match.
    static func photoUnderSuspicion(_ db: Database, _ hash: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM fraud_alert WHERE photo_sha256 = ? AND status != 'false_match')",
                          arguments: [hash]) ?? false
    }

    public func list(includingResolved: Bool = false) throws(KioskError) -> [FraudAlert] {
        try staff.mustBeAllowed(.resolveAlerts)
        return try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.*, r.name AS raised_by_name, s.name AS resolved_by_name FROM fraud_alert a
                JOIN staff r ON r.id = a.raised_by LEFT JOIN staff s ON s.id = a.resolved_by
                WHERE ? OR a.status = 'open' ORDER BY a.raised_at
                """, arguments: [includingResolved]).map { row in
                FraudAlert(id: row["id"], raisedAt: database.clock.local(row["raised_at"]), raisedBy: row["raised_by_name"],
                           residentID: ResidentID(trusted: row["resident_id"]), finger: try storedWord(row["finger"] as String?, table: "fraud_alert", column: "finger"),
                           posthumous: AppDatabase.posthumous(row), samePhoto: row["photo_sha256"],
                           matchedResidentID: (row["matched_resident_id"] as String?).map(ResidentID.init(trusted:)),
                           matchedFinger: try storedWord(row["matched_finger"] as String?, table: "fraud_alert", column: "matched_finger"),
                           status: try storedWord(row["status"] as String, table: "fraud_alert", column: "status"), resolution: row["resolution"],
                           resolvedBy: row["resolved_by_name"])
            }
        }
    }

    /// A supervisor adjudicates an alert, with the reason; a resolved alert stays resolved.
    public func resolve(_ alertID: String, as status: FraudAlert.Status, note: String) throws(KioskError) {
        try staff.mustBeAllowed(.resolveAlerts)
        try database.write { db in
            guard let current = try String.fetchOne(db, sql: "SELECT status FROM fraud_alert WHERE id = ?", arguments: [alertID]) else {
                throw KioskError.alertNotFound(alertID)
            }
            guard current == FraudAlert.Status.open.rawValue else { throw KioskError.alertAlreadyResolved(alertID) }
            try AuditLog.requireIntact(db, AuditSubject(table: "fraud_alert", id: alertID))
            try db.execute(sql: "UPDATE fraud_alert SET status = ?, resolution = ?, resolved_by = ?, resolved_at = ? WHERE id = ?",
                           arguments: [status.rawValue, note, staff.id, database.clock.now(), alertID])
            try AuditLog.append(db, in: database, staff: staff.id, action: .fraudAlertResolved, subject: .init(table: "fraud_alert", id: alertID),
                                detail: "status=\(status.rawValue)")
        }
    }
}
