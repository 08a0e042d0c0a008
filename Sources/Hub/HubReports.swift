import Domain
import Foundation
import PostgresNIO

extension HubAdmin {
    /// Every resident on the hub's roster (not removed) with the latest certification and the
    /// earliest death recorded anywhere in the city, streamed, each one's status decided by the
    /// domain's rules (`StatusEngine`, as a kiosk decides it: the roster's last certification or
    /// the city's latest, whichever is later), and counted by district and by the service points
    /// serving the district. Nothing of the rules is repeated in SQL.
    public func cityStatus(policy: CertificationPolicy, clock: KioskClock) async throws(HubFailure) -> CityStatus {
        let engine = StatusEngine(policy: policy)
        let now = clock.localNow()
        let startOfToday = clock.startOfDay(now.date)
        return try await connection.transaction(within: .seconds(3600)) { [connection] db in
            var points: [(code: String, districts: [String])] = []
            for try await (code, districts) in try await db.query("""
                SELECT code, districts FROM city.service_point WHERE revoked_at IS NULL ORDER BY code
                """, logger: connection.logger).decode((String, [String]).self) { points.append((code, districts)) }
            let rows = try await db.query("""
                SELECT r.id_number, r.name, r.insured_region, r.roster_status, r.suspended_since, r.monthly_pension, r.last_certified,
                       r.last_method, r.residence, c.at, c.body ->> 'method', c.service_point, d.body ->> 'date_of_death', d.at
                FROM city.resident r
                LEFT JOIN LATERAL (SELECT x.at, x.body, x.service_point FROM city.record x
                                   WHERE x.resident_id = r.id_number AND x.kind = 'certification' ORDER BY x.at DESC LIMIT 1) c ON true
                LEFT JOIN LATERAL (SELECT x.at, x.body FROM city.record x
                                   WHERE x.resident_id = r.id_number AND x.kind = 'death_report' ORDER BY x.body ->> 'date_of_death' LIMIT 1) d ON true
                WHERE r.removed_in IS NULL
                """, logger: connection.logger)
            var districts: [String: StatusTally] = [:]
            for try await (id, name, region, status, since, pension, rosterCertified, rosterMethod, residence, certifiedAt, method, point, died, reportedAt)
                in rows.decode((String, String, String, String, String?, Int64?, String?, String?, String?, Int64?, String?, String?, String?, Int64?).self) {
                let rosterStatus = RosterStatus(rawValue: status) ?? .normal
                let resident = Resident(id: ResidentID(trusted: id), name: name, insuredRegion: region, rosterStatus: rosterStatus,
                                        suspendedSince: since.flatMap(YearMonth.init), monthlyPension: pension.map(Money.init(fen:)),
                                        rosterCertifiedOn: rosterCertified.flatMap(CivilDate.init),
                                        rosterCertificationMethod: rosterMethod.flatMap(CertificationMethod.init(rawValue:)),
                                        residence: residence.flatMap(Residence.init(rawValue:)))
                let city = certifiedAt.map { at in
                    let local = clock.local(at)
                    return CertificationFact(date: local.date, secondOfDay: local.secondOfDay, method: method.flatMap(CertificationMethod.init(rawValue:)),
                                             servicePoint: point, source: .kiosk)
                }
                let death = died.flatMap(CivilDate.init).map { DeathFact(dateOfDeath: $0, reportedOn: clock.local(reportedAt ?? 0).date) }
                let decided = engine.status(of: resident, kioskCertification: city, death: death, at: now)
                districts[region, default: StatusTally(key: region)].add(decided, rosterStatus: rosterStatus,
                                                                         certifiedToday: (certifiedAt ?? 0) >= startOfToday, on: now.date)
            }
            var served: [StatusTally] = []
            for point in points {
                var tally = StatusTally(key: point.code)
                for district in point.districts { if let counted = districts[district] { tally.add(counted) } }
                served.append(tally)
            }
            var city = StatusTally(key: "city")
            for tally in districts.values { city.add(tally) }
            return CityStatus(date: now.date, districts: districts.values.sorted { $0.key < $1.key }, servicePoints: served, city: city)
        }
    }
}
