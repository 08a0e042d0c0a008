import Foundation
import Testing

/// `kiosk-tools demo` leaves nothing behind (its data holds a print key, a roster and receipts):
/// not when the terminal is closed, not when it is told to stop, and what a kill -9 leaves is swept
/// by the next demo.
@Suite("demo mode leaves nothing behind")
struct DemoTests {
    /// A demo in tmux whose temporary files go to the sandbox's own TMPDIR.
    func startDemo(_ sandbox: Sandbox, _ arguments: [String] = []) throws -> TmuxKiosk {
        let kiosk = try TmuxKiosk(sandbox, arguments, command: [Sandbox.tools, "demo"], environment: ["TMPDIR": temporary(sandbox)])
        kiosk.waitFor("演示模式：账号 demo，密码 demo-pass-2026", seconds: 90)
        return kiosk
    }

    func temporary(_ sandbox: Sandbox) -> String {
        let path = sandbox.directory.appendingPathComponent("tmp").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func demoDirectories(_ sandbox: Sandbox) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: temporary(sandbox))) ?? []).filter { $0.hasPrefix("kiosk-demo-") }
    }

    /// The demo's process, from the marker it keeps in its directory.
    func demoProcess(in directory: String) throws -> pid_t {
        let text = try String(contentsOfFile: directory + "/.kiosk-demo", encoding: .utf8)
        return try #require(pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    func waitUntil(seconds: Double = 30, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    @Test func theDemoHonoursDataDirAndRemovesItWhenStopped() throws {
        let sandbox = try Sandbox()
        let chosen = sandbox.directory.appendingPathComponent("demo-here").path
        let kiosk = try startDemo(sandbox, ["--data-dir", chosen])
        #expect(FileManager.default.fileExists(atPath: chosen + "/data/kiosk.sqlite"))
        #expect(demoDirectories(sandbox).isEmpty, "nothing under TMPDIR when --data-dir is given")
        kill(try demoProcess(in: chosen), SIGTERM)
        #expect(kiosk.exitStatus(seconds: 30) == 128 + Int(SIGTERM))
        #expect(!FileManager.default.fileExists(atPath: chosen))
    }

    @Test func closingTheTerminalRemovesTheDemo() throws {
        let sandbox = try Sandbox()
        let kiosk = try startDemo(sandbox)
        let directories = demoDirectories(sandbox)
        #expect(directories.count == 1)
        let process = try demoProcess(in: temporary(sandbox) + "/" + (directories.first ?? ""))
        // The terminal goes away: tmux hangs up on the pane's processes.
        try kiosk.tmux(["kill-session", "-t", kiosk.target])
        #expect(waitUntil { kill(process, 0) != 0 }, "the demo ended when its terminal closed")
        #expect(demoDirectories(sandbox).isEmpty)
    }

    @Test func whatAKilledDemoLeftIsSweptByTheNext() throws {
        let sandbox = try Sandbox()
        let first = try startDemo(sandbox)
        let left = demoDirectories(sandbox)
        kill(try demoProcess(in: temporary(sandbox) + "/" + (left.first ?? "")), SIGKILL)
        #expect(first.exitStatus(seconds: 30) == 128 + Int(SIGKILL))
        #expect(demoDirectories(sandbox) == left, "kill -9 leaves the directory, as nothing can run then")

        // A directory of a demo still running is not touched.
        let running = temporary(sandbox) + "/kiosk-demo-running"
        try FileManager.default.createDirectory(atPath: running, withIntermediateDirectories: false)
        try "\(getpid())\n".write(toFile: running + "/.kiosk-demo", atomically: true, encoding: .utf8)

        let second = try startDemo(sandbox)
        let now = demoDirectories(sandbox)
        #expect(!now.contains(left[0]), "the killed demo's directory was swept")
        #expect(now.contains("kiosk-demo-running"))
        #expect(now.count == 2)
        try second.press("F10")
        second.waitFor("关闭自助认证终端？")
        try second.press("y")
        #expect(second.exitStatus(seconds: 30) == 0)
        #expect(demoDirectories(sandbox) == ["kiosk-demo-running"])
    }

    @Test func aDataDirThatHoldsSomethingElseIsRefused() throws {
        let sandbox = try Sandbox()
        let chosen = sandbox.directory.appendingPathComponent("busy").path
        try FileManager.default.createDirectory(atPath: chosen, withIntermediateDirectories: false)
        try "keep me".write(toFile: chosen + "/notes.txt", atomically: true, encoding: .utf8)
        let result = try sandbox.runTool(["demo", "--data-dir", chosen, "--lang", "en"])
        #expect(result.status != 0)
        #expect(result.stderr.contains(chosen))
        #expect(try String(contentsOfFile: chosen + "/notes.txt", encoding: .utf8) == "keep me")
    }
}
