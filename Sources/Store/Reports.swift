import Domain
import GRDB

extension AppDatabase {
    /// The resident columns plus the latest certification made here and the latest made elsewhere
    /// in the city (as pulled from the hub), for the status engine. Each is read from its own table
    /// by its index: through the `certification_anywhere` view, a correlated lookup would scan both.
    private static let reportColumns = ResidentColumns.names.map { "r.\($0)" }.joined(separator: ", ") + """
        ,
        (SELECT c.certified_at FROM certification c WHERE c.resident_id = r.id_number ORDER BY c.certified_at DESC LIMIT 1) AS kiosk_at,
        (SELECT c.method FROM certification c WHERE c.resident_id = r.id_number ORDER BY c.certified_at DESC LIMIT 1) AS kiosk_method,
        (SELECT c.service_point FROM certification c WHERE c.resident_id = r.id_number ORDER BY c.certified_at DESC LIMIT 1) AS kiosk_point,
        \(cityCertification("x.at")) AS city_at,
        \(cityCertification("json_extract(x.body, '$.method')")) AS city_method,
        \(cityCertification("x.service_point")) AS city_point
        """

    private static func cityCertification(_ column: String) -> String {
        "(SELECT \(column) FROM city_record x WHERE x.resident_id = r.id_number AND x.kind = 'certification' ORDER BY x.at DESC LIMIT 1)"
    }

    /// Not reported dead here, nor anywhere else in the city.
    private static let alive = """
        NOT EXISTS (SELECT 1 FROM death_report d WHERE d.resident_id = r.id_number)
        AND NOT EXISTS (SELECT 1 FROM city_record x WHERE x.resident_id = r.id_number AND x.kind = 'death_report')
        """

    /// No certification since the two arguments' moment (milliseconds, given twice), here or
    /// elsewhere in the city.
    private static let notCertifiedSince = """
        NOT EXISTS (SELECT 1 FROM certification c WHERE c.resident_id = r.id_number AND c.certified_at >= ?)
        AND NOT EXISTS (SELECT 1 FROM city_record x WHERE x.resident_id = r.id_number AND x.kind = 'certification' AND x.at >= ?)
        """

    /// `ordered`: by community and ID number, as staff read a list; a count needs no order (and
    /// sorting a city's overdue list is most of the time it takes).
    package func lines(_ db: Database, where condition: String, arguments: StatementArguments, at moment: LocalDateTime,
                       ordered: Bool = true, keep: (ResidentStatus) -> Bool) throws -> [ResidentReportLine] {
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT \(Self.reportColumns) FROM resident r
            WHERE \(condition) AND \(Self.alive)
            \(ordered ? "ORDER BY r.community, r.id_number" : "")
            """, arguments: arguments)
        let engine = engine
        var lines: [ResidentReportLine] = []
        while let row = try cursor.next() {
            let resident = try Resident(row: row)
            // The later of the two: here, or elsewhere in the city.
            var kiosk: CertificationFact?
            var latest: Int64?
            for column in [ResidentColumns.count, ResidentColumns.count + 3] {
                guard let at = row[column] as Int64?, latest.map({ at > $0 }) ?? true else { continue }
                let local = clock.local(at)
                let method: CertificationMethod? = try storedWord(row[column + 1] as String?, table: "certification", column: "method")
                kiosk = CertificationFact(date: local.date, secondOfDay: local.secondOfDay, method: method, servicePoint: row[column + 2], source: .kiosk)
                latest = at
            }
            let status = engine.status(of: resident, kioskCertification: kiosk, death: nil, at: moment)
            if keep(status) { lines.append(ResidentReportLine(resident: resident, status: status)) }
        }
        return lines
    }

    package func dueLines(_ db: Database, month: YearMonth, ordered: Bool = true) throws -> [ResidentReportLine] {
        let now = clock.localNow()
        let moment = month > now.date.yearMonth ? LocalDateTime(date: month.firstDay, secondOfDay: 0) : now
        let cycle = CertificationCycle.containing(month.firstDay, birthMonth: month.month, kind: policy.cycle)
        return try lines(db, where: """
            substr(r.id_number, 11, 2) = ? AND r.roster_status = 'normal'
            AND (r.last_certified IS NULL OR r.last_certified < ?)
            AND \(Self.notCertifiedSince)
            """, arguments: [month.month < 10 ? "0\(month.month)" : String(month.month), cycle.firstMonth.firstDay.description,
                             clock.startOfDay(cycle.firstMonth.firstDay), clock.startOfDay(cycle.firstMonth.firstDay)],
            at: moment, ordered: ordered) { status in
            switch status {
            case .due(let due): due.cycle.recommendedMonth == month
            default: false
            }
        }
    }

    package func overdueLines(_ db: Database, ordered: Bool = true) throws -> [ResidentReportLine] {
        let now = clock.localNow()
        // The latest any cycle containing today can start: nobody certified since then is certified now.
        let latestStart = (1...12).map { CertificationCycle.containing(now.date, birthMonth: $0, kind: policy.cycle).firstMonth }.max()!
        return try lines(db, where: """
            r.roster_status = 'normal' AND (r.last_certified IS NULL OR r.last_certified < ?)
            AND \(Self.notCertifiedSince)
            """, arguments: [latestStart.firstDay.description, clock.startOfDay(latestStart.firstDay), clock.startOfDay(latestStart.firstDay)],
            at: now, ordered: ordered) {
            $0.code == .overdue
        }
    }

}
