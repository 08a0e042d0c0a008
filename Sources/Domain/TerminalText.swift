/// Text from the records made safe to show on a terminal.
///
/// Names, addresses and notes come from the bureau's roster and from what staff type. A control
/// character in them would act on the terminal instead of being shown: ESC and the C1 controls
/// (U+0080-U+009F; U+009B is an 8-bit CSI) start sequences that move the cursor, recolour or
/// clear the screen, set the window title or plant a link; bidirectional overrides and isolates
/// (U+202A-U+202E, U+2066-U+2069) and the direction marks (U+200E, U+200F, U+061C) reorder what
/// follows them, so a line can show something other than what it says. Each such character is
/// shown instead as `<U+XXXX>` (its code point, at least four hex digits), which no one can
/// mistake for the record's own text. The command line (every line it prints) and the kiosk's
/// screen (every cell it draws) use this one rule.
public enum TerminalText {
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: acts) else { return text }
        var shown = ""
        for scalar in text.unicodeScalars {
            if acts(scalar) { shown += visible(scalar) } else { shown.unicodeScalars.append(scalar) }
        }
        return shown
    }

    /// The same rule for text of several lines, whose line breaks are its layout (a table, a
    /// visit sheet): each line is escaped, the breaks between them are kept.
    public static func escapedLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { escaped(String($0)) }.joined(separator: "\n")
    }

    /// Whether a terminal would act on `scalar` rather than show it.
    public static func acts(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }

    /// `<U+001B>`, `<U+202E>`.
    static func visible(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }
}
