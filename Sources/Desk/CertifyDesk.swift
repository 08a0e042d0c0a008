import Domain
import GRDB
import Store

/// Certifying a resident by fingerprint at the desk: the status checks, the fallback ladder, and
/// the record with its receipt. The command line and the terminal UI both run this.
public struct CertifyDesk: Sendable {
    public typealias Progress = @Sendable (FingerprintProgress) -> Void

    let database: AppDatabase
    let reader: ReaderClient
    let staff: StaffMember

    /// The resident's prints this reader can check, after the status engine allows a certification
    /// (so nobody is asked for a finger that could not count). The record itself checks again,
    /// inside its transaction.
    func certificationPrints(of id: ResidentID, again: String?, on info: ReaderInfo) throws(KioskError) -> [StoredPrint] {
        guard let file = try database.residentFile(id) else { throw .residentNotFound(id) }
        if let refusal = database.status(of: file).certificationRefusal(again: again) { throw refusal }
        let prints = try database.prints(of: id)
        guard !prints.isEmpty else { throw .noPrintsEnrolled }
        let usable = prints.filter { $0.template.fits(info) }
        guard !usable.isEmpty else {
            throw .printsFromAnotherReader(enrolledOn: Array(Set(prints.map { "\($0.template.driver) #\($0.template.deviceID)" })).sorted(),
                                           reader: "\(info.driver) #\(info.deviceID)")
        }
        return usable
    }

    /// Up to the policy's number of scans, the enrolled fingers in turn (any enrolled finger at
    /// once on a reader that can identify); a match records the certification. After the last
    /// failed attempt: `.notMatched`, and staff turn to the fallback. `again`: the reason for
    /// certifying a cycle already certified. No finger within the time is reported as a timeout, not as a
    /// finger not matched. `attemptsUsed`: attempts this resident already failed, when a scan broken off by
    /// the reader is started again, so a retry does not start the count afresh.
    public func certify(_ id: ResidentID, again: String? = nil, attemptsUsed: Int = 0,
                        progress: @escaping Progress) async throws(KioskError) -> Certified {
        let matched = try await matchFinger(id, again: again, attemptsUsed: attemptsUsed, progress: progress)
        return try record(id, method: .fingerprint, evidence: matched, again: again)
    }

    /// The scans of `certify(_:again:attemptsUsed:progress:)` up to a match, without recording it:
    /// the reader and finger that matched (`reader=DRIVER#DEVICE finger=FINGER`), for the record to keep.
    func matchFinger(_ id: ResidentID, again: String?, attemptsUsed: Int = 0, progress: @escaping Progress) async throws(KioskError) -> String {
        let info = try await ReaderCalls.firstReader(reader)
        let usable = try certificationPrints(of: id, again: again, on: info)
        let coach: ReaderClient.Events = { progress(.reader($0)) }
        var attempts = FingerprintAttempts(maxAttempts: database.fingerprintPolicy.attempts, fingers: usable.map(\.finger), used: attemptsUsed)
        while let finger = attempts.nextFinger {
            progress(.askFinger(finger, attempt: attempts.attemptNumber, of: attempts.maxAttempts))
            let scan: Result<Finger?, ReaderFailure>
            do throws(ReaderFailure) {
                if info.has(.identify), usable.count > 1 {
                    scan = .success(try await reader.identify(usable.map(\.template), coach).map { usable[$0].finger })
                } else {
                    let template = usable.first { $0.finger == finger }!.template
                    scan = .success(try await reader.verify(template, coach) ? finger : nil)
                }
            } catch {
                scan = .failure(error)
            }
            // No finger within the time counts as an attempt, so the fallback still comes.
            let matched: Finger?
            var timedOut = false
            switch scan {
            case .success(let finger): matched = finger
            case .failure(.timedOut(let seconds)):
                progress(.timedOut(seconds: seconds))
                matched = nil
                timedOut = true
            case .failure(let failure): throw .reader(failure)
            }
            if let matched { return "reader=\(info.driver)#\(info.deviceID) finger=\(matched.rawValue)" }
            attempts.recordMismatch()
            if !attempts.isExhausted, !timedOut { progress(.notMatched(remaining: attempts.maxAttempts - attempts.mismatches)) }
        }
        throw .notMatched(attempts: attempts.maxAttempts)
    }

    /// Who a touch-and-go scan found (`identify(coach:)`): only the desk makes one, so a screen
    /// cannot certify anyone it did not identify. Compared and hashed by who, which finger, where,
    /// when and for whom, so it can travel in a screen's request.
    public struct Identification: Hashable, Sendable {
        public let record: ResidentRecord
        /// The enrolled finger the scan matched.
        public let finger: Finger
        /// The reader that scanned it, `driver#device`.
        public let reader: String
        /// When it was identified (the clock's milliseconds).
        public let at: Int64
        /// The staff member who asked for the scan: only they may certify on it.
        let staffID: String

        init(record: ResidentRecord, finger: Finger, reader: String, at: Int64, staffID: String) {
            self.record = record
            self.finger = finger
            self.reader = reader
            self.at = at
            self.staffID = staffID
        }

        public static func == (a: Self, b: Self) -> Bool {
            a.record.id == b.record.id && a.finger == b.finger && a.reader == b.reader && a.at == b.at && a.staffID == b.staffID
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(record.id)
            hasher.combine(finger)
            hasher.combine(at)
        }
    }

    /// How long an identification certifies: long enough to read the card and press Enter, short
    /// enough that a card left on screen (staff called away, the next person at the reader) cannot
    /// certify someone who is no longer there. Older, the finger is asked for again.
    public static let identificationLifetime: Int64 = 2 * 60 * 1000

    /// Certifies the resident a touch-and-go scan identified, without scanning again: the scan was
    /// the check. The status rules and the already-certified guard apply as for `certify(_:again:progress:)`,
    /// and the identification's age is checked in the same transaction as the record.
    public func certify(_ identification: Identification, again: String? = nil) throws(KioskError) -> Certified {
        try staff.mustBeAllowed(.certify)
        return try database.write { db in
            let age = database.clock.now() - identification.at
            guard identification.staffID == staff.id, age >= 0, age <= Self.identificationLifetime else {
                throw KioskError.identificationExpired(seconds: Int(Self.identificationLifetime / 1000))
            }
            return try Self.record(db, in: database, of: identification.record.id, method: .fingerprint,
                                   evidence: "identify reader=\(identification.reader) finger=\(identification.finger.rawValue)", again: again, by: staff)
        }
    }

    /// Records a certification made at this service point, after checking the status engine
    /// allows it: never for the deceased, the not-served-here or the referred.
    /// `again`: the reason for certifying a cycle already certified (else that is refused).
    func record(_ id: ResidentID, method: CertificationMethod, evidence: String?, again: String?) throws(KioskError) -> Certified {
        try staff.mustBeAllowed(.certify)
        return try database.write { db in try Self.record(db, in: database, of: id, method: method, evidence: evidence, again: again, by: staff) }
    }

    /// The certification itself, inside a write the caller holds (a home visit completes in the same one).
    /// `at`: when it happened, if not now (an approved photo counts from when it was taken); `id`: the
    /// record's id when it was made elsewhere (a field laptop's certification, returned).
    static func record(_ db: Database, in database: AppDatabase, of id: ResidentID, method: CertificationMethod, evidence: String?, again: String? = nil,
                             by staff: StaffMember, at moment: Int64? = nil, id recordID: String? = nil) throws -> Certified {
        let file = try database.requireFile(db, id)
        let status = database.status(of: file)
        if let refusal = status.certificationRefusal(again: again) { throw refusal }
        // A reason given for a cycle not yet certified is no repeat: nothing to record.
        let repeatReason: String? = if case .certified = status { again?.trimmingSpaces() } else { nil }
        let now = moment ?? database.clock.now()
        let today = database.clock.local(now).date
        let earlierToday = try Int.fetchOne(db, sql: """
            SELECT count(*) FROM certification WHERE service_point = ? AND certified_at >= ? AND certified_at < ?
            """, arguments: [database.servicePoint.code, database.clock.startOfDay(today), database.clock.startOfDay(today.adding(days: 1))]) ?? 0
        let number = String(earlierToday + 1)
        // A home-visit laptop shares its desk's service point code and numbers its own day: its
        // receipts carry F before the date, so no number means two certifications.
        let series = try database.isFieldLaptop(db) ? "F" : ""
        let receipt = "\(database.servicePoint.code)-\(series)\(today.description.filter(\.isNumber))-"
            + String(repeating: "0", count: max(0, 4 - number.count)) + number
        let certification = KioskCertification(id: recordID ?? RecordID.make(at: now), residentID: id.fullNumber, certifiedAt: database.clock.local(now),
                                               method: method, servicePoint: database.servicePoint.code, staffName: staff.name,
                                               evidence: evidence, receipt: receipt, repeatReason: repeatReason)
        try db.execute(sql: """
            INSERT INTO certification (id, service_point, resident_id, certified_at, method, staff_id, evidence, receipt, repeat_reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [certification.id, database.servicePoint.code, id.fullNumber, now, method.rawValue, staff.id, evidence, receipt, repeatReason])
        try AuditLog.append(db, in: database, staff: staff.id, action: .certified,
                            subject: .init(table: "certification", id: certification.id),
                            detail: "method=\(method.rawValue)" + (repeatReason == nil ? "" : " repeat"))
        // Its receipt is owed from this commit on: the mark goes once the file is written
        // (ReceiptsDesk.issue), and what a kill leaves marked is re-created at the next start.
        try db.execute(sql: "INSERT INTO receipt_pending (certification_id) VALUES (?)", arguments: [certification.id])
        // Read back from the rows just written, as every later copy of the receipt will be.
        let stored = try database.storedReceipt(db, certificationID: certification.id)!
        return Certified(certification: certification, receipt: stored)
    }
}
