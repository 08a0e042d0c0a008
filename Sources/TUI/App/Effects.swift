import Domain
import Desk

/// Work a screen asks for: the database, the reader, the printer, the speaker. The live
/// `KioskServices` does it off the screen's thread and answers with a `Reply`.
public enum Effect: Hashable, Sendable {
    case signIn(name: String, password: String)
    case loadDashboard
    case lookUp(ResidentID)
    /// Residents by part of the name, pinyin initials or last digits, listed masked.
    case findResidents(ResidentQuery)
    /// `again`: the reason for certifying a cycle already certified.
    /// `attemptsUsed`: attempts already failed, on a retry after the reader broke a scan off.
    case certify(ResidentID, again: String?, attemptsUsed: Int = 0)
    case enroll(ResidentID, Finger)
    /// Touch and go: one scan identified among this reader's enrolled prints.
    case identify
    /// Certifies whom `identify` found, without another scan.
    case certifyIdentified(CertifyDesk.Identification, again: String?)
    /// Another slip for a receipt already issued (audited as a reprint).
    case reprintReceipt(String)
    /// Stops the scan under way (Esc, the idle lock).
    case cancelScan
    case changeContact(ResidentID, phone: String?, address: String?)
    case reportDeath(ResidentID, DeathEntry)
    case loadReport(ReportKind)
    case loadAlerts
    case resolveAlert(id: String, FraudAlert.Status, note: String)
    case bookVisit(ResidentID, VisitRequest)
    case loadVisitQueue
    /// Homes per staff member, day and community: counts only, no one's data.
    case loadVisitWeek(from: CivilDate, days: Int)
    case scheduleVisits(from: CivilDate, days: Int)
    case recordVisit(id: String, VisitOutcome)
    /// A still from the camera, or the photo in `file`, checked and shown before it is kept.
    case takePhoto(file: String?, previewColumns: Int)
    case savePhoto(ResidentID, PhotoShot)
    case loadPhotoReviews
    case loadPhoto(id: String, previewColumns: Int)
    case reviewPhoto(id: String, approve: Bool, reason: String)
    /// Says a prompt aloud for the resident, when speech is configured.
    case speak(Message.Spoken)
    case bell
    /// The staff member signed out (or the screen locked): the services forget them.
    case signOut
    /// Demo mode: the resident's own finger, a wrong one, or the reader pulled out.
    case demo(DemoPress)
}

public enum DemoPress: Hashable, Sendable {
    case ownFinger(ResidentID, Finger)
    case wrongFinger
    case unplug
}

/// A photo taken and not yet kept: the picture in memory, and its preview.
public struct PhotoShot: Hashable, Sendable {
    public var jpeg: [UInt8]
    public var width: Int
    public var height: Int
    public var fromCamera: Bool
    public var preview: GreyImage
}

/// How a visit ended, as the staff who went report it.
public enum VisitOutcome: Hashable, Sendable {
    case certified(VisitEvidence)
    case missed(VisitMiss)
    case anotherDay
    case cancelled(reason: String)
}

public enum ReportKind: Int, Hashable, Sendable, CaseIterable {
    case dueThisMonth, overdue, suspended, referred
    /// Today's certifications at this service point, as `kiosk report today` lists them.
    case today

    /// The lists staff call residents from (reminders before and after the deadline): phones in full.
    var isForCalling: Bool { self == .dueThisMonth || self == .overdue }
}

/// The answer to an `Effect`, delivered to the screen that asked.
public enum Reply: Sendable {
    case signedIn(StaffMember)
    case dashboard(Dashboard)
    case resident(ResidentRecord)
    case residentMatches(ResidentMatches)
    case progress(FingerprintProgress)
    case certified(ReceiptPrinter.Issued, ResidentRecord)
    case identified(CertifyDesk.Identification)
    case receiptReprinted(ReceiptPrinter.Issued)
    case enrolled(StoredPrint, fingers: [Finger])
    case contactChanged([ContactChange])
    case deathRecorded(ResidentRecord)
    case report(ReportKind, [ResidentReportLine])
    case todayReport([(certification: KioskCertification, resident: Resident)])
    case alerts([FraudAlert])
    case alertResolved(id: String)
    case visitBooked(VisitBooking, name: String, slip: ReceiptPrinter.IssuedSlip)
    case visitQueue([QueuedVisit])
    case visitWeek(from: CivilDate, [VisitLoad])
    case visitsScheduled(ScheduleChange)
    /// The outcome is recorded; a certification's receipt number when it certified.
    case visitRecorded(id: String, receipt: String?)
    case photoShot(PhotoShot)
    case photoSaved(PhotoCertification, pending: Int)
    case photoReviews([PhotoCertification])
    case photoPreview(id: String, GreyImage)
    /// Approved (with the certification's receipt) or rejected.
    /// `certified`: after a rejection, the certification the resident has all the same.
    case photoReviewed(id: String, receipt: String?, certified: CertificationFact?)
    case failed(KioskError)
}
