/// Why a backup file cannot be restored. Nothing of it is put in place until every check passed.
public enum BackupProblem: Hashable, Sendable {
    /// Not a file `kiosk backup` wrote (or not SQLite at all).
    case notABackup
    /// SQLite's integrity check failed, or a photo in it no longer has the content it was saved with.
    case damaged(String)
    /// The audit chain of the backed-up database does not verify: its first finding.
    case auditBroken(AuditFinding)
    /// The print key of this machine does not open the backup's sealed prints or photos.
    case keyDoesNotOpen(keyFile: String)
    /// The staff member who signs the restore must be an admin of the backed-up service point.
    case notAnAdmin(String)
}

/// What `kiosk backup` wrote.
public struct BackupSummary: Hashable, Sendable {
    public var path: String
    public var auditEntries: Int64
    public var prints: Int
    public var photos: Int
    /// Photos the records name whose sealed file was not found: the backup has the records without them.
    public var missingPhotos: [String]

    public init(path: String, auditEntries: Int64, prints: Int, photos: Int, missingPhotos: [String]) {
        self.path = path
        self.auditEntries = auditEntries
        self.prints = prints
        self.photos = photos
        self.missingPhotos = missingPhotos
    }
}

/// What `kiosk restore` put in place.
public struct RestoreSummary: Hashable, Sendable {
    public var dataDirectory: String
    public var servicePoint: String
    public var auditEntries: Int
    public var prints: Int
    public var photos: Int

    public init(dataDirectory: String, servicePoint: String, auditEntries: Int, prints: Int, photos: Int) {
        self.dataDirectory = dataDirectory
        self.servicePoint = servicePoint
        self.auditEntries = auditEntries
        self.prints = prints
        self.photos = photos
    }
}

/// What interrupted work had left in the data directory, removed when the database is opened:
/// files written only in part (a kill during an export, a receipt, a backup) and sealed photos
/// whose certification was never recorded, the staging table of a roster import that was killed;
/// and receipts of recorded certifications that a kill
/// kept from being written, written then.
public struct InterruptedWorkSweep: Hashable, Sendable {
    public var partialFiles: Int
    public var unrecordedPhotos: Int
    public var abandonedImports: Int
    public var receiptsWritten: Int

    public init(partialFiles: Int, unrecordedPhotos: Int, abandonedImports: Int = 0, receiptsWritten: Int = 0) {
        self.partialFiles = partialFiles
        self.unrecordedPhotos = unrecordedPhotos
        self.abandonedImports = abandonedImports
        self.receiptsWritten = receiptsWritten
    }

    public var isEmpty: Bool { partialFiles == 0 && unrecordedPhotos == 0 && abandonedImports == 0 && receiptsWritten == 0 }
}
