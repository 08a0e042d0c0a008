import ArgumentParser
import Desk
import Domain
import Files
import Foundation
import Hub
import KioskConfig

/// `kiosk sync`: this kiosk's records up to the city hub, the city's records for its residents down.
struct Sync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sync with the city hub (service-point.yaml's hub section): push this kiosk's records, pull the city's for the residents it serves.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var signIn: SignInOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await Session.run(global) { session async throws(KioskError) in
            guard let settings = session.settings.hub else {
                throw .hubNotConfigured(configFile: session.settings.configDirectory + "/" + KioskSettings.servicePointFile)
            }
            let (desk, staff) = try session.signIn(signIn)
            let connection = try await hubCall { () async throws(HubFailure) in try await HubConnection.open(settings) }
            let outcome: HubSyncOutcome
            do throws(KioskError) {
                outcome = try await desk.sync(staff, hub: .live(connection)).sync()
                await connection.close()
            } catch {
                await connection.close()
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
        subcommands: [Init.self, Register.self, Revoke.self, Report.self, Verify.self])

    /// How the bureau's administrator reaches the hub.
    struct Connection: ParsableArguments {
        @Option(help: "The hub's host.") var host = "127.0.0.1"
        @Option(help: "The hub's port.") var port = 5432
        @Option(help: "The hub's database.") var database = "kiosk_hub"
        @Option(help: "The hub's owner role.") var user = "kiosk_hub"
        @Option(name: .customLong("password-file"), help: "File with the owner's password (mode 0600).") var passwordFile: String
        @Option(name: .customLong("ca-file"), help: "Certificate authority of the hub's TLS certificate (TLS is required).") var caFile: String

        func open() async throws(KioskError) -> HubConnection {
            try await hubCall { () async throws(HubFailure) in
                try await HubConnection.open(host: host, port: port, database: database, user: user, passwordFile: passwordFile, caFile: caFile)
            }
        }
    }

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
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-check every service point's audit chain as the hub holds it; exit 2 if any is not intact.",
            discussion: """
                Per point: seqs contiguous from 1, each entry's prev_hash the hash of the entry before, each hash recomputed \
                from the entry's columns as the kiosk computes it, the push head on the last entry, and every record the \
                point pushed covered by an entry of its chain.
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
                                                         uncoveredRecords: check.uncoveredRecords)).text(language)
                    if check.intact { print(text) } else { Terminal.error(text) }
                }
            }
            if !intact { throw ExitCode(ExitStatus.auditBroken) }
        }
    }
}

/// The hub's failure as the kiosk's error, which the command line prints and maps to an exit code.
private func hubCall<T>(_ body: () async throws(HubFailure) -> T) async throws(KioskError) -> T {
    do { return try await body() } catch { throw .hub(error) }
}
