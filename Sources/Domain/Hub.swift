/// The city hub as a kiosk sees it: where its records go up and where the city's come down.
///
/// A kiosk never waits on the hub to serve a resident; it syncs when it can (`kiosk sync`). What
/// goes up is its audit chain in order, each entry with the record it covers; what comes down is
/// what other service points recorded for the residents this one serves. The live value talks to
/// PostgreSQL (module Hub); tests of the desk can script one.
public struct HubClient: Sendable {
    /// The last entry of this kiosk's chain the hub holds (seq 0: none yet).
    public var head: @Sendable () async throws(HubFailure) -> HubHead
    /// Appends `batch` after `expecting` in one transaction, and returns the hub's new head. The hub
    /// refuses with `.moved` when its head is not `expecting` (another push got there first), so an
    /// entry is stored once however often a push is retried. Each record gets its time on the hub's
    /// clock: its kiosk time moved by the kiosk clock's offset from the hub's at this push (the hub's
    /// now minus `sentAt`, when they differ by more than two minutes), and never later than now.
    public var push: @Sendable (_ expecting: HubHead, _ batch: HubBatch) async throws(HubFailure) -> HubHead
    /// Records other service points made for the residents this one serves, committed after `after`,
    /// at most `limit`, in the order the hub committed them.
    public var pull: @Sendable (_ after: HubCursor, _ limit: Int) async throws(HubFailure) -> HubPull
    /// The city roster's rows of the residents this point serves, changed after `after`, at most
    /// `limit`, in the order the hub committed them.
    public var pullRoster: @Sendable (_ after: HubCursor, _ limit: Int) async throws(HubFailure) -> HubRosterPull
    /// Staff accounts the bureau manages for this service point, changed after `after`, at most
    /// `limit`, in the hub's commit order.
    public var pullStaff: @Sendable (_ after: HubCursor, _ limit: Int) async throws(HubFailure) -> HubStaffPull
    /// The hash of this point's entry `seq` in the chain the hub holds (nil: it holds none there).
    public var entryHash: @Sendable (_ seq: Int64) async throws(HubFailure) -> String?
    /// A kiosk restored from an older backup (`kiosk sync --after-restore`): moves this point's
    /// entries after `after` (which must be the hub's entry there) out of its chain into a new fork,
    /// keeping the records they cover, and sets the head back to `after`, in one transaction. Refused
    /// with `.moved` when the hub's head is not `expecting`.
    public var fork: @Sendable (_ expecting: HubHead, _ after: HubHead, _ reason: String) async throws(HubFailure) -> HubFork
    /// This point's own certifications, death reports and contact changes whose entries were forked.
    public var forkedRecords: @Sendable () async throws(HubFailure) -> [CityRecord]
    /// Stores this point's enrolled prints' minutiae sealed to the bureau (each replacing any copy
    /// of the same print) and forgets those of `withdrawn` prints (unenrolled here), in one
    /// transaction: what the bureau's city-wide duplicate check searches.
    public var putTemplates: @Sendable (_ sealed: [BureauTemplate], _ withdrawn: [String]) async throws(HubFailure) -> Void
    /// Lets the connection go; the client is not used after.
    public var close: @Sendable () async -> Void

    public init(head: @escaping @Sendable () async throws(HubFailure) -> HubHead,
                push: @escaping @Sendable (_ expecting: HubHead, _ batch: HubBatch) async throws(HubFailure) -> HubHead,
                pull: @escaping @Sendable (_ after: HubCursor, _ limit: Int) async throws(HubFailure) -> HubPull,
                pullRoster: @escaping @Sendable (_ after: HubCursor, _ limit: Int) async throws(HubFailure) -> HubRosterPull,
                pullStaff: @escaping @Sendable (_ after: HubCursor, _ limit: Int) async throws(HubFailure) -> HubStaffPull,
                entryHash: @escaping @Sendable (_ seq: Int64) async throws(HubFailure) -> String?,
                fork: @escaping @Sendable (_ expecting: HubHead, _ after: HubHead, _ reason: String) async throws(HubFailure) -> HubFork,
                forkedRecords: @escaping @Sendable () async throws(HubFailure) -> [CityRecord],
                putTemplates: @escaping @Sendable (_ sealed: [BureauTemplate], _ withdrawn: [String]) async throws(HubFailure) -> Void,
                close: @escaping @Sendable () async -> Void = {}) {
        self.head = head
        self.push = push
        self.pull = pull
        self.pullRoster = pullRoster
        self.pullStaff = pullStaff
        self.entryHash = entryHash
        self.fork = fork
        self.forkedRecords = forkedRecords
        self.putTemplates = putTemplates
        self.close = close
    }
}

/// One fork of a service point's chain on the hub, as `kiosk hub verify` found it.
public struct HubForkCheck: Sendable, Hashable, Codable {
    public var number: Int64
    /// The entry it forks from: its first entry follows this seq.
    public var after: Int64
    public var entries: Int64
    /// The service point's role whose session set it aside.
    public var forkedBy: String
    /// Its seqs follow on from `after` by one, each entry links to the one before it (the first to
    /// an entry at `after` the hub holds, in the chain or in a fork made later), each hash recomputes.
    public var intact: Bool

    public init(number: Int64, after: Int64, entries: Int64, forkedBy: String, intact: Bool) {
        self.number = number
        self.after = after
        self.entries = entries
        self.forkedBy = forkedBy
        self.intact = intact
    }
}

/// Entries of a service point moved out of its chain on the hub (`HubClient.fork`): the fork's
/// number among the point's forks, and how many entries it holds.
public struct HubFork: Sendable, Hashable, Codable {
    public var number: Int64
    public var entries: Int64

    public init(number: Int64, entries: Int64) {
        self.number = number
        self.entries = entries
    }
}

public struct HubHead: Sendable, Hashable {
    public var seq: Int64
    /// The entry's hash; nil only at seq 0.
    public var hash: String?

    public init(seq: Int64, hash: String?) {
        self.seq = seq
        self.hash = hash
    }

    public static let empty = HubHead(seq: 0, hash: nil)
}

/// One entry of a kiosk's audit chain, as the hub keeps it (the fields the chain's hash covers).
public struct HubEntry: Sendable, Hashable {
    public var seq: Int64
    public var id: String
    public var recordedAt: Int64
    public var staffID: String?
    public var action: String
    public var subjectTable: String?
    public var subjectID: String?
    public var recordDigest: String?
    public var residentDigest: String
    public var detail: String
    public var prevHash: String
    public var hash: String

    public init(seq: Int64, id: String, recordedAt: Int64, staffID: String?, action: String, subjectTable: String?, subjectID: String?,
                recordDigest: String?, residentDigest: String, detail: String, prevHash: String, hash: String) {
        self.seq = seq
        self.id = id
        self.recordedAt = recordedAt
        self.staffID = staffID
        self.action = action
        self.subjectTable = subjectTable
        self.subjectID = subjectID
        self.recordDigest = recordDigest
        self.residentDigest = residentDigest
        self.detail = detail
        self.prevHash = prevHash
        self.hash = hash
    }
}

/// A record as it goes up: its table, id, the resident it is about (and where they are insured,
/// which decides which service points may read it), when, and its columns as a JSON object.
public struct HubRecord: Sendable, Hashable {
    public var kind: String
    public var id: String
    public var residentID: String?
    public var residentRegion: String?
    public var at: Int64
    /// The seq of the latest entry covering the record: a record that changes (an alert settled)
    /// replaces its earlier copy on the hub, never the other way round.
    public var auditSeq: Int64
    public var body: String

    public init(kind: String, id: String, residentID: String?, residentRegion: String?, at: Int64, auditSeq: Int64, body: String) {
        self.kind = kind
        self.id = id
        self.residentID = residentID
        self.residentRegion = residentRegion
        self.at = at
        self.auditSeq = auditSeq
        self.body = body
    }
}

public struct HubBatch: Sendable, Hashable {
    public var entries: [HubEntry]
    public var records: [HubRecord]
    /// The kiosk's clock when the batch was made, just before it is sent: against the hub's own
    /// clock, how far off the kiosk's is (see `HubClient.push`).
    public var sentAt: Int64

    public init(entries: [HubEntry], records: [HubRecord], sentAt: Int64) {
        self.entries = entries
        self.records = records
        self.sentAt = sentAt
    }
}

/// Where a kiosk's pull got to in the hub's commit order.
public struct HubCursor: Sendable, Hashable, CustomStringConvertible {
    /// The committing transaction's id, then the row's arrival number within the hub.
    public var transaction: Int64
    public var arrival: Int64

    public init(transaction: Int64, arrival: Int64) {
        self.transaction = transaction
        self.arrival = arrival
    }

    public static let start = HubCursor(transaction: 0, arrival: 0)

    public init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let transaction = Int64(parts[0]), let arrival = Int64(parts[1]) else { return nil }
        self.init(transaction: transaction, arrival: arrival)
    }

    public var description: String { "\(transaction):\(arrival)" }
}

/// Kinds of record that come down to the kiosks serving the resident: what decides a status.
public enum CityRecordKind: String, Sendable, CaseIterable {
    case certification
    case deathReport = "death_report"
    case contactChange = "contact_change"
}

/// A record another service point made, as it comes down.
public struct CityRecord: Sendable, Hashable {
    public var kind: CityRecordKind
    public var id: String
    public var servicePoint: String
    public var residentID: String
    public var at: Int64
    public var body: String
    /// For a contact change: whether no change to the same field of the resident that the hub holds
    /// is later on the hub's clock (see `HubClient.push`), this kiosk's own included. True for other kinds.
    public var latest: Bool

    public init(kind: CityRecordKind, id: String, servicePoint: String, residentID: String, at: Int64, body: String, latest: Bool) {
        self.kind = kind
        self.id = id
        self.servicePoint = servicePoint
        self.residentID = residentID
        self.at = at
        self.body = body
        self.latest = latest
    }
}

public struct HubPull: Sendable, Hashable {
    public var records: [CityRecord]
    public var next: HubCursor

    public init(records: [CityRecord], next: HubCursor) {
        self.records = records
        self.next = next
    }
}

/// A staff account as the bureau manages it on the hub, as one service point sees it.
public struct HubStaffAccount: Sendable, Hashable {
    public var name: String
    public var role: StaffRole
    /// The password's scrypt hash, made by `kiosk hub staff add` (the password itself never leaves it).
    public var passwordHash: String
    /// Active, and this service point is among those the account works at: else it may not sign in here.
    public var mayWorkHere: Bool

    public init(name: String, role: StaffRole, passwordHash: String, mayWorkHere: Bool) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.mayWorkHere = mayWorkHere
    }
}

public struct HubStaffPull: Sendable, Hashable {
    public var accounts: [HubStaffAccount]
    public var next: HubCursor

    public init(accounts: [HubStaffAccount], next: HubCursor) {
        self.accounts = accounts
        self.next = next
    }
}

public enum HubFailure: Error, Hashable, Sendable {
    /// No connection (the network, the hub down, TLS refused): the kiosk carries on and retries later.
    case unreachable(String)
    /// The hub refused this kiosk's credentials, or its service point was revoked.
    case refused(String)
    /// The hub's head is not the one the push was planned on.
    case moved(HubHead)
    /// The hub rejected what was sent (a constraint, a row-level security check).
    case rejected(String)
}

/// How a kiosk reaches the city hub (service-point.yaml's `hub` section).
public struct HubSettings: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var database: String
    /// The service point's own PostgreSQL role, made by `kiosk hub register`.
    public var user: String
    /// Its password, in a file only the kiosk's user may read (0600).
    public var passwordFile: String
    /// The certificate authority the hub's TLS certificate must chain to; TLS is always required.
    public var caFile: String
    /// After this long without a sync the kiosk says so, and refuses new enrolments (the city-wide
    /// duplicate check cannot see what other points enrolled meanwhile); certifications go on.
    public var staleAfterHours: Int
    /// How often `kiosk run` syncs while staff are signed in (and once at each sign-in).
    public var syncEveryMinutes: Int
    /// The bureau's public key (`kiosk hub bureau-key`), for the city-wide duplicate-finger check:
    /// enrolled prints' minutiae go up sealed to it. nil: no minutiae leave the kiosk.
    public var bureauKeyFile: String?

    public init(host: String, port: Int, database: String, user: String, passwordFile: String, caFile: String, staleAfterHours: Int,
                syncEveryMinutes: Int = 5, bureauKeyFile: String? = nil) {
        self.host = host
        self.port = port
        self.database = database
        self.user = user
        self.passwordFile = passwordFile
        self.caFile = caFile
        self.staleAfterHours = staleAfterHours
        self.syncEveryMinutes = syncEveryMinutes
        self.bureauKeyFile = bureauKeyFile
    }
}

/// The hub as the kiosk's header shows it: when this kiosk last synced, from when that is too long
/// ago (enrolment pauses), and whether the latest try failed.
public struct HubStatus: Sendable, Hashable {
    public var lastSync: LocalDateTime?
    public var staleFrom: LocalDateTime?
    public var lastTryFailed: Bool

    public init(lastSync: LocalDateTime?, staleFrom: LocalDateTime?, lastTryFailed: Bool) {
        self.lastSync = lastSync
        self.staleFrom = staleFrom
        self.lastTryFailed = lastTryFailed
    }

    /// Never synced, or not for longer than the configured hours.
    public func isStale(at now: LocalDateTime) -> Bool { staleFrom.map { now >= $0 } ?? true }
}

/// What one `kiosk sync` did.
public struct HubSyncOutcome: Sendable, Hashable, Codable {
    /// Entries and records pushed, and the hub's head of this point's chain afterwards.
    public var pushedEntries = 0
    public var pushedRecords = 0
    public var hubSeq: Int64 = 0
    /// Records pulled from other service points, new ones only, by kind.
    public var pulledCertifications = 0
    public var pulledDeaths = 0
    public var pulledContactChanges = 0
    /// Contact changes made elsewhere later than any made here, so now the resident's contact.
    public var contactsApplied = 0
    /// Certifications found dated after a death, one of the two recorded elsewhere.
    public var alertsRaised = 0
    /// Staff accounts the bureau added or changed for this service point, now so here.
    public var staffAccountsChanged = 0
    /// The city roster's rows pulled for the residents this point serves: added to this kiosk's
    /// roster, changed, already as here, refused by its checks; and residents the roster no
    /// longer lists (kept here as they were: a kiosk's roster import never removes anyone).
    public var rosterAdded = 0
    public var rosterChanged = 0
    public var rosterUnchanged = 0
    public var rosterRejected = 0
    public var rosterRemoved = 0
    /// With `--after-restore`: the hub's entries after `forkedAfter`, the last entry the restored
    /// kiosk shares with the hub, moved into `fork` (nil: the chains agreed); and this point's own
    /// records only the hub still held, taken back as city records.
    public var fork: HubFork?
    public var forkedAfter: Int64?
    public var takenBack = 0
    /// Enrolled prints whose minutiae went up sealed to the bureau's key, prints withdrawn (unenrolled
    /// here since), and prints with no minutiae to seal (match-on-chip readers) or that would not open.
    public var templatesSealed = 0
    public var templatesWithdrawn = 0
    public var templatesWithoutMinutiae = 0

    public init() {}
}

/// One enrolled print's minutiae sealed to the bureau's public key (`BureauSealer`): only the
/// bureau's private key opens it, and only as the print of this point, print and resident (bound
/// into the seal, so the hub cannot move it to another resident unnoticed).
public struct BureauTemplate: Sendable, Hashable {
    public var printID: String
    public var residentID: String
    public var finger: Finger
    /// The reader's driver: the duplicate check compares prints of the same reader model only.
    public var driver: String
    /// Which bureau key sealed it (`BureauSealer.keyID`).
    public var keyID: String
    public var sealed: [UInt8]
    /// When the print was enrolled (milliseconds, the kiosk's clock).
    public var enrolledAt: Int64

    public init(printID: String, residentID: String, finger: Finger, driver: String, keyID: String, sealed: [UInt8], enrolledAt: Int64) {
        self.printID = printID
        self.residentID = residentID
        self.finger = finger
        self.driver = driver
        self.keyID = keyID
        self.sealed = sealed
        self.enrolledAt = enrolledAt
    }
}

/// Seals an enrolled print's minutiae to the bureau's public key (service-point.yaml's
/// `hub.bureau_key`), for the city-wide duplicate check. The live value reads the minutiae out of
/// libfprint's print (KioskCommandLine); a desk test can script one.
public struct BureauSealer: Sendable {
    /// Names the bureau's key (from its public key): a print sealed to another key is sealed again.
    public var keyID: String
    /// The print's minutiae sealed for `servicePoint`; nil for a print that carries none (match-on-chip).
    public var seal: @Sendable (_ print: StoredPrint, _ servicePoint: String) -> [UInt8]?

    public init(keyID: String, seal: @escaping @Sendable (_ print: StoredPrint, _ servicePoint: String) -> [UInt8]?) {
        self.keyID = keyID
        self.seal = seal
    }
}
