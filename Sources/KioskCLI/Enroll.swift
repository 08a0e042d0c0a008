import ArgumentParser
import Domain
import Store

extension Finger: ExpressibleByArgument {}

struct Enroll: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Enrol one finger of a resident on the reader.",
        discussion: """
            As many scans as the reader asks, then one confirming scan, identified against every print enrolled \
            for other people on this reader and the new one last (when the reader can identify): it must match \
            the new print, and a match with someone else's refuses the enrolment and raises a fraud alert for a \
            supervisor. The print is stored sealed with the print key.
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
            let info = try await Session.firstReader(reader)
            // Re-enrolling a finger kept on the reader's chip: the chip's old copy goes first, or the
            // reader would refuse the new one as a duplicate.
            if let earlier = try database.prints(of: id).first(where: { $0.finger == finger }), earlier.template.storedOnDevice,
               earlier.template.fits(info) {
                do throws(ReaderFailure) {
                    try await reader.deleteStored(earlier.template)
                } catch .dataNotFound {
                    // Already gone from the chip: nothing to delete.
                } catch {
                    throw .reader(error)
                }
            }
            let everyone = try database.gallery(excluding: id)
            let gallery = everyone.filter { $0.template.fits(info) }
            if gallery.count < everyone.count { session.say(.duplicateCheckPartial(unchecked: everyone.count - gallery.count)) }

            session.say(.enrolFinger(finger, stages: info.enrollStages))
            let template = try await enrollChecked(reader, session: session) { () throws(KioskError) in
                try database.raiseFraudAlert(enrolling: id, finger: finger, matched: nil, by: staff)
            }
            if info.has(.identify) {
                try await confirm(template, against: gallery, reader: reader, session: session) { matched throws(KioskError) in
                    try database.raiseFraudAlert(enrolling: id, finger: finger, matched: matched, by: staff)
                }
            } else if !gallery.isEmpty {
                session.say(.duplicateCheckUnavailable(gallery: gallery.count))
            }
            _ = try database.saveEnrolledPrint(template, of: id, by: staff)
            session.say(.enrolled(finger, fingers: try database.prints(of: id).count, of: session.settings.fingerprint.fingersPerResident))
        }
    }

    /// The enrolment scans. A match-on-chip reader that finds the finger on its chip refuses it
    /// without saying whose: that is an alert too.
    private func enrollChecked(_ reader: ReaderClient, session: Session,
                               alert: () throws(KioskError) -> FraudAlert) async throws(KioskError) -> FingerprintTemplate {
        let enrolled: Result<FingerprintTemplate, ReaderFailure>
        do throws(ReaderFailure) {
            enrolled = .success(try await reader.enroll(finger, session.coach))
        } catch {
            enrolled = .failure(error)
        }
        switch enrolled {
        case .success(let template): return template
        case .failure(.dataDuplicate): throw .duplicateFinger(alertID: try alert().id)
        case .failure(let failure): throw .reader(failure)
        }
    }

    /// One more scan, identified against the other residents' prints and the new print last:
    /// another resident's print wins a tie, so one finger cannot slip in under two identities by
    /// showing a different finger at a separate check.
    private func confirm(_ template: FingerprintTemplate, against gallery: [StoredPrint], reader: ReaderClient, session: Session,
                         alert: (StoredPrint) throws(KioskError) -> FraudAlert) async throws(KioskError) {
        session.say(.confirmScan(gallery: gallery.count))
        let match = try await Session.reading { () throws(ReaderFailure) in
            try await reader.identify(gallery.map(\.template) + [template], session.coach)
        }
        if match == gallery.count { return }
        if template.storedOnDevice {
            try await Session.reading { () throws(ReaderFailure) in try await reader.deleteStored(template) }
        }
        guard let match else { throw .enrolmentNotConfirmed }
        throw .duplicateFinger(alertID: try alert(gallery[match]).id)
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
