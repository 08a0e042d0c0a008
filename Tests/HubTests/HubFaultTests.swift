import Desk
import Domain
import Foundation
import GRDB
@testable import Hub
import Store
import Synchronization
import Testing

/// Pushes repeated, reordered, racing and unanswered, against a real PostgreSQL hub: every entry
/// stored once, every record counted once, and every chain still verifies on both sides. (In the
/// sync suite: its tests run one at a time, and one of them stops the server.)
extension HubSyncTests {
    /// A kiosk that enrolled and certified Wang and changed Li's phone `changes` times.
    func busyKiosk(_ hub: TestHub, changes: Int) async throws -> HubKiosk {
        let (kiosk, reader) = try await self.kiosk("\(hub.prefix)-A", try await hub.register("A"), enrolled: [wang])
        try await certify(kiosk, reader, wang)
        let residents = kiosk.desk.residents(kiosk.admin)
        for index in 0..<changes {
            _ = try residents.changeContact(of: li, ContactEntry(phone: "1380000\(String(format: "%04d", index))", address: nil))
        }
        return kiosk
    }

    /// The hub holds the kiosk's whole chain once, its records once, and both chains verify.
    func expectWhole(_ kiosk: HubKiosk, _ hub: TestHub, contactChanges: Int64) async throws {
        let chain = try kiosk.database.auditChain(at: 0).length
        #expect(try await hub.count("SELECT count(*) FROM city.audit_entry") == chain)
        #expect(try await hub.count("SELECT count(*) FROM city.record WHERE kind = 'contact_change'") == contactChanges)
        #expect(try await hub.count("SELECT count(*) FROM city.record WHERE kind = 'certification'") == 1)
        #expect(try await hub.count("SELECT count(*) FROM city.record WHERE kind = 'enrolled_print'") == 1)
        let checks = try await HubAdmin(hub.admin).verify()
        #expect(checks.map(\.code) == ["\(hub.prefix)-A"])
        #expect(checks.allSatisfy { $0.intact }, "\(checks)")
        #expect(checks.first?.entries == chain)
        #expect(try kiosk.database.verifyAudit().findings.isEmpty)
    }

    @Test func repeatedAndReorderedBatchesAreRefusedWholeAndLostAnswersCostNothing() async throws {
        try await TestHub.with { hub in
            let a = try await busyKiosk(hub, changes: 30)
            let connection = try await HubConnection.open(a.hub)
            let live = HubClient.live(connection)
            let first = try a.database.hubBatch(after: 0, limit: 10), second = try a.database.hubBatch(after: 10, limit: 10)

            // The later batch first: it does not follow the hub's head, and nothing of it is stored.
            await #expect(throws: HubFailure.rejected("entry 11 does not follow entry 0")) { _ = try await live.push(.empty, second) }
            #expect(try await hub.count("SELECT count(*) FROM city.audit_entry") == 0)
            #expect(try await hub.count("SELECT count(*) FROM city.record") == 0)
            // The earlier batch, then the same again: planned on the old head it is refused as moved,
            // planned on the new one it does not follow.
            let afterFirst = try await live.push(.empty, first)
            #expect(afterFirst == HubHead(seq: 10, hash: try a.database.auditChain(at: 10).hash))
            await #expect(throws: HubFailure.moved(afterFirst)) { _ = try await live.push(.empty, first) }
            await #expect(throws: HubFailure.rejected("entry 1 does not follow entry 10")) { _ = try await live.push(afterFirst, first) }
            // An entry altered on the way (its links intact, its hash no longer its own): the engine refuses it.
            var altered = second
            altered.entries[0].detail += " altered"
            let refused = await #expect(throws: HubFailure.self) { _ = try await live.push(afterFirst, altered) }
            guard case .rejected(let reason) = refused else { Issue.record("an altered entry was stored: \(String(describing: refused))"); return }
            #expect(reason.contains("hash_is_its_own"))
            #expect(try await hub.count("SELECT count(*) FROM city.audit_entry") == 10)

            // The answer to a committed push lost on its way back: the sync fails, the next one
            // finds the hub's head on this kiosk's own entry and pushes only what follows it.
            let lostOnce = FirstTime()
            let losing = HubClient(head: live.head, push: { (expecting: HubHead, batch: HubBatch) async throws(HubFailure) -> HubHead in
                let head = try await live.push(expecting, batch)
                if lostOnce.now() { throw .unreachable("the answer was lost") }
                return head
            }, pull: live.pull, pullRoster: live.pullRoster, pullStaff: live.pullStaff, entryHash: live.entryHash, fork: live.fork,
               forkedRecords: live.forkedRecords, putTemplates: live.putTemplates)
            let lost = await KioskError.caught { _ = try await a.desk.sync(a.admin, hub: losing).sync() }
            #expect(lost == .hub(.unreachable("the answer was lost")))
            let chain = try a.database.auditChain(at: 0).length
            #expect(try await hub.count("SELECT max(seq) FROM city.push_head") == chain)
            let retried = try await a.desk.sync(a.admin, hub: losing).sync()
            #expect(retried.pushedEntries == 0 && retried.hubSeq == chain)
            await connection.close()
            try await expectWhole(a, hub, contactChanges: 30)
        }
    }

    @Test func twoSyncsOfOneKioskAtOnceStoreEachEntryOnce() async throws {
        try await TestHub.with { hub in
            // Several pushes' worth (500 entries each), so the two syncs' batches overlap.
            let a = try await busyKiosk(hub, changes: 1_600)
            async let one = a.sync()
            async let other = a.sync()
            let (first, second) = try await (one, other)
            let chain = try a.database.auditChain(at: 0).length
            #expect(first.hubSeq == chain && second.hubSeq == chain)
            // Each entry went up in one of the two; the loser of each race carried on from the winner's head.
            #expect(first.pushedEntries + second.pushedEntries == Int(chain))
            try await expectWhole(a, hub, contactChanges: 1_600)
        }
    }

    @Test func theHubsVerificationFindsAlteredMissingAndUncoveredEntries() async throws {
        try await TestHub.with { hub in
            let a = try await busyKiosk(hub, changes: 10)
            _ = try await a.sync()
            try await expectWhole(a, hub, contactChanges: 10)
            // Tampering only the hub's superuser could do, past the engine's own check.
            try await hub.admin.execute("ALTER TABLE city.audit_entry DROP CONSTRAINT hash_is_its_own")
            try await hub.admin.execute("UPDATE city.audit_entry SET detail = detail || ' edited' WHERE seq = 5")
            try await hub.admin.execute("DELETE FROM city.audit_entry WHERE seq = 8")
            try await hub.admin.execute("UPDATE city.record SET audit_seq = 1 WHERE kind = 'certification'")
            let check = try #require(try await HubAdmin(hub.admin).verify().first)
            #expect(check.alteredEntries == [5])
            #expect(check.gaps == [9])
            #expect(check.brokenLinks == [9])
            // The certification pointed elsewhere, and the contact change whose entry was deleted.
            #expect(check.uncoveredRecords == 2)
            #expect(check.headAgrees)
            #expect(!check.intact)
        }
    }
}

/// True the first time it is asked, false ever after.
final class FirstTime: Sendable {
    private let asked = Atomic<Bool>(false)
    func now() -> Bool { !asked.exchange(true, ordering: .relaxed) }
}

/// Kiosk clocks hours off: contact changes are ordered on the hub's clock, not the kiosks'.
extension HubSyncTests {
    @Test func aClockHoursAheadOrBehindDoesNotDecideWhichContactChangeWins() async throws {
        try await TestHub.with { hub in
            let hours: Int64 = 5 * 3600
            let ahead = try HubKiosk(code: "\(hub.prefix)-A", hub: try await hub.register("A"), residents: [wang, li], skewSeconds: hours)
            let right = try HubKiosk(code: "\(hub.prefix)-B", hub: try await hub.register("B"), residents: [wang, li])
            let behind = try HubKiosk(code: "\(hub.prefix)-C", hub: try await hub.register("C"), residents: [wang, li], skewSeconds: -hours)
            func change(_ kiosk: HubKiosk, _ id: ResidentID, _ phone: String) throws {
                _ = try kiosk.desk.residents(kiosk.admin).changeContact(of: id, ContactEntry(phone: phone, address: nil))
            }
            // Li's phone: first at the kiosk running ahead, then at the right one. Wang's: first at the
            // right one, then at the kiosk running behind. Real time passes between them, as at a counter.
            try change(ahead, li, "13800000001")
            try change(right, wang, "13900000001")
            try await Task.sleep(for: .milliseconds(200))
            try change(right, li, "13800000002")
            try change(behind, wang, "13900000002")
            // By the kiosks' own clocks the earlier change of each would win.
            func changedAt(_ kiosk: HubKiosk, _ id: ResidentID) throws -> Int64 {
                try #require(try kiosk.database.read { db in
                    try Int64.fetchOne(db, sql: "SELECT max(changed_at) FROM contact_change WHERE resident_id = ?", arguments: [id.fullNumber])
                })
            }
            #expect(try changedAt(ahead, li) > changedAt(right, li))
            #expect(try changedAt(right, wang) > changedAt(behind, wang))
            // The later changes arrive first, so arrival order would get it wrong too.
            _ = try await behind.sync()
            _ = try await right.sync()
            _ = try await ahead.sync()
            // Each has every other point's changes once they are visible to a pull (a write still open
            // anywhere on the server, another test's, holds pulls back until it commits).
            for (kiosk, others) in [(behind, 3), (right, 2), (ahead, 3)] {
                let deadline = ContinuousClock.now + .seconds(60)
                while try kiosk.database.read({ db in try Int.fetchOne(db, sql: "SELECT count(*) FROM city_record WHERE kind = 'contact_change'") }) ?? 0 < others,
                      ContinuousClock.now < deadline {
                    _ = try await kiosk.sync()
                }
            }
            for kiosk in [ahead, right, behind] {
                #expect(try kiosk.database.residentFile(li)?.resident.phone == "13800000002", "\(kiosk.database.servicePoint.code)")
                #expect(try kiosk.database.residentFile(wang)?.resident.phone == "13900000002", "\(kiosk.database.servicePoint.code)")
                #expect(try kiosk.database.verifyAudit().findings.isEmpty)
            }
            // Every change is kept, on the hub and in each kiosk's records.
            #expect(try await hub.count("SELECT count(*) FROM city.record WHERE kind = 'contact_change'") == 4)
            #expect(try await HubAdmin(hub.admin).verify().allSatisfy { $0.intact })
        }
    }
}
