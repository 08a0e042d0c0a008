import Foundation
import Synchronization

/// A second terminal facing the resident (`kiosk run --resident-tty /dev/ttyN`): written to with
/// plain ANSI sequences, never read from, so it takes no keys and curses keeps the staff's
/// terminal alone. Redrawn only when what it shows changes.
public final class ResidentTerminal: Sendable {
    public struct OpenFailed: Error, Sendable {
        public let path: String
        public let detail: String
    }

    private let descriptor: Int32
    public let rows: Int
    public let columns: Int
    private let shown = Mutex<[String]?>(nil)

    public init(path: String) throws(OpenFailed) {
        descriptor = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { throw OpenFailed(path: path, detail: String(cString: strerror(errno))) }
        var size = winsize()
        if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 {
            rows = Int(size.ws_row)
            columns = Int(size.ws_col)
        } else {
            (rows, columns) = (24, 80)
        }
        // The cursor hidden, the screen cleared.
        send("\u{1B}[?25l\u{1B}[0m\u{1B}[2J")
    }

    deinit {
        send("\u{1B}[0m\u{1B}[2J\u{1B}[H\u{1B}[?25h")
        close(descriptor)
    }

    /// Shows `canvas` if it differs from what is on the terminal.
    public func present(_ canvas: Canvas) {
        let lines = (0..<canvas.rows).map { canvas.line($0) + "\(canvas.runs($0).map(\.style))" }
        let changed = shown.withLock { shown in
            defer { shown = lines }
            return shown != lines
        }
        guard changed else { return }
        // Each row written over the last, its blank end erased: no clearing, so no flicker, and the
        // last cell of the screen is never written, so the terminal never scrolls.
        var output = ""
        for row in 0..<canvas.rows {
            var runs = canvas.runs(row)
            while let last = runs.last, last.style == .normal, last.text.allSatisfy({ $0 == " " }) { runs.removeLast() }
            output += "\u{1B}[\(row + 1);1H"
            for run in runs { output += Self.sgr(run.style) + run.text + "\u{1B}[0m" }
            output += "\u{1B}[K"
        }
        send(output)
    }

    /// Colours as the staff's screen has them (CursesTerminal), bold where it is bold.
    static func sgr(_ style: Style) -> String {
        switch style {
        case .normal, .dim, .field, .paper: "\u{1B}[1m"
        case .label: "\u{1B}[1;36m"
        case .good: "\u{1B}[1;32m"
        case .bad: "\u{1B}[1;31m"
        case .warning: "\u{1B}[1;33m"
        case .title, .banner: "\u{1B}[1;37;44m"
        case .key, .focused, .selected: "\u{1B}[7m"
        }
    }

    /// Writes everything or gives up: a terminal unplugged must not hold up the staff's screen.
    private func send(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
