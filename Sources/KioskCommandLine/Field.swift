import ArgumentParser
import Domain
import Desk

struct Field: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Field mode: a home-visit laptop takes a day's visits out and brings the outcomes back.",
        discussion: """
            At the desk, kiosk visit sheet --date D --visitor V --field-pack FILE writes the day's pack. The laptop is a \
            machine of the same service point (kiosk init, with the point's prints.key copied to it, 0600): there, field \
            load takes the pack, visit complete --evidence fingerprint verifies the finger on the reader against the \
            packed prints, visit missed records no-one home, and field results writes the outcomes. At the desk, field \
            return applies them. Both files are sealed under the point's print key.
            """,
        subcommands: [Load.self, Results.self, Return.self])

    struct Load: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "On the laptop: load a field pack (refused while outcomes recorded here are not yet written out).")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "The pack kiosk visit sheet --field-pack wrote.") var file: String
        @OptionGroup var output: OutputOptions

        struct Output: Encodable { var date: String; var visitor: String; var visits: Int; var prints: Int }

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let (desk, staff) = try session.signIn(signIn)
                let loaded = try desk.field(staff).load(from: file)
                if output.json {
                    return try JSONOutput.print(Output(date: loaded.date.description, visitor: loaded.visitor, visits: loaded.visits, prints: loaded.prints))
                }
                session.say(.visit(.fieldLoaded(loaded)))
            }
        }
    }

    struct Results: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "On the laptop: write the visits' outcomes for the desk (a new file, 0600).")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Option(help: "Where to write them.") var out: String
        @OptionGroup var output: OutputOptions

        struct Output: Encodable { var file: String; var completed: Int; var missed: Int; var rescheduled: Int; var cancelled: Int }

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let (desk, staff) = try session.signIn(signIn)
                let written = try desk.field(staff).results(to: out)
                if output.json { return try JSONOutput.print(Output(file: written.file, completed: written.completed, missed: written.missed,
                                                                        rescheduled: written.rescheduled, cancelled: written.cancelled)) }
                session.say(.visit(.fieldResults(written)))
            }
        }
    }

    struct Return: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "At the desk: apply a laptop's outcomes, all or none; returning a file again changes nothing.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "The file kiosk field results wrote.") var file: String
        @OptionGroup var output: OutputOptions

        struct Line: Encodable {
            var id: String
            var booking: String
            var kind: String
            var result: String
            var certificationId: String?
        }

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let (desk, staff) = try session.signIn(signIn)
                let returned = try desk.field(staff).returnResults(from: file)
                if output.json {
                    return try JSONOutput.print(returned.outcomes.map {
                        Line(id: $0.id, booking: $0.booking, kind: $0.kind, result: $0.result.rawValue, certificationId: $0.certificationID)
                    })
                }
                for outcome in returned.outcomes { session.say(.visit(.fieldReturned(outcome))) }
            }
        }
    }
}
