import Foundation
import Testing

/// kill -9 in the middle of an import: the database is as before the import or as after it.
@Suite("Interrupted import")
struct InterruptedImportTests {
    /// The resident table as a fingerprint of its content, its indexes and the file's integrity.
    func state(_ sandbox: Sandbox) throws -> String {
        try sandbox.sqlite("""
            SELECT (SELECT count(*) FROM resident) || '/' || (SELECT total(monthly_pension) FROM resident) || '/' ||
                   (SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'resident') || '/' ||
                   (SELECT count(*) FROM roster_import);
            PRAGMA integrity_check;
            """)
    }

    /// Whether another process holds the write lock, that is, the import is inside its transaction.
    func importIsWriting(_ sandbox: Sandbox) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", sandbox.database, "BEGIN IMMEDIATE; ROLLBACK;"]
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return message.contains("locked")
    }

    /// Starts an import and kills it with SIGKILL as soon as it is writing; false if it finished first.
    func killWhileWriting(_ sandbox: Sandbox, file: String) throws -> Bool {
        let started = try sandbox.start(["roster", "import", file] + sandbox.asAdmin)
        while started.process.isRunning {
            if try importIsWriting(sandbox) {
                kill(started.process.processIdentifier, SIGKILL)
                started.process.waitUntilExit()
                return true
            }
            usleep(5_000)
        }
        return false
    }

    @Test func aKilledImportLeavesTheDatabaseBeforeOrAfter() throws {
        let sandbox = try Sandbox()
        try sandbox.initialize()
        let big = sandbox.directory.appendingPathComponent("big.csv").path
        #expect(try sandbox.runTool(["generate-roster", "--rows", "60000", "--out", big]).status == 0)
        let empty = try state(sandbox)

        // Into an empty table (the bulk path, which drops and rebuilds the indexes)...
        #expect(try killWhileWriting(sandbox, file: big))
        #expect(try state(sandbox) == empty)
        #expect(try sandbox.run(["audit", "verify"]).status == 0)

        // ...and into a table that already holds residents (the update path).
        let first = try sandbox.run(["roster", "import", big] + sandbox.asAdmin)
        #expect(first.status == 0, "\(first.stderr)")
        let before = try state(sandbox)
        let delta = sandbox.directory.appendingPathComponent("delta.csv").path
        #expect(try sandbox.runTool(["generate-roster", "--rows", "60000", "--out", delta, "--seed", "99"]).status == 0)
        #expect(try killWhileWriting(sandbox, file: delta))
        #expect(try state(sandbox) == before)
        #expect(try sandbox.run(["audit", "verify"]).status == 0)

        let completed = try sandbox.run(["roster", "import", delta] + sandbox.asAdmin)
        #expect(completed.status == 0, "\(completed.stderr)")
        #expect(try state(sandbox) != before)
        #expect(try state(sandbox).hasSuffix("ok"))
        #expect(try sandbox.run(["audit", "verify"]).status == 0)
    }
}
