import ArgumentParser
import Desk
import Domain
import Foundation
import KioskCommandLine
import KioskConfig
import TUI

struct StartupBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "startup",
        abstract: "Start of `kiosk run` to a drawn sign-in screen with a large database, and keystroke-to-redraw latency.",
        discussion: """
            Builds a database of --rows generated residents (as `bench roster` does) and an empty one, then starts \
            `kiosk run` on a pseudo-terminal of 80×24 --runs times on each and times the start until the sign-in screen \
            is drawn to its last line. Before each "cold" start the database files are dropped from the page cache \
            (posix_fadvise DONTNEED); "warm" starts follow one another. Baselines from the same run: the empty database, \
            and `kiosk --version` (the process starting and ending, no terminal, no database). Then, in one session on \
            the large database, times each keystroke until its redraw has reached the terminal: typing into a field, and \
            the whole screen redrawn in the other language, against a 60 Hz frame (16.7 ms). Also the time to compute the \
            home screen's figures, which appear after sign-in without holding the screen up. Target: start < 300 ms.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Residents in the large database.") var rows = 1_000_000
    @Option(help: "Starts timed per database and kind.") var runs = 10
    @Option(help: "Keep the files in this directory instead of a temporary one.") var keep: String?

    mutating func validate() throws {
        guard rows > 0, runs > 0 else { throw ValidationError("--rows and --runs must be at least 1") }
    }

    func run() throws {
        try Session.run(global) { session throws(KioskError) in
            let work = try BenchDirectory.make(keep: keep)
            defer { if keep == nil { try? FileManager.default.removeItem(atPath: work) } }
            var generator = RosterGenerator(seed: 7, today: session.clock.today, policy: session.settings.policy)
            let large = try BenchDatabase.create(session, at: work + "/large", rows: rows, generator: &generator, csv: work + "/roster.csv")
            try? FileManager.default.removeItem(atPath: work + "/roster.csv")
            let empty = try BenchDatabase.create(session, at: work + "/empty", rows: 0, generator: &generator, csv: "")

            var launches: [Double] = []
            for _ in 0..<runs {
                let launch = try ChildProcess.run(ChildProcess.kiosk, ["--version"])
                guard launch.status == 0 else { throw .fileFailure(path: ChildProcess.kiosk, detail: "--version exited with \(launch.status)") }
                launches.append(launch.seconds)
            }
            session.say(.benchLine(.processStart(milliseconds: Self.median(launches) * 1000, runs: runs)))

            var medians: [Int: Double] = [:]
            for (database, residents) in [(empty, 0), (large, rows)] {
                var cold: [Double] = [], warm: [Double] = []
                for round in 0..<(2 * runs) {
                    let isCold = round % 2 == 0
                    if isCold { Self.dropFromPageCache(directory: database.data) }
                    let kiosk = try KioskOnPseudoTerminal(database)
                    defer { kiosk.stop() }
                    guard let seconds = kiosk.waitFor(Self.signInDrawn) else { throw .fileFailure(path: database.data, detail: kiosk.failure) }
                    if isCold { cold.append(seconds) } else { warm.append(seconds) }
                }
                session.say(.benchLine(.startup(residents: residents, coldMilliseconds: Self.median(cold) * 1000,
                                                 coldWorstMilliseconds: cold.max()! * 1000, warmMilliseconds: Self.median(warm) * 1000,
                                                 runs: runs, target: 300)))
                medians[residents] = Self.median(cold)
            }
            if let largeCold = medians[rows], let emptyCold = medians[0] {
                session.say(.benchLine(.startupRatio(largeCold / emptyCold, residents: rows)))
            }

            // What the home screen shows after sign-in, computed off the screen's thread while it draws.
            let desk = try ServiceDesk.open(dataDirectory: large.data, settings: large.settings)
            let staff = try desk.signIn(name: "bench", password: large.password)
            var figures: Dashboard?
            let dashboard = try Stopwatch.time { () throws(KioskError) in figures = try desk.reports(staff).dashboard() }
            session.say(.benchLine(.dashboard(milliseconds: dashboard * 1000, residents: rows, due: figures?.dueThisMonth ?? 0,
                                              overdue: figures?.overdue ?? 0)))

            let kiosk = try KioskOnPseudoTerminal(large)
            defer { kiosk.stop() }
            guard kiosk.waitFor(Self.signInDrawn) != nil else { throw .fileFailure(path: large.data, detail: kiosk.failure) }
            // Typing into the name field: each character's echo is the redraw. Characters no escape sequence contains.
            var typing: [Double] = []
            for index in 0..<200 {
                let character = Array("甲乙丙丁戊己庚辛壬癸")[index % 10]
                if index % 20 == 0, index > 0 {
                    for _ in 0..<20 { kiosk.send([0x7F]) }
                    kiosk.waitForQuiet()
                }
                guard let seconds = kiosk.press(Array(String(character).utf8), until: String(character)) else {
                    throw .fileFailure(path: large.data, detail: kiosk.failure)
                }
                typing.append(seconds)
            }
            session.say(.benchLine(.keystroke(.typing, p50Milliseconds: Self.percentile(typing, 50) * 1000,
                                              p99Milliseconds: Self.percentile(typing, 99) * 1000, samples: typing.count)))
            // F3 redraws every line in the other language; its last line names the language to go back to.
            var redraws: [Double] = []
            for index in 0..<40 {
                let marker = index % 2 == 0 ? "中文" : "English"
                guard let seconds = kiosk.press(Array("\u{1B}OR".utf8), until: marker) else { throw .fileFailure(path: large.data, detail: kiosk.failure) }
                redraws.append(seconds)
            }
            session.say(.benchLine(.keystroke(.wholeScreen, p50Milliseconds: Self.percentile(redraws, 50) * 1000,
                                              p99Milliseconds: Self.percentile(redraws, 99) * 1000, samples: redraws.count)))
        }
    }

    /// The sign-in screen's last line ends with F10's label: once it has arrived, the screen is drawn.
    static let signInDrawn = "关闭"

    static func median(_ values: [Double]) -> Double { percentile(values, 50) }

    static func percentile(_ values: [Double], _ percent: Int) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, sorted.count * percent / 100)]
    }

    /// Asks the kernel to forget the database's cached pages, so the next start reads them from disk.
    static func dropFromPageCache(directory: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            let descriptor = open(directory + "/" + name, O_RDONLY)
            guard descriptor >= 0 else { continue }
            fdatasync(descriptor)
            posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED)
            close(descriptor)
        }
    }
}

/// `kiosk run` started on a new pseudo-terminal of 80×24; what it draws is read from the master side.
final class KioskOnPseudoTerminal {
    private let master: Int32
    private let pid: pid_t
    private let started: UInt64
    private var output: [UInt8] = []
    /// Why the last wait gave up, for the error.
    private(set) var failure = ""

    /// `environment`: more variables for the kiosk (`NAME=value`), a reader to use, say.
    init(_ database: BenchDatabase, environment extra: [String] = []) throws(KioskError) {
        let pair: PseudoTerminal
        do { pair = try PseudoTerminal.open() } catch { throw .fileFailure(path: "/dev/ptmx", detail: error.detail) }
        master = pair.master
        let terminal = pair.replicaPath
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, terminal, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, STDIN_FILENO, STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, STDIN_FILENO, STDERR_FILENO)
        posix_spawn_file_actions_addclose(&actions, master)
        let executable = ChildProcess.kiosk
        let arguments = [executable, "run", "--config", database.configDirectory, "--data-dir", database.data]
        // ncurses takes the size from LINES and COLUMNS before asking the terminal.
        let environment = ["TERM=xterm-256color", "LINES=24", "COLUMNS=80", "LANG=C.UTF-8",
                           "PATH=" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")] + extra
        let argv = arguments.map { strdup($0) } + [nil], envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        // A session of its own, the pseudo-terminal its controlling terminal: should this process
        // end without stopping it, the kiosk gets the hang-up a closed terminal sends, and ends.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // glibc's POSIX_SPAWN_SETSID, which its Swift module leaves out (it is a GNU extension).
        let newSession: Int16 = 0x80
        posix_spawnattr_setflags(&attributes, newSession)
        var pid: pid_t = 0
        started = DispatchTime.now().uptimeNanoseconds
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            close(master)
            throw .fileFailure(path: executable, detail: String(cString: strerror(spawned)))
        }
        self.pid = pid
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    }

    func stop() {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        close(master)
    }

    /// Seconds from the start until `text` has been drawn, or nil after 10 s.
    func waitFor(_ text: String) -> Double? {
        waitFor(anyOf: [text], after: 0).map { Double($0.at - started) / 1e9 }
    }

    /// Writes a key and returns the seconds until `text` arrives in what the kiosk draws next.
    func press(_ bytes: [UInt8], until text: String) -> Double? {
        let mark = self.mark
        let start = DispatchTime.now().uptimeNanoseconds
        send(bytes)
        return waitFor(anyOf: [text], after: mark).map { Double($0.at - start) / 1e9 }
    }

    /// How much the kiosk has drawn so far: what it draws after this is what a wait looks at.
    var mark: Int { output.count }

    /// Which of `texts` the kiosk draws first after `mark`, and the uptime in nanoseconds at which
    /// it had arrived; nil when none has after `seconds`.
    func waitFor(anyOf texts: [String], after mark: Int, seconds: Int = 10) -> (index: Int, at: UInt64)? {
        let needles = texts.map { Array($0.utf8) }
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds) * 1_000_000_000
        while true {
            let found = needles.enumerated().compactMap { index, needle in
                output[mark...].firstRange(of: needle).map { (index, $0.lowerBound) }
            }
            if let first = found.min(by: { $0.1 < $1.1 }) { return (first.0, DispatchTime.now().uptimeNanoseconds) }
            guard DispatchTime.now().uptimeNanoseconds < deadline else { break }
            _ = readSome(milliseconds: 1000)
        }
        failure = "kiosk run did not draw \(texts.joined(separator: " or ")) within \(seconds) s"
        return nil
    }

    func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Reads until nothing arrives for 50 ms.
    func waitForQuiet() {
        while readSome(milliseconds: 50) {}
    }

    /// Waits up to `milliseconds` for output and appends what came; false if nothing did.
    private func readSome(milliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, milliseconds) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = read(master, &buffer, buffer.count)
        guard count > 0 else { return false }
        output += buffer[0..<count]
        return true
    }
}
