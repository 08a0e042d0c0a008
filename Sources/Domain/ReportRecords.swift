import Foundation

/// Reports, roster imports and exports as the desk hands them out: plain values, no I/O.

/// A resident on a report, with the status that put them there.
public struct ResidentReportLine: Sendable {
    public var resident: Resident
    public var status: ResidentStatus

    public init(resident: Resident, status: ResidentStatus) {
        self.resident = resident
        self.status = status
    }
}

/// The figures on the kiosk's home screen.
public struct Dashboard: Hashable, Sendable {
    public var certifiedToday: Int
    public var dueThisMonth: Int
    public var overdue: Int
    /// Fraud alerts waiting for a supervisor; nil for staff who may not resolve them.
    public var openAlerts: Int?
    /// Photo certifications waiting for a supervisor's review (they count only once approved).
    public var pendingPhotoReviews: Int

    public init(certifiedToday: Int, dueThisMonth: Int, overdue: Int, openAlerts: Int? = nil, pendingPhotoReviews: Int) {
        self.certifiedToday = certifiedToday
        self.dueThisMonth = dueThisMonth
        self.overdue = overdue
        self.openAlerts = openAlerts
        self.pendingPhotoReviews = pendingPhotoReviews
    }
}

/// What an import did, or would have done when `--strict` refused it.
public struct RosterImportReport: Sendable {
    public var importID: String?
    public var fileName: String
    public var fileSHA256: String
    public var rows: Int
    public var inserted: Int
    public var updated: Int
    public var unchanged: Int
    public var rejections: [RosterRejection]
    /// Lines of valid rows whose insured region was an old code for living abroad (imported as
    /// residence abroad, insured in `Jurisdiction.legacyAbroadInsuredRegion`).
    public var legacyAbroadLines: [Int]
    /// False when `--strict` refused the file because of bad rows: nothing was written.
    public var committed: Bool

    public init(importID: String? = nil, fileName: String, fileSHA256: String, rows: Int, inserted: Int, updated: Int, unchanged: Int, rejections: [RosterRejection], legacyAbroadLines: [Int], committed: Bool) {
        self.importID = importID
        self.fileName = fileName
        self.fileSHA256 = fileSHA256
        self.rows = rows
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
        self.rejections = rejections
        self.legacyAbroadLines = legacyAbroadLines
        self.committed = committed
    }
}

/// One bad row: where, why, and its text as it stood in the file.
public struct RosterRejection: Sendable {
    public var line: Int
    public var problems: [RosterProblem]
    public var record: String

    public init(line: Int, problems: [RosterProblem], record: String) {
        self.line = line
        self.problems = problems
        self.record = record
    }
}

public struct RosterImportProgress: Sendable {
    public enum Phase: Hashable, Sendable { case checking, writing, indexing }
    public var phase: Phase
    public var done: Int
    public var total: Int

    public init(phase: Phase, done: Int, total: Int) {
        self.phase = phase
        self.done = done
        self.total = total
    }
}

/// What `kiosk export certifications` wrote, as its manifest states it.
public struct ExportManifest: Codable, Sendable, Equatable {
    public var file: String
    public var rows: Int
    public var sha256: String
    public var since: CivilDate
    public var servicePoint: String
    public var generatedAt: String
    public var generatedBy: String
    /// The audit log's latest entry when the export was made: the bureau's copy anchors the chain.
    public var auditAnchor: AuditAnchor
    /// Exported from a data directory made with `kiosk init --test-clock`: test data, whose dates
    /// KIOSK_TODAY may have set; the bureau must not take it for certifications.
    public var testClock: Bool

    public init(file: String, rows: Int, sha256: String, since: CivilDate, servicePoint: String, generatedAt: String, generatedBy: String,
                auditAnchor: AuditAnchor, testClock: Bool) {
        self.file = file
        self.rows = rows
        self.sha256 = sha256
        self.since = since
        self.servicePoint = servicePoint
        self.generatedAt = generatedAt
        self.generatedBy = generatedBy
        self.auditAnchor = auditAnchor
        self.testClock = testClock
    }

    enum CodingKeys: String, CodingKey {
        case file, rows, sha256, since
        case servicePoint = "service_point"
        case generatedAt = "generated_at"
        case generatedBy = "generated_by"
        case auditAnchor = "audit_anchor"
        case testClock = "test_clock"
    }
}

/// The bureau's certification file, as a kiosk (`kiosk export certifications`) and the city hub
/// (`kiosk hub export certifications`) write it.
public enum CertificationExportFormat {
    public static let header = "certification_id,receipt,service_point,id_number,name,method,certified_at,staff,evidence"
}
