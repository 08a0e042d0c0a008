import Domain
import GRDB

extension AppDatabase {
    /// The resident columns plus the latest kiosk certification, for the status engine.
    private static let reportColumns = ResidentColumns.names.map { "r.\($0)" }.joined(separator: ", ") + """
        ,
        (SELECT c.certified_at FROM certification c WHERE c.resident_id = r.id_number ORDER BY c.certified_at DESC LIMIT 1) AS kiosk_at,
        (SELECT c.method FROM certification c WHERE c.resident_id = r.id_number ORDER BY c.certified_at DESC LIMIT 1) AS kiosk_method,
        (SELECT c.service_point FROM certification c WHERE c.resident_id = r.id_number ORDER BY c.certified_at DESC LIMIT 1) AS kiosk_point
        """

    /// `ordered`: by community and ID number, as staff read a list; a count needs no order (and
    /// sorting a city's overdue list is most of the time it takes).
    private func lines(_ db: Database, where condition: String, arguments: StatementArguments, at moment: LocalDateTime,
                       ordered: Bool = true, keep: (ResidentStatus) -> Bool) throws -> [ResidentReportLine] {
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT \(Self.reportColumns) FROM resident r
            WHERE \(condition) AND NOT EXISTS (SELECT 1 FROM death_report d WHERE d.resident_id = r.id_number)
            \(ordered ? "ORDER BY r.community, r.id_number" : "")
            """, arguments: arguments)
        let engine = engine
        var lines: [ResidentReportLine] = []
        while let row = try cursor.next() {
            let resident = try Resident(row: row)
            let kioskColumn = ResidentColumns.count
            let kiosk: CertificationFact? = (row[kioskColumn] as Int64?).map { at in
                let local = clock.local(at)
                return CertificationFact(date: local.date, secondOfDay: local.secondOfDay,
                                         method: CertificationMethod(rawValue: row[kioskColumn + 1] ?? ""), servicePoint: row[kioskColumn + 2],
                                         source: .kiosk)
            }
            let status = engine.status(of: resident, kioskCertification: kiosk, death: nil, at: moment)
            if keep(status) { lines.append(ResidentReportLine(resident: resident, status: status)) }
        }
        return lines
    }

    /// Residents whose recommended month is `month` and who have not certified for that cycle:
    /// the list for reminder calls.
    public func dueReport(month: YearMonth, by staff: StaffMember) throws(KioskError) -> [ResidentReportLine] {
        try report(.viewReports, by: staff, detail: "due month=\(month)") { db in try dueLines(db, month: month) }
    }

    private func dueLines(_ db: Database, month: YearMonth, ordered: Bool = true) throws -> [ResidentReportLine] {
        let now = clock.localNow()
        let moment = month > now.date.yearMonth ? LocalDateTime(date: month.firstDay, secondOfDay: 0) : now
        let cycle = CertificationCycle.containing(month.firstDay, birthMonth: month.month, kind: policy.cycle)
        return try lines(db, where: """
            substr(r.id_number, 11, 2) = ? AND r.roster_status = 'normal'
            AND (r.last_certified IS NULL OR r.last_certified < ?)
            AND NOT EXISTS (SELECT 1 FROM certification c WHERE c.resident_id = r.id_number AND c.certified_at >= ?)
            """, arguments: [month.month < 10 ? "0\(month.month)" : String(month.month), cycle.firstMonth.firstDay.description,
                             clock.startOfDay(cycle.firstMonth.firstDay)], at: moment, ordered: ordered) { status in
            switch status {
            case .due(let due): due.cycle.recommendedMonth == month
            default: false
            }
        }
    }

    /// Residents with a whole cycle missed and not (yet) suspended by the bureau.
    public func overdueReport(by staff: StaffMember) throws(KioskError) -> [ResidentReportLine] {
        try report(.viewReports, by: staff, detail: "overdue") { db in try overdueLines(db) }
    }

    private func overdueLines(_ db: Database, ordered: Bool = true) throws -> [ResidentReportLine] {
        let now = clock.localNow()
        // The latest any cycle containing today can start: nobody certified since then is certified now.
        let latestStart = (1...12).map { CertificationCycle.containing(now.date, birthMonth: $0, kind: policy.cycle).firstMonth }.max()!
        return try lines(db, where: """
            r.roster_status = 'normal' AND (r.last_certified IS NULL OR r.last_certified < ?)
            AND NOT EXISTS (SELECT 1 FROM certification c WHERE c.resident_id = r.id_number AND c.certified_at >= ?)
            """, arguments: [latestStart.firstDay.description, clock.startOfDay(latestStart.firstDay)], at: now, ordered: ordered) {
            $0.code == .overdue
        }
    }

    /// The home screen's figures: counts only, no one's data, so any signed-in staff member may
    /// see them and they leave no audit entry.
    public func dashboard(by staff: StaffMember) throws(KioskError) -> Dashboard {
        let today = clock.today
        return try read { db in
            let certifiedToday = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM certification WHERE service_point = ? AND certified_at >= ? AND certified_at < ?
                """, arguments: [servicePoint.code, clock.startOfDay(today), clock.startOfDay(today.adding(days: 1))]) ?? 0
            let openAlerts = staff.role.may(.resolveAlerts)
                ? try Int.fetchOne(db, sql: "SELECT count(*) FROM fraud_alert WHERE status = 'open'") : nil
            return Dashboard(certifiedToday: certifiedToday, dueThisMonth: try dueLines(db, month: today.yearMonth, ordered: false).count,
                             overdue: try overdueLines(db, ordered: false).count, openAlerts: openAlerts,
                             pendingPhotoReviews: try Self.pendingPhotoCount(db))
        }
    }

    public func suspendedReport(by staff: StaffMember) throws(KioskError) -> [ResidentReportLine] {
        try report(.viewReports, by: staff, detail: "suspended") { db in
            try lines(db, where: "r.roster_status IN ('suspended', 'terminated') AND r.roster_status = 'suspended'", arguments: [],
                      at: clock.localNow()) { $0.code == .suspended }
        }
    }

    /// Residents only the city bureau can serve: suspended two years or more, or terminated.
    public func referredReport(by staff: StaffMember) throws(KioskError) -> [ResidentReportLine] {
        try report(.viewReports, by: staff, detail: "referred") { db in
            try lines(db, where: "r.roster_status IN ('suspended', 'terminated')", arguments: [], at: clock.localNow()) {
                $0.code == .referToCityBureau
            }
        }
    }

    /// Today's certifications at this service point, with the residents' names.
    public func todayReport(by staff: StaffMember) throws(KioskError) -> [(certification: KioskCertification, resident: Resident)] {
        let today = clock.today
        return try report(.viewReports, by: staff, detail: "today") { db in
            try Row.fetchAll(db, sql: """
                SELECT \(ResidentColumns.names.map { "r.\($0)" }.joined(separator: ", ")), c.*, s.name AS staff_name FROM certification c
                JOIN staff s ON s.id = c.staff_id JOIN resident r ON r.id_number = c.resident_id
                WHERE c.certified_at >= ? AND c.certified_at < ? ORDER BY c.certified_at
                """, arguments: [clock.startOfDay(today), clock.startOfDay(today.adding(days: 1))]).map { row in
                (try certification(from: row), try Resident(row: row))
            }
        }
    }

    /// Reports show personal data in bulk: each one is allowed by role and leaves an audit entry.
    func report<T>(_ action: StaffAction, by staff: StaffMember, detail: String, _ body: (Database) throws -> T) throws(KioskError) -> T {
        try authorize(staff, action)
        let result = try read(body)
        try write { db in try AuditLog.append(db, in: self, staff: staff.id, action: .reportViewed, subject: nil, detail: detail) }
        return result
    }
}
