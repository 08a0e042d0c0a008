import ArgumentParser
import Domain

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the tamper-evident audit log.",
        subcommands: [Verify.self, AcceptClock.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the chain and every record it covers.",
            discussion: "Exits 0 when intact, 2 naming the first broken entry when anything was edited, deleted or inserted outside the kiosk.")

        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("anchor"), help: "SEQ:HASH of an entry kept outside the database (an export manifest's audit_anchor); repeatable.")
        var anchors: [AuditAnchor] = []
        @OptionGroup var output: OutputOptions

        struct Outcome: Encodable {
            var intact: Bool
            var entries: Int
            var firstBrokenEntry: Int64?
            var findings: [String]

            enum CodingKeys: String, CodingKey {
                case intact, entries, firstBrokenEntry = "first_broken_entry", findings
            }
        }

        func run() throws {
            var intact = true
            try Session.run(global) { session throws(KioskError) in
                let verification = try session.openDesk().verifyAudit(anchors: anchors)
                intact = verification.intact
                let findings = verification.findings.map { session.text(.auditFinding($0)) }
                if output.json {
                    return try JSONOutput.print(Outcome(intact: verification.intact, entries: verification.entries,
                                                        firstBrokenEntry: verification.findings.first?.seq, findings: findings))
                }
                if verification.intact { return session.say(.auditIntact(entries: verification.entries)) }
                for finding in findings { Terminal.error(finding) }
            }
            if !intact { throw ExitCode(ExitStatus.auditBroken) }
        }
    }

    struct AcceptClock: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "accept-clock",
            abstract: "Accept the clock as it is now when the audit log's latest entry is later (admin).",
            discussion: """
                The kiosk writes nothing dated before its audit log's latest entry. When that entry was written with a \
                clock set ahead, and the clock is now right, an admin records the correction (audited, with both times); \
                records are dated from it again. Check the clock first: a clock turned back is what this refusal is for.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let (desk, admin) = try session.signIn(signIn)
                guard let from = try desk.acceptClock(admin) else { return session.say(.clockNotBehind) }
                session.say(.clockAccepted(from: from, now: session.clock.localNow()))
            }
        }
    }
}
