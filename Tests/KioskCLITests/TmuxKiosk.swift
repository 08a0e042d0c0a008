import Foundation
import Testing

/// `kiosk run` in a detached tmux session of a fixed size, driven with send-keys and read with
/// capture-pane: what a person at the desk types and sees. Each instance has its own tmux server.
final class TmuxKiosk {
    let server = "kiosk-test-\(UUID().uuidString.prefix(8))"
    let target = "kiosk"
    let exitStatusFile: String

    /// `command`: `kiosk run` unless told otherwise (`kiosk-tools demo`).
    init(_ sandbox: Sandbox, _ arguments: [String] = [], command: [String] = [Sandbox.binary, "run"], environment extra: [String: String] = [:],
         columns: Int = 80, rows: Int = 24) throws {
        let environment = sandbox.environment.merging(extra) { $1 }.merging(["TERM": "screen", "LANG": "C.UTF-8"]) { $1 }
        let command = (["env", "-i"] + environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + command + arguments)
            .map(Self.quote).joined(separator: " ")
        // The shell writes the kiosk's exit status to a file (tmux 3.3 does not always notice a pane's
        // process end, so `pane_dead_status` cannot be relied on), and the pane stays afterwards so a
        // test can read the last screen.
        exitStatusFile = sandbox.directory.appendingPathComponent("kiosk-exit-status-\(UUID().uuidString.prefix(8))").path
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", target, "-x", "\(columns)", "-y", "\(rows)", "-c", sandbox.directory.path,
                  "sh", "-c", command + "; echo $? > " + Self.quote(exitStatusFile), ";", "set-option", "-t", target, "remain-on-exit", "on"])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    /// Runs one tmux command and returns its standard output.
    ///
    /// Not through Foundation's `Process`: the first command forks the tmux server, which would
    /// inherit the descriptors `Process` uses to notice a child's end (this test's and those of
    /// tests running alongside), and their waits would never return. Spawned here with every
    /// descriptor above standard error closed and signals as a shell would leave them, and waited
    /// for with `waitpid`.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: output) }
        let status = try Self.spawn(["/usr/bin/tmux", "-u", "-L", server] + arguments, output: output.path,
                                    environment: ["LANG=C.UTF-8", "PATH=/usr/bin:/bin"])
        guard status == 0 || arguments.first == "kill-server" else { throw TmuxFailed(arguments: arguments, status: status) }
        return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    }

    struct TmuxFailed: Error { let arguments: [String]; let status: Int32 }

    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    /// glibc 2.34's `posix_spawn_file_actions_addclosefrom_np`, which Swift's Glibc module does not export.
    static let addCloseFrom: AddCloseFrom = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            fatalError("glibc 2.34 or later is needed for posix_spawn_file_actions_addclosefrom_np")
        }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    static func spawn(_ arguments: [String], output: String, environment: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        _ = addCloseFrom(&actions, 3)
        // The test runner's threads block most signals; a tmux server keeping that mask would
        // never hear its children end, nor be told to stop.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = arguments.map { strdup($0) } + [nil], envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw TmuxFailed(arguments: arguments, status: spawned) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Key names as tmux knows them: Enter, Escape, Tab, F5, Up, PageDown...
    func press(_ keys: String...) throws {
        for key in keys { try tmux(["send-keys", "-t", target, key]) }
    }

    /// Text typed as it is, Chinese included.
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", target, "-l", text])
    }

    var screen: String { (try? tmux(["capture-pane", "-p", "-t", target])) ?? "" }

    /// Everything the pane ever showed that is still in tmux's history.
    var history: String { (try? tmux(["capture-pane", "-p", "-S", "-", "-E", "-", "-t", target])) ?? "" }

    /// The screen once it shows every one of `texts`; a failed expectation with the screen if it never does.
    @discardableResult
    func waitFor(_ texts: String..., seconds: Double = 20, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        waitUntil("the screen never showed \(texts)", seconds: seconds, sourceLocation: sourceLocation) { screen in
            texts.allSatisfy(screen.contains)
        }
    }

    /// The screen once `condition` holds on two captures in a row that are the same: tmux may be
    /// caught halfway through drawing a large update (the header new, the body still old), and the
    /// second capture waits for the rest. A failed expectation saying `failure` if it never does.
    @discardableResult
    func waitUntil(_ failure: String, seconds: Double = 20, sourceLocation: SourceLocation = #_sourceLocation,
                   _ condition: (String) -> Bool) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = screen
            if condition(last) {
                usleep(30_000)
                let again = screen
                if again == last { return last }
                last = again
                continue
            }
            usleep(50_000)
        }
        Issue.record("\(failure):\n\(last)", sourceLocation: sourceLocation)
        return last
    }

    func resize(columns: Int, rows: Int) throws {
        try tmux(["resize-window", "-t", target, "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// The kiosk's exit status once it has ended; nil if it is still running after `seconds`.
    func exitStatus(seconds: Double = 10) -> Int? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: exitStatusFile, encoding: .utf8), text.hasSuffix("\n") {
                return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            usleep(50_000)
        }
        return nil
    }

    /// Signs in from the sign-in screen and waits for the home screen.
    func signIn(_ name: String = "admin", password: String = Sandbox.password) throws {
        waitFor("工作人员登录")
        try type(name)
        try press("Tab")
        try type(password)
        try press("Enter")
        waitFor("首页")
    }

    static func quote(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
