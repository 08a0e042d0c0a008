import Foundation

/// The kiosk's records as the store keeps them and the desk hands them out: plain values, no I/O.

/// A resident's file: the roster entry and what this kiosk has recorded about them.
public struct ResidentFile: Hashable, Sendable {
    public var resident: Resident
    public var lastCertification: KioskCertification?
    public var death: DeathReport?
    /// Certifications dated after the reported death, each raised as a fraud alert.
    public var posthumous: [PosthumousCertification] = []

    public init(resident: Resident, lastCertification: KioskCertification? = nil, death: DeathReport? = nil, posthumous: [PosthumousCertification] = []) {
        self.resident = resident
        self.lastCertification = lastCertification
        self.death = death
        self.posthumous = posthumous
    }

    public var certificationFact: CertificationFact? { lastCertification?.fact }
    public var deathFact: DeathFact? { death?.fact }
}

/// A certification this kiosk (or another service point, after a merge) recorded.
public struct KioskCertification: Hashable, Sendable, Codable {
    public var id: String
    public var residentID: String
    public var certifiedAt: LocalDateTime
    public var method: CertificationMethod
    public var servicePoint: String
    public var staffName: String
    public var evidence: String?
    /// What the resident keeps: service point, date and the day's running number (`HRB-NG-XF01-20261129-0007`).
    public var receipt: String
    /// Set when the cycle was already certified: why it was done again.
    public var repeatReason: String?

    public init(id: String, residentID: String, certifiedAt: LocalDateTime, method: CertificationMethod, servicePoint: String, staffName: String, evidence: String? = nil, receipt: String, repeatReason: String? = nil) {
        self.id = id
        self.residentID = residentID
        self.certifiedAt = certifiedAt
        self.method = method
        self.servicePoint = servicePoint
        self.staffName = staffName
        self.evidence = evidence
        self.receipt = receipt
        self.repeatReason = repeatReason
    }

    public var fact: CertificationFact {
        CertificationFact(date: certifiedAt.date, secondOfDay: certifiedAt.secondOfDay, method: method, servicePoint: servicePoint, source: .kiosk)
    }
}

/// A certification just recorded, with its receipt made from the resident as the same
/// transaction read them (never from an earlier read).
public struct Certified: Hashable, Sendable {
    public var certification: KioskCertification
    public var receipt: Receipt

    public init(certification: KioskCertification, receipt: Receipt) {
        self.certification = certification
        self.receipt = receipt
    }
}

public struct DeathReport: Hashable, Sendable, Codable {
    public var id: String
    public var dateOfDeath: CivilDate
    public var reportedAt: LocalDateTime
    public var reporterName: String
    public var reporterRelation: String
    public var certificateNumber: String
    public var staffName: String

    public init(id: String, dateOfDeath: CivilDate, reportedAt: LocalDateTime, reporterName: String, reporterRelation: String, certificateNumber: String, staffName: String) {
        self.id = id
        self.dateOfDeath = dateOfDeath
        self.reportedAt = reportedAt
        self.reporterName = reporterName
        self.reporterRelation = reporterRelation
        self.certificateNumber = certificateNumber
        self.staffName = staffName
    }

    public var fact: DeathFact { DeathFact(dateOfDeath: dateOfDeath, reportedOn: reportedAt.date) }
}

public struct ContactChange: Hashable, Sendable, Codable {
    public enum Field: String, Hashable, Sendable, Codable { case phone, address }
    public var id: String
    public var field: Field
    public var oldValue: String?
    public var newValue: String

    public init(id: String, field: Field, oldValue: String? = nil, newValue: String) {
        self.id = id
        self.field = field
        self.oldValue = oldValue
        self.newValue = newValue
    }
}

/// An enrolled print, opened.
public struct StoredPrint: Hashable, Sendable {
    public var id: String
    public var residentID: ResidentID
    public var finger: Finger
    public var template: FingerprintTemplate
    public var enrolledAt: LocalDateTime

    public init(id: String, residentID: ResidentID, finger: Finger, template: FingerprintTemplate, enrolledAt: LocalDateTime) {
        self.id = id
        self.residentID = residentID
        self.finger = finger
        self.template = template
        self.enrolledAt = enrolledAt
    }
}

/// Something in the records a supervisor must look into: a finger found under two identities at
/// enrolment, a certification dated after a reported death, or one photo submitted for two residents.
public struct FraudAlert: Hashable, Sendable {
    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        case open
        /// A supervisor confirmed one person under two identities; the bureau acts on it.
        case fraud
        /// A supervisor found the prints are of two different people.
        case falseMatch = "false_match"
    }

    public var id: String
    public var raisedAt: LocalDateTime
    public var raisedBy: String
    public var residentID: ResidentID
    /// The finger found under another identity; nil for a certification after a death.
    public var finger: Finger?
    public var posthumous: PosthumousCertification?
    /// The SHA-256 of a photo submitted both for this resident and for the matched one.
    public var samePhoto: String?
    public var matchedResidentID: ResidentID?
    public var matchedFinger: Finger?
    public var status: Status
    public var resolution: String?
    public var resolvedBy: String?

    public init(id: String, raisedAt: LocalDateTime, raisedBy: String, residentID: ResidentID, finger: Finger? = nil, posthumous: PosthumousCertification? = nil, samePhoto: String? = nil, matchedResidentID: ResidentID? = nil, matchedFinger: Finger? = nil, status: Status, resolution: String? = nil, resolvedBy: String? = nil) {
        self.id = id
        self.raisedAt = raisedAt
        self.raisedBy = raisedBy
        self.residentID = residentID
        self.finger = finger
        self.posthumous = posthumous
        self.samePhoto = samePhoto
        self.matchedResidentID = matchedResidentID
        self.matchedFinger = matchedFinger
        self.status = status
        self.resolution = resolution
        self.resolvedBy = resolvedBy
    }
}

/// A photo certification and where its review stands.
public struct PhotoCertification: Sendable {
    public var id: String
    public var residentID: ResidentID
    public var residentName: String
    public var capturedAt: LocalDateTime
    public var staffName: String
    public var photoSHA256: String
    public var width: Int
    public var height: Int
    public var source: String
    public var status: PhotoReviewStatus
    public var reviewedBy: String?
    public var reason: String?
    public var certificationID: String?
    /// What the family reads over the phone (`ShortNumber`); nil for photos taken before short numbers.
    public var shortNumber: String?

    public init(id: String, residentID: ResidentID, residentName: String, capturedAt: LocalDateTime, staffName: String, photoSHA256: String, width: Int, height: Int, source: String, status: PhotoReviewStatus, reviewedBy: String? = nil, reason: String? = nil, certificationID: String? = nil, shortNumber: String? = nil) {
        self.id = id
        self.shortNumber = shortNumber
        self.residentID = residentID
        self.residentName = residentName
        self.capturedAt = capturedAt
        self.staffName = staffName
        self.photoSHA256 = photoSHA256
        self.width = width
        self.height = height
        self.source = source
        self.status = status
        self.reviewedBy = reviewedBy
        self.reason = reason
        self.certificationID = certificationID
    }

    /// The number shown and quoted: the short number, or the long id of a photo taken before them.
    public var number: String { shortNumber ?? id }
}

/// A signed-in staff member: every change the kiosk records names one.
public struct StaffMember: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var role: StaffRole

    public init(id: String, name: String, role: StaffRole) {
        self.id = id
        self.name = name
        self.role = role
    }
}

/// A staff account as `kiosk staff list` shows it.
public struct StaffAccount: Hashable, Sendable, Codable {
    public var name: String
    public var role: StaffRole
    public var active: Bool
    public var lockedUntil: LocalDateTime?
    public var failedAttempts: Int

    public init(name: String, role: StaffRole, active: Bool, lockedUntil: LocalDateTime? = nil, failedAttempts: Int) {
        self.name = name
        self.role = role
        self.active = active
        self.lockedUntil = lockedUntil
        self.failedAttempts = failedAttempts
    }
}
