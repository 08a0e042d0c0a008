import Crypto
import Domain
import Files
import Foundation
import GRDB

extension AppDatabase {
    /// Sealed photos live under the data directory, named by the SHA-256 of the picture.
    var photoDirectory: String { (path as NSString).deletingLastPathComponent + "/photos" }

    /// How many wait for review: the home screen's end-of-day figure.
    public func pendingPhotoReviews() throws(KioskError) -> Int {
        try read { db in try Self.pendingPhotoCount(db) }
    }

    package static func pendingPhotoCount(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: """
            SELECT count(*) FROM photo_certification p WHERE NOT EXISTS (SELECT 1 FROM photo_review r WHERE r.photo_certification_id = p.id)
            """) ?? 0
    }

    public func photoCertification(_ id: String) throws(KioskError) -> PhotoCertification {
        guard let record = try read({ db in try photoRecords(db, id: id).first }) else { throw .photoReviewNotFound(id) }
        return record
    }

    /// Photo certifications: one (by its long id or short number) or all.
    package func photoRecords(_ db: Database, id typed: String?) throws -> [PhotoCertification] {
        var id: String?
        if let typed {
            guard let found = try Self.recordID(db, in: .photoCertification, typed: typed) else { return [] }
            id = found
        }
        return try Row.fetchAll(db, sql: """
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
                                      reviewedBy: row["reviewer"], reason: row["reason"], certificationID: row["certification_id"],
                                      shortNumber: row["short_number"])
        }
    }

    // MARK: The sealed files

    package func photoPath(_ hash: String) -> (directory: String, file: String) {
        let directory = photoDirectory + "/" + hash.prefix(2)
        return (directory, directory + "/" + hash + ".sealed")
    }

    /// Removes sealed photos no record names: left by a certification killed between sealing its
    /// photo and committing its record. It runs under the write lock, where no certification is
    /// half done (each seals its photo inside its own transaction), and only when the lock is
    /// free at once: opening the database never waits for an import; the next start sweeps.
    func sweepUnrecordedPhotos() throws(KioskError) -> Int {
        try writeWithoutWaiting { db in
            let recorded = Set(try String.fetchAll(db, sql: "SELECT DISTINCT photo_sha256 FROM photo_certification"))
            var removed = 0
            for hash in sealedPhotoHashes() where !recorded.contains(hash) {
                if unlink(photoPath(hash).file) == 0 { removed += 1 }
            }
            return removed
        } ?? 0
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
    package func storePhoto(_ jpeg: Data, hash: String) throws(KioskError) -> Bool {
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

    package func openPhoto(_ hash: String) throws(KioskError) -> Data {
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
