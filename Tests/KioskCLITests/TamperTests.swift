import Foundation
import Testing

/// Edits made with the sqlite3 tool behind the kiosk's back (issue 13, item 1): each stays found,
/// and the kiosk writes nothing over what was edited. Each test is the repro of one defect.
@Suite("tampering behind the kiosk's back")
struct TamperTests {
    func sandboxWithOperator() throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.initialize()
        let password = try sandbox.write("op1-password", "operator-pass-1\n")
        let added = try sandbox.run(["staff", "add", "op1", "--role", "operator", "--new-password-file", password] + sandbox.asAdmin)
        #expect(added.status == 0, "\(added.stderr)")
        return sandbox
    }

    func entries(_ sandbox: Sandbox) throws -> String { try sandbox.sqlite("SELECT count(*) FROM audit_entry") }

    /// Before: one failed sign-in of op1 wrote an entry over the edited row, verify passed, and
    /// op1 was an admin.
    @Test func aRoleRaisedWithSqliteStaysFoundAndIsNotTrusted() throws {
        let sandbox = try sandboxWithOperator()
        _ = try sandbox.sqlite("UPDATE staff SET role = 'admin' WHERE name = 'op1'")
        #expect(try sandbox.run(["audit", "verify"]).status == 2)
        let before = try entries(sandbox)
        let wrong = try sandbox.write("wrong", "not-the-password\n")
        let failed = try sandbox.run(["staff", "list", "--staff", "op1", "--password-file", wrong, "--lang", "en"])
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("changed outside the kiosk"))
        #expect(try entries(sandbox) == before, "nothing was written over the edited row")
        #expect(try sandbox.run(["audit", "verify"]).status == 2, "still found after the sign-in attempt")
        let right = try sandbox.write("right", "operator-pass-1\n")
        let asAdmin = try sandbox.run(["staff", "add", "op2", "--role", "admin", "--new-password-file", right,
                                       "--staff", "op1", "--password-file", right])
        #expect(asAdmin.status == 2, "the raised role is not honoured")
        #expect(try sandbox.sqlite("SELECT count(*) FROM staff WHERE name = 'op2'") == "0")
    }

    /// Before: a copy of the database taken earlier, put back, verified as intact.
    @Test func aDatabaseReplacedWithAnOlderCopyIsRefused() throws {
        let sandbox = try sandboxWithOperator()
        let older = sandbox.directory.appendingPathComponent("older.sqlite").path
        _ = try sandbox.sqlite("VACUUM INTO '\(older)'")
        let password = try sandbox.write("op2-password", "operator-pass-2\n")
        #expect(try sandbox.run(["staff", "add", "op2", "--role", "operator", "--new-password-file", password] + sandbox.asAdmin).status == 0)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: sandbox.database + suffix) }
        try FileManager.default.copyItem(atPath: older, toPath: sandbox.database)
        _ = chmod(sandbox.database, 0o600)
        let refused = try sandbox.run(["audit", "verify", "--lang", "en"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("older copy"))
    }

    /// Before: the last entries deleted once the append-only triggers were dropped (and put back)
    /// verified as intact.
    @Test func deletedLastEntriesAreFoundEvenWithTheTriggersPutBack() throws {
        let sandbox = try sandboxWithOperator()
        let trigger = try sandbox.sqlite("SELECT sql FROM sqlite_master WHERE name = 'audit_entry_no_delete'")
        _ = try sandbox.sqlite("DROP TRIGGER audit_entry_no_delete; DELETE FROM audit_entry WHERE seq = (SELECT max(seq) FROM audit_entry); "
                               + "DELETE FROM staff WHERE name = 'op1'; \(trigger);")
        let refused = try sandbox.run(["audit", "verify", "--lang", "en"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("audit.anchor"))
    }

    /// Before: dropping the append-only triggers went unnoticed.
    @Test func droppedAppendOnlyTriggersAreFound() throws {
        let sandbox = try sandboxWithOperator()
        _ = try sandbox.sqlite("DROP TRIGGER certification_no_update")
        let refused = try sandbox.run(["staff", "list", "--lang", "en"] + sandbox.asAdmin)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("append-only guard"))
        #expect(refused.stderr.contains("certification"))
    }

    /// Before: the metadata table was outside the chain.
    @Test func editedMetadataIsFound() throws {
        let sandbox = try sandboxWithOperator()
        _ = try sandbox.sqlite("INSERT INTO kiosk_meta (key, value) VALUES ('service_point_note', 'x')")
        let refused = try sandbox.run(["staff", "list", "--lang", "en"] + sandbox.asAdmin)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("kiosk_meta"))
    }
}
