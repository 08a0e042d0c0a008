import Domain
import Foundation
import GRDB
import Store

/// Enrolling a resident's finger at the desk, with the duplicate check against everyone else
/// enrolled on this reader. The command line and the terminal UI both run this.
public struct EnrolDesk: Sendable {
    public typealias Progress = @Sendable (FingerprintProgress) -> Void

    let database: AppDatabase
    let reader: ReaderClient
    let staff: StaffMember

    /// Enrols one finger: as many scans as the reader asks, then one confirming scan identified
    /// against every print enrolled for other people on this reader and the new one last (when
    /// the reader can identify). A match with someone else's refuses the enrolment and raises a
    /// fraud alert. The rules are checked before the first scan (nobody presses a finger for
    /// nothing) and again inside the transaction that saves the print. Returns the stored print.
    public func enroll(_ id: ResidentID, finger: Finger, progress: @escaping Progress) async throws(KioskError) -> StoredPrint {
        try checkEnrolment(of: id, finger: finger)
        let info = try await ReaderCalls.firstReader(reader)
        let coach: ReaderClient.Events = { progress(.reader($0)) }
        // Re-enrolling a finger kept on the reader's chip: the chip's old copy goes first, or the
        // reader would refuse the new one as a duplicate.
        if let earlier = try database.prints(of: id).first(where: { $0.finger == finger }), earlier.template.storedOnDevice,
           earlier.template.fits(info) {
            try database.read { db in try AuditLog.requireIntact(db, .print(earlier.id)) }
            do throws(ReaderFailure) {
                try await reader.deleteStored(earlier.template)
            } catch .dataNotFound {
                // Already gone from the chip: nothing to delete.
            } catch {
                throw .reader(error)
            }
        }
        let everyone = try database.gallery(excluding: id)
        let gallery = everyone.filter { $0.template.fits(info) }
        if gallery.count < everyone.count { progress(.duplicateCheckPartial(unchecked: everyone.count - gallery.count)) }

        progress(.enrolFinger(finger, stages: info.enrollStages))
        let enrolled: Result<FingerprintTemplate, ReaderFailure>
        do throws(ReaderFailure) {
            enrolled = .success(try await reader.enroll(finger, coach))
        } catch {
            enrolled = .failure(error)
        }
        let template: FingerprintTemplate
        switch enrolled {
        case .success(let made): template = made
        // A match-on-chip reader that finds the finger on its chip refuses it without saying
        // whose: that is an alert too.
        case .failure(.dataDuplicate):
            throw .duplicateFinger(alertID: try AlertsDesk.raise(in: database, enrolling: id, finger: finger, matched: nil, by: staff).id)
        case .failure(let failure): throw .reader(failure)
        }
        if info.has(.identify) {
            try await confirm(template, of: id, finger: finger, against: gallery, coach: coach, progress: progress)
        } else if !gallery.isEmpty {
            progress(.duplicateCheckUnavailable(gallery: gallery.count))
        }
        return try save(template, of: id)
    }

    /// One more scan, identified against the other residents' prints and the new print last:
    /// another resident's print wins a tie, so one finger cannot slip in under two identities by
    /// showing a different finger at a separate check.
    private func confirm(_ template: FingerprintTemplate, of id: ResidentID, finger: Finger, against gallery: [StoredPrint],
                         coach: @escaping ReaderClient.Events, progress: Progress) async throws(KioskError) {
        progress(.confirmScan(gallery: gallery.count))
        let match = try await ReaderCalls.reading { () throws(ReaderFailure) in try await reader.identify(gallery.map(\.template) + [template], coach) }
        if match == gallery.count { return }
        if template.storedOnDevice {
            try await ReaderCalls.reading { () throws(ReaderFailure) in try await reader.deleteStored(template) }
        }
        guard let match else { throw .enrolmentNotConfirmed }
        throw .duplicateFinger(alertID: try AlertsDesk.raise(in: database, enrolling: id, finger: finger, matched: gallery[match], by: staff).id)
    }

    // MARK: The rules and the record

    /// Checks, before any scan, that this resident may enrol this finger: someone the service point
    /// serves, and within the policy's number of fingers (re-enrolling an enrolled finger is fine).
    func checkEnrolment(of id: ResidentID, finger: Finger) throws(KioskError) {
        try staff.mustBeAllowed(.enrollFingerprint)
        try database.read { db in try checkEnrolment(db, of: id, finger: finger) }
    }

    private func checkEnrolment(_ db: Database, of id: ResidentID, finger: Finger) throws {
        // The city-wide duplicate check cannot see what other points enrolled since the last sync:
        // too long without one, no new prints (certifications go on regardless).
        if let hours = database.hubStaleAfterHours {
            let synced = try database.lastHubSync(db)
            if synced.map({ database.clock.now() - $0 > Int64(hours) * 3_600_000 }) ?? true {
                throw KioskError.hubSyncStale(lastSync: synced.map(database.clock.local), hours: hours)
            }
        }
        let file = try database.requireFile(db, id)
        let status = database.status(of: file)
        guard status.mayCertifyHere else { throw KioskError.refusedByStatus(status.code) }
        let fingers = try String.fetchAll(db, sql: "SELECT finger FROM enrolled_print WHERE resident_id = ?", arguments: [id.fullNumber])
        if !fingers.contains(finger.rawValue), fingers.count >= database.fingerprintPolicy.fingersPerResident {
            throw KioskError.tooManyFingers(allowed: database.fingerprintPolicy.fingersPerResident)
        }
    }

    /// Saves an enrolled print sealed, replacing an earlier print of the same finger. The rules
    /// are checked again inside the write: another counter may have enrolled a finger meanwhile.
    func save(_ template: FingerprintTemplate, of id: ResidentID) throws(KioskError) -> StoredPrint {
        guard let finger = template.finger else { preconditionFailure("a resident's print names its finger") }
        try staff.mustBeAllowed(.enrollFingerprint)
        let sealed: Data
        do { sealed = try database.seal(template, finger: finger, of: id) } catch { throw .databaseFailure(path: database.path, detail: "seal: \(error)") }
        let row = try database.write { db -> EnrolledPrintRow in
            try checkEnrolment(db, of: id, finger: finger)
            if let old = try String.fetchOne(db, sql: "SELECT id FROM enrolled_print WHERE resident_id = ? AND finger = ?",
                                             arguments: [id.fullNumber, finger.rawValue]) {
                try AuditLog.requireIntact(db, .print(old))
                try db.execute(sql: "DELETE FROM enrolled_print WHERE id = ?", arguments: [old])
                try AuditLog.append(db, in: database, staff: staff.id, action: .printRemoved, subject: .init(table: "enrolled_print", id: old),
                                    detail: "finger=\(finger.rawValue) replaced")
            }
            let now = database.clock.now()
            let printID = RecordID.make(at: now)
            try db.execute(sql: """
                INSERT INTO enrolled_print (id, service_point, resident_id, finger, driver, device_id, stored_on_device, sealed, enrolled_at,
                                            staff_id, format)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [printID, database.servicePoint.code, id.fullNumber, finger.rawValue, template.driver, template.deviceID,
                                 template.storedOnDevice, sealed, now, staff.id, AppDatabase.printFormat])
            try AuditLog.append(db, in: database, staff: staff.id, action: .printEnrolled, subject: .init(table: "enrolled_print", id: printID),
                                detail: "finger=\(finger.rawValue) driver=\(template.driver)")
            return try EnrolledPrintRow.fetchOne(db, sql: "SELECT * FROM enrolled_print WHERE id = ?", arguments: [printID])!
        }
        return try database.storedPrint(row)
    }

    /// Removes an enrolled print (a reader changed, or a finger injured).
    func remove(_ finger: Finger, of id: ResidentID) throws(KioskError) {
        try staff.mustBeAllowed(.enrollFingerprint)
        try database.write { db in
            guard let printID = try String.fetchOne(db, sql: "SELECT id FROM enrolled_print WHERE resident_id = ? AND finger = ?",
                                                    arguments: [id.fullNumber, finger.rawValue]) else {
                throw KioskError.printNotEnrolled(finger)
            }
            try AuditLog.requireIntact(db, .print(printID))
            try db.execute(sql: "DELETE FROM enrolled_print WHERE id = ?", arguments: [printID])
            try AuditLog.append(db, in: database, staff: staff.id, action: .printRemoved, subject: .init(table: "enrolled_print", id: printID),
                                detail: "finger=\(finger.rawValue)")
        }
    }
}
