import Foundation

/// ffmpeg run as a filter: bytes in on standard input, bytes out on standard output, nothing
/// ever written to disk (a photo in clear must not touch a file, not even a temporary one).
enum FFmpeg {
    struct Failed: Error {
        let detail: String
    }

    static let executable = ["/usr/bin/ffmpeg", "/usr/local/bin/ffmpeg"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs ffmpeg with `arguments` (after `-hide_banner -loglevel error -nostdin` as needed),
    /// feeding it `input` when given, and returns what it wrote to standard output.
    /// A camera that never delivers a frame must not hold the desk up.
    static let timeoutSeconds = 30.0

    static func run(_ arguments: [String], input: Data? = nil) throws(Failed) -> Data {
        guard let executable else { throw Failed(detail: "ffmpeg is not installed (Debian: apt-get install ffmpeg)") }
        // ffmpeg may stop reading before the end of its input (it needs one frame): writing on
        // must fail with EPIPE, not end the kiosk with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-hide_banner", "-loglevel", "error"] + (input == nil ? ["-nostdin"] : []) + arguments
        let output = Pipe(), errors = Pipe(), feed = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input == nil ? FileHandle.nullDevice : feed
        do { try process.run() } catch { throw Failed(detail: error.localizedDescription) }
        // Feed and drain at once, each on its own thread, so neither side waits on a full pipe.
        let writer = Thread {
            if let input { try? feed.fileHandleForWriting.write(contentsOf: input) }
            try? feed.fileHandleForWriting.close()
        }
        writer.start()
        let timeout = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds, execute: timeout)
        defer { timeout.cancel() }
        let stderrBox = ErrorText()
        let reader = Thread { stderrBox.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        stderrBox.wait()
        guard process.terminationStatus == 0 else {
            let text = stderrBox.text.trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failed(detail: text.isEmpty ? "ffmpeg exited with \(process.terminationStatus)" : String(text.suffix(300)))
        }
        return data
    }

    /// ffmpeg's error output, read on another thread.
    private final class ErrorText: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private(set) var text = ""
        func set(_ data: Data) {
            text = String(decoding: data, as: UTF8.self)
            done.signal()
        }
        func wait() { done.wait() }
    }
}
