import CNcurses
import Foundation

/// The real terminal, through ncursesw: the alternate screen (so nothing shown stays in the
/// scroll-back after the kiosk ends), raw keys with function keys decoded, colours where the
/// terminal has them. One instance, used from the kiosk's UI thread only.
final class CursesTerminal {
    private(set) var hasColours = false
    private let wake: Int32

    /// `wake` is a pipe's read end that other threads write to; a resize writes to it too.
    init(wake: (read: Int32, write: Int32)) {
        self.wake = wake.read
        // Wide characters need a UTF-8 locale; the kiosk's machine may have none configured.
        setlocale(LC_ALL, "")
        if String(cString: nl_langinfo(Int32(CODESET))) != "UTF-8" { setlocale(LC_ALL, "C.UTF-8") }
        // An Esc alone is "back": wait only a little for the rest of an escape sequence.
        setenv("ESCDELAY", "40", 0)
        initscr()
        kiosk_wake_on_resize(wake.write)
        raw()
        noecho()
        nonl()
        keypad(kiosk_screen(), true)
        nodelay(kiosk_screen(), true)
        if has_colors() {
            start_color()
            use_default_colors()
            hasColours = true
            for style in Style.allCases where style != .normal {
                let (foreground, background) = Self.colours(style)
                init_pair(Int16(style.rawValue), foreground, background)
            }
        }
    }

    func end() {
        endwin()
    }

    var size: (rows: Int, columns: Int) { (Int(kiosk_lines()), Int(kiosk_columns())) }

    /// Shows `canvas`; ncurses sends only what changed since the last one.
    func present(_ canvas: Canvas) {
        werase(kiosk_screen())
        for row in 0..<canvas.rows {
            for run in canvas.runs(row) {
                wattrset(kiosk_screen(), Int32(bitPattern: attributes(run.style)))
                var characters = run.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
                characters.append(0)
                mvwaddnwstr(kiosk_screen(), Int32(row), Int32(run.column), characters, Int32(characters.count - 1))
            }
        }
        wattrset(kiosk_screen(), 0)
        if let cursor = canvas.cursor {
            curs_set(1)
            wmove(kiosk_screen(), Int32(cursor.row), Int32(cursor.column))
        } else {
            curs_set(0)
        }
        wrefresh(kiosk_screen())
    }

    func bell() { beep() }

    /// Waits until a key may be ready, the wake pipe becomes readable, or `milliseconds` pass.
    func wait(milliseconds: Int) {
        var descriptors = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0), pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
        _ = poll(&descriptors, 2, Int32(max(0, milliseconds)))
    }

    /// The next key already typed, or nil.
    func nextKey() -> Key? {
        var value: wint_t = 0
        switch wget_wch(kiosk_screen(), &value) {
        case OK: return Self.key(character: UInt32(value))
        case KEY_CODE_YES: return Self.key(code: Int32(value))
        default: return nil
        }
    }

    static func key(character value: UInt32) -> Key? {
        switch value {
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 9: return .tab
        case 1...26: return .control(Character(Unicode.Scalar(value + 96)!))
        default: return Unicode.Scalar(value).map { .character(Character($0)) }
        }
    }

    static func key(code: Int32) -> Key? {
        switch code {
        case KEY_ENTER: .enter
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_BTAB: .backTab
        case KEY_RESIZE: .resize
        case (KEY_F0 + 1)...(KEY_F0 + 12): .function(Int(code - KEY_F0))
        default: nil
        }
    }

    private func attributes(_ style: Style) -> attr_t {
        if hasColours {
            let pair = style == .normal ? 0 : kiosk_color_pair(Int16(style.rawValue))
            switch style {
            case .title, .good, .bad, .warning, .banner, .focused: return pair | kiosk_attr_bold()
            case .field: return pair | kiosk_attr_underline()
            default: return pair
            }
        }
        switch style {
        case .normal, .label, .paper: return kiosk_attr_normal()
        case .title, .banner: return kiosk_attr_reverse() | kiosk_attr_bold()
        case .dim: return kiosk_attr_dim()
        case .key, .selected: return kiosk_attr_reverse()
        case .field: return kiosk_attr_underline()
        case .focused: return kiosk_attr_reverse() | kiosk_attr_underline()
        case .good, .warning: return kiosk_attr_bold()
        case .bad: return kiosk_attr_bold() | kiosk_attr_underline()
        }
    }

    private static func colours(_ style: Style) -> (Int16, Int16) {
        let (black, red, green, yellow, blue, cyan, white) = (Int16(COLOR_BLACK), Int16(COLOR_RED), Int16(COLOR_GREEN), Int16(COLOR_YELLOW),
                                                               Int16(COLOR_BLUE), Int16(COLOR_CYAN), Int16(COLOR_WHITE))
        switch style {
        case .normal: return (-1, -1)
        case .title: return (white, blue)
        case .label: return (cyan, -1)
        case .dim: return (-1, -1)
        case .key: return (black, cyan)
        case .field: return (-1, -1)
        case .focused: return (black, white)
        case .selected: return (black, yellow)
        case .good: return (green, -1)
        case .bad: return (red, -1)
        case .warning: return (yellow, -1)
        case .banner: return (white, blue)
        case .paper: return (black, white)
        }
    }
}
