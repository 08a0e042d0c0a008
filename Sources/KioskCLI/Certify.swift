import ArgumentParser
import Domain
import Store
import Workflows

struct Certify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Certify a resident at the service point by fingerprint.",
        discussion: """
            The status is checked first: the deceased, those insured elsewhere and those only the city bureau may \
            certify are told where to go. Then up to the policy's number of attempts, the enrolled fingers in \
            turn (any enrolled finger at once on a reader that can identify). A match records the certification \
            and prints its receipt number; after the last failed attempt, the fallback: photo certification or a \
            home visit (exit 5).
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var signIn: SignInOptions
    @Argument(help: "18-character ID number.") var id: String
    @Flag(help: "Certify by fingerprint.") var fingerprint = false

    func run() async throws {
        try await Session.run(global) { session, reader throws(KioskError) in
            guard fingerprint else { throw .usage(.methodNeeded) }
            let id = try session.residentID(id)
            let (database, staff) = try session.signIn(signIn)
            guard let file = try database.residentFile(id) else { throw .residentNotFound(id) }
            let status = database.status(of: file)
            guard status.mayCertifyHere else {
                Terminal.error(session.text(.statusLine(status, session.policy)))
                Terminal.error(session.text(.nextStep(status, session.policy)))
                throw .refusedByStatus(status.code)
            }
            let desk = FingerprintDesk(database: database, reader: reader, staff: staff)
            let certification: KioskCertification
            do throws(KioskError) {
                certification = try await desk.certify(id) { progress in
                    switch progress {
                    case .reader: Terminal.error(progress.message.text(session.language))
                    default: session.say(progress.message)
                    }
                }
            } catch {
                if case .notMatched = error { Terminal.bell() }
                throw error
            }
            Terminal.bell()
            session.say(.certifiedByFingerprint(receipt: certification.receipt, certificationID: certification.id))
            let issued = try session.receiptPrinter.issue(ReceiptPrinter.receipt(for: certification, of: file.resident,
                                                                                 at: session.settings.servicePoint))
            session.say(.receiptIssued(file: issued.file, printed: issued.printed))
        }
    }
}

struct Identify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Touch and go: who is this finger? (readers that can identify)")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var signIn: SignInOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await Session.run(global) { session, reader throws(KioskError) in
            let (database, staff) = try session.signIn(signIn)
            try database.authorize(staff, .viewResident)
            let info = try await FingerprintDesk(database: database, reader: reader, staff: staff).readerInfo()
            guard info.has(.identify) else { throw .reader(.notSupported) }
            let gallery = try database.gallery(excluding: nil).filter { $0.template.fits(info) }
            guard !gallery.isEmpty else { throw .noPrintsEnrolled }
            let match = try await FingerprintDesk.reading { () throws(ReaderFailure) in try await reader.identify(gallery.map(\.template), session.coach) }
            guard let match, let file = try database.residentFile(gallery[match].residentID) else { throw .notIdentified }
            let summary = session.summary(file, status: database.status(of: file), reveal: false)
            if json { return try JSONOutput.print(summary) }
            session.say(.identified(name: file.resident.name, id: file.resident.id.masked))
            session.say(summary.text)
        }
    }
}
