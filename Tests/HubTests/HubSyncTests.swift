import Desk
import Domain
import Foundation
@testable import Hub
import Store
import Testing

/// Kiosks of several service points syncing with a real PostgreSQL hub: what goes up arrives once,
/// in order; what one point records decides the status at another; the database enforces who may
/// read and write what.
@Suite("Hub: sync with PostgreSQL", .serialized, .enabled(if: TestPostgres.available))
struct HubSyncTests {
    let wang = HubKiosk.id(sequence: "111")
    let li = HubKiosk.id(birth: "19521103", sequence: "222")
    /// Insured in another district (230102), which the test points do not serve.
    let zhao = HubKiosk.id("230102", birth: "19470101", sequence: "333")

    /// A kiosk with a scripted reader, its residents' right index fingers enrolled.
    func kiosk(_ code: String, _ hub: HubSettings, enrolled: [ResidentID] = []) async throws -> (HubKiosk, ScriptedReader) {
        let kiosk = try HubKiosk(code: code, hub: hub, residents: [wang, li, zhao])
        let reader = ScriptedReader()
        for id in enrolled {
            reader.press(.finger(id.fullNumber), .finger(id.fullNumber))
            _ = try await kiosk.desk.enrol(kiosk.admin, reader: reader.client).enroll(id, finger: .rightIndex) { _ in }
        }
        return (kiosk, reader)
    }

    func certify(_ kiosk: HubKiosk, _ reader: ScriptedReader, _ id: ResidentID) async throws {
        reader.press(.finger(id.fullNumber))
        _ = try await kiosk.desk.certify(kiosk.admin, reader: reader.client).certify(id) { _ in }
    }

    @Test func aPushArrivesOnceInOrderHoweverOftenItIsRepeated() async throws {
        try await TestHub.with { hub in
            let (a, reader) = try await kiosk("\(hub.prefix)-A", try await hub.register("A"), enrolled: [wang])
            try await certify(a, reader, wang)
            let first = try await a.sync()
            let chain = try a.database.auditChain(at: 0).length
            #expect(first.pushedEntries == Int(chain))
            #expect(first.hubSeq == chain)
            #expect(try await hub.count("SELECT count(*) FROM city.audit_entry") == chain)
            #expect(try await hub.count("SELECT count(*) FROM city.record WHERE kind = 'certification'") == 1)
            #expect(try await hub.count("SELECT count(*) FROM city.record WHERE kind = 'enrolled_print'") == 1)

            // Nothing new: nothing pushed. A push planned on an old head (a retry after a lost answer) is refused whole.
            let again = try await a.sync()
            #expect(again.pushedEntries == 0)
            let connection = try await HubConnection.open(a.hub)
            let stale = try a.database.hubBatch(after: 0, limit: 10)
            await #expect(throws: HubFailure.moved(HubHead(seq: chain, hash: try a.database.auditChain(at: chain).hash))) {
                _ = try await HubClient.live(connection).push(.empty, stale)
            }
            await connection.close()
            #expect(try await hub.count("SELECT count(*) FROM city.audit_entry") == chain)
            #expect(try await hub.count("SELECT count(*) FROM city.record WHERE kind IN ('certification', 'enrolled_print')") == 2)
            // The hub's copy of the chain links up entry by entry.
            #expect(try await hub.count("""
                SELECT count(*) FROM city.audit_entry e JOIN city.audit_entry p ON p.service_point = e.service_point AND p.seq = e.seq - 1
                WHERE e.prev_hash <> p.hash
                """) == 0)
        }
    }

    @Test func aDeathReportedAtOnePointStopsCertificationAtAnotherAndRaisesTheAlert() async throws {
        try await TestHub.with { hub in
            let (a, _) = try await kiosk("\(hub.prefix)-A", try await hub.register("A"))
            let (b, readerB) = try await kiosk("\(hub.prefix)-B", try await hub.register("B"), enrolled: [wang, li])
            // B certifies Li, offline; A records Li's death dated before it, and Wang's.
            try await certify(b, readerB, li)
            let deaths = a.desk.residents(a.admin)
            _ = try deaths.reportDeath(of: wang, DeathEntry(dateOfDeath: CivilDate("2026-11-20")!, reporterName: "王小明", relation: "子女", certificateNumber: "D1"))
            _ = try deaths.reportDeath(of: li, DeathEntry(dateOfDeath: CivilDate("2026-11-01")!, reporterName: "李小红", relation: "子女", certificateNumber: "D2"))
            _ = try await a.sync()
            let pulled = try await b.sync()
            #expect(pulled.pulledDeaths == 2)
            #expect(pulled.alertsRaised == 1)
            // Wang cannot be certified at B any more; Li's certification after the death is an alert to settle.
            readerB.press(.finger(wang.fullNumber))
            let refused = await KioskError.caught { _ = try await b.desk.certify(b.admin, reader: readerB.client).certify(wang) { _ in } }
            #expect(refused == KioskError.refusedByStatus(.deceased))
            let alerts = try b.desk.alerts(b.admin).list()
            #expect(alerts.map { $0.residentID } == [li])
            // Dead elsewhere: off B's due and overdue lists.
            let reports = b.desk.reports(b.admin)
            #expect(try reports.due(in: YearMonth(year: 2026, month: 3)!).map { $0.resident.id }.contains(wang) == false)
            #expect(try reports.overdue().map { $0.resident.id }.contains(wang) == false)
            // Pulling again brings nothing twice.
            let second = try await b.sync()
            #expect(second.pulledDeaths == 0 && second.alertsRaised == 0)
            #expect(try b.database.verifyAudit().findings.isEmpty)
        }
    }

    @Test func twoCountersCertifyingOnePensionerBothStandAndTheLatestContactWins() async throws {
        try await TestHub.with { hub in
            let (a, readerA) = try await kiosk("\(hub.prefix)-A", try await hub.register("A"), enrolled: [wang])
            let (b, readerB) = try await kiosk("\(hub.prefix)-B", try await hub.register("B"), enrolled: [wang])
            // A changes Li's phone, then (the two certifications later) B does.
            _ = try a.desk.residents(a.admin).changeContact(of: li, ContactEntry(phone: "13800000001", address: nil))
            try await certify(a, readerA, wang)
            try await certify(b, readerB, wang)
            _ = try b.desk.residents(b.admin).changeContact(of: li, ContactEntry(phone: "13800000002", address: nil))
            // B syncs first, then A (which pulls B's later change), then B again (A's earlier one loses).
            _ = try await b.sync()
            let atA = try await a.sync()
            let atB = try await b.sync()
            #expect(atA.pulledCertifications == 1 && atA.contactsApplied == 1)
            #expect(atB.pulledCertifications == 1 && atB.pulledContactChanges == 1 && atB.contactsApplied == 0)
            for kiosk in [a, b] {
                #expect(try kiosk.database.residentFile(li)?.resident.phone == "13800000002")
                let file = try #require(try kiosk.database.residentFile(wang))
                #expect(kiosk.database.status(of: file).code == .certified)
                #expect(try kiosk.database.verifyAudit().findings.isEmpty)
            }
            // A third point that certified nobody: its due list (Wang's birth month, March) and his
            // card say certified elsewhere; Li, certified nowhere, is still due in November.
            let (c, _) = try await kiosk("\(hub.prefix)-C", try await hub.register("C"))
            let march = YearMonth(year: 2026, month: 3)!, november = YearMonth(year: 2026, month: 11)!
            #expect(try c.desk.reports(c.admin).due(in: march).map { $0.resident.id }.contains(wang))
            _ = try await c.sync()
            #expect(try c.desk.reports(c.admin).due(in: march).map { $0.resident.id }.contains(wang) == false)
            #expect(try c.desk.reports(c.admin).due(in: november).map { $0.resident.id }.contains(li))
            let elsewhere = try #require(try c.database.residentFile(wang))
            #expect(c.database.status(of: elsewhere).code == .certified)
            // Both certifications are on the hub; the city counts one pensioner certified.
            #expect(try await hub.count("SELECT count(*) FROM city.record WHERE kind = 'certification'") == 2)
            #expect(try await hub.count("SELECT count(DISTINCT resident_id) FROM city.record WHERE kind = 'certification'") == 1)
        }
    }

    @Test func theDatabaseEnforcesWhatAPointMayReadAndWrite() async throws {
        try await TestHub.with { hub in
            let settingsA = try await hub.register("A")
            let (b, readerB) = try await kiosk("\(hub.prefix)-B", try await hub.register("B"), enrolled: [wang, zhao])
            try await certify(b, readerB, wang)
            try await certify(b, readerB, zhao)
            _ = try await b.sync()
            let a = try await HubConnection.open(settingsA)
            // A sees B's certification of Wang (insured in 230103, which A serves), not of Zhao (230102).
            #expect(try await a.int("SELECT count(*) FROM city.record WHERE kind = 'certification'") == 1)
            #expect(try await a.int("SELECT count(*) FROM city.audit_entry") == 0)
            // A cannot write as B, nor change B's records.
            await #expect(throws: (any Error).self) {
                try await a.execute("""
                    INSERT INTO city.record (id, service_point, kind, at, audit_seq, body) VALUES ('forged', '\(hub.prefix)-B', 'certification', 0, 1, '{}')
                    """)
            }
            try await a.execute("UPDATE city.record SET body = '{}' WHERE kind = 'certification'")
            #expect(try await hub.count("SELECT count(*) FROM city.record WHERE body = '{}'") == 0)
            await a.close()

            // Revoked: B's role no longer logs in, and its records stay.
            try await HubAdmin(hub.admin).revoke(code: "\(hub.prefix)-B")
            let error = await KioskError.caught { _ = try await b.sync() }
            guard case .hub(.refused) = error else { Issue.record("a revoked point syncs: \(String(describing: error))"); return }
            #expect(try await hub.count("SELECT count(*) FROM city.record WHERE kind = 'certification'") == 2)
        }
    }

    @Test func tooLongWithoutASyncPausesEnrolmentButNeverCertification() async throws {
        try await TestHub.with { hub in
            let a = try HubKiosk(code: "\(hub.prefix)-A", hub: try await hub.register("A"), residents: [wang, li], staleAfterHours: 24)
            let reader = ScriptedReader()
            func enrol(_ id: ResidentID) async -> KioskError? {
                reader.press(.finger(id.fullNumber), .finger(id.fullNumber))
                return await KioskError.caught { _ = try await a.desk.enrol(a.admin, reader: reader.client).enroll(id, finger: .rightIndex) { _ in } }
            }
            // Never synced: no enrolment.
            #expect(await enrol(wang) == .hubSyncStale(lastSync: nil, hours: 24))
            _ = try await a.sync()
            #expect(await enrol(wang) == nil)
            a.hand.advance(seconds: 25 * 3600)
            guard case .hubSyncStale(let last?, 24) = await enrol(li) else { Issue.record("a stale kiosk enrolled"); return }
            #expect(last.date == HubKiosk.moment.date)
            // Certification goes on.
            reader.press(.finger(wang.fullNumber))
            let certified = try await a.desk.certify(a.admin, reader: reader.client).certify(wang) { _ in }
            #expect(certified.certification.method == .fingerprint)
        }
    }

    @Test func theHubKilledMidPushLosesNothingAndCountsNothingTwice() async throws {
        try await TestHub.with(killable: true) { hub in
            let (a, reader) = try await kiosk("\(hub.prefix)-A", try await hub.register("A"), enrolled: [wang])
            // Enough entries for several pushes (500 each): contact changes, each with its entry.
            let residents = a.desk.residents(a.admin)
            for index in 0..<1_400 {
                _ = try residents.changeContact(of: li, ContactEntry(phone: "1380000\(String(format: "%04d", index))", address: nil))
            }
            try await certify(a, reader, wang)
            let chain = try a.database.auditChain(at: 0).length
            let syncing = Task { try await a.sync() }
            // Killed as soon as the first push has committed, while the rest are on their way.
            while try await hub.count("SELECT coalesce(max(seq), 0) FROM city.push_head") == 0 { await Task.yield() }
            try TestPostgres.control("stop-immediate")
            let interrupted = await KioskError.caught { _ = try await syncing.value }
            #expect(interrupted != nil)
            // The counter goes on meanwhile.
            _ = try residents.changeContact(of: li, ContactEntry(phone: "13999999999", address: nil))
            try TestPostgres.control("start")
            let admin = try await hub.server.admin(database: hub.database)
            let resumed = try await a.sync()
            #expect(resumed.hubSeq == chain + 1)
            #expect(try await admin.int("SELECT count(*) FROM city.audit_entry") == chain + 1)
            #expect(try await admin.int("SELECT count(DISTINCT seq) FROM city.audit_entry") == chain + 1)
            #expect(try await admin.int("SELECT count(*) FROM city.record WHERE kind = 'contact_change'") == 1_401)
            #expect(try await admin.int("SELECT count(*) FROM city.record WHERE kind = 'certification'") == 1)
            await admin.close()
        }
    }
}
