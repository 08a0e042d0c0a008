import Domain
import Foundation
import Testing

/// The built `kiosk` binary run as a user would run it, in a fresh directory with its own data
/// directory and the shipped configuration. Output goes through files, so nothing blocks on a pipe.
final class Sandbox {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL
    static let binary = ProcessInfo.processInfo.environment["KIOSK_BINARY"] ?? root.appendingPathComponent(".build/debug/kiosk").path
    /// `kiosk-tools` (benchmarks, invented rosters, the demo), built beside `kiosk`.
    static let tools = (binary as NSString).deletingLastPathComponent + "/kiosk-tools"
    static let configuration = root.appendingPathComponent("kiosk-config").path
    static let password = "admin-password-1"

    let directory: URL
    var environment: [String: String]
    var data: String { directory.appendingPathComponent("data").path }
    var passwordFile: String { directory.appendingPathComponent("password").path }
    var database: String { data + "/kiosk.sqlite" }
    var asAdmin: [String] { ["--staff", "admin", "--password-file", passwordFile] }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    init(today: String = "2026-11-29T10:00") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.password.write(toFile: directory.appendingPathComponent("password").path, atomically: true, encoding: .utf8)
        environment = ["KIOSK_CONFIG": Self.configuration, "KIOSK_DATA_DIR": directory.appendingPathComponent("data").path,
                       "KIOSK_TODAY": today, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path]
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Runs `kiosk` with `arguments` and waits for it.
    @discardableResult
    func run(_ arguments: [String], environment extra: [String: String] = [:], executable: String = Sandbox.binary) throws -> Run {
        let process = try start(arguments, environment: extra, executable: executable)
        process.process.waitUntilExit()
        return process.finish()
    }

    struct Started {
        let process: Process
        let stdout: URL
        let stderr: URL

        func finish() -> Run {
            Run(status: process.terminationStatus, stdout: (try? String(contentsOf: stdout, encoding: .utf8)) ?? "",
                stderr: (try? String(contentsOf: stderr, encoding: .utf8)) ?? "")
        }
    }

    /// Runs `kiosk-tools` with `arguments` and waits for it.
    @discardableResult
    func runTool(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Run {
        try run(arguments, environment: extra, executable: Self.tools)
    }

    func start(_ arguments: [String], environment extra: [String: String] = [:], executable: String = Sandbox.binary) throws -> Started {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment.merging(extra) { $1 }
        process.currentDirectoryURL = directory
        let name = UUID().uuidString
        let stdout = directory.appendingPathComponent("\(name).out"), stderr = directory.appendingPathComponent("\(name).err")
        FileManager.default.createFile(atPath: stdout.path, contents: nil)
        FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Started(process: process, stdout: stdout, stderr: stderr)
    }

    /// `kiosk init` with the admin `admin`: a test-clock data directory, since KIOSK_TODAY is set.
    func initialize() throws {
        let result = try run(["init", "--admin", "admin", "--password-file", passwordFile, "--test-clock"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// A copy of the shipped configuration with text replaced in one of its files; its directory.
    func configuration(_ file: String, _ replacements: [(String, String)]) throws -> String {
        let directory = self.directory.appendingPathComponent("config-\(UUID().uuidString.prefix(6))")
        try FileManager.default.copyItem(atPath: Self.configuration, toPath: directory.path)
        let path = directory.appendingPathComponent(file).path
        var text = try String(contentsOfFile: path, encoding: .utf8)
        for (old, new) in replacements {
            precondition(text.contains(old), "\(file) has no \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return directory.path
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The sqlite3 tool on the kiosk's database, as an auditor (or a tamperer) would use it.
    func sqlite(_ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", database, sql]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func idNumber(region: String = "230103", birth: String, sequence: String = "123") -> String {
        let first17 = region + birth + sequence
        return first17 + String(ResidentID.checkCharacter(for: Array(first17.utf8)))
    }

    static let header = "id_number,name,insured_region,status,suspended_since,monthly_pension,phone,address,community,mobility,last_certified,last_method"
}
