import ArgumentParser
import CProcess
import Desk
import Domain
import Foundation
import KioskConfig
import Reader

/// What a command runs with: the configuration, the language, the clock, and the way to print.
/// `Session.run` turns every `KioskError` into a message in the user's language and an exit code.
package struct Session {
    package let settings: KioskSettings
    package let language: Language
    package let clock: KioskClock
    package let environment: [String: String]

    package init(settings: KioskSettings, language: Language, clock: KioskClock, environment: [String: String]) {
        self.settings = settings
        self.language = language
        self.clock = clock
        self.environment = environment
    }

    package static func run(_ options: GlobalOptions, _ body: (Session) throws(KioskError) -> Void) throws {
        var language = options.language.flatMap(Language.init(locale:)) ?? .chinese
        do throws(KioskError) {
            let session = try make(options, language: &language)
            try body(session)
        } catch {
            Terminal.error(Message.error(error).text(language))
            throw ExitCode(ExitStatus.of(error))
        }
    }

    /// The same for commands with asynchronous work of their own.
    package static func run(_ options: GlobalOptions, _ body: (Session) async throws(KioskError) -> Void) async throws {
        var language = options.language.flatMap(Language.init(locale:)) ?? .chinese
        do throws(KioskError) {
            let session = try make(options, language: &language)
            try await body(session)
        } catch {
            Terminal.error(Message.error(error).text(language))
            throw ExitCode(ExitStatus.of(error))
        }
    }

    /// The same for commands that use the reader: `body` gets a live reader client, and the reader
    /// is closed properly afterwards, whatever happened.
    package static func run(_ options: GlobalOptions, reader body: (Session, ReaderClient) async throws(KioskError) -> Void) async throws {
        var language = options.language.flatMap(Language.init(locale:)) ?? .chinese
        var service: ReaderService?
        do throws(KioskError) {
            let session = try make(options, language: &language)
            let live = ReaderService(scanTimeout: session.settings.fingerprint.scanTimeoutSeconds)
            service = live
            try await body(session, .live(live))
            await live.shutdown()
        } catch {
            await service?.shutdown()
            Terminal.error(Message.error(error).text(language))
            throw ExitCode(ExitStatus.of(error))
        }
    }

    /// Reads the configuration; until it is read, only --lang can choose the language (Chinese by default).
    private static func make(_ options: GlobalOptions, language: inout Language) throws(KioskError) -> Session {
        hideMemory()
        let environment = ProcessInfo.processInfo.environment
        let settings = try settings(options)
        language = settings.language
        let clock = try KioskClock.live(timeZone: TimeZone(identifier: settings.timeZone)!, kioskToday: environment["KIOSK_TODAY"])
        return Session(settings: settings, language: language, clock: clock, environment: environment)
    }

    /// Every command may open the print key and the prints it seals (and the reader commands hold
    /// the fingerprint index): the process is made not dumpable, so it leaves no core dump and
    /// other processes of the kiosk's user cannot attach to it or read its memory (/proc/PID/mem).
    static func hideMemory() {
        _ = kiosk_make_not_dumpable()
    }

    static func settings(_ options: GlobalOptions) throws(KioskError) -> KioskSettings {
        let environment = ProcessInfo.processInfo.environment
        return try KioskSettings.load(
            configDirectory: options.configDirectory ?? environment["KIOSK_CONFIG"]
                ?? KioskSettings.defaultConfigDirectory(executable: Bundle.main.executableURL?.resolvingSymlinksInPath().path ?? ""),
            dataDirectory: options.dataDirectory ?? environment["KIOSK_DATA_DIR"],
            language: options.language.flatMap(Language.init(locale:)))
    }

    package var deskSettings: ServiceDesk.Settings {
        ServiceDesk.Settings(servicePoint: settings.servicePoint, policy: settings.policy, signIn: settings.signIn,
                             fingerprint: settings.fingerprint, visits: settings.visitPolicy, printKeyFile: settings.printKeyFile, clock: clock,
                             receipts: receiptPrinter, hubStaleAfterHours: settings.hub?.staleAfterHours)
    }

    /// Opens the desk; what it swept is logged on standard error (the journal, for the kiosk's service).
    func openDesk() throws(KioskError) -> ServiceDesk {
        let desk = try ServiceDesk.open(dataDirectory: settings.dataDirectory, settings: deskSettings)
        if !desk.sweptAtOpen.isEmpty { Terminal.error(text(.interruptedWorkSwept(desk.sweptAtOpen))) }
        return desk
    }

    /// Opens the desk and signs the staff member in.
    func signIn(_ options: SignInOptions) throws(KioskError) -> (ServiceDesk, StaffMember) {
        let desk = try openDesk()
        guard let name = options.staff ?? environment["KIOSK_STAFF"], !name.isEmpty else { throw .noCredentials }
        let password = try password(file: options.passwordFile, prompt: .passwordPrompt(staff: name))
        return (desk, try desk.signIn(name: name, password: password))
    }

    /// A password from a file, from KIOSK_PASSWORD, or typed at the terminal without echo.
    func password(file: String?, prompt: Message) throws(KioskError) -> String {
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw .passwordFileUnreadable(path: file) }
            return String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                .trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
        }
        if let password = environment["KIOSK_PASSWORD"] { return password }
        guard let typed = Terminal.readSecret(prompt: prompt.text(language)) else { throw .noCredentials }
        return typed
    }

    func residentID(_ argument: String) throws(KioskError) -> ResidentID {
        do throws(ResidentIDError) {
            return try ResidentID(argument, today: clock.today)
        } catch {
            throw .residentID(error, argument: argument)
        }
    }

    package func text(_ message: Message) -> String { message.text(language) }
    package func say(_ message: Message) { say(text(message)) }

    /// A line on standard output, flushed at once so it keeps its place among the reader's
    /// coaching lines on standard error. Text from the records in it is shown, never acted on by
    /// the terminal (`TerminalText`).
    package func say(_ line: String) {
        print(TerminalText.escapedLines(line))
        fflush(nil)
    }
}

/// The exit codes the command documents.
enum ExitStatus {
    static func of(_ error: KioskError) -> Int32 {
        switch error {
        case .config, .wrongServicePoint, .keyFileMissing, .keyFileTooOpen, .keyFileInvalid, .bureauKeyInvalid, .dataTooOpen: 78
        case .kioskTodayNotAllowed, .clockBehindAuditLog: 78
        case .testClockMarkAltered: auditBroken
        case .invalidKioskToday, .terminalNeeded, .residentID, .entryInvalid, .staffNameInvalid, .passwordTooShort: 64
        case .rosterFile(.unreadable): 66
        case .rosterFile, .strictImportRefused, .hubRosterRefused, .imageUnreadable: 65
        case .notInitialized: 66
        case .noCredentials, .passwordFileUnreadable, .signInFailed, .accountLocked, .accountDisabled, .notPermitted: 77
        case .residentNotFound, .staffNotFound, .alertNotFound, .printNotEnrolled, .visitNotFound: 4
        case .visitRefused, .visitNotOpen, .visitNotScheduled: 3
        case .visitStaffUnknown: 64
        case .fieldFileRefused: 65
        case .fieldResultsPending, .fieldPackNotForThisDirectory: 3
        case .fieldStaffUnknown: 4
        case .photoRejected(.noCamera, _), .photoRejected(.cameraFailed, _): 6
        case .photoRejected: 65
        case .photoReviewNotFound, .photoMissing: 4
        case .photoOwnReview: 77
        case .photoAlreadyReviewed, .photoPendingLimit, .photoSharedWithAnother: 3
        case .receiptNotFound: 4
        case .notMatched, .notIdentified, .enrolmentNotConfirmed, .identificationExpired: 5
        case .reader, .commissionFailed: 6
        case .printUnreadable: 1
        case .tooManyFingers, .alertAlreadyResolved, .noPrintsEnrolled, .printsFromAnotherReader, .duplicateFinger: 3
        case .refusedByStatus, .alreadyCertified, .deathAlreadyReported, .deathDateInvalid, .contactUnchanged, .staffNameTaken, .alreadyInitialized: 3
        case .databaseTooNew, .databaseFailure, .storedValueUnknown, .fileFailure, .directoryNotEmpty: 1
        case .fileExists: 73
        case .backupRefused(_, .notAnAdmin): 77
        case .backupRefused(_, .keyDoesNotOpen): 78
        case .backupRefused: 65
        case .rosterImportRunning: 75
        case .hub(.unreachable), .hub(.moved): 69
        case .hub(.refused): 77
        case .hub(.rejected): 65
        case .hubNotConfigured: 78
        case .hubSyncStale: 3
        case .hubChainDiverged, .hubAheadOfKiosk, .hubChainNotThisKiosks: auditBroken
        case .notEnoughSpaceToImport: 1
        case .recordChangedOutsideKiosk, .auditLogBehindAnchor, .appendOnlyGuardMissing, .residentsChangedOutsideKiosk: auditBroken
        }
    }

    static let auditBroken: Int32 = 2
}
