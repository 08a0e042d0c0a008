import ArgumentParser
import Domain
import Photos
import Desk

struct Certify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Certify a resident at the service point by fingerprint, or by photo for a supervisor's review.",
        discussion: """
            The status is checked first: the deceased, those insured elsewhere and those only the city bureau may \
            certify are told where to go. Then up to the policy's number of attempts, the enrolled fingers in \
            turn (any enrolled finger at once on a reader that can identify). A match records the certification \
            and prints its receipt number; after the last failed attempt, the fallback: photo certification or a \
            home visit (exit 5). With --photo: one still from the configured camera (or --file, a JPEG or PNG), \
            stripped of metadata and kept encrypted; it counts once a supervisor other than the photographer approves \
            it (kiosk review).
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var signIn: SignInOptions
    @Argument(help: "18-character ID number.") var id: String
    @Flag(help: "Certify by fingerprint.") var fingerprint = false
    @Flag(help: "Certify by photo (reviewed by a supervisor before it counts).") var photo = false
    @Option(help: "With --photo: a JPEG or PNG file instead of the camera.") var file: String?
    @Flag(help: "With --photo: show the photo in the terminal (grey half-blocks).") var preview = false
    @Option(help: "Certify again a resident already certified this cycle, for this reason (recorded as a repeat; fingerprint only).")
    var again: String?

    func validate() throws {
        guard fingerprint != photo else { throw global.refuse(fingerprint ? .oneOf(["--fingerprint", "--photo"]) : .methodNeeded) }
        try global.requireText(again, option: "--again")
        if again != nil, photo { throw global.refuse(.oneOf(["--again", "--photo"])) }
    }

    func run() async throws {
        if photo {
            return try Session.run(global) { session throws(KioskError) in
                try certifyByPhoto(session)
            }
        }
        try await Session.run(global) { session, reader throws(KioskError) in
            let id = try session.residentID(id)
            let (service, staff) = try session.signIn(signIn)
            try explainRefusal(of: try service.residents(staff).record(id), again: again, session)
            let desk = service.certify(staff, reader: reader)
            let certified: Certified
            do throws(KioskError) {
                certified = try await desk.certify(id, again: again) { progress in
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
            session.say(.certifiedByFingerprint(receipt: certified.receipt.receiptNumber, certificationID: certified.certification.id))
            try session.issueReceipt(of: certified, desk: service)
        }
    }
}

extension Certify {
    /// The status first, as for fingerprints; then the photo, checked and re-encoded in memory,
    /// sealed into its file, and recorded as waiting for review.
    func certifyByPhoto(_ session: Session) throws(KioskError) {
        let id = try session.residentID(id)
        let (desk, staff) = try session.signIn(signIn)
        let resident = try desk.residents(staff).record(id)
        try explainRefusal(of: resident, again: nil, session)
        let intake = PhotoIntake(settings: session.settings.photo)
        let taken: Photo
        do throws(PhotoProblem) {
            if let file { taken = try intake.load(file: file) } else { taken = try intake.capture() }
        } catch {
            throw .photoRejected(error, source: file ?? session.settings.photo.camera)
        }
        if preview {
            do throws(PhotoProblem) {
                print(HalfBlocks.render(try intake.preview(taken, columns: min(80, Terminal.columns)), columns: Terminal.columns))
            } catch {
                throw .photoRejected(error, source: file ?? session.settings.photo.camera)
            }
        }
        let saved = try desk.photos(staff).record(of: id, jpeg: taken.jpeg, width: taken.width, height: taken.height,
                                                  fromCamera: file == nil, maxPending: session.settings.maxPendingPhotoReviews)
        session.say(.photo(.taken(id: saved.record.number, name: resident.file.resident.name, pending: saved.pending)))
        for other in saved.samePhotoAs { Terminal.error(session.text(.samePhotoAs(matched: other.masked))) }
    }

    /// Before a finger or a photo is asked for: a resident who may not be certified now is told
    /// why and what to do instead (the desk refuses them again inside its transaction).
    func explainRefusal(of record: ResidentRecord, again: String?, _ session: Session) throws(KioskError) {
        guard let refusal = record.status.certificationRefusal(again: again) else { return }
        Terminal.error(session.text(.statusLine(record.status, session.policy)))
        Terminal.error(session.text(.nextStep(record.status, session.policy,
                                              livesIn: session.policy.jurisdiction.residence(of: record.file.resident))))
        throw refusal
    }
}

struct Identify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Touch and go: who is this finger? (readers that can identify)")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var signIn: SignInOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await Session.run(global) { session, reader throws(KioskError) in
            let (desk, staff) = try session.signIn(signIn)
            let found = try await desk.certify(staff, reader: reader).identify(coach: session.coach).record
            let summary = session.summary(found.file, status: found.status, reveal: false)
            if output.json { return try JSONOutput.print(summary) }
            session.say(.identified(name: found.file.resident.name, id: found.file.resident.id.masked))
            session.say(summary.text)
        }
    }
}
