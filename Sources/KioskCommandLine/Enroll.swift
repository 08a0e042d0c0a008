import ArgumentParser
import Domain
import Desk

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
            let (service, staff) = try session.signIn(signIn)
            let desk = service.enrol(staff, reader: reader)
            _ = try await desk.enroll(id, finger: finger) { progress in
                switch progress {
                case .reader: Terminal.error(progress.message.text(session.language))
                default: session.say(progress.message)
                }
            }
            session.say(.enrolled(finger, fingers: try desk.fingers(of: id).count, of: session.settings.fingerprint.fingersPerResident))
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
            let (desk, staff) = try session.signIn(signIn)
            try await desk.enrol(staff, reader: reader).unenrol(finger, of: id)
            session.say(.unenrolled(finger))
        }
    }
}
