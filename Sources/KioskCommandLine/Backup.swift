import ArgumentParser
import Desk
import Domain
import Foundation

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Back up the service point's data into one file, to move it to a new machine.",
        discussion: """
            A consistent copy of the database (SQLite's online backup: the counter may go on working), with every \
            sealed photo. Prints and photos stay sealed; the print key is not in the backup: copy it to the new \
            machine separately. FILE must not exist; it is readable by this user only. Needs a signed-in admin; audited.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var signIn: SignInOptions
    @Option(help: "The backup file to write.") var out: String

    func run() throws {
        try Session.run(global) { session throws(KioskError) in
            let (desk, staff) = try session.signIn(signIn)
            let summary = try desk.records(staff).backup(to: out)
            for hash in summary.missingPhotos { Terminal.error(session.text(.backupPhotoMissing(hash: hash))) }
            session.say(.backupWritten(summary))
        }
    }
}

struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restore a backup into a data directory that holds no database yet.",
        discussion: """
            Signs in an admin of the backed-up service point (--staff, --password-file). Nothing is put in place \
            unless the file is an intact kiosk backup of the configured service point, its audit chain verifies, \
            and this machine's print key (print_key in service-point.yaml) opens its prints and photos. \
            A backup from an earlier release is migrated as it is restored.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var signIn: SignInOptions
    @Argument(help: "The backup file (from kiosk backup).") var file: String

    func run() throws {
        try Session.run(global) { session throws(KioskError) in
            guard let name = signIn.staff ?? session.environment["KIOSK_STAFF"], !name.isEmpty else { throw .noCredentials }
            let password = try session.password(file: signIn.passwordFile, prompt: .passwordPrompt(staff: name))
            let summary = try ServiceDesk.restore(from: file, dataDirectory: session.settings.dataDirectory, settings: session.deskSettings,
                                                  adminName: name, password: password)
            session.say(.restored(summary))
        }
    }
}
