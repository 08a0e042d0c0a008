import Domain
import Foundation
import Store

/// The application as both front-ends reach it: the service point's database behind one desk
/// per task, each for the staff member signed in. Every call checks the staff member's
/// permission and the task's rules inside the store's write transaction; the screen and the
/// command line only render what comes back.
public final class ServiceDesk: Sendable {
    let database: AppDatabase

    public init(_ database: AppDatabase) {
        self.database = database
    }

    public var servicePoint: ServicePoint { database.servicePoint }
    public var policy: CertificationPolicy { database.policy }
    public var today: CivilDate { database.clock.today }
    /// A data directory for tests and demos (`kiosk init --test-clock`): shown as TEST.
    public var testClock: Bool { database.testClock }

    /// Signs a staff member in (the sign-in lock applies); the desks below act as them.
    public func signIn(name: String, password: String) throws(KioskError) -> StaffMember {
        try database.signIn(name: name, password: password)
    }

    public func residents(_ staff: StaffMember) -> ResidentsDesk { ResidentsDesk(database: database, staff: staff) }
    public func certify(_ staff: StaffMember, reader: ReaderClient) -> CertifyDesk { CertifyDesk(database: database, reader: reader, staff: staff) }
    public func enrol(_ staff: StaffMember, reader: ReaderClient) -> EnrolDesk { EnrolDesk(database: database, reader: reader, staff: staff) }
    public func photos(_ staff: StaffMember) -> PhotoDesk { PhotoDesk(database: database, staff: staff) }
    public func review(_ staff: StaffMember) -> ReviewDesk { ReviewDesk(database: database, staff: staff) }
    public func visits(_ staff: StaffMember) -> VisitsDesk { VisitsDesk(database: database, staff: staff) }
    public func alerts(_ staff: StaffMember) -> AlertsDesk { AlertsDesk(database: database, staff: staff) }
    public func reports(_ staff: StaffMember) -> ReportsDesk { ReportsDesk(database: database, staff: staff) }
}

/// A resident as the desks hand them out: the file, the status today and the enrolled fingers.
public struct ResidentRecord: Sendable {
    public var file: ResidentFile
    public var status: ResidentStatus
    public var fingers: [Finger]

    public init(file: ResidentFile, status: ResidentStatus, fingers: [Finger]) {
        self.file = file
        self.status = status
        self.fingers = fingers
    }

    public var id: ResidentID { file.resident.id }
}

/// Looking residents up, and what the family reports at the desk (FAQ 15, 18).
public struct ResidentsDesk: Sendable {
    let database: AppDatabase
    let staff: StaffMember

    public func record(_ id: ResidentID) throws(KioskError) -> ResidentRecord {
        try database.authorize(staff, .viewResident)
        guard let file = try database.residentFile(id) else { throw .residentNotFound(id) }
        return ResidentRecord(file: file, status: database.status(of: file), fingers: try database.prints(of: id).map(\.finger))
    }

    public func changeContact(of id: ResidentID, _ entry: ContactEntry) throws(KioskError) -> [ContactChange] {
        try database.changeContact(of: id, entry, by: staff)
    }

    public func reportDeath(of id: ResidentID, _ entry: DeathEntry) throws(KioskError) -> DeathReport {
        try database.reportDeath(of: id, entry, by: staff)
    }
}

/// Photo certification at the desk: the photo taken is sealed and waits for a supervisor.
public struct PhotoDesk: Sendable {
    let database: AppDatabase
    let staff: StaffMember

    /// Staff may take the photo (the camera is opened only for those who may certify).
    public func mayTakePhotos() throws(KioskError) { try database.authorize(staff, .certify) }

    public func record(of id: ResidentID, jpeg: Data, width: Int, height: Int, fromCamera: Bool,
                       maxPending: Int) throws(KioskError) -> (record: PhotoCertification, pending: Int) {
        let record = try database.recordPhotoCertification(of: id, jpeg: jpeg, width: width, height: height, fromCamera: fromCamera,
                                                           maxPending: maxPending, by: staff)
        return (record, try database.pendingPhotoReviews())
    }
}

/// A supervisor's review of photo certifications.
public struct ReviewDesk: Sendable {
    let database: AppDatabase
    let staff: StaffMember

    public func waiting(all: Bool = false) throws(KioskError) -> [PhotoCertification] { try database.photoCertifications(all: all, by: staff) }

    /// The record and its photo, opened for the reviewer.
    public func photo(_ id: String) throws(KioskError) -> (record: PhotoCertification, jpeg: Data) {
        let jpeg = try database.photo(of: id, by: staff)
        return (try database.photoCertification(id), jpeg)
    }

    public func approve(_ id: String) throws(KioskError) -> Certified { try database.approvePhoto(id, by: staff) }

    /// Returns the certification the resident has this cycle all the same (another method, meanwhile).
    public func reject(_ id: String, reason: String) throws(KioskError) -> CertificationFact? {
        try database.rejectPhoto(id, reason: reason, by: staff)
    }
}

/// Home visits: booking, the queue, the schedule and what happened at the door.
public struct VisitsDesk: Sendable {
    let database: AppDatabase
    let staff: StaffMember

    public func book(_ id: ResidentID, _ request: VisitRequest) throws(KioskError) -> (booking: VisitBooking, name: String) {
        let booking = try database.bookVisit(of: id, request, by: staff)
        return (booking, try database.residentFile(id)?.resident.name ?? "")
    }

    public func queue() throws(KioskError) -> [QueuedVisit] { try database.visitQueue(by: staff) }
    public func load(from start: CivilDate, days: Int) throws(KioskError) -> [VisitLoad] { try database.visitLoad(from: start, days: days, by: staff) }
    public func schedule(from start: CivilDate, days: Int, team: [VisitStaff]) throws(KioskError) -> ScheduleChange {
        try database.scheduleVisits(from: start, days: days, staff: team, by: staff)
    }
    public func complete(_ id: String, evidence: VisitEvidence) throws(KioskError) -> Certified { try database.completeVisit(id, evidence: evidence, by: staff) }
    /// Returns how many times the visit has now been missed.
    @discardableResult
    public func miss(_ id: String, _ miss: VisitMiss, note: String) throws(KioskError) -> Int {
        try database.missVisit(id, miss, note: note, by: staff)
        return try database.visitRecord(id).missedVisits
    }
    public func anotherDay(_ id: String, note: String) throws(KioskError) { try database.rescheduleVisit(id, note: note, by: staff) }
    public func cancel(_ id: String, reason: String) throws(KioskError) { try database.cancelVisit(id, reason: reason, by: staff) }
}

/// Fraud alerts for a supervisor.
public struct AlertsDesk: Sendable {
    let database: AppDatabase
    let staff: StaffMember

    public func list(includingResolved: Bool = false) throws(KioskError) -> [FraudAlert] {
        try database.fraudAlerts(includingResolved: includingResolved, by: staff)
    }

    public func resolve(_ id: String, as status: FraudAlert.Status, note: String) throws(KioskError) {
        try database.resolveFraudAlert(id, as: status, note: note, by: staff)
    }
}

/// The reports staff read: the home screen's counts and the lists behind them.
public struct ReportsDesk: Sendable {
    let database: AppDatabase
    let staff: StaffMember

    public func dashboard() throws(KioskError) -> Dashboard { try database.dashboard(by: staff) }
    public func due(in month: YearMonth) throws(KioskError) -> [ResidentReportLine] { try database.dueReport(month: month, by: staff) }
    public func overdue() throws(KioskError) -> [ResidentReportLine] { try database.overdueReport(by: staff) }
    public func suspended() throws(KioskError) -> [ResidentReportLine] { try database.suspendedReport(by: staff) }
    public func referred() throws(KioskError) -> [ResidentReportLine] { try database.referredReport(by: staff) }
}
