import Domain
import Foundation
import GRDB

// The rows of the kiosk's own tables as GRDB records: each column named once, here, and turned
// into the domain's value in one place. A stored word the kiosk does not know is an error
// (`storedWord`), never a default. (The resident table is read by position instead, through
// `ResidentColumns`' named positions: the due report maps a city's residents at a time.)

/// A row of `staff`.
package struct StaffRow: FetchableRecord, Decodable, Sendable {
    package var id: String
    package var name: String
    package var role: String
    package var passwordHash: String
    package var failedAttempts: Int
    package var lockedUntil: Int64?
    package var active: Bool

    enum CodingKeys: String, CodingKey {
        case id, name, role, passwordHash = "password_hash", failedAttempts = "failed_attempts", lockedUntil = "locked_until", active
    }

    package static func named(_ name: String, in db: Database) throws -> StaffRow? {
        try StaffRow.fetchOne(db, sql: "SELECT * FROM staff WHERE name = ?", arguments: [name])
    }

    package func member() throws(KioskError) -> StaffMember {
        StaffMember(id: id, name: name, role: try storedWord(role, table: "staff", column: "role"))
    }
}

/// A row of `certification`, with the name of the staff member who recorded it (`staff_name`).
package struct CertificationRow: FetchableRecord, Decodable, Sendable {
    package var id: String
    package var residentID: String
    package var certifiedAt: Int64
    package var method: String
    package var servicePoint: String
    package var staffName: String
    package var evidence: String?
    package var receipt: String
    package var repeatReason: String?

    enum CodingKeys: String, CodingKey {
        case id, residentID = "resident_id", certifiedAt = "certified_at", method, servicePoint = "service_point",
             staffName = "staff_name", evidence, receipt, repeatReason = "repeat_reason"
    }

    package func certification(_ clock: KioskClock) throws(KioskError) -> KioskCertification {
        KioskCertification(id: id, residentID: residentID, certifiedAt: clock.local(certifiedAt),
                           method: try storedWord(method, table: "certification", column: "method"), servicePoint: servicePoint,
                           staffName: staffName, evidence: evidence, receipt: receipt, repeatReason: repeatReason)
    }
}

/// A row of `enrolled_print`: the print itself still sealed.
package struct EnrolledPrintRow: FetchableRecord, Codable, Sendable {
    package var id: String
    package var residentID: String
    package var finger: String
    package var driver: String
    package var deviceID: String
    package var storedOnDevice: Bool
    package var sealed: Data
    package var enrolledAt: Int64
    /// NULL for prints sealed before formats were recorded, which are format 1.
    package var format: Int64?

    enum CodingKeys: String, CodingKey {
        case id, residentID = "resident_id", finger, driver, deviceID = "device_id", storedOnDevice = "stored_on_device", sealed,
             enrolledAt = "enrolled_at", format
    }
}
