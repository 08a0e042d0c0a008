import Domain

/// A line of typed text: a name, an ID number, a date. Keeps only what `accepts` allows, up to
/// `limit` characters; a secret field shows dots.
struct TextField: Hashable {
    enum Kind: Hashable {
        case text, secret
        /// An ID number: digits and X (a typed x becomes X).
        case idNumber
        /// Digits and `-` (dates, phone numbers).
        case digits
    }

    var value = ""
    var kind: Kind = .text
    var limit = 60

    init(_ value: String = "", kind: Kind = .text, limit: Int = 60) {
        self.value = value
        self.kind = kind
        self.limit = limit
    }

    var trimmed: String { value.trimmingSpaces() }

    /// Edits the field; false for keys it does not use.
    mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .backspace:
            if !value.isEmpty { value.removeLast() }
            return true
        case .control("u"):
            value = ""
            return true
        case .character(let character):
            guard let accepted = accept(character), value.count < limit else { return true }
            value.append(accepted)
            return true
        default:
            return false
        }
    }

    private func accept(_ character: Character) -> Character? {
        guard !character.isNewline, character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else { return nil }
        switch kind {
        case .text, .secret: return character
        case .idNumber:
            if character.isASCII, character.isNumber { return character }
            return character == "x" || character == "X" ? "X" : nil
        case .digits:
            return (character.isASCII && character.isNumber) || character == "-" ? character : nil
        }
    }

    /// Draws `label` and the field's box at `row`; puts the cursor at its end when focused.
    func draw(_ canvas: inout Canvas, row: Int, column: Int, labelWidth: Int, width: Int, label: String, focused: Bool) {
        canvas.text(label, row: row, column: column, style: .label, width: labelWidth)
        let x = column + labelWidth + 1
        let boxWidth = max(1, width - labelWidth - 1)
        canvas.fill(row: row, column: x, width: boxWidth, style: focused ? .focused : .field)
        let shown = kind == .secret ? String(repeating: "•", count: value.count) : value
        // The end of a long value stays visible while typing.
        var visible = shown
        while TextWidth.of(visible) > boxWidth - 1, !visible.isEmpty { visible.removeFirst() }
        let used = canvas.text(visible, row: row, column: x, style: focused ? .focused : .field, width: boxWidth)
        if focused { canvas.cursor = (row, x + used) }
    }
}
