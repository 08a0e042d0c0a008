import ArgumentParser
import Domain
import Store

extension Finger: ExpressibleByArgument {}

struct Enroll: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Enrol one finger of a resident on the reader.",
        discussion: """
            First one scan is compared with every print enrolled for other people (when the reader can \
            identify): a match refuses the enrolment and raises a fraud alert for a supervisor. Then as many \
            scans as the reader asks. The print is stored sealed with the print key.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var signIn: SignInOptions
    @Argument(help: "18-character ID number.") var id: String
    @Option(help: "The finger: left-thumb ... left-little, right-thumb ... right-little.") var finger: Finger

    func run() async throws {
        try await Session.run(global) { session, reader throws(KioskError) in
            let id = try session.residentID(id)
            let (database, staff) = try session.signIn(signIn)
            try database.checkEnrolment(of: id, finger: finger, by: staff)
            guard let info = try await Session.reading({ () throws(ReaderFailure) in try await reader.readers() }).first else {
                throw .reader(.noReader)
            }
            let gallery = try database.gallery(excluding: id).filter { $0.template.fits(info) }
            if !gallery.isEmpty {
                if info.has(.identify) {
                    session.say(.duplicateCheck(gallery: gallery.count))
                    let match = try await Session.reading { () throws(ReaderFailure) in
                        try await reader.identify(gallery.map(\.template), session.coach)
                    }
                    if let match {
                        let alert = try database.raiseFraudAlert(enrolling: id, finger: finger, matched: gallery[match], by: staff)
                        throw .duplicateFinger(alertID: alert.id)
                    }
                } else {
                    session.say(.duplicateCheckUnavailable(gallery: gallery.count))
                }
            }
            session.say(.enrolFinger(finger, stages: info.enrollStages))
            let enrolled: Result<FingerprintTemplate, ReaderFailure>
            do throws(ReaderFailure) {
                enrolled = .success(try await reader.enroll(finger, session.coach))
            } catch {
                enrolled = .failure(error)
            }
            let template: FingerprintTemplate
            switch enrolled {
            case .success(let value):
                template = value
            case .failure(.dataDuplicate):
                // A match-on-chip reader found the finger on its chip without saying whose it is.
                let alert = try database.raiseFraudAlert(enrolling: id, finger: finger, matched: nil, by: staff)
                throw .duplicateFinger(alertID: alert.id)
            case .failure(let failure):
                throw .reader(failure)
            }
            _ = try database.saveEnrolledPrint(template, of: id, by: staff)
            session.say(.enrolled(finger, fingers: try database.prints(of: id).count, of: session.settings.fingerprint.fingersPerResident))
        }
    }
}

struct Unenroll: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove a resident's enrolled finger (and from the reader's chip, when it keeps prints).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var signIn: SignInOptions
    @Argument(help: "18-character ID number.") var id: String
    @Option(help: "The finger to remove.") var finger: Finger

    func run() async throws {
        try await Session.run(global) { session, reader throws(KioskError) in
            let id = try session.residentID(id)
            let (database, staff) = try session.signIn(signIn)
            guard let stored = try database.prints(of: id).first(where: { $0.finger == finger }) else {
                throw .printNotEnrolled(finger)
            }
            if stored.template.storedOnDevice {
                try await Session.reading { () throws(ReaderFailure) in try await reader.deleteStored(stored.template) }
            }
            try database.removeEnrolledPrint(finger, of: id, by: staff)
            session.say(.unenrolled(finger))
        }
    }
}
