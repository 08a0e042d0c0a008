import ArgumentParser
import Desk
import Domain
import Files
import Foundation
import KioskCommandLine
import Synchronization
import KioskConfig

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks that print figures against a baseline measured in the same run.",
        subcommands: [RosterBench.self, StartupBench.self, CounterBench.self, VisitsBench.self, AccuracyBench.self, VerifyBench.self, IdentifyBench.self, HubBench.self, HubRosterBench.self,
                      HubDuplicatesBench.self])
}

struct RosterBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster",
        abstract: "Roster import against the sqlite3 tool's .import, peak memory, lookups and the due report.",
        discussion: """
            Generates a valid roster, imports it with `kiosk roster import` into a fresh database (a child process, so its \
            peak RSS is the import's own), and imports the same CSV with sqlite3's .import into a table with the same keys \
            and indexes, once with the kiosk database's settings (WAL, 8 KiB pages) and once with the tool's defaults \
            (rollback journal, 4 KiB pages); the ratio is against the faster of the two. Then times 10,000 random resident lookups (file and status) and the \
            due-this-month report. Last, imports the same roster again while this process, as a second counter, changes \
            residents' phones one after another, and prints how long each change waited. Targets: ratio ≤ 0.5, peak RSS ≤ 500 MB, \
            lookup p99 < 1 ms, due report < 200 ms, no counter change failed or waited a second.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Rows to generate.") var rows = 1_000_000
    @Option(help: "Keep the files in this directory instead of a temporary one.") var keep: String?

    func run() throws {
        try Session.run(global) { session throws(KioskError) in
            let work = try BenchDirectory.make(keep: keep)
            defer { if keep == nil { try? FileManager.default.removeItem(atPath: work) } }
            var generator = RosterGenerator(seed: 7, today: session.clock.today, policy: session.settings.policy)
            let csv = work + "/roster.csv"
            let bench = try BenchDatabase.create(session, at: work + "/data", rows: rows, generator: &generator, csv: csv)
            guard let kiosk = bench.importRun else { return }
            if let sqlite = ChildProcess.find("sqlite3") {
                var baselines: [Double] = []
                // Once with the kiosk database's own settings, once with the sqlite3 tool's defaults.
                for (name, pragmas) in [("WAL, 8 KiB pages", "PRAGMA page_size=8192; PRAGMA journal_mode=WAL;"),
                                        ("rollback journal, 4 KiB pages", "")] {
                    let baseline = work + "/baseline-\(baselines.count).sqlite"
                    try? FileManager.default.removeItem(atPath: baseline)
                    _ = try ChildProcess.run(sqlite, [baseline, pragmas + Self.baselineSchema])
                    let run = try ChildProcess.run(sqlite, [baseline, "-cmd", ".mode csv", ".import --skip 1 \(csv) resident"])
                    guard run.status == 0 else { throw .fileFailure(path: baseline, detail: "sqlite3 .import exited with \(run.status)") }
                    session.say(.benchLine(.sqliteImport(seconds: run.seconds, journal: name)))
                    baselines.append(run.seconds)
                }
                session.say(.benchLine(.ratio(kiosk.seconds / baselines.min()!, baseline: "sqlite3", target: 0.5)))
            } else {
                session.say(.benchLine(.sqliteMissing))
            }

            let desk = try ServiceDesk.open(dataDirectory: bench.data, settings: bench.settings)
            var samples: [Double] = []
            for fullNumber in generator.sample {
                let id = ResidentID(trusted: fullNumber)
                samples.append(try Stopwatch.time { () throws(KioskError) in
                    // The look-up the counter makes: the file, the status today, the enrolled fingers.
                    _ = try desk.record(id)
                })
            }
            samples.sort()
            session.say(.benchLine(.lookup(p50Microseconds: samples[samples.count / 2] * 1e6,
                                          p99Microseconds: samples[samples.count * 99 / 100] * 1e6, samples: samples.count)))

            let staff = try desk.signIn(name: "bench", password: bench.password)
            var due: [ResidentReportLine] = []
            let dueSeconds = try Stopwatch.time { () throws(KioskError) in
                due = try desk.reports(staff).due(in: session.clock.today.yearMonth)
            }
            session.say(.benchLine(.dueReport(milliseconds: dueSeconds * 1000, rows: due.count)))

            try counterDuringReimport(session, desk: desk, staff: staff, bench: bench, csv: csv, residents: generator.sample)
        }
    }

    /// Contact changes at the counter (the bench's own connection, as a second process) while
    /// `kiosk roster import` loads the same roster again in a child: how long each waited for the
    /// import, against the same change with no import running.
    func counterDuringReimport(_ session: Session, desk: ServiceDesk, staff: StaffMember, bench: BenchDatabase, csv: String,
                               residents: [String]) throws(KioskError) {
        // Residents this service point serves (the others are refused whatever the import does).
        let residents = residents.prefix(4_000).map(ResidentID.init(trusted:)).filter { id in
            guard let record = try? desk.record(id) else { return false }
            if case .notServedHere = record.status { return false }
            return true
        }
        var round = 0
        var firstFailure: KioskError?
        func changeContact() -> Double? {
            round += 1
            let id = residents[round % residents.count]
            let phone = "139" + String(format: "%08d", round)
            do {
                return try Stopwatch.time { () throws(KioskError) in
                    _ = try desk.residents(staff).changeContact(of: id, ContactEntry(phone: phone, address: nil))
                }
            } catch {
                if firstFailure == nil { firstFailure = error }
                return nil
            }
        }
        var idle = (0..<200).compactMap { _ in changeContact() }
        idle.sort()
        let reimport = try ChildProcess.start(ChildProcess.kiosk, [
            "roster", "import", csv, "--config", bench.configDirectory, "--data-dir", bench.data,
            "--staff", "bench", "--password-file", bench.data + ".password", "--lang", "en",
        ])
        let finished = Atomic<Bool>(false)
        let outcome = Mutex<ChildProcess.Outcome?>(nil)
        Thread.detachNewThread {
            let ended = reimport.wait()
            outcome.withLock { $0 = ended }
            finished.store(true, ordering: .releasing)
        }
        var waits: [Double] = [], failed = 0
        while !finished.load(ordering: .acquiring) {
            if let seconds = changeContact() { waits.append(seconds) } else { failed += 1 }
        }
        guard let ended = outcome.withLock({ $0 }), ended.status == 0 else {
            throw .fileFailure(path: csv, detail: "kiosk roster import (again) exited with \(outcome.withLock { $0?.status ?? -1 })")
        }
        waits.sort()
        func percentile(_ sorted: [Double], _ p: Int) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, sorted.count * p / 100)] * 1000 }
        session.say(.benchLine(.counterDuringImport(idleMilliseconds: percentile(idle, 50), p50Milliseconds: percentile(waits, 50),
                                                    p99Milliseconds: percentile(waits, 99), longestMilliseconds: (waits.last ?? 0) * 1000,
                                                    writes: waits.count, failed: failed, importSeconds: ended.seconds)))
        if let firstFailure { session.say(.benchLine(.firstFailure(session.text(.error(firstFailure))))) }
    }

    /// The roster's twelve columns with the kiosk's keys and indexes (the ID number as primary
    /// key of a WITHOUT ROWID table, the birth-month index, the partial index of residents not in
    /// normal payment), as the sqlite3 tool's .import fills them.
    static let baselineSchema = """
        CREATE TABLE resident (id_number TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, insured_region TEXT NOT NULL,
          roster_status TEXT NOT NULL, suspended_since TEXT, monthly_pension TEXT, phone TEXT, address TEXT, community TEXT,
          mobility TEXT, last_certified TEXT, last_method TEXT, residence TEXT) WITHOUT ROWID;
        CREATE INDEX resident_by_birth_month ON resident(substr(id_number, 11, 2), last_certified);
        CREATE INDEX resident_not_normal ON resident(roster_status, suspended_since) WHERE roster_status IN ('suspended', 'terminated');
        """
}

/// A work directory for a benchmark: `keep` (which must be empty) or a fresh temporary one.
enum BenchDirectory {
    static func make(keep: String?) throws(KioskError) -> String {
        let work = keep ?? NSTemporaryDirectory() + "kiosk-bench-\(getpid())"
        if let keep, let existing = try? FileManager.default.contentsOfDirectory(atPath: keep), !existing.isEmpty {
            throw .directoryNotEmpty(path: keep)
        }
        do {
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .fileFailure(path: work, detail: error.localizedDescription)
        }
        return work
    }
}

/// A data directory for a benchmark: a new database with the admin `bench`, and `rows` generated
/// residents imported by `kiosk roster import` in a child process (so its peak memory is its own).
struct BenchDatabase {
    let data: String
    let settings: ServiceDesk.Settings
    let password: String
    let configDirectory: String
    /// The import's time and peak memory; nil for an empty database.
    let importRun: ChildProcess.Outcome?

    static func create(_ session: Session, at data: String, rows: Int, generator: inout RosterGenerator, csv: String) throws(KioskError) -> BenchDatabase {
        let password = UUID().uuidString, passwordFile = data + ".password"
        var settings = session.deskSettings
        settings.printKeyFile = data + "/prints.key"
        // A throw-away directory: a test-clock one, so KIOSK_TODAY (the generated roster's date) may be set.
        _ = try ServiceDesk.create(dataDirectory: data, settings: settings, adminName: "bench", adminPassword: password, testClock: true)
        guard rows > 0 else {
            return BenchDatabase(data: data, settings: settings, password: password, configDirectory: session.settings.configDirectory, importRun: nil)
        }
        let generation = try Stopwatch.time { () throws(KioskError) in try generator.write(rows: rows, badRows: 0, to: csv) }
        let size = Double((try? FileManager.default.attributesOfItem(atPath: csv)[.size] as? Int) ?? 0) / 1_048_576
        session.say(.benchLine(.generated(rows: rows, megabytes: size, seconds: generation)))
        try PrivateFile.write(Data(password.utf8), to: passwordFile)
        let kiosk = try ChildProcess.run(ChildProcess.kiosk, [
            "roster", "import", csv, "--config", session.settings.configDirectory, "--data-dir", data,
            "--staff", "bench", "--password-file", passwordFile, "--lang", "en",
        ])
        guard kiosk.status == 0 else { throw .fileFailure(path: csv, detail: "kiosk roster import exited with \(kiosk.status)") }
        session.say(.benchLine(.kioskImport(seconds: kiosk.seconds, peakMegabytes: kiosk.peakKilobytes / 1024)))
        return BenchDatabase(data: data, settings: settings, password: password, configDirectory: session.settings.configDirectory, importRun: kiosk)
    }
}

enum Stopwatch {
    static func time(_ body: () throws(KioskError) -> Void) throws(KioskError) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func time(_ body: () async throws(KioskError) -> Void) async throws(KioskError) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try await body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}

/// A child process with its wall time and peak resident memory (from wait4's rusage).
enum ChildProcess {
    struct Outcome {
        var status: Int32
        var seconds: Double
        var peakKilobytes: Double
    }

    /// Where the benchmarks find the programs they measure: built beside `kiosk-tools`.
    static var buildDirectory: String {
        let tools = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return (tools as NSString).deletingLastPathComponent
    }

    static var kiosk: String { buildDirectory + "/kiosk" }

    static func find(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `path` with `arguments` and returns its standard output.
    static func output(_ path: String, _ arguments: [String]) throws(KioskError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { throw .fileFailure(path: path, detail: error.localizedDescription) }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw .fileFailure(path: path, detail: "exit \(process.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// Runs `path` with `arguments`, its standard output discarded, and waits for it.
    static func run(_ path: String, _ arguments: [String]) throws(KioskError) -> Outcome {
        try start(path, arguments).wait()
    }

    /// A child started and not yet waited for.
    struct Running {
        let pid: pid_t
        let started: UInt64

        func wait() -> Outcome {
            var status: Int32 = 0
            var usage = rusage()
            while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            let exitCode = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
            return Outcome(status: exitCode, seconds: seconds, peakKilobytes: Double(usage.ru_maxrss))
        }
    }

    /// Starts `path` with `arguments`, its standard output discarded.
    static func start(_ path: String, _ arguments: [String]) throws(KioskError) -> Running {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw .fileFailure(path: path, detail: String(cString: strerror(spawned))) }
        return Running(pid: pid, started: start)
    }
}
