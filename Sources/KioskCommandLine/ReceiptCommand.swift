import ArgumentParser
import Desk
import Domain

struct ReceiptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt",
        abstract: "Receipts of certifications made at this service point.",
        subcommands: [Print.self])

    struct Print: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a receipt again (a lost slip, a jammed printer); recorded in the audit log as a reprint.",
            discussion: """
                The receipt file kept under the receipts directory is sent to the configured printer as it is; when it is \
                missing, it is written again from the certification's record first.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "The receipt number, as on the slip (HRB-NG-XF01-20261129-0001).") var receipt: String

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let (desk, staff) = try session.signIn(signIn)
                let issued = try desk.receipts.reprint(receipt, by: staff)
                session.say(.receiptIssued(file: issued.file, printed: issued.printed))
            }
        }
    }
}

extension Session {
    /// Writes and prints the receipt of a certification just recorded (and already said). A
    /// receipt that cannot be written fails the command, but the certification stands and its
    /// receipt is written when the desk next opens.
    func issueReceipt(of certified: Certified, desk: ServiceDesk) throws(KioskError) {
        let issued = try desk.receipts.issue(certified)
        say(.receiptIssued(file: issued.file, printed: issued.printed))
    }
}
