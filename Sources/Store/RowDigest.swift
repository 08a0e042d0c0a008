import Crypto
import Foundation
import GRDB
import GRDBSQLite

/// The canonical bytes of a database row, hashed with SHA-256. The audit log stores the digest of
/// every record it covers; `kiosk audit verify` recomputes them from the tables, so an edit made
/// behind the kiosk's back (with the sqlite3 tool, say) no longer matches.
///
/// Encoding: the table name, then for each column that is not NULL its position in the table and
/// its value, with a type tag (integers as 8 big-endian bytes, text and blobs length-prefixed).
/// Leaving NULL columns out keeps old records' digests valid when a later migration adds a column
/// (SQLite adds columns at the end, so positions do not move). Every writer and the verifier use
/// this one encoder.
struct RowDigest {
    // The canonical bytes are gathered first and hashed once: a row is a few hundred bytes, and
    // one hash call per row costs far less than one per value.
    private var bytes: [UInt8] = []

    init(table: String) {
        bytes.reserveCapacity(512)
        appendText(table)
    }

    mutating func appendNull() {
        bytes.append(0)
    }

    mutating func appendInteger(_ value: Int64) {
        bytes.append(1)
        appendBigEndian(UInt64(bitPattern: value))
    }

    mutating func appendReal(_ value: Double) {
        bytes.append(3)
        appendBigEndian(value.bitPattern)
    }

    mutating func appendText(_ text: UnsafeRawBufferPointer) {
        appendLengthPrefixed(tag: 2, text)
    }

    mutating func appendText(_ text: String) {
        var text = text
        text.withUTF8 { appendText(UnsafeRawBufferPointer($0)) }
    }

    mutating func appendText(_ text: String?) {
        if let text { appendText(text) } else { appendNull() }
    }

    mutating func appendBlob(_ blob: UnsafeRawBufferPointer) {
        appendLengthPrefixed(tag: 4, blob)
    }

    private mutating func appendLengthPrefixed(tag: UInt8, _ content: UnsafeRawBufferPointer) {
        let length = UInt32(content.count)
        bytes.append(tag)
        bytes.append(UInt8(truncatingIfNeeded: length >> 24))
        bytes.append(UInt8(truncatingIfNeeded: length >> 16))
        bytes.append(UInt8(truncatingIfNeeded: length >> 8))
        bytes.append(UInt8(truncatingIfNeeded: length))
        bytes.append(contentsOf: content)
    }

    private mutating func appendBigEndian(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    func finalize() -> SHA256.Digest { SHA256.hash(data: bytes) }

    /// Adds a column's position, before its value (NULL columns are left out altogether).
    mutating func appendColumn(_ position: Int) {
        bytes.append(5)
        bytes.append(UInt8(truncatingIfNeeded: position >> 8))
        bytes.append(UInt8(truncatingIfNeeded: position))
    }

    /// The digest of the current row of a stepped SQLite statement, every column from
    /// `firstColumn` on, in order.
    static func of(statement: OpaquePointer, table: String, firstColumn: Int32 = 0) -> SHA256.Digest {
        var digest = RowDigest(table: table)
        for column in firstColumn..<sqlite3_column_count(statement) {
            let type = sqlite3_column_type(statement, column)
            guard type != SQLITE_NULL else { continue }
            digest.appendColumn(Int(column - firstColumn))
            switch type {
            case SQLITE_INTEGER:
                digest.appendInteger(sqlite3_column_int64(statement, column))
            case SQLITE_FLOAT:
                digest.appendReal(sqlite3_column_double(statement, column))
            case SQLITE_BLOB:
                let pointer = sqlite3_column_blob(statement, column)
                digest.appendBlob(UnsafeRawBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(statement, column))))
            default:
                let pointer = sqlite3_column_text(statement, column)
                digest.appendText(UnsafeRawBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(statement, column))))
            }
        }
        return digest.finalize()
    }

    /// The digest of one stored record, or nil when no row has that key.
    static func ofRecord(_ db: Database, table: String, keyColumn: String, key: String) throws -> SHA256.Digest? {
        let statement = try db.cachedStatement(sql: "SELECT * FROM \(table) WHERE \(keyColumn) = ?")
        try statement.setArguments([key])
        let raw = statement.sqliteStatement
        defer { sqlite3_reset(raw) }
        switch sqlite3_step(raw) {
        case SQLITE_ROW: return of(statement: raw, table: table)
        case SQLITE_DONE: return nil
        case let code: throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }
}

/// An order-independent digest of a whole table: the wrapping sum, lane by lane, of its rows'
/// digests. Adding or removing a row updates it in constant time, which is what lets a
/// million-row import keep the audit log's view of the resident table current.
package struct TableDigest: Hashable, Sendable {
    private(set) var lanes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    package static func == (lhs: TableDigest, rhs: TableDigest) -> Bool { lhs.hex == rhs.hex }
    package func hash(into hasher: inout Hasher) { hasher.combine(hex) }

    package init() {}

    init?(hex: String) {
        let bytes = Array(hex.utf8)
        guard bytes.count == 64 else { return nil }
        func lane(_ index: Int) -> UInt64? { UInt64(String(decoding: bytes[(index * 16)..<(index * 16 + 16)], as: UTF8.self), radix: 16) }
        guard let a = lane(0), let b = lane(1), let c = lane(2), let d = lane(3) else { return nil }
        lanes = (a, b, c, d)
    }

    private static func lanes(of digest: SHA256.Digest) -> (UInt64, UInt64, UInt64, UInt64) {
        digest.withUnsafeBytes { raw in
            (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
             raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        }
    }

    package mutating func add(_ digest: SHA256.Digest) {
        let d = Self.lanes(of: digest)
        lanes = (lanes.0 &+ d.0, lanes.1 &+ d.1, lanes.2 &+ d.2, lanes.3 &+ d.3)
    }

    package mutating func remove(_ digest: SHA256.Digest) {
        let d = Self.lanes(of: digest)
        lanes = (lanes.0 &- d.0, lanes.1 &- d.1, lanes.2 &- d.2, lanes.3 &- d.3)
    }

    mutating func add(_ other: TableDigest) {
        let d = other.lanes
        lanes = (lanes.0 &+ d.0, lanes.1 &+ d.1, lanes.2 &+ d.2, lanes.3 &+ d.3)
    }

    var hex: String {
        [lanes.0, lanes.1, lanes.2, lanes.3].map { lane in
            let text = String(lane, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }.joined()
    }
}

extension SHA256.Digest {
    package var hex: String { map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }
}
