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
    /// A search by name, pinyin initials or last digits (its kind and count; never what was typed).
    case residentSearched = "resident.search"
    case reportViewed = "report.view"
    case certificationsExported = "export.certifications"
    case printEnrolled = "resident.print.enroll"
    case printRemoved = "resident.print.remove"
    case fraudAlertRaised = "alert.raise"
    case fraudAlertResolved = "alert.resolve"
    case visitBooked = "visit.book"
    case visitScheduled = "visit.schedule"
    case visitUnscheduled = "visit.unschedule"
    case visitCompleted = "visit.complete"
    case visitMissed = "visit.miss"
    case visitRescheduled = "visit.reschedule"
    case visitCancelled = "visit.cancel"
    /// Field mode: a day packed for a laptop, loaded on it, its outcomes written out, and returned to the desk.
    case fieldPacked = "visit.field.pack"
    case fieldLoaded = "visit.field.load"
    case fieldResultsWritten = "visit.field.results"
    case fieldReturned = "visit.field.return"
    case photoTaken = "photo.take"
    case photoViewed = "photo.view"
    case photoApproved = "photo.approve"
    case photoRejected = "photo.reject"
    case receiptReprinted = "receipt.reprint"
    case backedUp = "data.backup"
    case restored = "data.restore"
    /// An admin accepted the clock as it is now, earlier than the latest entry (a clock that had
    /// been set ahead): later records are dated from here.
    case clockCorrected = "kiosk.clock_corrected"
    /// Records other service points made, pulled down from the city hub (their counts by kind).
    case cityRecordsPulled = "hub.pull"
    /// A staff account the bureau manages on the hub, added or changed here as the hub says.
    case staffSynced = "staff.sync"
    /// `kiosk sync --after-restore`: where the restored chain forks from the hub's, and the
    /// point's own records taken back from the hub.
    case hubRestored = "hub.restore"
    /// Enrolled prints' minutiae sent to the hub sealed to the bureau's key, or withdrawn from it
    /// (counts and the key, never whose).
    case bureauTemplatesSent = "hub.bureau_templates"

    /// The sign-in lock's bookkeeping: written even while the clock is behind the log, so that
    /// wrong passwords keep counting (dated at the log's latest time, the clock's own in the detail).
    public var isSignInBookkeeping: Bool {
        switch self {
        case .signInFailed, .accountLocked, .signInCountReset: true
        default: false
        }
    }
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
    /// An entry whose hash was written down outside the database (an export manifest) is gone or different.
    case anchorMismatch(seq: Int64)
    /// A table's append-only triggers are gone: its records could have been rewritten unseen.
    case appendOnlyGuardMissing(table: String)
    /// The service point's metadata no longer says what the first entry recorded.
    case metadataAltered(key: String)

    public var seq: Int64? {
        switch self {
        case .sequenceGap(let expected, _): expected
        case .chainBroken(let seq), .entryAltered(let seq), .residentsAltered(let seq), .anchorMismatch(let seq): seq
        case .recordAltered(let seq, _, _), .recordMissing(let seq, _, _): seq
        case .recordUnaudited, .appendOnlyGuardMissing, .metadataAltered: nil
        }
    }
}

/// An entry's sequence number and hash, kept outside the database (each export manifest carries
/// one), so that rewriting or truncating the chain is caught even by someone who recomputes it.
public struct AuditAnchor: Hashable, Sendable, Codable {
    public var seq: Int64
    public var hash: String

    public init(seq: Int64, hash: String) {
        self.seq = seq
        self.hash = hash
    }

    /// `SEQ:HASH`, as `kiosk audit verify --anchor` takes it.
    public init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let seq = Int64(parts[0]), parts[1].count == 64 else { return nil }
        self.init(seq: seq, hash: String(parts[1]).lowercased())
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
