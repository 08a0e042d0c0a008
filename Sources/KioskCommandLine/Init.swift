import ArgumentParser
import Desk
import Domain

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the data directory, its database and the first admin.",
        discussion: """
            Non-interactive: kiosk init --admin NAME --password-file FILE (or KIOSK_PASSWORD). Refuses a directory that already \
            holds a database. KIOSK_TODAY is refused (exit 78) unless --test-clock makes a data directory for tests or demos.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Name of the first admin.")
    var admin: String

    @Option(name: .customLong("password-file"), help: "File whose first line is the admin's password (else KIOSK_PASSWORD, else a prompt).")
    var passwordFile: String?

    @Flag(name: .customLong("test-clock"),
          help: "A data directory for tests and demos: KIOSK_TODAY may set its date, and its screens, receipts and exports say TEST. Recorded in the database and the audit log; never for a real service point.")
    var testClock = false

    func run() throws {
        try Session.run(global) { session throws(KioskError) in
            let password = try session.password(file: passwordFile, prompt: .passwordPrompt(staff: admin))
            let (_, member) = try ServiceDesk.create(dataDirectory: session.settings.dataDirectory, settings: session.deskSettings,
                                                     adminName: admin, adminPassword: password, testClock: testClock)
            session.say(.initialized(dataDirectory: session.settings.dataDirectory, admin: member.name))
        }
    }
}
