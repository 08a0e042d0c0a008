import Domain

/// A line of typed text: a name, an ID number, a date. Keeps only what `accepts` allows, up to
/// `limit` characters; a secret field shows dots. Edited as staff expect from any line editor:
/// ←→, Home, End, Backspace, Delete, and Ctrl-U to clear it.
struct TextField: Hashable {
    enum Kind: Hashable {
        case text, secret
        /// An ID number: digits and X (a typed x becomes X).
        case idNumber
        /// Digits and `-` (dates, phone numbers).
        case digits
    }

    var value = "" {
        didSet { cursor = value.count }
    }
    var kind: Kind = .text
    var limit = 60
    /// Where typing goes, in characters from the start.
    private(set) var cursor = 0
    /// The whole value is selected: the next character typed replaces it (a refused ID number
    /// stays on screen to be read, and is gone as soon as staff type the right one).
    private(set) var isSelected = false

    init(_ value: String = "", kind: Kind = .text, limit: Int = 60) {
        self.value = value
        self.kind = kind
        self.limit = limit
        cursor = value.count
    }

    var trimmed: String { value.trimmingSpaces() }

    /// Selects the whole value, so typing replaces it.
    mutating func selectAll() { isSelected = !value.isEmpty }

    /// Edits the field; false for keys it does not use (a character it cannot hold included, so
    /// `?` in an ID number opens the help).
    mutating func handle(_ key: Key) -> Bool {
        let selected = isSelected
        isSelected = false
        switch key {
        case .backspace:
            if selected { value = "" } else if cursor > 0 { remove(at: cursor - 1) }
        case .delete:
            if selected { value = "" } else if cursor < value.count { remove(at: cursor) }
        case .control("u"):
            value = ""
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(value.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = value.count
        case .character(let character):
            guard let accepted = accept(character) else {
                isSelected = selected
                return false
            }
            if selected { value = "" }
            guard value.count < limit else { return true }
            let at = cursor
            value.insert(accepted, at: value.index(value.startIndex, offsetBy: at))
            cursor = at + 1
        default:
            isSelected = selected
            return false
        }
        return true
    }

    private mutating func remove(at offset: Int) {
        value.remove(at: value.index(value.startIndex, offsetBy: offset))
        cursor = offset
    }

    private func accept(_ character: Character) -> Character? {
        guard !character.isNewline, character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else { return nil }
        switch kind {
        case .text, .secret: return character
        case .idNumber:
            let character = Self.halfWidth(character)
            if character.isASCII, character.isNumber { return character }
            return character == "x" || character == "X" ? "X" : nil
        case .digits:
            let character = Self.halfWidth(character)
            return (character.isASCII && character.isNumber) || character == "-" ? character : nil
        }
    }

    /// A Chinese input method in full-width mode types `１２３` and `－`: the same digits to us.
    static func halfWidth(_ character: Character) -> Character {
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first,
              (0xFF01...0xFF5E).contains(scalar.value), let narrow = Unicode.Scalar(scalar.value - 0xFEE0) else { return character }
        return Character(narrow)
    }

    /// Draws `label` and the field's box at `row`; puts the cursor where typing goes when focused.
    func draw(_ canvas: inout Canvas, row: Int, column: Int, labelWidth: Int, width: Int, label: String, focused: Bool) {
        canvas.text(label, row: row, column: column, style: .label, width: labelWidth)
        let x = column + labelWidth + 1
        let boxWidth = max(1, width - labelWidth - 1)
        canvas.fill(row: row, column: x, width: boxWidth, style: focused ? .focused : .field)
        let textStyle: Style = !focused ? .field : isSelected ? .selected : .focused
        let shown = kind == .secret ? String(repeating: "•", count: value.count) : value
        // The cursor stays in the box: the start scrolls out of sight until what is before it fits.
        var before = String(shown.prefix(cursor))
        while TextWidth.of(before) > boxWidth - 1, !before.isEmpty { before.removeFirst() }
        let used = canvas.text(before, row: row, column: x, style: textStyle, width: boxWidth)
        canvas.text(String(shown.dropFirst(cursor)), row: row, column: x + used, style: textStyle, width: boxWidth - used)
        if focused { canvas.cursor = (row, x + used) }
    }
}
