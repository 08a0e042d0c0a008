import ArgumentParser
import Desk
import Domain
import KioskCommandLine

/// What developers run and a service point never does: benchmarks, invented rosters, the demo.
/// Kept out of `kiosk` so that the installed command is only the product.
@main
struct KioskTools: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosk-tools",
        abstract: "Developers' tools for the kiosk: benchmarks, invented rosters and the demo service point.",
        discussion: "Options and environment as for `kiosk` (--config, --data-dir, --lang, KIOSK_TODAY).",
        subcommands: [Demo.self, GenerateRoster.self, Bench.self])
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The kiosk's screen on a throw-away service point with invented residents and a virtual reader.",
        discussion: """
            For trying every flow on a machine with no reader: libfprint's virtual reader, whose finger the keyboard \
            plays. Everything is deleted on exit.
            """)

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        // Only an explicit --data-dir: KIOSK_DATA_DIR usually names a service point's real data.
        try await Session.untilStopped(global) { session async throws(KioskError) in
            try await DemoServicePoint.run(session, in: global.dataDirectory)
        }
    }
}

struct GenerateRoster: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-roster",
        abstract: "Write a synthetic roster with valid ID numbers and a realistic mix of statuses.",
        discussion: "For demos, tests and benchmarks only: the people are invented.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Number of rows.") var rows: Int
    @Option(help: "Output CSV file.") var out: String
    @Option(help: "Random seed, for a reproducible file.") var seed: UInt64 = 2026
    @Option(name: .customLong("bad-rows"), help: "Also write this many rows with one deliberate mistake each.") var badRows = 0

    func run() throws {
        try Session.run(global) { session throws(KioskError) in
            var generator = RosterGenerator(seed: seed, today: session.clock.today, policy: session.settings.policy)
            try generator.write(rows: rows, badRows: badRows, to: out)
        }
    }
}
