import ArgumentParser
import Domain

struct Alerts: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fraud alerts (one finger under two identities, a certification after a death, one photo for two residents), for a supervisor to adjudicate.",
        subcommands: [List.self, Resolve.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open alerts (with --all, resolved ones too).")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Flag(help: "Include resolved alerts.") var all = false
        @OptionGroup var output: OutputOptions

        struct Line: Encodable {
            var id: String
            var raisedAt: LocalDateTime
            var raisedBy: String
            var idNumber: String
            var finger: Finger?
            var certifiedOn: CivilDate?
            var diedOn: CivilDate?
            /// The SHA-256 of a photo submitted for this resident and the matched one.
            var photoSha256: String?
            var matchedIdNumber: String?
            var matchedFinger: Finger?
            var status: String
            var resolution: String?
            var resolvedBy: String?
        }

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let (desk, staff) = try session.signIn(signIn)
                let alerts = try desk.alerts(staff).list(includingResolved: all)
                if output.json {
                    return try JSONOutput.print(alerts.map {
                        Line(id: $0.id, raisedAt: $0.raisedAt, raisedBy: $0.raisedBy, idNumber: $0.residentID.masked, finger: $0.finger,
                             certifiedOn: $0.posthumous?.certifiedOn, diedOn: $0.posthumous?.diedOn, photoSha256: $0.samePhoto, matchedIdNumber: $0.matchedResidentID?.masked, matchedFinger: $0.matchedFinger, status: $0.status.rawValue,
                             resolution: $0.resolution, resolvedBy: $0.resolvedBy)
                    })
                }
                guard !alerts.isEmpty else { return session.say(.reportEmpty) }
                for alert in alerts {
                    session.say(.alertLine(id: alert.id, raisedAt: alert.raisedAt, resident: alert.residentID.masked, finger: alert.finger,
                                           posthumous: alert.posthumous, samePhoto: alert.samePhoto != nil, matched: alert.matchedResidentID?.masked, status: alert.status.rawValue))
                }
            }
        }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Adjudicate an alert (supervisor or admin), with the reason.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "The alert's id.") var alert: String
        @Flag(help: "One person under two identities: the bureau must act.") var fraud = false
        @Flag(name: .customLong("false-match"), help: "Two different people: the prints only looked alike.") var falseMatch = false
        @Option(help: "What was checked and decided.") var note: String

        func validate() throws {
            guard fraud != falseMatch else { throw global.refuse(.oneOf(["--fraud", "--false-match"])) }
            try global.requireText(note, option: "--note")
        }

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let (desk, staff) = try session.signIn(signIn)
                try desk.alerts(staff).resolve(alert, as: fraud ? .fraud : .falseMatch, note: note.trimmingSpaces())
                session.say(.alertResolved(id: alert))
            }
        }
    }
}
