/// A key as the screens see it, whatever the terminal sent.
public enum Key: Hashable, Sendable {
    case character(Character)
    case enter, escape, backspace, delete, tab, backTab
    case up, down, left, right, home, end, pageUp, pageDown
    /// F1 ... F12.
    case function(Int)
    /// Ctrl and a letter (lower case).
    case control(Character)
    /// The terminal changed size.
    case resize
}
