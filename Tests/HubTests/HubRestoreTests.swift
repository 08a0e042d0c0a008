import Desk
import Domain
import Foundation
import GRDB
@testable import Hub
import Store
import Testing

/// A kiosk restored from a backup older than what it had pushed, against a real PostgreSQL hub:
/// refused until a supervisor syncs with `--after-restore`, then nothing lost, nothing counted
/// twice, and every chain still verifies. (In the sync suite: its tests run one at a time.)
extension HubSyncTests {
    @Test func aKioskRestoredFromAnOldBackupForksTheHubsNewerEntriesAndTakesBackItsRecords() async throws {
        try await TestHub.with { hub in
            let code = "\(hub.prefix)-A"
            let directory = hub.directory + "/restore-" + UUID().uuidString
            let sun = HubKiosk.id(birth: "19490505", sequence: "444")
            let a = try HubKiosk(code: code, hub: try await hub.register("A"), residents: [wang, li, sun], dataDirectory: directory + "/lost")
            let reader = ScriptedReader()
            for id in [wang, li, sun] {
                reader.press(.finger(id.fullNumber), .finger(id.fullNumber))
                _ = try await a.desk.enrol(a.admin, reader: reader.client).enroll(id, finger: .rightIndex) { _ in }
            }
            let accounts = a.desk.staffAccounts(a.admin)
            let supervisor = try accounts.add(name: "supervisor1", role: .supervisor, password: "supervisor-password-1")
            let clerk = try accounts.add(name: "clerk1", role: .operator, password: "clerk-password-1")

            // Wang certified and synced; the backup; Li certified and synced: the hub is ahead of the backup.
            try await certify(a, reader, wang)
            _ = try await a.sync()
            let backup = try a.desk.records(a.admin).backup(to: directory + "/kiosk.backup")
            try await certify(a, reader, li)
            let hubHead = try await a.sync().hubSeq
            #expect(hubHead > backup.auditEntries)

            // The disk is lost; the backup is restored on a new machine, which certifies Sun.
            let restored = try a.restored(from: backup.path, into: directory + "/restored")
            let november = YearMonth(year: 2026, month: 11)!
            #expect(try restored.desk.reports(restored.admin).due(in: november).map { $0.resident.id }.contains(li))
            try await certify(restored, reader, sun)

            // A plain sync pushes nothing over the hub's entries, and says what to do.
            let refused = await KioskError.caught { _ = try await restored.sync() }
            #expect(refused == .hubChainDiverged(seq: hubHead))
            for language in [Language.chinese, .english] {
                #expect(Message.error(try #require(refused)).text(language).contains("kiosk sync --after-restore"))
            }
            // An operator may not fork the hub's chain.
            let byClerk = await KioskError.caught { _ = try await restored.sync(as: clerk, afterRestore: true) }
            #expect(byClerk == .notPermitted(role: .operator, action: .syncAfterRestore))
            // Nor may a database that is not this point's (a cloned kiosk with its credentials).
            let stranger = try HubKiosk(code: code, hub: a.hub, residents: [wang])
            let foreign = await KioskError.caught { _ = try await stranger.sync(afterRestore: true) }
            #expect(foreign == .hubChainNotThisKiosks)
            #expect(try await hub.count("SELECT count(*) FROM city.audit_fork") == 0)

            let rejoined = try await restored.sync(as: supervisor, afterRestore: true)
            // The restored chain shares the hub's up to the backup's last entry; the rest is forked.
            #expect(rejoined.forkedAfter == backup.auditEntries)
            #expect(rejoined.fork == HubFork(number: 1, entries: hubHead - backup.auditEntries))
            #expect(rejoined.takenBack == 1)
            let chain = try restored.database.auditChain(at: 0).length
            #expect(rejoined.hubSeq == chain)
            #expect(try await hub.count("SELECT count(*) FROM city.audit_entry") == chain)
            #expect(try await hub.count("SELECT count(*) FROM city.audit_fork") == hubHead - backup.auditEntries)

            // Once back, a sync (with the flag or without) pushes nothing and changes nothing.
            let records = try await hub.count("SELECT count(*) FROM city.record")
            for staff in [supervisor, clerk] {
                let next = try await restored.sync(as: staff, afterRestore: staff == supervisor)
                #expect(next.pushedEntries == 0 && next.fork == nil && next.takenBack == 0 && next.hubSeq == chain)
            }
            #expect(try restored.database.auditChain(at: 0).length == chain)
            #expect(try await hub.count("SELECT count(*) FROM city.audit_fork") == hubHead - backup.auditEntries)
            #expect(try await hub.count("SELECT count(*) FROM city.audit_entry") == chain)
            #expect(try await hub.count("SELECT count(*) FROM city.record") == records)

            // The hub holds each certification once, Li's among them, and counts each person once.
            #expect(try await hub.count("SELECT count(*) FROM city.record WHERE kind = 'certification'") == 3)
            for id in [wang, li, sun] {
                #expect(try await hub.count("SELECT count(*) FROM city.record WHERE kind = 'certification' AND resident_id = '\(id.fullNumber)'") == 1)
            }
            let figures = try #require(try await HubAdmin(hub.admin).pointFigures().first)
            #expect(figures.certifications == 3 && figures.residentsCertified == 3)

            // The kiosk knows Li certified (here, before the loss): off the due list, not certified again.
            let file = try #require(try restored.database.residentFile(li))
            #expect(restored.database.status(of: file).code == .certified)
            #expect(try !restored.desk.reports(restored.admin).due(in: november).map { $0.resident.id }.contains(li))
            reader.press(.finger(li.fullNumber))
            let again = await KioskError.caught { _ = try await restored.desk.certify(restored.admin, reader: reader.client).certify(li) { _ in } }
            guard case .alreadyCertified? = again else { Issue.record("Li certified again: \(String(describing: again))"); return }
            let (anywhere, cityCopies, detail) = try restored.database.read { db in
                (try Int.fetchOne(db, sql: "SELECT count(*) FROM certification_anywhere WHERE resident_id = ?", arguments: [li.fullNumber]),
                 try Int.fetchOne(db, sql: "SELECT count(*) FROM city_record WHERE service_point = ?", arguments: [code]),
                 try Row.fetchOne(db, sql: "SELECT staff_id, detail FROM audit_entry WHERE action = 'hub.restore'"))
            }
            #expect(anywhere == 1 && cityCopies == 1)
            // One audit entry by the supervisor who asked, saying where the chains forked.
            #expect((detail?["staff_id"] as String?) == supervisor.id)
            #expect((detail?["detail"] as String?)?.hasPrefix("fork=1 after=\(backup.auditEntries) hub_head=\(hubHead) ") == true)

            // Both chains verify; the hub reports the fork, whose entries cover Li's certification.
            #expect(try restored.database.verifyAudit().findings.isEmpty)
            let check = try #require(try await HubAdmin(hub.admin).verify().first)
            #expect(check.intact, "\(check)")
            #expect(check.forks == [HubForkCheck(number: 1, after: backup.auditEntries, entries: hubHead - backup.auditEntries,
                                                 forkedBy: a.hub.user, intact: true)])
            #expect(try await hub.count("SELECT count(*) FROM city.record WHERE fork = 1 AND kind = 'certification'") == 1)

        }
    }
}
