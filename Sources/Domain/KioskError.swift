/// Every failure a person can meet, as values. The storage and configuration modules throw these;
/// `Message` turns each into Chinese or English text, and the command line into an exit code.
public enum KioskError: Error, Hashable, Sendable {
    case config(ConfigProblem)
    case rosterFile(RosterFileProblem)
    case residentID(ResidentIDError, argument: String)
    /// KIOSK_TODAY set to something that is not a date.
    case invalidKioskToday(String)
    /// KIOSK_TODAY set for a data directory not made with `kiosk init --test-clock` (or for
    /// `kiosk init` without it): a real service point's records take the machine's clock.
    case kioskTodayNotAllowed(dataDirectory: String)
    /// The database's `test_clock` mark and the chain's first entry disagree: one was changed
    /// outside the kiosk.
    case testClockMarkAltered(dataDirectory: String)
    /// The clock reads earlier than the audit log's latest entry (it was turned back): nothing is written.
    case clockBehindAuditLog(latestEntry: LocalDateTime, now: LocalDateTime)
    /// The full-screen kiosk started without a terminal.
    case terminalNeeded

    case notInitialized(dataDirectory: String)
    case alreadyInitialized(dataDirectory: String)
    case wrongServicePoint(database: String, config: String)
    case databaseTooNew(path: String)
    case databaseFailure(path: String, detail: String)
    case fileFailure(path: String, detail: String)
    case directoryNotEmpty(path: String)
    /// An output file that is already there: the kiosk never overwrites one.
    case fileExists(path: String)
    case backupRefused(path: String, BackupProblem)
    case imageUnreadable(path: String)
    case printUnreadable(ResidentID, Finger)
    case printNotEnrolled(Finger)
    case tooManyFingers(allowed: Int)
    case alertNotFound(String)
    case alertAlreadyResolved(String)
    case reader(ReaderFailure)
    case noPrintsEnrolled
    case printsFromAnotherReader(enrolledOn: [String], reader: String)
    case duplicateFinger(alertID: String)
    case notMatched(attempts: Int)
    case notIdentified
    /// A touch-and-go identification older than its lifetime (or another staff member's): scan again.
    case identificationExpired(seconds: Int)
    case commissionFailed
    case enrolmentNotConfirmed
    case keyFileMissing(path: String)
    case keyFileTooOpen(path: String, mode: Int)
    case keyFileInvalid(path: String)
    /// A bureau key file (`kiosk hub bureau-key`) missing, or not one line of 32 bytes in base64.
    case bureauKeyInvalid(path: String)
    /// The data directory, the database or its -wal/-shm may be read or written by others:
    /// `mode` is what was found, `required` what it must be (0700 for the directory, 0600 for files).
    case dataTooOpen(path: String, mode: Int, required: Int)

    /// A record no longer matches its latest audit entry (`seq`; 0: no entry covers it): it was
    /// changed outside the kiosk, which refuses to write over it until an admin deals with it.
    case recordChangedOutsideKiosk(table: String, id: String, seq: Int64)
    /// The audit log ends before the entry kept in the anchor file beside it: the database was
    /// replaced with an older copy, or its last entries were removed.
    case auditLogBehindAnchor(seq: Int64, anchorFile: String)
    /// The triggers that keep records append-only are gone from `table`.
    case appendOnlyGuardMissing(table: String)
    /// The resident table does not add up to the digest of the audit log's entry `seq`.
    case residentsChangedOutsideKiosk(seq: Int64)
    case rosterImportRunning
    /// The hub could not be reached, refused this kiosk, or rejected what it sent.
    case hub(HubFailure)
    /// `kiosk sync` without a `hub` section in service-point.yaml.
    case hubNotConfigured(configFile: String)
    /// The hub's entry `seq` of this service point's chain is not this kiosk's: the database is
    /// another one than the hub has been receiving (a copy from another kiosk, or edited).
    case hubChainDiverged(seq: Int64)
    /// The hub holds entries up to `hubSeq` and this kiosk's chain ends at `kioskSeq`: the kiosk was
    /// restored from an older backup. Nothing it writes is pushed over the hub's newer entries.
    case hubAheadOfKiosk(hubSeq: Int64, kioskSeq: Int64)
    /// `kiosk sync --after-restore` found no entry this kiosk's chain shares with the hub's, not even
    /// the first: not a restored kiosk of this point, so nothing is forked.
    case hubChainNotThisKiosks
    /// No sync with the hub for longer than the policy allows (or never): no new enrolments.
    case hubSyncStale(lastSync: LocalDateTime?, hours: Int)
    /// Megabytes a roster import needs in the data directory, and what is free there.
    case notEnoughSpaceToImport(directory: String, neededMegabytes: Int, freeMegabytes: Int)

    case noCredentials
    case passwordFileUnreadable(path: String)
    case signInFailed
    case accountLocked(until: LocalDateTime)
    case accountDisabled
    case notPermitted(role: StaffRole, action: StaffAction)
    case staffNameTaken(String)
    case staffNameInvalid(String)
    case staffNotFound(String)
    case passwordTooShort(minimum: Int)

    case residentNotFound(ResidentID)
    case refusedByStatus(ResidentStatus.Code)
    /// Certified already this cycle: a second certification needs a reason.
    case alreadyCertified(CertificationFact)
    case deathAlreadyReported(on: CivilDate)
    case deathDateInvalid(DeathDateProblem)
    /// A field of what staff typed for a record is missing or malformed.
    case entryInvalid(EntryProblem)
    /// A stored word the kiosk does not know (only ASCII of it is kept, at most 32 characters).
    case storedValueUnknown(table: String, column: String, value: String)
    case contactUnchanged
    case visitRefused(VisitRefusal)
    case visitNotFound(String)
    /// The visit has ended (completed or cancelled): nothing more happens to it.
    case visitNotOpen(id: String, status: VisitStatus)
    /// Outcomes are for visits on a day with a staff member.
    case visitNotScheduled(id: String)
    case visitStaffUnknown(String)
    /// A field pack or results file that is not one, or does not open under this service point's key.
    case fieldFileRefused(path: String, FieldFileProblem)
    /// The laptop recorded outcomes that no results file holds yet: a new pack would hide them.
    case fieldResultsPending(outcomes: Int)
    /// A pack loads only into a laptop's own data directory, never over a desk's records.
    case fieldPackNotForThisDirectory
    /// Field results name a visiting staff member with no active account here.
    case fieldStaffUnknown(String)
    case photoRejected(PhotoProblem, source: String)
    case photoReviewNotFound(String)
    /// Four eyes: whoever took the photo cannot approve it.
    case photoOwnReview(String)
    case photoAlreadyReviewed(id: String, status: PhotoReviewStatus)
    case photoPendingLimit(Int)
    case photoMissing(String)
    /// The photo was also submitted for another resident: the fraud alert is settled first.
    case photoSharedWithAnother(id: String)
    /// No certification made at this service point has that receipt number.
    case receiptNotFound(String)
    case strictImportRefused(rejected: Int)
    /// The city hub takes a roster whole: a resident missing from it would be marked removed.
    case hubRosterRefused(file: String, rejected: Int)
}

/// A configuration file problem, located as precisely as the file allows.
public struct ConfigProblem: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case missingFile
        case unreadable(String)
        case syntax(String)
        case unknownKey(suggestion: String?)
        case missingKey
        case wrongType(expected: ConfigExpectation)
        case invalidValue(expected: ConfigExpectation)
    }

    public var file: String
    public var line: Int?
    /// Dotted path of the key (`certification.resumption.cutoff_day`).
    public var key: String?
    public var kind: Kind

    public init(file: String, line: Int?, key: String?, kind: Kind) {
        self.file = file
        self.line = line
        self.key = key
        self.kind = kind
    }
}

/// What a configuration value should have been.
public enum ConfigExpectation: Hashable, Sendable {
    case mapping
    case text
    case nonEmptyText
    case list
    case integer(ClosedRange<Int>)
    case oneOf([String])
    case timeOfDay
    case timeZone
    case regionPrefix
    case localizedText
    case servicePointCode
    case boolean
    case uniqueName
}

/// A problem with the roster file as a whole (as opposed to one row).
public enum RosterFileProblem: Hashable, Sendable {
    case unreadable(path: String, detail: String)
    case empty(path: String)
    case missingHeader(path: String)
    case notUTF8(path: String, line: Int, looksLikeGBK: Bool)
    case missingColumns(path: String, [String])
    case unknownColumn(path: String, column: Int, header: String)
    case duplicateColumn(path: String, header: String)
}

/// A command-line value that does not fit.
public enum DeathDateProblem: Hashable, Sendable {
    case inTheFuture
    case beforeBirth
}
