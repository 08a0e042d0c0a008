/// What a staff member may do. Operators serve residents; supervisors also run the roster, reports
/// and exports; admins also manage staff accounts.
public enum StaffRole: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case `operator`, supervisor, admin

    private var rank: Int {
        switch self {
        case .operator: 0
        case .supervisor: 1
        case .admin: 2
        }
    }

    public static func < (lhs: StaffRole, rhs: StaffRole) -> Bool { lhs.rank < rhs.rank }

    public func may(_ action: StaffAction) -> Bool { self >= action.minimumRole }
}

/// Every action that needs a signed-in staff member, with the least role that may take it.
public enum StaffAction: String, Hashable, Sendable, CaseIterable {
    case viewResident = "resident.view"
    case revealIdentity = "resident.reveal"
    case changeContact = "resident.contact"
    case reportDeath = "resident.death"
    case certify = "resident.certify"
    case importRoster = "roster.import"
    case viewReports = "report.view"
    case exportCertifications = "export.certifications"
    case manageStaff = "staff.manage"
    case enrollFingerprint = "resident.enroll"
    case resolveAlerts = "alert.resolve"
    case manageReaderStorage = "reader.storage"
    case bookVisit = "visit.book"
    case recordVisitOutcome = "visit.outcome"
    case scheduleVisits = "visit.schedule"
    case reviewPhotos = "photo.review"
    case backUpData = "data.backup"
    case correctClock = "kiosk.clock"
    case syncWithHub = "hub.sync"
    /// `kiosk sync --after-restore`: the hub's newer entries of this point set aside as a fork.
    case syncAfterRestore = "hub.restore"

    public var minimumRole: StaffRole {
        switch self {
        case .viewResident, .revealIdentity, .changeContact, .reportDeath, .certify, .enrollFingerprint, .bookVisit, .recordVisitOutcome,
             .syncWithHub: .operator
        case .importRoster, .viewReports, .exportCertifications, .resolveAlerts, .manageReaderStorage, .scheduleVisits, .reviewPhotos,
             .syncAfterRestore: .supervisor
        case .manageStaff, .backUpData, .correctClock: .admin
        }
    }
}

/// Five wrong passwords lock an account for fifteen minutes; a right one clears the count. An
/// unattended screen locks itself after five minutes.
public struct SignInPolicy: Hashable, Sendable {
    public var maxFailures: Int
    public var lockSeconds: Int
    public var minimumPasswordLength: Int
    /// The kiosk's screen signs the staff member out after this long without a key.
    public var idleLockSeconds: Int

    public init(maxFailures: Int = 5, lockSeconds: Int = 15 * 60, minimumPasswordLength: Int = 8, idleLockSeconds: Int = 5 * 60) {
        self.maxFailures = maxFailures
        self.lockSeconds = lockSeconds
        self.minimumPasswordLength = minimumPasswordLength
        self.idleLockSeconds = idleLockSeconds
    }

    /// The account's lock state after one more wrong password at `now` (Unix seconds).
    public func afterFailure(previousFailures: Int, now: Int64) -> (failures: Int, lockedUntil: Int64?) {
        let failures = previousFailures + 1
        return failures >= maxFailures ? (0, now + Int64(lockSeconds)) : (failures, nil)
    }

    public func isLocked(lockedUntil: Int64?, now: Int64) -> Bool {
        guard let lockedUntil else { return false }
        return now < lockedUntil
    }
}
