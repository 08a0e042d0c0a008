import ArgumentParser
import Domain
import Foundation

struct Staff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage staff accounts (operator, supervisor, admin).",
        subcommands: [Add.self, List.self, Unlock.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open an account (admin only).")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        @Argument(help: "The new staff member's sign-in name.")
        var name: String

        @Option(help: "Role: operator, supervisor or admin.")
        var role: StaffRole

        @Option(name: .customLong("new-password-file"), help: "File whose first line is the new account's password (else a prompt).")
        var newPasswordFile: String?

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let (desk, admin) = try session.signIn(signIn)
                guard let password = try newPasswordFile.map({ file throws(KioskError) in try session.password(file: file, prompt: .passwordPrompt(staff: name)) })
                    ?? Terminal.readSecret(prompt: session.text(.passwordPrompt(staff: name))) else { throw .noCredentials }
                let member = try desk.staffAccounts(admin).add(name: name, role: role, password: password)
                session.say(.staffAdded(name: member.name, role: member.role))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List staff accounts and their lock state.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let (desk, member) = try session.signIn(signIn)
                let accounts = try desk.staffAccounts(member).list()
                if output.json { return try JSONOutput.print(accounts) }
                var rows = [[Message.Label.name, .role, .active, .failedAttempts, .locked].map { session.text(.label($0)) }]
                for account in accounts {
                    rows.append([account.name, session.text(.role(account.role)), session.text(.label(account.active ? .yes : .no)),
                                 String(account.failedAttempts), account.lockedUntil?.description ?? ""])
                }
                session.say(Terminal.table(rows))
            }
        }
    }

    struct Unlock: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Clear a sign-in lock before it runs out (admin only).")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "The locked staff member.") var name: String

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let (desk, admin) = try session.signIn(signIn)
                try desk.staffAccounts(admin).unlock(name: name)
                session.say(.staffUnlocked(name: name))
            }
        }
    }
}

extension StaffRole: ExpressibleByArgument {}

/// JSON for scripts: sorted keys, unescaped Chinese, one document on standard output.
enum JSONOutput {
    static func print(_ value: some Encodable) throws(KioskError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        do {
            Swift.print(String(decoding: try encoder.encode(value), as: UTF8.self))
        } catch {
            throw .fileFailure(path: "stdout", detail: String(describing: error))
        }
    }
}
