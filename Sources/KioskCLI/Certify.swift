import ArgumentParser
import Domain
import Store

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
            let prints = try database.prints(of: id)
            guard !prints.isEmpty else { throw .noPrintsEnrolled }
            let info = try await Session.firstReader(reader)
            let usable = prints.filter { $0.template.fits(info) }
            guard !usable.isEmpty else {
                throw .printsFromAnotherReader(enrolledOn: Array(Set(prints.map { "\($0.template.driver) #\($0.template.deviceID)" })).sorted(),
                                               reader: "\(info.driver) #\(info.deviceID)")
            }
            var attempts = FingerprintAttempts(maxAttempts: session.settings.fingerprint.attempts, fingers: usable.map(\.finger))
            while let finger = attempts.nextFinger {
                session.say(.askFinger(finger, attempt: attempts.attemptNumber, of: attempts.maxAttempts))
                let scan: Result<Finger?, ReaderFailure>
                do throws(ReaderFailure) {
                    if info.has(.identify), usable.count > 1 {
                        scan = .success(try await reader.identify(usable.map(\.template), session.coach).map { usable[$0].finger })
                    } else {
                        let template = usable.first { $0.finger == finger }!.template
                        scan = .success(try await reader.verify(template, session.coach) ? finger : nil)
                    }
                } catch {
                    scan = .failure(error)
                }
                // No finger within the time counts as an attempt, so the fallback still comes.
                let matched: Finger?
                switch scan {
                case .success(let finger): matched = finger
                case .failure(.timedOut(let seconds)):
                    session.say(Message.readerFailure(.timedOut(seconds: seconds)).text(session.language))
                    matched = nil
                case .failure(let failure): throw .reader(failure)
                }
                if let matched {
                    let certification = try database.recordCertification(
                        of: id, method: .fingerprint, evidence: "reader=\(info.driver)#\(info.deviceID) finger=\(matched.rawValue)", by: staff)
                    Terminal.bell()
                    return session.say(.certifiedByFingerprint(receipt: certification.receipt, certificationID: certification.id))
                }
                attempts.recordMismatch()
                if !attempts.isExhausted { session.say(.notMatchedTryAgain(remaining: attempts.maxAttempts - attempts.mismatches)) }
            }
            Terminal.bell()
            throw .notMatched(attempts: attempts.maxAttempts)
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
            let info = try await Session.firstReader(reader)
            guard info.has(.identify) else { throw .reader(.notSupported) }
            let gallery = try database.gallery(excluding: nil).filter { $0.template.fits(info) }
            guard !gallery.isEmpty else { throw .noPrintsEnrolled }
            let match = try await Session.reading { () throws(ReaderFailure) in try await reader.identify(gallery.map(\.template), session.coach) }
            guard let match, let file = try database.residentFile(gallery[match].residentID) else { throw .notIdentified }
            let view = ResidentView(file: file, status: database.status(of: file), reveal: false, session: session)
            if json { return try JSONOutput.print(view) }
            session.say(.identified(name: file.resident.name, id: file.resident.id.masked))
            session.say(view.text)
        }
    }
}
