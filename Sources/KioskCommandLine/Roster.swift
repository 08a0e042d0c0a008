import ArgumentParser
import Domain
import Files
import Foundation

struct Roster: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import the bureau's roster.",
        subcommands: [Import.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a roster CSV (supervisor or admin).",
            discussion: """
                UTF-8 CSV with the header id_number,name,insured_region,status,suspended_since,monthly_pension,phone,address,\
                community,mobility,last_certified,last_method and optionally residence (harbin|elsewhere|abroad); Chinese header \
                names and values are accepted too. Valid rows are inserted or \
                updated in one transaction; what the kiosk recorded itself is never erased. Bad rows are listed with their line \
                numbers and written to a rejects file; with --strict, nothing is imported if any row is bad.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions

        @Argument(help: "The roster CSV file.") var file: String
        @Flag(help: "Import nothing if any row is bad.") var strict = false
        @Option(help: "Where to write rejected rows (default: DATA_DIR/imports/<time>.rejects.csv).") var rejects: String?
        @OptionGroup var output: OutputOptions

        static let shownRejections = 20

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let (desk, staff) = try session.signIn(signIn)
                let report = try desk.roster(staff).importRoster(path: file, strict: strict) { progress in
                    let percent = progress.total == 0 ? 100 : progress.done * 100 / progress.total
                    Terminal.progress(session.text(.importProgress(progress.phase, percent: percent, done: progress.done, total: progress.total)))
                }
                Terminal.endProgress()
                var rejectsPath: String?
                if !report.rejections.isEmpty {
                    rejectsPath = try writeRejects(report, session: session)
                }
                if output.json {
                    try JSONOutput.print(ImportJSON(report, rejectsFile: rejectsPath, session: session))
                } else {
                    for rejection in report.rejections.prefix(Self.shownRejections) {
                        Terminal.error(session.text(.rosterRejection(line: rejection.line, problems: rejection.problems)))
                    }
                    if report.rejections.count > Self.shownRejections {
                        Terminal.error(session.text(.moreRejections(report.rejections.count - Self.shownRejections)))
                    }
                    if let rejectsPath { Terminal.error(session.text(.rejectsWritten(path: rejectsPath))) }
                    if let warning = Self.legacyAbroadWarning(report, session: session) { Terminal.error(session.text(warning)) }
                    session.say(.importSummary(rows: report.rows, inserted: report.inserted, updated: report.updated,
                                               unchanged: report.unchanged, rejected: report.rejections.count))
                }
                if !report.committed { throw .strictImportRefused(rejected: report.rejections.count) }
            }
        }

        static let shownLines = 10

        static func legacyAbroadWarning(_ report: RosterImportReport, session: Session) -> Message? {
            guard !report.legacyAbroadLines.isEmpty else { return nil }
            return .legacyAbroadRows(count: report.legacyAbroadLines.count, firstLines: Array(report.legacyAbroadLines.prefix(shownLines)),
                                     insuredRegion: session.policy.jurisdiction.legacyAbroadInsuredRegion)
        }

        /// The rejected rows with their line numbers and reasons, readable by this user only.
        private func writeRejects(_ report: RosterImportReport, session: Session) throws(KioskError) -> String {
            let path: String
            if let rejects {
                path = rejects
            } else {
                let directory = URL(fileURLWithPath: session.settings.dataDirectory).appendingPathComponent("imports")
                do {
                    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                } catch {
                    throw .fileFailure(path: directory.path, detail: error.localizedDescription)
                }
                let stamp = session.clock.localNow().description.filter(\.isNumber)
                path = directory.appendingPathComponent("\(stamp)-\(report.fileName).rejects.csv").path
            }
            var csv = [Message.Label.line, .problem, .record].map { session.text(.label($0)) }.joined(separator: ",") + "\n"
            for rejection in report.rejections {
                let problems = rejection.problems.map { session.text(.rosterProblem($0)) }.joined(separator: "; ")
                csv += [String(rejection.line), problems, rejection.record].map(CSVField.escape).joined(separator: ",") + "\n"
            }
            try PrivateFile.write(Data(csv.utf8), to: path)
            return path
        }
    }
}

/// `kiosk roster import --json`.
struct ImportJSON: Encodable {
    struct Rejection: Encodable {
        var line: Int
        var problems: [String]
    }

    var importID: String?
    var file: String
    var sha256: String
    var rows, inserted, updated, unchanged, rejected: Int
    var committed: Bool
    var rejectsFile: String?
    var rejections: [Rejection]
    /// Lines whose insured_region was the old code for living abroad, and what the kiosk said of them.
    var legacyAbroadLines: [Int]
    var warnings: [String]

    init(_ report: RosterImportReport, rejectsFile: String?, session: Session) {
        importID = report.importID
        file = report.fileName
        sha256 = report.fileSHA256
        rows = report.rows
        inserted = report.inserted
        updated = report.updated
        unchanged = report.unchanged
        rejected = report.rejections.count
        committed = report.committed
        self.rejectsFile = rejectsFile
        rejections = report.rejections.map { Rejection(line: $0.line, problems: $0.problems.map { session.text(.rosterProblem($0)) }) }
        legacyAbroadLines = report.legacyAbroadLines
        warnings = Roster.Import.legacyAbroadWarning(report, session: session).map { [session.text($0)] } ?? []
    }

    enum CodingKeys: String, CodingKey {
        case importID = "import_id", file, sha256, rows, inserted, updated, unchanged, rejected, committed
        case rejectsFile = "rejects_file", rejections, legacyAbroadLines = "legacy_abroad_lines", warnings
    }
}
