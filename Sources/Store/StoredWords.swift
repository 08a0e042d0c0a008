import Domain

/// Reads a word the kiosk stored from a closed vocabulary (a finger, a role, a status, a method).
/// A value it does not know, from a newer kiosk or an edit behind its back, is an error naming
/// where it is, never a default: an unknown role read as operator, or an unknown finger as the
/// right index, would quietly change what a record says.
package func storedWord<Word: RawRepresentable>(_ value: String, table: String, column: String) throws(KioskError) -> Word
where Word.RawValue == String {
    guard let word = Word(rawValue: value) else {
        throw .storedValueUnknown(table: table, column: column, value: String(value.unicodeScalars.prefix(32).filter { $0.isASCII && $0.value >= 0x20 }))
    }
    return word
}

/// The same for a column that may be empty.
package func storedWord<Word: RawRepresentable>(_ value: String?, table: String, column: String) throws(KioskError) -> Word?
where Word.RawValue == String {
    try value.map { value throws(KioskError) in try storedWord(value, table: table, column: column) }
}
