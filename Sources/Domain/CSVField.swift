/// One cell of a CSV file the kiosk writes, for a spreadsheet to open.
public enum CSVField {
    /// `field` as a CSV cell: neutralised against spreadsheet formulas, then quoted as CSV requires.
    ///
    /// Names, addresses and notes come from the bureau's roster and from what staff type; a cell
    /// that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by spreadsheets as a
    /// formula (`=HYPERLINK(...)`, a DDE call), so such a cell gets a leading `'`, as OWASP's
    /// "CSV injection" advice has it. A plain number (`-3`, `+86`, `-12.50`) is left as it is: a
    /// spreadsheet reads it as that number, never as a call, and counts and amounts stay numbers.
    public static func escape(_ field: String) -> String {
        let neutral = startsFormula(field) && !isPlainNumber(field) ? "'" + field : field
        guard neutral.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return neutral }
        return "\"" + neutral.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func startsFormula(_ field: String) -> Bool {
        guard let first = field.unicodeScalars.first else { return false }
        return ["=", "+", "-", "@", "\t", "\r"].contains(first)
    }

    /// An optional sign, digits, and an optional fraction: `-3`, `+86`, `1800.50`.
    private static func isPlainNumber(_ field: String) -> Bool {
        let unsigned = field.utf8.drop { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
        guard field.utf8.count - unsigned.count == 1 else { return false }
        let parts = unsigned.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return (1...2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { (48...57).contains($0) } }
    }
}
