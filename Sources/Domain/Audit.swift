/// What an audit entry records. The raw values are stored in the log and never change.
public enum AuditAction: String, Hashable, Sendable, Codable, CaseIterable {
    case initialize = "kiosk.init"
    case staffCreated = "staff.create"
    case staffUnlocked = "staff.unlock"
    case signInFailed = "staff.sign_in_failed"
    case accountLocked = "staff.locked"
    case signInCountReset = "staff.sign_in_reset"
    case rosterImported = "roster.import"
    case contactChanged = "resident.contact"
    case deathReported = "resident.death"
    case certified = "resident.certify"
    case identityRevealed = "resident.reveal"
    case reportViewed = "report.view"
    case certificationsExported = "export.certifications"
}

/// One thing `kiosk audit verify` found wrong. `seq` names the audit entry concerned.
public enum AuditFinding: Hashable, Sendable {
    /// An entry is missing or was inserted: the sequence jumps.
    case sequenceGap(expected: Int64, found: Int64)
    /// An entry's link to the one before does not match: an entry before it was removed or replaced.
    case chainBroken(seq: Int64)
    /// An entry's own content no longer gives its hash: it was edited.
    case entryAltered(seq: Int64)
    /// A record no longer matches the digest its latest entry recorded.
    case recordAltered(seq: Int64, table: String, id: String)
    /// A record an entry covers is gone.
    case recordMissing(seq: Int64, table: String, id: String)
    /// A record no entry covers: inserted behind the kiosk's back.
    case recordUnaudited(table: String, id: String)
    /// The resident table no longer matches the digest the latest entry recorded.
    case residentsAltered(seq: Int64)

    public var seq: Int64? {
        switch self {
        case .sequenceGap(let expected, _): expected
        case .chainBroken(let seq), .entryAltered(let seq), .residentsAltered(let seq): seq
        case .recordAltered(let seq, _, _), .recordMissing(let seq, _, _): seq
        case .recordUnaudited: nil
        }
    }
}

public struct AuditVerification: Hashable, Sendable {
    public var entries: Int
    public var findings: [AuditFinding]
    public var intact: Bool { findings.isEmpty }

    public init(entries: Int, findings: [AuditFinding]) {
        self.entries = entries
        self.findings = findings
    }
}
