import ArgumentParser
import Desk
import Domain

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write files for the bureau.",
        subcommands: [Certifications.self])

    struct Certifications: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Certifications recorded here since a date, with a manifest (row count, SHA-256).",
            discussion: """
                Writes FILE (CSV: \(RecordsDesk.exportHeader)) with full ID numbers, as the bureau needs them, and \
                FILE.manifest.json. Both are readable by this user only. Needs a signed-in supervisor or admin; audited.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Option(help: "First local date to include, YYYY-MM-DD.") var since: CivilDate
        @Option(help: "Output CSV file.") var out: String

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let (desk, staff) = try session.signIn(signIn)
                let manifest = try desk.records(staff).export(since: since, to: out)
                session.say(.exported(rows: manifest.rows, path: out, manifest: out + ".manifest.json", sha256: manifest.sha256))
            }
        }
    }
}
