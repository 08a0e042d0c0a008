/// Terminal display width: Chinese characters and full-width forms take two columns, combining
/// marks none. Tables and screens measure and cut text with this, never by character count.
public enum TextWidth {
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0 { return 0 }
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark { return 0 }
        if value == 0x200B || (0x200C...0x200F).contains(value) { return 0 }
        return isWide(value) ? 2 : 1
    }

    static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            true
        default:
            false
        }
    }

    public static func of(_ text: some StringProtocol) -> Int {
        text.unicodeScalars.reduce(0) { $0 + of($1) }
    }

    /// `text` cut to at most `width` columns, ending with `…` when cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard of(text) > width else { return text }
        guard width > 0 else { return "" }
        var result = ""
        var used = 0
        for character in text {
            let w = of(String(character))
            if used + w > width - 1 { break }
            result.append(character)
            used += w
        }
        return result + "…"
    }

    /// `text` cut or padded with spaces to exactly `width` columns.
    public static func pad(_ text: String, to width: Int) -> String {
        let cut = truncate(text, to: width)
        return cut + String(repeating: " ", count: max(0, width - of(cut)))
    }
}

extension TextWidth {
    /// `text` in lines of at most `width` columns: Chinese may break between any two characters,
    /// other text at spaces (a word longer than a line is cut). Newlines in `text` are kept.
    public static func wrap(_ text: String, to width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = "", used = 0
            var pendingSpace = false
            for word in tokens(String(paragraph)) {
                if word == " " {
                    pendingSpace = used > 0
                    continue
                }
                let wordWidth = of(word)
                let needed = wordWidth + (pendingSpace ? 1 : 0)
                if used > 0, used + needed > width {
                    // Chinese punctuation never starts a line: the character before it comes along.
                    if closingPunctuation.contains(word), let last = line.last, of(String(last)) == 2, line.count > 1 {
                        line.removeLast()
                        lines.append(line)
                        line = String(last)
                        used = 2
                    } else {
                        lines.append(line)
                        line = ""
                        used = 0
                    }
                } else if pendingSpace {
                    line += " "
                    used += 1
                }
                pendingSpace = false
                if wordWidth > width {
                    // One unbreakable run longer than a line: cut it by characters.
                    for character in word {
                        let w = of(String(character))
                        if used + w > width {
                            lines.append(line)
                            line = ""
                            used = 0
                        }
                        line.append(character)
                        used += w
                    }
                } else {
                    line += word
                    used += wordWidth
                }
            }
            lines.append(line)
        }
        return lines
    }

    private static let closingPunctuation: Set<String> = ["，", "。", "、", "；", "：", "？", "！", "）", "」", "』", "”", "》"]

    /// Words of Latin text, each wide character on its own, and single spaces.
    private static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var word = ""
        for character in text {
            if character == " " {
                if !word.isEmpty { tokens.append(word) }
                word = ""
                tokens.append(" ")
            } else if of(String(character)) == 2 {
                if !word.isEmpty { tokens.append(word) }
                word = ""
                tokens.append(String(character))
            } else {
                word.append(character)
            }
        }
        if !word.isEmpty { tokens.append(word) }
        return tokens
    }

    /// `text` centred in `width` columns (left-padded only).
    public static func center(_ text: String, in width: Int) -> String {
        String(repeating: " ", count: max(0, (width - of(text)) / 2)) + text
    }

    /// Labels and values as a printed slip lays them out in `width` columns: each value beside its
    /// label (labels padded to one width), or, when it does not fit, on the lines below it.
    public static func labelled(_ fields: [(label: String, value: String)], width: Int) -> [String] {
        let labelWidth = fields.map { of($0.label) }.max() ?? 0
        return fields.flatMap { label, value in
            labelWidth + 1 + of(value) <= width ? [pad(label, to: labelWidth) + " " + value]
                : [label] + wrap(value, to: width - 2).map { "  " + $0 }
        }
    }
}
