import Domain
import GRDB

/// Short numbers (`ShortNumber`) for the records a family asks about: drawn at random, unique in
/// their table, and accepted wherever the long id is.
package enum ShortNumberTable: String, Sendable {
    case visitBooking = "visit_booking"
    case photoCertification = "photo_certification"
}

extension AppDatabase {
    /// A number no record of `table` has, inside the transaction that will use it.
    package static func freshShortNumber(_ db: Database, in table: ShortNumberTable) throws -> String {
        var generator = SystemRandomNumberGenerator()
        while true {
            let number = ShortNumber.random(using: &generator).text
            let taken = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table.rawValue) WHERE short_number = ?)", arguments: [number]) ?? false
            if !taken { return number }
        }
    }

    /// The long id of the record `typed` names: its long id, or its short number as staff typed it.
    package static func recordID(_ db: Database, in table: ShortNumberTable, typed: String) throws -> String? {
        if let id = try String.fetchOne(db, sql: "SELECT id FROM \(table.rawValue) WHERE id = ?", arguments: [typed]) { return id }
        guard let number = ShortNumber(typed: typed) else { return nil }
        return try String.fetchOne(db, sql: "SELECT id FROM \(table.rawValue) WHERE short_number = ?", arguments: [number.text])
    }
}
