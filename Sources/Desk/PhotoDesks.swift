import Crypto
import Domain
import Foundation
import GRDB
import Store

/// Photo certification at the desk: the photo taken is sealed and waits for a supervisor.
public struct PhotoDesk: Sendable {
    let database: AppDatabase
    let staff: StaffMember

    /// Staff may take the photo (the camera is opened only for those who may certify).
    public func mayTakePhotos() throws(KioskError) { try staff.mustBeAllowed(.certify) }

    /// Takes a photo certification: the resident must be one this service point may certify,
    /// and fewer than `maxPending` may be waiting for review. The photo is sealed (AES-GCM, the
    /// print key) into its file inside the transaction that writes the record, so that under the
    /// write lock a sealed photo without a record is always one an interrupted certification left
    /// (swept at start); the certification counts only once a supervisor approves it.
    ///
    /// The very photo (same SHA-256) already taken for other residents is recorded all the same,
    /// with a fraud alert for each of them in the same transaction (`samePhotoAs`): refusing it
    /// would leave no trace of the attempt, while recorded it is evidence (who submitted it, for
    /// whom, when) in the audit chain, and it cannot count, since no photo under an open alert is
    /// approved (`ReviewDesk.approve`).
    public func record(of id: ResidentID, jpeg: Data, width: Int, height: Int, fromCamera: Bool,
                       maxPending: Int) throws(KioskError) -> (record: PhotoCertification, pending: Int, samePhotoAs: [ResidentID]) {
        try staff.mustBeAllowed(.certify)
        let hash = SHA256.hash(data: jpeg).hex
        var created = false
        let recording: Result<(String, [ResidentID]), KioskError> = Result { () throws(KioskError) -> (String, [ResidentID]) in try database.write { db in
            let file = try database.requireFile(db, id)
            let status = database.status(of: file)
            if let refusal = status.certificationRefusal(again: nil) { throw refusal }
            let pending = try AppDatabase.pendingPhotoCount(db)
            guard pending < maxPending else { throw KioskError.photoPendingLimit(maxPending) }
            created = try database.storePhoto(jpeg, hash: hash)
            let now = database.clock.now()
            let recordID = RecordID.make(at: now)
            try db.execute(sql: """
                INSERT INTO photo_certification (id, service_point, resident_id, captured_at, staff_id, photo_sha256, width, height, source, short_number)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [recordID, database.servicePoint.code, id.fullNumber, now, staff.id, hash, width, height, fromCamera ? "camera" : "file",
                                 try AppDatabase.freshShortNumber(db, in: .photoCertification)])
            try AuditLog.append(db, in: database, staff: staff.id, action: .photoTaken, subject: .init(table: "photo_certification", id: recordID),
                                detail: "sha256=\(hash)")
            let others = try String.fetchAll(db, sql: """
                SELECT DISTINCT resident_id FROM photo_certification WHERE photo_sha256 = ? AND resident_id != ? ORDER BY resident_id
                """, arguments: [hash, id.fullNumber]).map(ResidentID.init(trusted:))
            for other in others {
                try AlertsDesk.raiseSamePhoto(db, in: database, for: id, matched: other, photo: hash, by: staff)
            }
            return (recordID, others)
        } }
        switch recording {
        case .success(let (recordID, others)): return (try database.photoCertification(recordID), try database.pendingPhotoReviews(), others)
        case .failure(let error):
            // Not recorded after all (the transaction failed): the sealed photo made for it goes too.
            if created { unlink(database.photoPath(hash).file) }
            throw error
        }
    }
}

/// A supervisor's review of photo certifications: four eyes, the photographer never approves their own.
public struct ReviewDesk: Sendable {
    let database: AppDatabase
    let staff: StaffMember

    public func record(_ id: String) throws(KioskError) -> PhotoCertification {
        try staff.mustBeAllowed(.reviewPhotos)
        return try database.photoCertification(id)
    }

    /// Photo certifications waiting for review (with `all`, reviewed ones too), oldest first.
    public func waiting(all: Bool = false) throws(KioskError) -> [PhotoCertification] {
        try staff.mustBeAllowed(.reviewPhotos)
        return try database.read { db in try database.photoRecords(db, id: nil).filter { all || $0.status == .pendingReview } }
    }

    /// The picture, opened for a supervisor to look at; the viewing is audited.
    public func photo(_ id: String) throws(KioskError) -> (record: PhotoCertification, jpeg: Data) {
        try staff.mustBeAllowed(.reviewPhotos)
        let record = try database.photoCertification(id)
        let jpeg = try database.openPhoto(record.photoSHA256)
        try database.write { db in
            try AuditLog.append(db, in: database, staff: staff.id, action: .photoViewed, subject: nil, detail: "photo=\(record.id)")
        }
        return (record, jpeg)
    }

    /// Four eyes: a supervisor other than the photographer approves, and the resident is
    /// certified as of the moment the photo was taken. Not a photo also submitted for another
    /// resident, until a supervisor found that alert a false match.
    public func approve(_ id: String) throws(KioskError) -> Certified {
        try staff.mustBeAllowed(.reviewPhotos)
        return try database.write { db in
            let row = try pendingRow(db, id, reviewer: staff)
            let recordID: String = row["id"]
            guard try !AlertsDesk.photoUnderSuspicion(db, row["photo_sha256"]) else { throw KioskError.photoSharedWithAnother(id: recordID) }
            let certified = try CertifyDesk.record(db, in: database, of: ResidentID(trusted: row["resident_id"]), method: .photo,
                                                     evidence: "photo=\(row["photo_sha256"] as String)", by: staff, at: row["captured_at"])
            try insertReview(db, recordID, decision: "approved", reason: "", certification: certified.certification.id, by: staff, action: .photoApproved)
            return certified
        }
    }

    /// Rejected with the reason: the resident stays as they were (due, overdue...) and must be
    /// contacted to certify again.
    /// Returns the certification the resident has this cycle all the same (by another method,
    /// meanwhile), so nobody is told they are uncertified when they are not.
    public func reject(_ id: String, reason: String) throws(KioskError) -> CertificationFact? {
        try staff.mustBeAllowed(.reviewPhotos)
        return try database.write { db in
            let row = try pendingRow(db, id, reviewer: staff)
            try insertReview(db, row["id"], decision: "rejected", reason: reason, certification: nil, by: staff, action: .photoRejected)
            if case .certified(let certified) = database.status(of: try database.requireFile(db, ResidentID(trusted: row["resident_id"]))) { return certified.last }
            return nil
        }
    }

    /// The photo certification `typed` names (its long id or short number), not reviewed yet
    /// and not taken by `reviewer`.
    private func pendingRow(_ db: Database, _ typed: String, reviewer: StaffMember) throws -> Row {
        guard let id = try AppDatabase.recordID(db, in: .photoCertification, typed: typed),
              let row = try Row.fetchOne(db, sql: "SELECT * FROM photo_certification WHERE id = ?", arguments: [id]) else {
            throw KioskError.photoReviewNotFound(typed)
        }
        if let decision = try String.fetchOne(db, sql: "SELECT decision FROM photo_review WHERE photo_certification_id = ?", arguments: [id]) {
            throw KioskError.photoAlreadyReviewed(id: id, status: decision == "approved" ? .approved : .rejected)
        }
        guard row["staff_id"] as String != reviewer.id else { throw KioskError.photoOwnReview(id) }
        return row
    }

    private func insertReview(_ db: Database, _ id: String, decision: String, reason: String, certification: String?, by staff: StaffMember,
                              action: AuditAction) throws {
        let now = database.clock.now()
        let reviewID = RecordID.make(at: now)
        try db.execute(sql: """
            INSERT INTO photo_review (id, service_point, photo_certification_id, reviewed_at, staff_id, decision, reason, certification_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [reviewID, database.servicePoint.code, id, now, staff.id, decision, reason, certification])
        try AuditLog.append(db, in: database, staff: staff.id, action: action, subject: .init(table: "photo_review", id: reviewID),
                            detail: "photo=\(id)")
    }
}
