import Domain
import Foundation

/// The few things the command line does with the terminal itself.
package enum Terminal {
    package static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
    package static var standardInputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// The terminal's width (80 when unknown, as when output goes to a file).
    package static var columns: Int {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    /// The terminal bell: success and failure at the reader are heard, not only seen.
    package static func bell() {
        guard standardErrorIsTerminal else { return }
        FileHandle.standardError.write(Data("\u{07}".utf8))
    }

    /// A message on standard error; like `Session.say`, with what a terminal would act on made visible.
    package static func error(_ text: String) {
        FileHandle.standardError.write(Data((TerminalText.escapedLines(text) + "\n").utf8))
    }

    /// Rewrites one status line on standard error (only on a terminal, so logs stay clean).
    package static func progress(_ text: String) {
        guard standardErrorIsTerminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(TerminalText.escaped(text))".utf8))
    }

    package static func endProgress() {
        guard standardErrorIsTerminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    /// Reads a line from the terminal with echo off; nil when standard input is not a terminal.
    package static func readSecret(prompt: String) -> String? {
        guard standardInputIsTerminal else { return nil }
        FileHandle.standardError.write(Data(TerminalText.escaped(prompt).utf8))
        var original = termios()
        tcgetattr(STDIN_FILENO, &original)
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true)
    }

    /// Rows of cells as aligned columns, measured in display columns (Chinese counts two).
    package static func table(_ rows: [[String]], maximumWidths: [Int]? = nil) -> String {
        guard let first = rows.first else { return "" }
        var widths = [Int](repeating: 0, count: first.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], TextWidth.of(cell)) }
        }
        if let maximumWidths {
            for index in widths.indices where index < maximumWidths.count { widths[index] = min(widths[index], maximumWidths[index]) }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? TextWidth.truncate(cell, to: widths[index]) : TextWidth.pad(cell, to: widths[index])
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
