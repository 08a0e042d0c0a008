import ArgumentParser
import Desk
import Domain
import Files
import Foundation
import Hub
import KioskConfig
import Matcher

/// `kiosk sync`: this kiosk's records up to the city hub, the city's records for its residents down.
struct Sync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sync with the city hub (service-point.yaml's hub section): push this kiosk's records, pull the city's for the residents it serves.",
        discussion: """
            --after-restore (supervisor or admin): for a kiosk restored from a backup older than what it had pushed \
            (HUB_AHEAD_OF_KIOSK, HUB_CHAIN_DIVERGED). The hub sets this point's entries after the last one both chains \
            share aside as a fork, keeping the records they cover; this kiosk takes back its own certifications, death \
            reports and contact changes from them, then syncs as usual. Never done without the flag: a copied database \
            (a cloned kiosk) must not quietly take a point's place.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var signIn: SignInOptions
    @OptionGroup var output: OutputOptions
    @Flag(name: .customLong("after-restore"), help: "This kiosk was restored from an older backup: fork the hub's newer entries and push on.")
    var afterRestore = false

    func run() async throws {
        try await Session.run(global) { session async throws(KioskError) in
            guard let settings = session.settings.hub else {
                throw .hubNotConfigured(configFile: session.settings.configDirectory + "/" + KioskSettings.servicePointFile)
            }
            let bureau = try BureauSealer.live(settings)
            let (desk, staff) = try session.signIn(signIn)
            let hub = try await hubCall { () async throws(HubFailure) in HubClient.live(try await HubConnection.open(settings)) }
            let outcome: HubSyncOutcome
            do throws(KioskError) {
                outcome = try await desk.sync(staff, hub: hub, bureau: bureau).sync(afterRestore: afterRestore)
                await hub.close()
            } catch {
                await hub.close()
                throw error
            }
            if output.json { return try JSONOutput.print(outcome) }
            session.say(.hub(.synced(outcome)))
        }
    }
}

/// `kiosk hub ...`: the bureau's administration of the city hub, as the hub's owner role.
struct HubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub",
        abstract: "The city hub on PostgreSQL, for the bureau: its schema and roles, service points, city figures.",
        subcommands: [Init.self, Register.self, Revoke.self, RosterGroup.self, Report.self, Status.self, ExportGroup.self, StaffAccounts.self, Verify.self,
                      BureauKey.self, Duplicates.self])

    typealias Connection = HubConnectionOptions

    /// Runs `body` as the hub's administrator; errors in `--lang`'s language, with the documented exit codes.
    static func administer(_ global: GlobalOptions, _ connection: Connection,
                           _ body: (HubAdmin, Language) async throws(KioskError) -> Void) async throws {
        let language = global.language.flatMap(Language.init(locale:)) ?? .chinese
        do throws(KioskError) {
            let hub = try await connection.open()
            do throws(KioskError) {
                try await body(HubAdmin(hub), language)
            } catch {
                await hub.close()
                throw error
            }
            await hub.close()
        } catch {
            Terminal.error(Message.error(error).text(language))
            throw ExitCode(ExitStatus.of(error))
        }
    }

    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create or update the hub's schema, the service points' group role and its row-level security.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var connection: Connection

        func run() async throws {
            try await HubCommand.administer(global, connection) { admin, language throws(KioskError) in
                try await hubCall { () async throws(HubFailure) in try await admin.createSchema() }
                print(Message.hub(.schemaReady).text(language))
            }
        }
    }

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a service point and make its own role; its password is written to a new file (0600) for the kiosk.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var connection: Connection
        @Argument(help: "The service point's code (as in its service-point.yaml).") var code: String
        @Option(help: "The service point's name.") var name: String
        @Option(help: "The insured-region codes it serves, comma-separated (e.g. 230102,230103).") var districts: String
        @Option(name: .customLong("out"), help: "New file for the point's password (refused if it exists).") var out: String

        func run() async throws {
            try await HubCommand.administer(global, connection) { admin, language throws(KioskError) in
                let list = districts.split(separator: ",").map { String($0).trimmingSpaces() }
                if FileManager.default.fileExists(atPath: out) { throw .fileExists(path: out) }
                let registration = try await hubCall { () async throws(HubFailure) in try await admin.register(code: code, name: name, districts: list) }
                try PrivateFile.write(Data(registration.password.utf8), to: out, replacing: false)
                print(Message.hub(.pointRegistered(code: registration.code, role: registration.role, passwordFile: out)).text(language))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a service point (a stolen kiosk): its role can no longer log in, its sessions end; its records stay.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var connection: Connection
        @Argument(help: "The service point's code.") var code: String

        func run() async throws {
            try await HubCommand.administer(global, connection) { admin, language throws(KioskError) in
                try await hubCall { () async throws(HubFailure) in try await admin.revoke(code: code) }
                print(Message.hub(.pointRevoked(code: code)).text(language))
            }
        }
    }

    struct RosterGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "roster", abstract: "The city's roster on the hub.",
                                                        subcommands: [Import.self])

        struct Import: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Load the bureau's whole roster CSV into the hub, checked as `kiosk roster import` checks it.",
                discussion: """
                    The same CSV as `kiosk roster import`, holding the whole city: checked row by row with the kiosk's rules \
                    (policy.yaml of --config), then loaded through PostgreSQL COPY in one transaction. Residents are added, \
                    changed (an empty cell keeps what the hub has) or, when missing from the file, marked removed. One bad row \
                    and nothing is loaded: the bad rows are listed with their lines.
                    """)
            @OptionGroup var global: GlobalOptions
            @OptionGroup var connection: Connection
            @OptionGroup var output: OutputOptions
            @Argument(help: "The roster CSV file.") var file: String

            func run() async throws {
                try await HubCommand.administer(global, connection) { admin, language throws(KioskError) in
                    let (policy, clock) = try HubCommand.policyAndClock(global)
                    let roster = try CityRosterCheck.check(path: file, policy: policy, clock: clock)
                    guard roster.rejections.isEmpty else {
                        if output.json {
                            try JSONOutput.print(RefusedJSON(file: roster.fileName, rejected: roster.rejections.count, rejections: roster.rejections.map {
                                ImportJSON.Rejection(line: $0.line, problems: $0.problems.map { Message.rosterProblem($0).text(language) })
                            }))
                        } else {
                            for rejection in roster.rejections.prefix(Roster.Import.shownRejections) {
                                Terminal.error(Message.hub(.rosterRejection(file: file, line: rejection.line, problems: rejection.problems)).text(language))
                            }
                        }
                        throw .hubRosterRefused(file: file, rejected: roster.rejections.count)
                    }
                    let loaded = try await hubCall { () async throws(HubFailure) in try await admin.importRoster(roster) }
                    if output.json { return try JSONOutput.print(loaded) }
                    print(Message.hub(.rosterLoaded(loaded)).text(language))
                }
            }

            /// `--json` when bad rows refused the file.
            struct RefusedJSON: Encodable {
                var file: String
                var rejected: Int
                var committed = false
                var rejections: [ImportJSON.Rejection]
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Per service point: entries pushed, certifications, residents certified, deaths.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var connection: Connection
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await HubCommand.administer(global, connection) { admin, language throws(KioskError) in
                let figures = try await hubCall { () async throws(HubFailure) in try await admin.pointFigures() }
                if output.json { return try JSONOutput.print(figures) }
                for point in figures {
                    print(Message.hub(.pointFigures(code: point.code, revoked: point.revoked, entries: point.entries, certifications: point.certifications,
                                                  residents: point.residentsCertified, deaths: point.deaths)).text(language))
                }
            }
        }
    }
}

extension HubCommand {
    /// Staff accounts the bureau manages for the service points: each point has them from its next sync.
    struct StaffAccounts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "staff",
            abstract: "Staff accounts managed on the hub: add or change one, disable one, list them.",
            subcommands: [Put.self, Disable.self, List.self])

        struct Put: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "add",
                abstract: "Add a staff account, or change its role, password or service points (from each point's next sync).")
            @OptionGroup var global: GlobalOptions
            @OptionGroup var connection: Connection
            @Argument(help: "The sign-in name.") var name: String
            @Option(help: "Role: operator, supervisor or admin.") var role: StaffRole
            @Option(help: "The service points it may sign in at, comma-separated codes.") var points: String
            @Option(name: .customLong("new-password-file"), help: "File whose first line is the password (else a prompt).")
            var newPasswordFile: String?

            func run() async throws {
                try await HubCommand.administer(global, connection) { admin, language throws(KioskError) in
                    let password: String
                    if let newPasswordFile {
                        guard let text = try? String(contentsOfFile: newPasswordFile, encoding: .utf8) else { throw .passwordFileUnreadable(path: newPasswordFile) }
                        password = String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                    } else {
                        guard let typed = Terminal.readSecret(prompt: Message.passwordPrompt(staff: name).text(language)) else { throw .noCredentials }
                        password = typed
                    }
                    let hash = try StaffPasswords.hash(password, name: name, policy: SignInPolicy())
                    let list = points.split(separator: ",").map { String($0).trimmingSpaces() }
                    try await hubCall { () async throws(HubFailure) in try await admin.putStaff(name: name, role: role, passwordHash: hash, points: list) }
                    print(Message.hub(.staffPut(name: name.lowercased(), role: role, points: list)).text(language))
                }
            }
        }

        struct Disable: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Disable a staff account at every service point (someone who left).")
            @OptionGroup var global: GlobalOptions
            @OptionGroup var connection: Connection
            @Argument(help: "The sign-in name.") var name: String

            func run() async throws {
                try await HubCommand.administer(global, connection) { admin, language throws(KioskError) in
                    try await hubCall { () async throws(HubFailure) in try await admin.disableStaff(name: name) }
                    print(Message.hub(.staffDisabled(name: name.lowercased())).text(language))
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The staff accounts on the hub, their roles and service points.")
            @OptionGroup var global: GlobalOptions
            @OptionGroup var connection: Connection
            @OptionGroup var output: OutputOptions

            func run() async throws {
                try await HubCommand.administer(global, connection) { admin, language throws(KioskError) in
                    let accounts = try await hubCall { () async throws(HubFailure) in try await admin.staffAccounts() }
                    if output.json { return try JSONOutput.print(accounts) }
                    for account in accounts {
                        print(Message.hub(.staffLine(name: account.name, role: account.role, points: account.points, active: account.active)).text(language))
                    }
                }
            }
        }
    }

    /// The policy and the clock of the configuration (--config): the bureau's rules and today.
    static func policyAndClock(_ global: GlobalOptions) throws(KioskError) -> (CertificationPolicy, KioskClock) {
        let settings = try Session.settings(global)
        let clock = try KioskClock.live(timeZone: TimeZone(identifier: settings.timeZone)!,
                                        kioskToday: ProcessInfo.processInfo.environment["KIOSK_TODAY"])
        return (settings.policy, clock)
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per district, per service point and for the city: certified, due, overdue, today's certifications, deaths to settle.",
            discussion: """
                Every resident on the hub's roster with the latest certification and the death recorded anywhere in the city, \
                each status decided by the kiosk's own rules (policy.yaml of --config), on today's date (KIOSK_TODAY on a test \
                configuration). A service point's line counts the residents of the districts it serves.
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var connection: Connection
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await HubCommand.administer(global, connection) { admin, language throws(KioskError) in
                let (policy, clock) = try HubCommand.policyAndClock(global)
                let status = try await hubCall { () async throws(HubFailure) in try await admin.cityStatus(policy: policy, clock: clock) }
                if output.json { return try JSONOutput.print(status) }
                print(Message.hub(.statusHeading(date: status.date)).text(language))
                for tally in status.districts { print(Message.hub(.statusTally(tally, of: .district)).text(language)) }
                for tally in status.servicePoints { print(Message.hub(.statusTally(tally, of: .servicePoint)).text(language)) }
                print(Message.hub(.statusTally(status.city, of: .city)).text(language))
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-check every service point's audit chain as the hub holds it; exit 2 if any is not intact.",
            discussion: """
                Per point: seqs contiguous from 1, each entry's prev_hash the hash of the entry before, each hash recomputed \
                from the entry's columns as the kiosk computes it, the push head on the last entry, and every record the \
                point pushed covered by an entry of its chain. Entries a restored kiosk's sync set aside \
                (kiosk sync --after-restore) are listed as forks, each checked as a chain from the entry it forks from.
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var connection: Connection
        @OptionGroup var output: OutputOptions

        func run() async throws {
            var intact = true
            try await HubCommand.administer(global, connection) { admin, language throws(KioskError) in
                let checks = try await hubCall { () async throws(HubFailure) in try await admin.verify() }
                intact = checks.allSatisfy(\.intact)
                if output.json { return try JSONOutput.print(checks) }
                for check in checks {
                    let text = Message.hub(.chainChecked(code: check.code, entries: check.entries, gaps: check.gaps, brokenLinks: check.brokenLinks,
                                                         altered: check.alteredEntries, headAgrees: check.headAgrees,
                                                         uncoveredRecords: check.uncoveredRecords, forks: check.forks)).text(language)
                    if check.intact { print(text) } else { Terminal.error(text) }
                }
            }
            if !intact { throw ExitCode(ExitStatus.auditBroken) }
        }
    }

    struct BureauKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bureau-key",
            abstract: "Make the bureau's key pair for the city-wide duplicate-finger check: FILE (private, 0600) and FILE.pub (public).",
            discussion: """
                The private half stays on the bureau's machine (never on the hub) and opens the prints' minutiae for \
                kiosk hub duplicates. Copy the public half to every service point and name it in service-point.yaml's \
                hub.bureau_key: from its next sync each kiosk sends every enrolled print's minutiae sealed to it. A new \
                key replaces the old one at each kiosk's next sync (every print is sealed again).
                """)
        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("out"), help: "New file for the private half (refused if it or FILE.pub exists).") var out: String

        func run() async throws {
            let language = global.language.flatMap(Language.init(locale:)) ?? .chinese
            do throws(KioskError) {
                let made = try BureauKeyFile.create(at: out)
                print(Message.hub(.bureauKeyMade(privateFile: out, publicFile: made.publicFile, keyID: made.keyID)).text(language))
            } catch {
                Terminal.error(Message.error(error).text(language))
                throw ExitCode(ExitStatus.of(error))
            }
        }
    }

    struct Duplicates: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The city-wide duplicate-finger check: one finger enrolled under two residents, anywhere in the city.",
            discussion: """
                Opens the prints' minutiae the kiosks sent sealed to the bureau's key (kiosk hub bureau-key) with its private \
                half, in memory kept out of core dumps and swap, builds the kiosk's 1:N index per reader model, and searches \
                every print that arrived since the last check (--all: every print) against all prints of the same reader model \
                in the city. Each pair found is kept on the hub (city.duplicate_finding) once. Residents are masked on the \
                screen; --json gives their full ID numbers, for the bureau's own casework. Exit 0: nothing found; 3: new \
                pairs found; 2: a print would not open with the key (altered on the hub, or moved to another resident).
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var connection: Connection
        @OptionGroup var output: OutputOptions
        @Option(name: .customLong("bureau-key"), help: "The bureau's private key file (mode 0600).") var bureauKey: String
        @Flag(help: "Search every print again, not only those that arrived since the last check.") var all = false

        func run() async throws {
            var status: Int32 = 0
            try await HubCommand.administer(global, connection) { admin, language throws(KioskError) in
                var key = try BureauKeyFile.readPrivate(bureauKey)
                defer { wipe(&key) }
                let privateKey = key
                let outcome = try await hubCall { () async throws(HubFailure) in try await admin.duplicates(bureauKey: privateKey, all: all) }
                status = !outcome.unopened.isEmpty ? ExitStatus.auditBroken : outcome.findings.contains(where: \.new) ? 3 : 0
                if output.json { return try JSONOutput.print(outcome) }
                print(Message.hub(.duplicatesChecked(keyID: outcome.keyID, templatesByReader: outcome.templatesByReader,
                                                     sealedToOtherKeys: outcome.sealedToOtherKeys, unopened: outcome.unopened.count,
                                                     checked: outcome.checked, found: outcome.findings.count,
                                                     new: outcome.findings.filter(\.new).count, openSeconds: outcome.openSeconds,
                                                     searchSeconds: outcome.searchSeconds)).text(language))
                for finding in outcome.findings {
                    let side = { (print: CityDuplicates.Print) in
                        Message.DuplicateSide(point: print.point, resident: ResidentID(trusted: print.residentID), finger: Finger(rawValue: print.finger))
                    }
                    // What the hub holds is shown, never acted on by the terminal.
                    print(TerminalText.escapedLines(Message.hub(.duplicateFound(reader: finding.driver, first: side(finding.first),
                                                                                second: side(finding.second), score: finding.score,
                                                                                new: finding.new)).text(language)))
                }
                for print in outcome.unopened {
                    Terminal.error(Message.hub(.templateUnopened(point: print.point, printID: print.printID)).text(language))
                }
            }
            if status != 0 { throw ExitCode(status) }
        }
    }

    struct ExportGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "Files for the bureau's own system, from the hub.",
                                                        subcommands: [Certifications.self])

        struct Certifications: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Certifications recorded anywhere in the city since a date, with a manifest.",
                discussion: """
                    Writes FILE in the format of `kiosk export certifications` (CSV: \(CertificationExportFormat.header)), \
                    every certification any service point pushed, and FILE.manifest.json (row count, SHA-256, every point's \
                    chain head on the hub). Both readable by this user only; neither overwrites a file.
                    """)
            @OptionGroup var global: GlobalOptions
            @OptionGroup var connection: Connection
            @Option(help: "First local date to include, YYYY-MM-DD.") var since: CivilDate
            @Option(help: "Output CSV file.") var out: String

            func run() async throws {
                try await HubCommand.administer(global, connection) { admin, language throws(KioskError) in
                    let (_, clock) = try HubCommand.policyAndClock(global)
                    for file in [out, out + ".manifest.json"] where FileManager.default.fileExists(atPath: file) { throw .fileExists(path: file) }
                    let name = URL(fileURLWithPath: out).lastPathComponent
                    let export = try await hubCall { () async throws(HubFailure) in
                        try await admin.certificationExport(since: since, file: name, clock: clock)
                    }
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    encoder.keyEncodingStrategy = .convertToSnakeCase
                    let manifest: Data
                    do { manifest = try encoder.encode(export.manifest) } catch { throw .fileFailure(path: out, detail: String(describing: error)) }
                    try PrivateFile.write(Data(export.csv.utf8), to: out, replacing: false)
                    try PrivateFile.write(manifest + Data("\n".utf8), to: out + ".manifest.json", replacing: false)
                    print(Message.exported(rows: export.manifest.rows, path: out, manifest: out + ".manifest.json",
                                           sha256: export.manifest.sha256).text(language))
                }
            }
        }
    }
}

/// How the bureau's administrator reaches the hub (every `kiosk hub` command, and the hub benchmark).
package struct HubConnectionOptions: ParsableArguments {
    package init() {}
    @Option(help: "The hub's host.") package var host = "127.0.0.1"
    @Option(help: "The hub's port.") package var port = 5432
    @Option(help: "The hub's database.") package var database = "kiosk_hub"
    @Option(help: "The hub's owner role.") package var user = "kiosk_hub"
    @Option(name: .customLong("password-file"), help: "File with the owner's password (mode 0600).") package var passwordFile: String
    @Option(name: .customLong("ca-file"), help: "Certificate authority of the hub's TLS certificate (TLS is required).") package var caFile: String

    package func open() async throws(KioskError) -> HubConnection {
        try await hubCall { () async throws(HubFailure) in
            try await HubConnection.open(host: host, port: port, database: database, user: user, passwordFile: passwordFile, caFile: caFile)
        }
    }
}

/// The hub's failure as the kiosk's error, which the command line prints and maps to an exit code.
private func hubCall<T>(_ body: () async throws(HubFailure) -> T) async throws(KioskError) -> T {
    do { return try await body() } catch { throw .hub(error) }
}
