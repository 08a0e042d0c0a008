import Desk
import Domain
import Foundation
@testable import Hub
import Testing

/// The bureau's roster loaded into the hub: checked by the kiosk's rules, loaded whole through COPY,
/// a later roster applied as a delta, each point reading only its districts' residents, and the
/// city's reports from it. Part of the sync suite, run one test at a time: a pull takes only rows of
/// transactions older than every one running on the server, so a test's load in another database
/// would hold back another test's pull.
extension HubSyncTests {
    /// Insured in 230102, like Zhao (wang, li and zhao: HubSyncTests).
    var sun: ResidentID { HubKiosk.id("230102", birth: "19490505", sequence: "444") }

    static let rosterHeader = RosterColumn.allCases.map(\.header).joined(separator: ",")

    /// A row of the bureau's CSV; empty strings are empty cells.
    func row(_ id: ResidentID, name: String = "王建国", region: String? = nil, status: String = "normal", since: String = "",
             pension: String = "3000.00", phone: String = "13912345678", certified: String = "", method: String = "") -> String {
        [id.fullNumber, name, region ?? String(id.fullNumber.prefix(6)), status, since, pension, phone, "哈尔滨市南岗区学府路1号", "学府社区", "none",
         certified, method, ""].joined(separator: ",")
    }

    func check(_ rows: [String]) throws -> CheckedCityRoster {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("city-roster-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ([Self.rosterHeader] + rows).joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        return try CityRosterCheck.check(path: path, policy: .harbin, clock: HubKiosk.clock(hand: ClockHand(), skewSeconds: 0))
    }

    @Test func aRosterLoadsWholeAndALaterOneIsADelta() async throws {
        try await TestHub.with { hub in
            let admin = HubAdmin(hub.admin)
            let first = try await admin.importRoster(try check([row(wang), row(li, pension: "2800.50"), row(zhao)]))
            #expect([first.rows, first.added, first.changed, first.removed, first.unchanged] == [3, 3, 0, 0, 0])
            #expect(try await hub.count("SELECT monthly_pension FROM city.resident WHERE name = '王建国' AND id_number = '\(li.fullNumber)'") == 280_050)
            let before = try await hub.count("SELECT committed_by FROM city.resident WHERE id_number = '\(wang.fullNumber)'")

            // Wang unchanged; Li's pension cell empty (kept) and a certification added; Zhao gone; Sun new.
            let second = try await admin.importRoster(try check([row(wang), row(li, pension: "", certified: "2026-03-02", method: "fingerprint"), row(sun)]))
            #expect([second.rows, second.added, second.changed, second.removed, second.unchanged] == [3, 1, 1, 1, 1])
            #expect(second.importID > first.importID)
            #expect(try await hub.count("SELECT monthly_pension FROM city.resident WHERE id_number = '\(li.fullNumber)'") == 280_050)
            #expect(try await hub.count("SELECT count(*) FROM city.resident WHERE id_number = '\(li.fullNumber)' AND last_method = 'fingerprint'") == 1)
            // Removed, not deleted; the unchanged row keeps its place in the pull order.
            #expect(try await hub.count("SELECT removed_in FROM city.resident WHERE id_number = '\(zhao.fullNumber)'") == second.importID)
            #expect(try await hub.count("SELECT committed_by FROM city.resident WHERE id_number = '\(wang.fullNumber)'") == before)
            #expect(try await hub.count("SELECT count(*) FROM city.resident WHERE changed_in = \(second.importID)") == 3)

            // Zhao back (changed), Li's pension cell given again (changed), Wang and Sun as they were.
            let again = try await admin.importRoster(try check([row(wang), row(li), row(sun), row(zhao)]))
            #expect([again.added, again.changed, again.removed, again.unchanged] == [0, 2, 0, 2])
            #expect(try await hub.count("SELECT count(*) FROM city.resident WHERE removed_in IS NOT NULL") == 0)
            #expect(try await hub.count("SELECT count(*) FROM city.roster_import") == 3)
        }
    }

    @Test func aBadRowIsReportedWithItsLineAndFieldAndNothingIsLoaded() async throws {
        try await TestHub.with { hub in
            let admin = HubAdmin(hub.admin)
            _ = try await admin.importRoster(try check([row(wang), row(li)]))
            let bad = try check([row(wang, name: "王二"), row(li, pension: "lots"), row(zhao), row(zhao, name: "赵重复")])
            #expect(bad.rejections.map(\.line) == [3, 5])
            #expect(bad.rejections.first?.problems == [RosterProblem(.monthlyPension, .notAnAmount)])
            #expect(bad.rejections.last?.problems == [RosterProblem(nil, .duplicate(firstLine: 4))])
            await #expect(throws: HubFailure.self) { _ = try await admin.importRoster(bad) }
            #expect(try await hub.count("SELECT count(*) FROM city.resident WHERE name = '王二'") == 0)
            #expect(try await hub.count("SELECT count(*) FROM city.resident") == 2)
            #expect(try await hub.count("SELECT count(*) FROM city.roster_import") == 1)
        }
    }

    @Test func aPointReadsOnlyTheResidentsOfItsDistricts() async throws {
        try await TestHub.with { hub in
            _ = try await HubAdmin(hub.admin).importRoster(try check([row(wang), row(li), row(zhao)]))
            let point = try await HubConnection.open(try await hub.register("A", districts: ["230103"]))
            #expect(try await point.int("SELECT count(*) FROM city.resident") == 2)
            #expect(try await point.int("SELECT count(*) FROM city.resident WHERE id_number = '\(zhao.fullNumber)'") == 0)
            // Zhao moves into the point's district, Wang out of it: the point still reads Wang's row, to learn he left.
            _ = try await HubAdmin(hub.admin).importRoster(try check([row(wang, region: "230102"), row(li), row(zhao, region: "230103")]))
            #expect(try await point.int("SELECT count(*) FROM city.resident") == 3)
            #expect(try await point.int("SELECT count(*) FROM city.resident WHERE insured_region = '230103'") == 2)
            let refused = await #expect(throws: (any Error).self) { try await point.execute("UPDATE city.resident SET name = 'x'") }
            #expect(refused != nil)
            await point.close()
        }
    }

    @Test func aKioskWithAHubTakesItsDistrictsResidentsFromTheCityRoster() async throws {
        try await TestHub.with { hub in
            let admin = HubAdmin(hub.admin)
            _ = try await admin.importRoster(try check([row(wang), row(li, pension: "2800.50"), row(zhao)]))
            // No roster file at this kiosk: its residents come from the hub.
            let a = try HubKiosk(code: "\(hub.prefix)-A", hub: try await hub.register("A"), residents: [])
            let entries = try a.database.auditChain(at: 0).length
            let first = try await a.sync()
            #expect([first.rosterAdded, first.rosterChanged, first.rosterUnchanged, first.rosterRejected, first.rosterRemoved] == [2, 0, 0, 0, 0] as [Int])
            func here(_ id: ResidentID) throws -> Bool { try a.database.read { db in try a.database.residentExists(db, id) } }
            #expect(try here(wang) && here(li))
            #expect(try !here(zhao), "a resident of a district the point does not serve stays on the hub")
            #expect(try a.desk.residents(a.admin).record(li).file.resident.monthlyPension == Money(fen: 280_050))

            // The next roster: Li's pension changes, Wang is no longer listed, Zhao moves into the point's district.
            _ = try await admin.importRoster(try check([row(li, pension: "2900.00"), row(zhao, region: "230103"), row(sun)]))
            let second = try await a.sync()
            #expect([second.rosterAdded, second.rosterChanged, second.rosterUnchanged, second.rosterRejected, second.rosterRemoved] == [1, 1, 0, 0, 1] as [Int])
            #expect(try here(zhao) && here(wang), "removed from the city roster, kept here as a file import keeps them")
            #expect(try !here(sun))
            #expect(try a.desk.residents(a.admin).record(li).file.resident.monthlyPension == Money(fen: 290_000))

            // Nothing new: nothing applied, no entry; every pull batch was one audited import, and the chain holds.
            let after = try a.database.auditChain(at: 0).length
            let third = try await a.sync()
            #expect([third.rosterAdded, third.rosterChanged, third.rosterRemoved] == [0, 0, 0] as [Int])
            #expect(try a.database.auditChain(at: 0).length == after)
            #expect(after > entries)
            #expect(try a.desk.verifyAudit().intact)
        }
    }

    @Test func theCityStatusIsDecidedByTheKiosksRulesAndTheExportHasEveryPointsCertifications() async throws {
        try await TestHub.with { hub in
            let admin = HubAdmin(hub.admin)
            _ = try await admin.importRoster(try check([row(wang), row(li), row(zhao, certified: "2024-05-01", method: "fingerprint")]))
            let a = try HubKiosk(code: "\(hub.prefix)-A", hub: try await hub.register("A"), residents: [])
            _ = try await a.sync()
            let reader = ScriptedReader()
            reader.press(.finger(li.fullNumber), .finger(li.fullNumber))
            _ = try await a.desk.enrol(a.admin, reader: reader.client).enroll(li, finger: .rightIndex) { _ in }
            reader.press(.finger(li.fullNumber))
            _ = try await a.desk.certify(a.admin, reader: reader.client).certify(li) { _ in }
            _ = try a.desk.residents(a.admin).reportDeath(of: wang, DeathEntry(dateOfDeath: CivilDate("2026-11-20")!, reporterName: "王小明",
                                                                              relation: "子女", certificateNumber: "D1"))
            _ = try await a.sync()

            let clock = HubKiosk.clock(hand: ClockHand(), skewSeconds: 0)
            let status = try await admin.cityStatus(policy: .harbin, clock: clock)
            #expect(status.date == CivilDate("2026-11-29"))
            let served = try #require(status.districts.first { $0.key == "230103" })
            #expect([served.residents, served.certified, served.certifiedToday, served.due, served.overdue] == [2, 1, 1, 0, 0] as [Int])
            #expect([served.deceased, served.deathsToSettle, served.deathsPastDeadline] == [1, 1, 1] as [Int], "died 11-20, seven days to settle")
            let other = try #require(status.districts.first { $0.key == "230102" })
            #expect([other.residents, other.overdue, other.certified] == [1, 1, 0] as [Int])
            #expect(status.servicePoints.first { $0.key == "\(hub.prefix)-A" } == { var t = served; t.key = "\(hub.prefix)-A"; return t }())
            #expect(status.city.residents == 3)

            let export = try await admin.certificationExport(since: CivilDate("2026-11-01")!, file: "city.csv", clock: clock)
            let lines = export.csv.split(separator: "\n")
            #expect(lines.first == Substring(CertificationExportFormat.header))
            #expect(lines.count == 2)
            #expect(lines.last?.contains(",\(li.fullNumber),王建国,fingerprint,2026-11-29T") == true)
            #expect(export.manifest.rows == 1)
            #expect(export.manifest.auditAnchors.first { $0.servicePoint == "\(hub.prefix)-A" }?.seq == (try a.database.auditChain(at: 0).length))
        }
    }
}
