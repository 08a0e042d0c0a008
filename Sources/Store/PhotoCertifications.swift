import Crypto
import Domain
import Files
import Foundation
import GRDB

extension AppDatabase {
    /// Sealed photos live under the data directory, named by the SHA-256 of the picture.
    var photoDirectory: String { (path as NSString).deletingLastPathComponent + "/photos" }

    /// Takes a photo certification: the resident must be one this service point may certify,
    /// and fewer than `maxPending` may be waiting for review. The photo is sealed (AES-GCM, the
    /// print key) into its file inside the transaction that writes the record, so that under the
    /// write lock a sealed photo without a record is always one an interrupted certification left
    /// (`sweepUnrecordedPhotos`); the certification counts only once a supervisor approves it.
    public func recordPhotoCertification(of id: ResidentID, jpeg: Data, width: Int, height: Int, fromCamera: Bool, maxPending: Int,
                                         by staff: StaffMember) throws(KioskError) -> PhotoCertification {
        try authorize(staff, .certify)
        let hash = SHA256.hash(data: jpeg).hex
        var created = false
        let recording: Result<String, KioskError> = Result { () throws(KioskError) -> String in try write { db in
            let file = try requireFile(db, id)
            let status = status(of: file)
            if let refusal = status.certificationRefusal(again: nil) { throw refusal }
            let pending = try Self.pendingPhotoCount(db)
            guard pending < maxPending else { throw KioskError.photoPendingLimit(maxPending) }
            created = try storePhoto(jpeg, hash: hash)
            let now = clock.now()
            let recordID = RecordID.make(at: now)
            try db.execute(sql: """
                INSERT INTO photo_certification (id, service_point, resident_id, captured_at, staff_id, photo_sha256, width, height, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [recordID, servicePoint.code, id.fullNumber, now, staff.id, hash, width, height, fromCamera ? "camera" : "file"])
            try AuditLog.append(db, in: self, staff: staff.id, action: .photoTaken, subject: .init(table: "photo_certification", id: recordID),
                                detail: "sha256=\(hash)")
            return recordID
        } }
        switch recording {
        case .success(let recordID): return try photoCertification(recordID)
        case .failure(let error):
            // Not recorded after all (the transaction failed): the sealed photo made for it goes too.
            if created { unlink(photoPath(hash).file) }
            throw error
        }
    }

    /// Photo certifications waiting for review (with `all`, reviewed ones too), oldest first.
    public func photoCertifications(all: Bool = false, by staff: StaffMember) throws(KioskError) -> [PhotoCertification] {
        try authorize(staff, .reviewPhotos)
        return try read { db in try photoRecords(db, id: nil).filter { all || $0.status == .pendingReview } }
    }

    /// How many wait for review: the home screen's end-of-day figure.
    public func pendingPhotoReviews() throws(KioskError) -> Int {
        try read { db in try Self.pendingPhotoCount(db) }
    }

    static func pendingPhotoCount(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: """
            SELECT count(*) FROM photo_certification p WHERE NOT EXISTS (SELECT 1 FROM photo_review r WHERE r.photo_certification_id = p.id)
            """) ?? 0
    }

    public func photoCertification(_ id: String) throws(KioskError) -> PhotoCertification {
        guard let record = try read({ db in try photoRecords(db, id: id).first }) else { throw .photoReviewNotFound(id) }
        return record
    }

    /// The picture, opened for a supervisor to look at; the viewing is audited.
    public func photo(of id: String, by staff: StaffMember) throws(KioskError) -> Data {
        try authorize(staff, .reviewPhotos)
        let record = try photoCertification(id)
        let jpeg = try openPhoto(record.photoSHA256)
        try write { db in
            try AuditLog.append(db, in: self, staff: staff.id, action: .photoViewed, subject: nil, detail: "photo=\(id)")
        }
        return jpeg
    }

    /// Four eyes: a supervisor other than the photographer approves, and the resident is
    /// certified as of the moment the photo was taken.
    public func approvePhoto(_ id: String, by staff: StaffMember) throws(KioskError) -> Certified {
        try authorize(staff, .reviewPhotos)
        return try write { db in
            let row = try pendingRow(db, id, reviewer: staff)
            let certified = try insertCertification(db, of: ResidentID(trusted: row["resident_id"]), method: .photo,
                                                     evidence: "photo=\(row["photo_sha256"] as String)", by: staff, at: row["captured_at"])
            try insertReview(db, id, decision: "approved", reason: "", certification: certified.certification.id, by: staff, action: .photoApproved)
            return certified
        }
    }

    /// Rejected with the reason: the resident stays as they were (due, overdue...) and must be
    /// contacted to certify again.
    /// Returns the certification the resident has this cycle all the same (by another method,
    /// meanwhile), so nobody is told they are uncertified when they are not.
    public func rejectPhoto(_ id: String, reason: String, by staff: StaffMember) throws(KioskError) -> CertificationFact? {
        try authorize(staff, .reviewPhotos)
        return try write { db in
            let row = try pendingRow(db, id, reviewer: staff)
            try insertReview(db, id, decision: "rejected", reason: reason, certification: nil, by: staff, action: .photoRejected)
            if case .certified(let certified) = status(of: try requireFile(db, ResidentID(trusted: row["resident_id"]))) { return certified.last }
            return nil
        }
    }

    // MARK: Records

    private func pendingRow(_ db: Database, _ id: String, reviewer: StaffMember) throws -> Row {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM photo_certification WHERE id = ?", arguments: [id]) else {
            throw KioskError.photoReviewNotFound(id)
        }
        if let decision = try String.fetchOne(db, sql: "SELECT decision FROM photo_review WHERE photo_certification_id = ?", arguments: [id]) {
            throw KioskError.photoAlreadyReviewed(id: id, status: decision == "approved" ? .approved : .rejected)
        }
        guard row["staff_id"] as String != reviewer.id else { throw KioskError.photoOwnReview(id) }
        return row
    }

    private func insertReview(_ db: Database, _ id: String, decision: String, reason: String, certification: String?, by staff: StaffMember,
                              action: AuditAction) throws {
        let now = clock.now()
        let reviewID = RecordID.make(at: now)
        try db.execute(sql: """
            INSERT INTO photo_review (id, service_point, photo_certification_id, reviewed_at, staff_id, decision, reason, certification_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [reviewID, servicePoint.code, id, now, staff.id, decision, reason, certification])
        try AuditLog.append(db, in: self, staff: staff.id, action: action, subject: .init(table: "photo_review", id: reviewID),
                            detail: "photo=\(id)")
    }

    private func photoRecords(_ db: Database, id: String?) throws -> [PhotoCertification] {
        try Row.fetchAll(db, sql: """
            SELECT p.*, r.name AS resident_name, s.name AS staff_name, v.decision, v.reason, v.certification_id, vs.name AS reviewer
            FROM photo_certification p JOIN resident r ON r.id_number = p.resident_id JOIN staff s ON s.id = p.staff_id
            LEFT JOIN photo_review v ON v.photo_certification_id = p.id LEFT JOIN staff vs ON vs.id = v.staff_id
            \(id == nil ? "" : "WHERE p.id = ?") ORDER BY p.captured_at, p.rowid
            """, arguments: id.map { [$0] } ?? []).map { row in
            let decision: String? = row["decision"]
            return PhotoCertification(id: row["id"], residentID: ResidentID(trusted: row["resident_id"]), residentName: row["resident_name"],
                                      capturedAt: clock.local(row["captured_at"]), staffName: row["staff_name"], photoSHA256: row["photo_sha256"],
                                      width: row["width"], height: row["height"], source: row["source"],
                                      status: decision == "approved" ? .approved : decision == "rejected" ? .rejected : .pendingReview,
                                      reviewedBy: row["reviewer"], reason: row["reason"], certificationID: row["certification_id"])
        }
    }

    // MARK: The sealed files

    func photoPath(_ hash: String) -> (directory: String, file: String) {
        let directory = photoDirectory + "/" + hash.prefix(2)
        return (directory, directory + "/" + hash + ".sealed")
    }

    /// Removes sealed photos no record names: left by a certification killed between sealing its
    /// photo and committing its record. It runs under the write lock, where no certification is
    /// half done (each seals its photo inside its own transaction), and only when the lock is
    /// free at once: opening the database never waits for an import; the next start sweeps.
    func sweepUnrecordedPhotos() throws(KioskError) -> Int {
        try Self.attempt(path) {
            try writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA busy_timeout = 0")
                defer { try? db.execute(sql: "PRAGMA busy_timeout = \(Int(Self.busyTimeout * 1000))") }
                var removed = 0
                do {
                    try db.inTransaction(.immediate) {
                        let recorded = Set(try String.fetchAll(db, sql: "SELECT DISTINCT photo_sha256 FROM photo_certification"))
                        for hash in sealedPhotoHashes() where !recorded.contains(hash) {
                            if unlink(photoPath(hash).file) == 0 { removed += 1 }
                        }
                        return .commit
                    }
                } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                    return 0
                }
                return removed
            }
        }
    }

    /// The hashes of the sealed photo files under the photo directory.
    private func sealedPhotoHashes() -> [String] {
        let files = FileManager.default
        return ((try? files.contentsOfDirectory(atPath: photoDirectory)) ?? []).flatMap { folder in
            ((try? files.contentsOfDirectory(atPath: photoDirectory + "/" + folder)) ?? [])
                .filter { Self.isPhotoPath("photos/\(folder)/\($0)") }
                .map { String($0.dropLast(".sealed".count)) }
        }
    }

    /// Bound into the seal: a sealed photo renamed to another hash does not open.
    func photoContext(_ hash: String) -> Data { Data("kiosk-photo:\(hash)".utf8) }

    /// Seals the photo into its file (0600 in 0700 directories). What touches the disk, even the
    /// file written before the rename, is only ever the sealed bytes.
    /// True when the file is new (false: the same picture was already stored).
    private func storePhoto(_ jpeg: Data, hash: String) throws(KioskError) -> Bool {
        let (directory, file) = photoPath(hash)
        if FileManager.default.fileExists(atPath: file) { return false }
        let sealed: Data
        do {
            sealed = try AES.GCM.seal(jpeg, using: printKey, authenticating: photoContext(hash)).combined!
        } catch {
            throw .fileFailure(path: file, detail: String(describing: error))
        }
        for path in [photoDirectory, directory] where !FileManager.default.fileExists(atPath: path) {
            if mkdir(path, 0o700) != 0 && errno != EEXIST { throw .fileFailure(path: path, detail: String(cString: strerror(errno))) }
        }
        try PrivateFile.write(sealed, to: file)
        return true
    }

    private func openPhoto(_ hash: String) throws(KioskError) -> Data {
        let file = photoPath(hash).file
        guard let sealed = FileManager.default.contents(atPath: file) else { throw .photoMissing(hash) }
        do {
            let jpeg = try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: printKey, authenticating: photoContext(hash))
            guard SHA256.hash(data: jpeg).hex == hash else { throw KioskError.photoMissing(hash) }
            return jpeg
        } catch {
            throw .photoMissing(hash)
        }
    }
}
