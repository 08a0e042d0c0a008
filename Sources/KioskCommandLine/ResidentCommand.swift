import ArgumentParser
import Domain
import Desk

struct ResidentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resident",
        abstract: "Look up a pensioner; record a contact change or a death.",
        subcommands: [Show.self, Find.self, Contact.self, Death.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Identity (masked), status, last certification and what to do next.",
            discussion: "The JSON's status is one of certified, due, overdue, suspended, refer_to_city_bureau, deceased, not_served_here.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "18-character ID number.") var id: String
        @Flag(help: "Show the full ID number and phone (needs a signed-in staff member; audited).") var reveal = false
        @OptionGroup var output: OutputOptions

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let id = try session.residentID(id)
                let record: ResidentRecord
                if reveal {
                    let (desk, staff) = try session.signIn(signIn)
                    record = try desk.residents(staff).reveal(id)
                } else {
                    record = try session.openDesk().record(id)
                }
                let summary = session.summary(record.file, status: record.status, reveal: reveal)
                if output.json { try JSONOutput.print(summary) } else { session.say(summary.text) }
            }
        }
    }

    struct Find: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find a pensioner without the ID card: part of the name, pinyin initials, or the last digits of the phone or ID.",
            discussion: """
                QUERY is Chinese characters of the name (建国), the name's pinyin initials (wjg for 王建国, at least 2), or the \
                last digits of the phone number or ID number (at least 4). At most 20 matches, masked; audited (how, and how \
                many, never the query). Show one with `kiosk resident show ID`.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "Part of the name, pinyin initials, or last digits.") var query: String
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if ResidentQuery(query) == nil { throw ValidationError(Message.error(.entryInvalid(.notASearch)).text(global.messageLanguage)) }
        }

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let (desk, staff) = try session.signIn(signIn)
                let found = try desk.residents(staff).find(query)
                if output.json { return try JSONOutput.print(found) }
                guard !found.matches.isEmpty else { return session.say(.screen(.search(.noMatches))) }
                session.say(Terminal.table(found.matches.map { [$0.maskedName, $0.id.masked, $0.maskedPhone ?? "", $0.community ?? ""] }))
                if found.more { session.say(.screen(.search(.moreMatches(shown: found.matches.count)))) }
            }
        }
    }

    struct Contact: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a new phone number and/or address (FAQ 15).")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "18-character ID number.") var id: String
        @Option(help: "New phone number.") var phone: String?
        @Option(help: "New address.") var address: String?

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let id = try session.residentID(id)
                let entry = ContactEntry(phone: phone, address: address)
                // The store's own rule, asked before the password: the same check runs again inside its write.
                if let problem = entry.problem { throw .entryInvalid(problem) }
                let (desk, staff) = try session.signIn(signIn)
                for change in try desk.residents(staff).changeContact(of: id, entry) {
                    let shown: (String?) -> String? = { change.field == .phone ? $0.map(ResidentSummary.maskPhone) : $0 }
                    session.say(.contactChanged(field: change.field == .phone ? .phone : .address, old: shown(change.oldValue),
                                                new: shown(change.newValue)!))
                }
            }
        }
    }

    struct Death: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a death reported by the family (FAQ 18). Certification stops at once.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "18-character ID number of the deceased.") var id: String
        @Option(help: "Date of death, YYYY-MM-DD.") var date: CivilDate
        @Option(help: "Name of the family member reporting.") var reporter: String
        @Option(help: "Their relation to the deceased.") var relation: String
        @Option(help: "Death certificate number.") var certificate: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let id = try session.residentID(id)
                let entry = DeathEntry(dateOfDeath: date, reporterName: reporter, relation: relation, certificateNumber: certificate)
                if let problem = entry.problem { throw .entryInvalid(problem) }
                let (desk, staff) = try session.signIn(signIn)
                let residents = desk.residents(staff)
                _ = try residents.reportDeath(of: id, entry)
                let record = try residents.record(id)
                let summary = session.summary(record.file, status: record.status, reveal: false)
                if output.json { return try JSONOutput.print(summary) }
                session.say(.deathRecorded)
                session.say(summary.text)
            }
        }
    }
}

extension Session {
    var policy: CertificationPolicy { settings.policy }

    func summary(_ file: ResidentFile, status: ResidentStatus, reveal: Bool) -> ResidentSummary {
        ResidentSummary(file: file, status: status, reveal: reveal, policy: policy, language: language)
    }

    var receiptPrinter: ReceiptPrinter { ReceiptPrinter(settings: settings.receipts, language: language) }
}

extension ResidentSummary {
    /// The rows as an aligned table for the terminal.
    var text: String { Terminal.table(rows.map { [$0.label, $0.value] }) }
}
