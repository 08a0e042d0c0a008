import Domain
import Foundation
import ImageFiles
import Reader
import Testing

/// The shared fixtures (real fingerprint images, USB recordings) beside the checkout. Tests that
/// need them are skipped with a message where they are absent; CI (`.ci/run`) requires them.
enum Shared {
    static let directory = ProcessInfo.processInfo.environment["KIOSK_SHARED"]
        ?? Sandbox.root.deletingLastPathComponent().appendingPathComponent("shared").path
    static var available: Bool { FileManager.default.fileExists(atPath: directory + "/fingerprints") }
    static let fvc = directory + "/fingerprints/FVC2004_DB2_B"

    static func image(_ name: String) throws -> GreyImage {
        do { return try ImageFile.read(fvc + "/" + name + ".tif") } catch { throw error }
    }
}

extension Sandbox {
    /// Runs `kiosk` and hands each line it writes on standard error to `onLine` as it comes, so a
    /// test can act like the person at the reader: press a finger when asked.
    func run(_ arguments: [String], environment extra: [String: String] = [:], onLine: @escaping @Sendable (String) -> Void) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.environment = environment.merging(extra) { $1 }
        process.currentDirectoryURL = directory
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let collected = LineCollector(onLine: onLine)
        errors.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData) }
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        errors.fileHandleForReading.readabilityHandler = nil
        collected.append(errors.fileHandleForReading.readDataToEndOfFile())
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: collected.text)
    }

    /// Runs `kiosk` on libfprint's virtual image reader: each "place / swipe the finger" prompt
    /// sends the next of `images`, as a resident pressing a finger would.
    func runWithImages(_ arguments: [String], _ images: [GreyImage]) throws -> Run {
        let socket = directory.appendingPathComponent("image-\(UUID().uuidString.prefix(6)).socket").path
        let feeder = Feeder(socket: socket, images: images)
        return try run(arguments + ["--lang", "en"], environment: ["FP_VIRTUAL_IMAGE": socket, "FP_DRIVERS_WHITELIST": "virtual_image"]) { line in
            if line.contains("the finger") && (line.hasPrefix("Place") || line.hasPrefix("Swipe")) { feeder.next() }
        }
    }

    /// Runs `kiosk` on libfprint's virtual device; `react` gets each line and the socket to answer on.
    func runWithVirtualDevice(_ arguments: [String], environment extra: [String: String] = [:],
                              react: @escaping @Sendable (String, String) -> Void) throws -> Run {
        let socket = directory.appendingPathComponent("device-\(UUID().uuidString.prefix(6)).socket").path
        return try run(arguments + ["--lang", "en"], environment: extra.merging(["FP_VIRTUAL_DEVICE": socket, "FP_DRIVERS_WHITELIST": "virtual_device"]) { $1 }) { line in
            react(line, socket)
        }
    }

    /// A command to the virtual device, from another thread (the test's line handler must not block).
    static func tell(_ socket: String, _ commands: [String]) {
        Thread.detachNewThread {
            for command in commands { _ = try? VirtualReaders.device(socket: socket, command: command) }
        }
    }
}

/// Lines of standard error as they arrive.
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var pending = Data()
    private var all = Data()
    private let onLine: @Sendable (String) -> Void

    init(onLine: @escaping @Sendable (String) -> Void) { self.onLine = onLine }

    func append(_ data: Data) {
        let lines: [String] = lock.withLock {
            all += data
            pending += data
            var lines: [String] = []
            while let newline = pending.firstIndex(of: 0x0A) {
                lines.append(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                pending = Data(pending[(newline + 1)...])
            }
            return lines
        }
        lines.forEach(onLine)
    }

    var text: String { lock.withLock { String(decoding: all, as: UTF8.self) } }
}

/// Sends images to the virtual image reader one at a time, off the line handler's thread.
final class Feeder: @unchecked Sendable {
    private let socket: String
    private var images: [GreyImage]
    private var feed: VirtualReaders.ImageFeed?
    private let queue = DispatchQueue(label: "feeder")

    init(socket: String, images: [GreyImage]) {
        self.socket = socket
        self.images = images
    }

    func next() {
        queue.async { [self] in
            guard !images.isEmpty else { return }
            let image = images.removeFirst()
            if feed == nil { feed = try? VirtualReaders.ImageFeed(socket: socket) }
            try? feed?.send(image)
        }
    }
}

/// Counts events from any thread (prompts seen, presses made).
final class Count: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.withLock { value += 1; return value } }
}
