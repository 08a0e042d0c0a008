import Domain
import GRDB
import Store

/// The reports staff read: the home screen's counts and the lists behind them. A list shows
/// personal data in bulk, so each is allowed by role and leaves an audit entry.
public struct ReportsDesk: Sendable {
    let database: AppDatabase
    let staff: StaffMember

    /// Residents whose recommended month is `month` and who have not certified for that cycle:
    /// the list for reminder calls.
    public func due(in month: YearMonth) throws(KioskError) -> [ResidentReportLine] {
        try Self.audited(database, .viewReports, by: staff, detail: "due month=\(month)") { db in try database.dueLines(db, month: month) }
    }

    /// Residents with a whole cycle missed and not (yet) suspended by the bureau.
    public func overdue() throws(KioskError) -> [ResidentReportLine] {
        try Self.audited(database, .viewReports, by: staff, detail: "overdue") { db in try database.overdueLines(db) }
    }

    /// The home screen's figures: counts only, no one's data, so any signed-in staff member may
    /// see them and they leave no audit entry.
    public func dashboard() throws(KioskError) -> Dashboard {
        let today = database.clock.today
        return try database.read { db in
            let certifiedToday = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM certification WHERE service_point = ? AND certified_at >= ? AND certified_at < ?
                """, arguments: [database.servicePoint.code, database.clock.startOfDay(today), database.clock.startOfDay(today.adding(days: 1))]) ?? 0
            let openAlerts = staff.role.may(.resolveAlerts)
                ? try Int.fetchOne(db, sql: "SELECT count(*) FROM fraud_alert WHERE status = 'open'") : nil
            return Dashboard(certifiedToday: certifiedToday, dueThisMonth: try database.dueLines(db, month: today.yearMonth, ordered: false).count,
                             overdue: try database.overdueLines(db, ordered: false).count, openAlerts: openAlerts,
                             pendingPhotoReviews: try AppDatabase.pendingPhotoCount(db))
        }
    }

    public func suspended() throws(KioskError) -> [ResidentReportLine] {
        try Self.audited(database, .viewReports, by: staff, detail: "suspended") { db in
            try database.lines(db, where: "r.roster_status IN ('suspended', 'terminated') AND r.roster_status = 'suspended'", arguments: [],
                      at: database.clock.localNow()) { $0.code == .suspended }
        }
    }

    /// Residents only the city bureau can serve: suspended two years or more, or terminated.
    public func referred() throws(KioskError) -> [ResidentReportLine] {
        try Self.audited(database, .viewReports, by: staff, detail: "referred") { db in
            try database.lines(db, where: "r.roster_status IN ('suspended', 'terminated')", arguments: [], at: database.clock.localNow()) {
                $0.code == .referToCityBureau
            }
        }
    }

    /// Today's certifications at this service point, with the residents' names.
    public func today() throws(KioskError) -> [(certification: KioskCertification, resident: Resident)] {
        let today = database.clock.today
        return try Self.audited(database, .viewReports, by: staff, detail: "today") { db in
            try Row.fetchAll(db, sql: """
                SELECT \(ResidentColumns.names.map { "r.\($0)" }.joined(separator: ", ")), c.*, s.name AS staff_name FROM certification c
                JOIN staff s ON s.id = c.staff_id JOIN resident r ON r.id_number = c.resident_id
                WHERE c.certified_at >= ? AND c.certified_at < ? ORDER BY c.certified_at
                """, arguments: [database.clock.startOfDay(today), database.clock.startOfDay(today.adding(days: 1))]).map { row in
                (try database.certification(from: row), try Resident(row: row))
            }
        }
    }

    /// Reports show personal data in bulk: each one is allowed by role and leaves an audit entry.
    static func audited<T>(_ database: AppDatabase, _ action: StaffAction, by staff: StaffMember, detail: String,
                           _ body: (Database) throws -> T) throws(KioskError) -> T {
        try staff.mustBeAllowed(action)
        let result = try database.read(body)
        try database.write { db in try AuditLog.append(db, in: database, staff: staff.id, action: .reportViewed, subject: nil, detail: detail) }
        return result
    }
}
