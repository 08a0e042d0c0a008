import Domain
import GRDB

extension AppDatabase {
    /// The receipt of a certification made at this service point, built from the committed record
    /// alone (the certification, its resident and the staff member), so that a receipt written
    /// at the counter, re-created at start or reprinted a year later says the same. Nil when no
    /// certification made here has that id.
    package func storedReceipt(_ db: Database, certificationID: String) throws -> Receipt? {
        try storedReceipt(db, where: "c.id = ?", certificationID)
    }

    /// The same, looked up by the receipt's number (what the resident's slip shows).
    package func storedReceipt(_ db: Database, number: String) throws -> Receipt? {
        try storedReceipt(db, where: "c.receipt = ?", number)
    }

    private func storedReceipt(_ db: Database, where condition: String, _ value: String) throws -> Receipt? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT c.id, c.receipt, c.resident_id, c.certified_at, c.method, r.name AS resident_name, s.name AS staff_name
            FROM certification c JOIN resident r ON r.id_number = c.resident_id JOIN staff s ON s.id = c.staff_id
            WHERE \(condition) AND c.service_point = ?
            """), arguments: [value, servicePoint.code]) else { return nil }
        return Receipt(receiptNumber: row["receipt"], certificationID: row["id"], maskedID: ResidentID(trusted: row["resident_id"]).masked,
                       name: row["resident_name"], method: try storedWord(row["method"] as String, table: "certification", column: "method"),
                       servicePoint: servicePoint, certifiedAt: clock.local(row["certified_at"]), staffName: row["staff_name"],
                       testClock: testClock)
    }

    /// Certifications whose receipt file is not known to be written (`receipt_pending`): those
    /// made since the last receipt was written, and whatever a kill left. A handful, never the
    /// whole certification table.
    package static func pendingReceipts(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT certification_id FROM receipt_pending ORDER BY certification_id")
    }
}
