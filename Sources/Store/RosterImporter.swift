import Crypto
import Dispatch
import Domain
import Foundation
import GRDB
import GRDBSQLite
import Synchronization

extension AppDatabase {
    /// Imports the bureau's roster CSV all or nothing: a kill at any moment leaves the database
    /// as it was before or as it is after, never in between; and the counter keeps working
    /// meanwhile (`RosterStaging`: the import never holds the write lock for more than a moment).
    ///
    /// Rows are checked in parallel on every core, sorted by ID number, and merged with the stored
    /// ones in key order, so that every B-tree is written in order. A re-import or a daily delta
    /// inserts new residents and updates the bureau's columns of known ones; it never touches what
    /// the kiosk recorded (certifications, contact changes, death reports), and a contact change
    /// made here stands until the bureau sends a different value of its own.
    package func importRoster(path: String, strict: Bool, by staff: StaffMember,
                             progress: (@Sendable (RosterImportProgress) -> Void)? = nil) throws(KioskError) -> RosterImportReport {
        let file = try RosterFile(path: path, legacyAbroadInsuredRegion: policy.jurisdiction.legacyAbroadInsuredRegion)
        defer { file.deallocate() }
        let checked = try file.check(today: clock.today, legacyAbroadRegionCodes: policy.jurisdiction.legacyAbroadRegionCodes,
                                     progress: progress)
        let (order, duplicates) = checked.uniqueOrder(in: file)
        var rejections = checked.rejections + duplicates
        rejections.sort { $0.line < $1.line }

        var report = RosterImportReport(importID: nil, fileName: URL(fileURLWithPath: path).lastPathComponent,
                                        fileSHA256: checked.sha256, rows: checked.rows.count + checked.rejections.count,
                                        inserted: 0, updated: 0, unchanged: 0, rejections: rejections,
                                        legacyAbroadLines: checked.legacyAbroadLines.map(Int.init).sorted(), committed: false)
        if strict, !rejections.isEmpty { return report }

        guard let lock = try RosterImportLock.acquire(for: self) else { throw KioskError.rosterImportRunning }
        defer { withExtendedLifetime(lock) {} }
        try requireRoomToImport(fileBytes: file.count)
        var staging = try RosterStaging(database: self, file: file, rows: checked.rows, order: order)
        do {
            try staging.fill(report: &report, progress: progress)
            try staging.swap { db, residents in
                report.importID = try recordRosterImport(db, report, by: staff, residents: residents)
            }
        } catch {
            dropStaging()
            throw error
        }
        report.committed = true
        return report
    }
}

extension AppDatabase {
    /// An import's own record and audit entry (with the resident table's digest after it), inside
    /// the import's last transaction, and the alerts it raises: the bureau's roster may bring a
    /// certification dated after a death reported here (FAQ 19-20). Returns the import's ID.
    package func recordRosterImport(_ db: Database, _ report: RosterImportReport, by staff: StaffMember, residents: TableDigest) throws -> String {
        let now = clock.now()
        let importID = RecordID.make(at: now)
        try db.execute(sql: """
            INSERT INTO roster_import (id, service_point, staff_id, imported_at, file_name, file_sha256, rows,
                                       inserted, updated, unchanged, rejected)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [importID, servicePoint.code, staff.id, now, report.fileName, report.fileSHA256, report.rows,
                             report.inserted, report.updated, report.unchanged, report.rejections.count])
        try AuditLog.append(db, in: self, staff: staff.id, action: .rosterImported, subject: .init(table: "roster_import", id: importID),
                            detail: "sha256=\(report.fileSHA256) rows=\(report.rows) inserted=\(report.inserted) updated=\(report.updated) unchanged=\(report.unchanged) rejected=\(report.rejections.count)",
                            residentDigest: residents)
        for row in try Row.fetchAll(db, sql: """
            SELECT r.id_number, r.last_certified, d.date_of_death FROM death_anywhere d JOIN resident r ON r.id_number = d.resident_id
            WHERE r.last_certified > d.date_of_death
            """) {
            guard let certified = CivilDate(row["last_certified"] as String), let died = CivilDate(row["date_of_death"] as String) else { continue }
            try raisePosthumousAlert(db, ResidentID(trusted: row["id_number"]), PosthumousCertification(certifiedOn: certified, diedOn: died),
                                     by: staff)
        }
        return importID
    }
}

/// A roster row that passed every check, as positions in the file buffer plus typed values.
struct CheckedRow {
    /// The ID number as an integer that sorts like the text: 17 digits, then the check value
    /// (X = 10). Sorting by it writes the table's B-tree in order; equal keys are the same ID.
    var key: UInt64
    var line: Int32
    var status: RosterStatus
    var mobility: Mobility?
    var method: CertificationMethod?
    var residence: Residence?
    /// The insured region was an old code for living abroad: the row is written with the region
    /// given to such rows instead (`RosterFile.legacyAbroadInsuredRegion`).
    var legacyAbroadCode: Bool
    /// Fen, or -1 when the roster leaves it empty.
    var pension: Int64
    /// Where each text column lies in the buffer, packed as offset << 24 | length.
    var spans: InlineArray<8, UInt64>
    /// The whole record in the buffer, packed like `spans`, for the rejects file.
    var record: UInt64
    /// The row's digest as inserted new (no contact change made here), ready to add to the table's.
    var digest: TableDigest

    enum Span: Int { case id, name, region, suspendedSince, phone, address, community, lastCertified }

    /// The sort key of an 18-character ID number, checked or stored (wrapping arithmetic: a
    /// stored value edited into something else must not crash the import that reads it).
    static func key(of id: UnsafeRawBufferPointer) -> UInt64 {
        guard id.count == 18 else { return 0 }
        var key: UInt64 = 0
        for index in 0..<17 { key = key &* 10 &+ UInt64(id[index] &- 48) }
        return key &* 11 &+ (id[17] == UInt8(ascii: "X") ? 10 : UInt64(id[17] &- 48))
    }
}

/// The roster file in memory, and the checking pass over it.
final class RosterFile: @unchecked Sendable {
    let path: String
    let bytes: UnsafeMutableBufferPointer<UInt8>
    /// The six digits written for a row with an old abroad code, kept at a fixed address (bound
    /// without a copy, like the file's own fields) until `deallocate()`.
    let legacyAbroadInsuredRegion: UnsafeMutableRawBufferPointer

    init(path: String, legacyAbroadInsuredRegion region: String) throws(KioskError) {
        self.path = path
        legacyAbroadInsuredRegion = .allocate(byteCount: region.utf8.count, alignment: 1)
        legacyAbroadInsuredRegion.copyBytes(from: region.utf8)
        let descriptor = Foundation.open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .rosterFile(.unreadable(path: path, detail: String(cString: strerror(errno)))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            legacyAbroadInsuredRegion.deallocate()
            throw .rosterFile(.unreadable(path: path, detail: "not a regular file"))
        }
        let size = Int(info.st_size)
        guard size < 1 << 40 else {
            legacyAbroadInsuredRegion.deallocate()
            throw .rosterFile(.unreadable(path: path, detail: "file too large"))
        }
        bytes = .allocate(capacity: max(size, 1))
        var offset = 0
        while offset < size {
            let count = read(descriptor, bytes.baseAddress! + offset, size - offset)
            if count <= 0 {
                bytes.deallocate()
                legacyAbroadInsuredRegion.deallocate()
                throw .rosterFile(.unreadable(path: path, detail: String(cString: strerror(errno))))
            }
            offset += count
        }
        if size == 0 { bytes[0] = 0 }
        count = size
    }

    /// A roster already in memory: the rows the city hub sent down, as CSV.
    init(name: String, contents: [UInt8], legacyAbroadInsuredRegion region: String) {
        path = name
        legacyAbroadInsuredRegion = .allocate(byteCount: region.utf8.count, alignment: 1)
        legacyAbroadInsuredRegion.copyBytes(from: region.utf8)
        bytes = .allocate(capacity: max(contents.count, 1))
        if contents.isEmpty { bytes[0] = 0 } else { _ = bytes.initialize(from: contents) }
        count = contents.count
    }

    let count: Int

    private var released = false

    /// Frees the buffer; safe to call twice.
    func deallocate() {
        guard !released else { return }
        released = true
        bytes.deallocate()
        legacyAbroadInsuredRegion.deallocate()
    }

    var readOnly: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: UnsafeBufferPointer(bytes)[0..<count]) }

    func text(of row: CheckedRow) -> String {
        let start = Int(row.record >> 24)
        return text(start, start + Int(row.record & 0xFF_FFFF))
    }
    func text(_ start: Int, _ end: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: readOnly[start..<end]), as: UTF8.self) }

    func field(_ row: CheckedRow, _ span: CheckedRow.Span) -> UnsafeRawBufferPointer {
        let packed = row.spans[span.rawValue]
        return UnsafeRawBufferPointer(start: bytes.baseAddress! + Int(packed >> 24), count: Int(packed & 0xFF_FFFF))
    }

    struct Checked {
        var rows: [CheckedRow]
        var rejections: [RosterRejection]
        var sha256: String
        var quotedOriginals: [Int32: String]
        var legacyAbroadLines: [Int32]

        /// A valid row's text as it stood in the file.
        func original(of row: CheckedRow, in file: RosterFile) -> String { quotedOriginals[row.line] ?? file.text(of: row) }

        /// The valid rows' positions sorted by ID number, each ID once: the first line with an ID
        /// wins, later lines with the same ID are rejected as duplicates.
        func uniqueOrder(in file: RosterFile) -> (order: [Int], duplicates: [RosterRejection]) {
            // Sort compact (key, position) pairs rather than positions compared through the rows: a
            // million comparisons then stay in the cache. Equal keys keep file order.
            var keyed = rows.enumerated().map { (key: $0.element.key, index: $0.offset) }
            keyed.sort { ($0.key, $0.index) < ($1.key, $1.index) }
            var unique: [Int] = []
            unique.reserveCapacity(keyed.count)
            var duplicates: [RosterRejection] = []
            for index in keyed.lazy.map(\.index) {
                if let previous = unique.last, rows[previous].key == rows[index].key {
                    duplicates.append(RosterRejection(line: Int(rows[index].line),
                                                      problems: [RosterProblem(nil, .duplicate(firstLine: Int(rows[previous].line)))],
                                                      record: original(of: rows[index], in: file)))
                } else {
                    unique.append(index)
                }
            }
            return (unique, duplicates)
        }
    }

    /// Reads the header, then checks every record in parallel. Encoding problems refuse the whole
    /// file (a GBK file would otherwise be rejected row by row); row problems reject the row.
    func check(today: CivilDate, legacyAbroadRegionCodes: [String],
               progress: (@Sendable (RosterImportProgress) -> Void)?) throws(KioskError) -> Checked {
        let source = readOnly
        let digestOfFile = Mutex("")
        let hashing = DispatchGroup()
        DispatchQueue.global().async(group: hashing) { [self] in
            let hex = SHA256.hash(data: UnsafeRawBufferPointer(readOnly)).hex
            digestOfFile.withLock { $0 = hex }
        }
        let bom = count >= 3 && source[0] == 0xEF && source[1] == 0xBB && source[2] == 0xBF ? 3 : 0
        let records = CSVScanner.records(in: source, from: bom, firstLine: 1)
        hashing.wait()
        guard let header = records.first else { throw .rosterFile(.empty(path: path)) }
        let columns = try headerColumns(header)
        let body = records.dropFirst()
        // A header and no rows (an empty daily delta) is a valid, empty import.
        let chunkCount = min(max(body.count, 1), max(1, ProcessInfo.processInfo.activeProcessorCount) * 8)
        let outcomes = Mutex([ChunkOutcome](repeating: ChunkOutcome(), count: chunkCount))
        let done = Mutex(0)
        let validator = RosterRowValidator(today: today, legacyAbroadRegionCodes: legacyAbroadRegionCodes)
        let firstRecord = body.startIndex
        @Sendable func bounds(_ chunk: Int) -> Range<Int> {
            (firstRecord + body.count * chunk / chunkCount)..<(firstRecord + body.count * (chunk + 1) / chunkCount)
        }
        // Each chunk writes its valid rows into its own stretch of one array (no second copy of a
        // million rows); the stretches are then closed up in order.
        let rows = [CheckedRow](unsafeUninitializedCapacity: body.count) { buffer, initializedCount in
            let slots = RowSlots(base: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                let range = bounds(chunk)
                let outcome = checkRecords(records[range], columns: columns, validator: validator,
                                           into: slots.base + (range.lowerBound - firstRecord))
                outcomes.withLock { $0[chunk] = outcome }
                let total = done.withLock { $0 += range.count; return $0 }
                progress?(.init(phase: .checking, done: total, total: body.count))
            }
            var filled = 0
            for (chunk, outcome) in outcomes.withLock({ $0 }).enumerated() {
                let start = bounds(chunk).lowerBound - firstRecord
                if start != filled { (buffer.baseAddress! + filled).moveInitialize(from: buffer.baseAddress! + start, count: outcome.validRows) }
                filled += outcome.validRows
            }
            initializedCount = filled
        }
        var rejections: [RosterRejection] = []
        var quotedOriginals: [Int32: String] = [:]
        var legacyAbroadLines: [Int32] = []
        for outcome in outcomes.withLock({ $0 }) {
            if let line = outcome.invalidUTF8Line {
                throw .rosterFile(.notUTF8(path: path, line: Int(line), looksLikeGBK: outcome.looksLikeGBK))
            }
            rejections.append(contentsOf: outcome.rejections)
            quotedOriginals.merge(outcome.quotedOriginals) { $1 }
            legacyAbroadLines += outcome.legacyAbroadLines
        }
        return Checked(rows: rows, rejections: rejections, sha256: digestOfFile.withLock { $0 }, quotedOriginals: quotedOriginals,
                       legacyAbroadLines: legacyAbroadLines)
    }

    /// Where the parallel check writes rows: each chunk only into its own stretch.
    private struct RowSlots: @unchecked Sendable {
        let base: UnsafeMutablePointer<CheckedRow>
    }

    private func headerColumns(_ header: CSVScanner.RecordSpan) throws(KioskError) -> [RosterColumn] {
        guard CSVScanner.isValidUTF8(readOnly, header.start, header.end) else {
            throw .rosterFile(.notUTF8(path: path, line: 1, looksLikeGBK: CSVScanner.looksLikeGBK(readOnly, header.start, header.end)))
        }
        var fields: [CSVScanner.FieldSpan] = []
        do {
            try CSVScanner.split(header, in: bytes, into: &fields)
        } catch {
            throw .rosterFile(.missingHeader(path: path))
        }
        var columns: [RosterColumn] = []
        for (position, field) in fields.enumerated() {
            let name = text(field.start, field.start + field.count)
            guard let column = RosterColumn(header: name) else {
                // Personal data must not reach the message: a first line of data (no header) or a
                // long value is reported without its text.
                let looksLikeData = name.count > 32 || name.filter(\.isNumber).count >= 6
                throw .rosterFile(looksLikeData ? .missingHeader(path: path) : .unknownColumn(path: path, column: position + 1, header: name))
            }
            guard !columns.contains(column) else { throw .rosterFile(.duplicateColumn(path: path, header: name)) }
            columns.append(column)
        }
        let missing = RosterColumn.allCases.filter { $0.isRequired && !columns.contains($0) }
        guard missing.isEmpty else { throw .rosterFile(.missingColumns(path: path, missing.map(\.header))) }
        return columns
    }

    struct ChunkOutcome {
        var validRows = 0
        var rejections: [RosterRejection] = []
        var invalidUTF8Line: Int32?
        var looksLikeGBK = false
        /// The original text of valid rows that had quotes (unquoting rewrote them in the buffer),
        /// in case one turns out to be a duplicate.
        var quotedOriginals: [Int32: String] = [:]
        var legacyAbroadLines: [Int32] = []
    }

    /// Checks a run of records, writing valid rows to `output` one after another.
    private func checkRecords(_ records: ArraySlice<CSVScanner.RecordSpan>, columns: [RosterColumn],
                              validator: RosterRowValidator, into output: UnsafeMutablePointer<CheckedRow>) -> ChunkOutcome {
        var outcome = ChunkOutcome()
        var fields: [CSVScanner.FieldSpan] = []
        var ordered = [UnsafeBufferPointer<UInt8>](repeating: UnsafeBufferPointer(start: nil, count: 0), count: RosterColumn.allCases.count)
        let base = bytes.baseAddress!
        for record in records {
            guard CSVScanner.isValidUTF8(readOnly, record.start, record.end) else {
                if outcome.invalidUTF8Line == nil {
                    outcome.invalidUTF8Line = record.line
                    outcome.looksLikeGBK = CSVScanner.looksLikeGBK(readOnly, record.start, record.end)
                }
                continue
            }
            // Unquoting rewrites the buffer; keep the original text of a quoted record for the rejects file.
            let hasQuotes = memchr(base + record.start, Int32(CSVScanner.quote), record.end - record.start) != nil
            let original = hasQuotes ? text(record.start, record.end) : nil
            func reject(_ problems: [RosterProblem]) {
                outcome.rejections.append(RosterRejection(line: Int(record.line), problems: problems,
                                                         record: original ?? text(record.start, record.end)))
            }
            do {
                try CSVScanner.split(record, in: bytes, into: &fields)
            } catch {
                reject([RosterProblem(nil, error == .unterminatedQuote ? .unterminatedQuote : .textAfterClosingQuote)])
                continue
            }
            // A row of empty cells (Excel leaves them below the data) is not a row.
            if fields.allSatisfy({ $0.count == 0 }) { continue }
            guard fields.count == columns.count else {
                reject([RosterProblem(nil, .wrongFieldCount(expected: columns.count, found: fields.count))])
                continue
            }
            for (position, column) in columns.enumerated() {
                ordered[column.rawValue] = UnsafeBufferPointer(start: base + fields[position].start, count: fields[position].count)
            }
            let id = ordered[RosterColumn.idNumber.rawValue]
            if id.count == 18, id[17] == UInt8(ascii: "x") { (base + fields[columns.firstIndex(of: .idNumber)!].start)[17] = UInt8(ascii: "X") }
            switch validator.validate(ordered) {
            case .invalid(let problems):
                reject(problems)
            case .valid(let values):
                (output + outcome.validRows).initialize(to: checkedRow(values, ordered, record))
                outcome.validRows += 1
                if values.legacyAbroadCode { outcome.legacyAbroadLines.append(record.line) }
                if let original { outcome.quotedOriginals[record.line] = original }
            }
        }
        return outcome
    }

    private func checkedRow(_ values: RosterValues, _ fields: [UnsafeBufferPointer<UInt8>], _ record: CSVScanner.RecordSpan) -> CheckedRow {
        let base = UnsafePointer(bytes.baseAddress!)
        func pack(_ column: RosterColumn) -> UInt64 {
            let field = fields[column.rawValue]
            return UInt64(field.baseAddress.map { $0 - base } ?? 0) << 24 | UInt64(field.count)
        }
        var row = CheckedRow(key: CheckedRow.key(of: UnsafeRawBufferPointer(fields[RosterColumn.idNumber.rawValue])), line: record.line, status: values.status, mobility: values.mobility, method: values.lastMethod,
                             residence: values.residence, legacyAbroadCode: values.legacyAbroadCode,
                             pension: values.monthlyPension?.fen ?? -1,
                             spans: [pack(.idNumber), pack(.name), pack(.insuredRegion), pack(.suspendedSince), pack(.phone),
                                     pack(.address), pack(.community), pack(.lastCertified)],
                             record: UInt64(record.start) << 24 | UInt64(min(record.end - record.start, 0xFF_FFFF)), digest: TableDigest())
        row.digest.add(ResidentColumns(file: self, row: row).digest())
        return row
    }
}

/// The resident table's columns for one roster row: the one place that knows how a roster row
/// becomes a database row, for the INSERT, the UPDATE and the audit digest alike.
package struct ResidentColumns {
    enum Value {
        case null
        case integer(Int64)
        case text(UnsafeRawBufferPointer)

        var isNull: Bool {
            if case .null = self { return true }
            return false
        }

        func sameAs(_ other: Value) -> Bool {
            switch (self, other) {
            case (.null, .null): true
            case (.integer(let a), .integer(let b)): a == b
            case (.text(let a), .text(let b)): a.elementsEqual(b)
            default: false
            }
        }
    }

    /// The table's columns, in table order (the digest covers them by position).
    package static let names = ["id_number", "name", "insured_region", "roster_status", "suspended_since", "monthly_pension", "phone",
                        "address", "community", "mobility", "last_certified", "last_method", "local_phone", "local_address", "residence"]
    package static let list = names.joined(separator: ", ")
    package static var count: Int { names.count }

    /// Kept inline (no heap allocation per row): a million rows pass through here.
    var values: InlineArray<15, Value>

    static let idColumn = 0, nameColumn = 1, insuredRegionColumn = 2, statusColumn = 3, suspendedSinceColumn = 4
    static let pensionColumn = 5, phoneColumn = 6, addressColumn = 7, communityColumn = 8, mobilityColumn = 9,
               lastCertifiedColumn = 10, lastMethodColumn = 11, localPhoneColumn = 12, localAddressColumn = 13, residenceColumn = 14

    init(file: RosterFile, row: CheckedRow) {
        func text(_ span: CheckedRow.Span) -> Value {
            let field = file.field(row, span)
            return field.isEmpty ? .null : .text(field)
        }
        func word(_ value: StaticString?) -> Value {
            value.map { .text(UnsafeRawBufferPointer(start: $0.utf8Start, count: $0.utf8CodeUnitCount)) } ?? .null
        }
        let region: Value = row.legacyAbroadCode ? .text(UnsafeRawBufferPointer(file.legacyAbroadInsuredRegion)) : text(.region)
        values = [text(.id), text(.name), region, word(Self.canonical(row.status)), text(.suspendedSince),
                  row.pension >= 0 ? .integer(row.pension) : .null, text(.phone), text(.address), text(.community),
                  word(row.mobility.map(Self.canonical)), text(.lastCertified), word(row.method.map(Self.canonical)),
                  .null, .null, word(row.residence.map(Self.canonical))]
    }

    /// Folds a roster row into the stored one it updates. An empty cell means "unknown" and keeps
    /// the stored value (a delta need not repeat what the bureau sent before); a certification date
    /// and its method go together. A contact change made here stands until the bureau sends a
    /// value of its own that differs from the one it sent before. The suspension month follows the
    /// status, so it is always taken from the row.
    mutating func merge(over old: (Int) -> Value) {
        let keepWhenEmpty = [Self.pensionColumn, Self.phoneColumn, Self.addressColumn, Self.communityColumn, Self.mobilityColumn,
                             Self.residenceColumn]
        for column in keepWhenEmpty where values[column].isNull { values[column] = old(column) }
        if values[Self.lastCertifiedColumn].isNull {
            values[Self.lastCertifiedColumn] = old(Self.lastCertifiedColumn)
            values[Self.lastMethodColumn] = old(Self.lastMethodColumn)
        }
        for (bureau, local) in [(Self.phoneColumn, Self.localPhoneColumn), (Self.addressColumn, Self.localAddressColumn)]
        where values[bureau].sameAs(old(bureau)) {
            values[local] = old(local)
        }
    }

    func digest() -> SHA256.Digest {
        var digest = RowDigest(table: "resident")
        for index in values.indices {
            if values[index].isNull { continue }
            digest.appendColumn(index)
            switch values[index] {
            case .null: break
            case .integer(let number): digest.appendInteger(number)
            case .text(let bytes): digest.appendText(bytes)
            }
        }
        return digest.finalize()
    }

    /// Binds the values as parameters offset+1 ... offset+15. Text is bound without a copy when it
    /// lives in the file buffer for the whole transaction; `transient` copies it (values read from
    /// another statement).
    func bind(to statement: OpaquePointer, transient: Bool, offset: Int = 0) {
        let lifetime = unsafeBitCast(Int(transient ? -1 : 0), to: sqlite3_destructor_type.self)
        for index in values.indices {
            let parameter = Int32(offset + index + 1)
            switch values[index] {
            case .null: sqlite3_bind_null(statement, parameter)
            case .integer(let number): sqlite3_bind_int64(statement, parameter, number)
            case .text(let bytes):
                sqlite3_bind_text(statement, parameter, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), lifetime)
            }
        }
    }

    // StaticString keeps each stored word at a fixed address, so it can be bound without a copy.
    static func canonical(_ status: RosterStatus) -> StaticString {
        switch status {
        case .normal: "normal"
        case .suspended: "suspended"
        case .terminated: "terminated"
        }
    }

    static func canonical(_ mobility: Mobility) -> StaticString {
        switch mobility {
        case .none: "none"
        case .elderly: "elderly"
        case .disabled: "disabled"
        case .ill: "ill"
        }
    }

    static func canonical(_ residence: Residence) -> StaticString {
        switch residence {
        case .harbin: "harbin"
        case .elsewhere: "elsewhere"
        case .abroad: "abroad"
        }
    }

    static func canonical(_ method: CertificationMethod) -> StaticString {
        switch method {
        case .faceApp: "face_app"
        case .silent: "silent"
        case .fingerprint: "fingerprint"
        case .photo: "photo"
        case .homeVisit: "home_visit"
        case .consulate: "consulate"
        }
    }
}
