import Domain
import GRDB
import Testing
@testable import Store

/// Tampering as someone with the sqlite3 tool would do it, and what `verify` says.
@Suite("Audit log")
struct AuditTests {
    let a = IDs.make(birth: "19500615", sequence: "111")
    let b = IDs.make(birth: "19521103", sequence: "222")

    /// A kiosk with some history: an import, a certification, a contact change.
    func kioskWithHistory() throws -> (TestKiosk, KioskCertification, ContactChange) {
        let kiosk = try TestKiosk()
        _ = try kiosk.importRoster([rosterLine(id: a), rosterLine(id: b)])
        let certification = try kiosk.database.recordCertification(of: IDs.resident(a), method: .fingerprint, evidence: nil, by: kiosk.admin).certification
        let change = try kiosk.database.changeContact(of: IDs.resident(b), ContactEntry(phone: "13800000000", address: nil), by: kiosk.admin)[0]
        return (kiosk, certification, change)
    }

    func seq(_ kiosk: TestKiosk, subject id: String) throws -> Int64 {
        try kiosk.database.writer.read { try Int64.fetchOne($0, sql: "SELECT max(seq) FROM audit_entry WHERE subject_id = ?", arguments: [id])! }
    }

    @Test func anUntouchedLogIsIntact() throws {
        let (kiosk, _, _) = try kioskWithHistory()
        let verification = try kiosk.database.verifyAudit()
        #expect(verification.intact)
        #expect(verification.entries == 5)
    }

    @Test func anEditedCertificationIsFound() throws {
        let (kiosk, certification, _) = try kioskWithHistory()
        try kiosk.tamper("DROP TRIGGER certification_no_update; UPDATE certification SET method = 'photo' WHERE id = '\(certification.id)'")
        let findings = try kiosk.database.verifyAudit().findings
        #expect(findings == [.recordAltered(seq: try seq(kiosk, subject: certification.id), table: "certification", id: certification.id),
                             .appendOnlyGuardMissing(table: "certification")])
    }

    @Test func aDeletedRecordIsFound() throws {
        let (kiosk, _, change) = try kioskWithHistory()
        try kiosk.tamper("DROP TRIGGER contact_change_no_delete; DELETE FROM contact_change WHERE id = '\(change.id)'")
        #expect(try kiosk.database.verifyAudit().findings == [.recordMissing(seq: try seq(kiosk, subject: change.id), table: "contact_change", id: change.id),
                                                              .appendOnlyGuardMissing(table: "contact_change")])
    }

    @Test func aRecordInsertedBehindTheKiosksBackIsFound() throws {
        let (kiosk, _, _) = try kioskWithHistory()
        try kiosk.tamper("""
            INSERT INTO certification (id, service_point, resident_id, certified_at, method, staff_id, receipt)
            SELECT 'forged', 'HRB-NG-XF01', '\(b)', 0, 'photo', id, 'forged' FROM staff
            """)
        #expect(try kiosk.database.verifyAudit().findings == [.recordUnaudited(table: "certification", id: "forged")])
    }

    @Test func anEditedEntryIsNamed() throws {
        let (kiosk, _, _) = try kioskWithHistory()
        try kiosk.tamper("DROP TRIGGER audit_entry_no_update; UPDATE audit_entry SET staff_id = NULL WHERE seq = 3")
        #expect(try kiosk.database.verifyAudit().findings.first == .entryAltered(seq: 3))
    }

    @Test func aDeletedEntryBreaksTheChain() throws {
        let (kiosk, _, _) = try kioskWithHistory()
        try kiosk.tamper("DROP TRIGGER audit_entry_no_delete; DELETE FROM audit_entry WHERE seq = 2")
        let findings = try kiosk.database.verifyAudit().findings
        #expect(findings.first == .sequenceGap(expected: 2, found: 3))
        #expect(findings.contains(.chainBroken(seq: 3)))
    }

    @Test func aRewrittenChainStillFailsOnTheRecords() throws {
        // Deleting the last entry leaves the chain whole, but the contact change it covered is now unaudited.
        let (kiosk, _, change) = try kioskWithHistory()
        try kiosk.tamper("DROP TRIGGER audit_entry_no_delete; DELETE FROM audit_entry WHERE seq = 5")
        #expect(try kiosk.database.verifyAudit().findings.contains(.recordUnaudited(table: "contact_change", id: change.id)))
    }

    @Test func anEditedResidentIsFound() throws {
        let (kiosk, _, _) = try kioskWithHistory()
        try kiosk.tamper("UPDATE resident SET roster_status = 'normal', last_certified = '2026-11-01' WHERE id_number = '\(a)'")
        #expect(try kiosk.database.verifyAudit().findings == [.residentsAltered(seq: 5)])
    }

    @Test func aPromotedAccountIsFound() throws {
        let (kiosk, _, _) = try kioskWithHistory()
        let clerk = try kiosk.database.addStaff(name: "zhang", role: .operator, password: "operator-pass", by: kiosk.admin)
        try kiosk.tamper("UPDATE staff SET role = 'admin' WHERE id = '\(clerk.id)'")
        #expect(try kiosk.database.verifyAudit().findings == [.recordAltered(seq: try seq(kiosk, subject: clerk.id), table: "staff", id: clerk.id)])
    }

    @Test func aNewColumnFromALaterMigrationKeepsOldDigestsValid() throws {
        let (kiosk, _, _) = try kioskWithHistory()
        try kiosk.tamper("ALTER TABLE certification ADD COLUMN note TEXT; ALTER TABLE resident ADD COLUMN remark TEXT")
        #expect(try kiosk.database.verifyAudit().intact)
    }

    @Test func theEntriesAreChainedByHash() throws {
        let (kiosk, _, _) = try kioskWithHistory()
        let links = try kiosk.database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT prev_hash, hash FROM audit_entry ORDER BY seq").map { ($0["prev_hash"] as String, $0["hash"] as String) }
        }
        #expect(links.first?.0 == String(repeating: "0", count: 64))
        for (previous, next) in zip(links, links.dropFirst()) { #expect(next.0 == previous.1) }
    }
}

@Suite("Audit anchors")
struct AuditAnchorTests {
    @Test func anExportAnchorCatchesATruncatedLog() throws {
        let kiosk = try TestKiosk()
        let id = IDs.make(birth: "19500615", sequence: "111")
        _ = try kiosk.importRoster([rosterLine(id: id)])
        let change = try kiosk.database.changeContact(of: IDs.resident(id), ContactEntry(phone: "13800000000", address: nil), by: kiosk.admin)[0]
        let manifest = try kiosk.database.exportCertifications(since: CivilDate("2026-01-01")!,
                                                               to: kiosk.directory.appendingPathComponent("e.csv").path, by: kiosk.admin)
        #expect(try kiosk.database.verifyAudit(anchors: [manifest.auditAnchor]).intact)
        // Undo the contact change, cut the log back to before it and put the guards back: the chain alone looks whole.
        try kiosk.tamper("""
            DROP TRIGGER audit_entry_no_delete; DROP TRIGGER contact_change_no_delete;
            DELETE FROM contact_change WHERE id = '\(change.id)'; UPDATE resident SET local_phone = NULL;
            DELETE FROM audit_entry WHERE seq >= \(manifest.auditAnchor.seq);
            CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END;
            CREATE TRIGGER contact_change_no_delete BEFORE DELETE ON contact_change BEGIN SELECT RAISE(ABORT, 'contact_change is append-only'); END;
            """)
        #expect(try kiosk.database.verifyAudit().intact)
        #expect(try kiosk.database.verifyAudit(anchors: [manifest.auditAnchor]).findings == [.anchorMismatch(seq: manifest.auditAnchor.seq)])
    }

    @Test func anchorsParseFromTheirTextForm() {
        let hash = String(repeating: "ab", count: 32)
        #expect(AuditAnchor("12:\(hash)") == AuditAnchor(seq: 12, hash: hash))
        #expect(AuditAnchor("12") == nil)
        #expect(AuditAnchor("x:\(hash)") == nil)
    }

    @Test func droppedGuardsAndEditedMetadataAreFindings() throws {
        let kiosk = try TestKiosk()
        try kiosk.tamper("DROP TRIGGER contact_change_no_delete")
        try kiosk.tamper("UPDATE kiosk_meta SET value = 'HRB-XX' WHERE key = 'service_point'")
        let findings = try kiosk.database.verifyAudit().findings
        #expect(findings.contains(AuditFinding.appendOnlyGuardMissing(table: "contact_change")))
        #expect(findings.contains(AuditFinding.metadataAltered(key: "service_point")))
    }

    @Test func theKioskWritesNothingOverARecordEditedBehindItsBack() throws {
        let kiosk = try TestKiosk()
        let clerk = try kiosk.database.addStaff(name: "op1", role: .operator, password: "operator-pass-1", by: kiosk.admin)
        try kiosk.tamper("UPDATE staff SET role = 'admin' WHERE id = '\(clerk.id)'")
        let entries = try kiosk.count("audit_entry")
        let refused = KioskError.caught { _ = try kiosk.database.signIn(name: "op1", password: "wrong-password") }
        guard case .recordChangedOutsideKiosk(table: "staff", id: clerk.id, seq: let seq)? = refused else {
            Issue.record("a tampered account signs in or fails as usual: \(String(describing: refused))")
            return
        }
        #expect(seq > 0)
        #expect(try kiosk.count("audit_entry") == entries)
        #expect(!(try kiosk.database.verifyAudit().intact))
    }
}
