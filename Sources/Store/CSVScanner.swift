import Foundation

/// RFC 4180 CSV on raw bytes: records end at a newline outside quotes, fields are split at commas
/// outside quotes, quoted fields may hold commas, newlines and doubled quotes. Works in place on
/// the file's buffer so that a million-row roster is parsed without a String per field.
enum CSVScanner {
    /// Where one record lies in the buffer (newline and carriage return excluded), and the physical
    /// line it starts on, as an editor would number it.
    struct RecordSpan {
        var start: Int
        var end: Int
        var line: Int32
    }

    /// A field's bytes in the buffer, after unquoting and trimming.
    struct FieldSpan {
        var start: Int
        var count: Int
    }

    enum SplitError: Error {
        case unterminatedQuote
        case textAfterClosingQuote
    }

    static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")

    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// Every non-blank record from `offset` on. Only a quote that opens a field starts a quoted
    /// field (a stray quote inside a name is just a character); a quote left open runs to the end
    /// of the file and is reported by `split` on that record.
    static func records(in buffer: UnsafeBufferPointer<UInt8>, from offset: Int, firstLine: Int32) -> [RecordSpan] {
        var records: [RecordSpan] = []
        records.reserveCapacity(buffer.count / 100)
        guard let base = buffer.baseAddress else { return records }
        var position = offset
        var line = firstLine
        let end = buffer.count
        while position < end {
            let start = position
            let startLine = line
            // Most lines hold no quote: find the newline with memchr and check the line for a quote.
            let lineEnd = memchr(base + position, Int32(Self.newline), end - position).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? end
            if memchr(base + position, Int32(quote), lineEnd - position) == nil {
                position = lineEnd
                if position < end { line += 1 }
            } else {
                enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
                var state = State.fieldStart
                scan: while position < end {
                    let byte = buffer[position]
                    if byte == Self.newline {
                        line += 1
                        if state != .quoted { break scan }
                    }
                    switch (state, byte) {
                    case (.fieldStart, quote): state = .quoted
                    case (.fieldStart, _) where isBlank(byte) || byte == comma: break
                    case (.fieldStart, _): state = .unquoted
                    case (.unquoted, comma): state = .fieldStart
                    case (.quoted, quote): state = .quoteInQuoted
                    case (.quoteInQuoted, quote): state = .quoted
                    case (.quoteInQuoted, comma): state = .fieldStart
                    case (.quoteInQuoted, _) where isBlank(byte): break
                    case (.quoteInQuoted, _): state = .unquoted
                    default: break
                    }
                    position += 1
                }
            }
            var recordEnd = position
            if recordEnd > start, buffer[recordEnd - 1] == carriageReturn { recordEnd -= 1 }
            position += 1
            if buffer[start..<recordEnd].contains(where: { !isBlank($0) }) {
                records.append(RecordSpan(start: start, end: recordEnd, line: startLine))
            }
        }
        return records
    }

    /// Splits one record into `fields`, unquoting in place (a quoted field's content moves left
    /// over its quotes), and trims blanks around unquoted fields.
    static func split(_ record: RecordSpan, in buffer: UnsafeMutableBufferPointer<UInt8>, into fields: inout [FieldSpan]) throws(SplitError) {
        fields.removeAll(keepingCapacity: true)
        var position = record.start
        let end = record.end
        while true {
            while position < end, isBlank(buffer[position]) { position += 1 }
            if position < end, buffer[position] == quote {
                position += 1
                let contentStart = position
                var write = position
                var closed = false
                while position < end {
                    let byte = buffer[position]
                    if byte == quote {
                        if position + 1 < end, buffer[position + 1] == quote {
                            buffer[write] = quote
                            write += 1
                            position += 2
                            continue
                        }
                        closed = true
                        position += 1
                        break
                    }
                    buffer[write] = byte
                    write += 1
                    position += 1
                }
                guard closed else { throw .unterminatedQuote }
                while position < end, isBlank(buffer[position]) { position += 1 }
                guard position == end || buffer[position] == comma else { throw .textAfterClosingQuote }
                fields.append(FieldSpan(start: contentStart, count: write - contentStart))
            } else {
                let fieldStart = position
                while position < end, buffer[position] != comma { position += 1 }
                var fieldEnd = position
                while fieldEnd > fieldStart, isBlank(buffer[fieldEnd - 1]) { fieldEnd -= 1 }
                fields.append(FieldSpan(start: fieldStart, count: fieldEnd - fieldStart))
            }
            if position >= end { return }
            position += 1 // the comma
            if position == end {
                fields.append(FieldSpan(start: end, count: 0))
                return
            }
        }
    }

    /// Whether `bytes` are well-formed UTF-8 (no overlong forms, no surrogates).
    static func isValidUTF8(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var index = start
        while index < end {
            let lead = buffer[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int
            var minimum: UInt32
            var scalar: UInt32
            switch lead {
            case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(lead & 0x1F)
            case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(lead & 0x0F)
            case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(lead & 0x07)
            default: return false
            }
            guard index + length <= end else { return false }
            for offset in 1..<length {
                let byte = buffer[index + offset]
                guard byte & 0xC0 == 0x80 else { return false }
                scalar = scalar << 6 | UInt32(byte & 0x3F)
            }
            guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return false }
            index += length
        }
        return true
    }

    /// Whether invalid UTF-8 looks like GBK/GB18030 Chinese (lead 0x81-0xFE, trail 0x40-0xFE), the
    /// encoding Excel uses when it saves a Chinese CSV.
    static func looksLikeGBK(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var index = start, pairs = 0
        while index < end {
            let byte = buffer[index]
            if byte < 0x80 { index += 1; continue }
            guard (0x81...0xFE).contains(byte), index + 1 < end, (0x40...0xFE).contains(buffer[index + 1]) else { return false }
            pairs += 1
            index += 2
        }
        return pairs > 0
    }
}
