import CNcurses
import Domain
import Foundation
import Synchronization

/// Runs the kiosk on the terminal: one thread owns ncurses and the screens; keys, replies and the
/// clock go in, and the screen is redrawn after each. Replies arrive from other threads through
/// `post`, which wakes the loop at once (a pipe), so the reader's coaching shows without delay.
public final class EventLoop: Sendable {
    private let inbox = Mutex<[KioskServices.Inbound]>([])
    private let wakeRead: Int32
    private let wakeWrite: Int32

    public init() {
        var descriptors: [Int32] = [0, 0]
        pipe(&descriptors)
        wakeRead = descriptors[0]
        wakeWrite = descriptors[1]
        _ = fcntl(wakeRead, F_SETFL, O_NONBLOCK)
        _ = fcntl(wakeWrite, F_SETFL, O_NONBLOCK)
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
    }

    public func post(_ inbound: KioskServices.Inbound) {
        inbox.withLock { $0.append(inbound) }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    /// Runs until the staff quit or a stop signal arrives (`StopSignals`). `now` gives the service
    /// point's local time; `perform` hands requests to the services; `resident`, a second terminal
    /// facing the resident, shows the prompts and results. Blocks the calling thread.
    public func run(_ app: inout KioskApp, now: () -> LocalDateTime, perform: (KioskApp.Request) -> Void, resident: ResidentTerminal? = nil) {
        let terminal = CursesTerminal(wake: (wakeRead, wakeWrite))
        kiosk_stop_wakes(wakeWrite)
        defer {
            kiosk_stop_wakes(-1)
            terminal.end()
        }
        func handle(_ requests: [KioskApp.Request]) {
            for request in requests {
                if request.effect == .bell { terminal.bell() } else { perform(request) }
            }
        }
        handle(app.tick(now: now(), uptime: ProcessInfo.processInfo.systemUptime))
        while !app.isFinished && StopSignals.received == nil {
            let (rows, columns) = terminal.size
            var canvas = Canvas(rows: rows, columns: columns)
            app.draw(&canvas)
            terminal.present(canvas)
            if let resident {
                var view = Canvas(rows: resident.rows, columns: resident.columns)
                app.drawResident(&view)
                resident.present(view)
            }

            let uptime = ProcessInfo.processInfo.systemUptime
            let wait = app.nextDeadline.map { Int((($0 - uptime) * 1000).rounded(.up)) } ?? 60_000
            terminal.wait(milliseconds: min(max(wait, 0), 60_000))
            drainWake()
            handle(app.tick(now: now(), uptime: ProcessInfo.processInfo.systemUptime))
            while let key = terminal.nextKey() {
                // When each key came, so that an ID-card reader's burst is told from a person's keys.
                handle(app.press(key, at: ProcessInfo.processInfo.systemUptime))
                if app.isFinished { return }
            }
            for inbound in inbox.withLock({ inbox in defer { inbox.removeAll() }; return inbox }) {
                switch inbound {
                case .reply(let request, let reply): handle(app.deliver(reply, to: request))
                case .reader(let state): app.readerChanged(state)
                case .readerRemoved(let deviceID): app.readerRemoved(deviceID: deviceID)
                case .hub(let status): app.hubChanged(status)
                }
            }
        }
    }

    private func drainWake() {
        // (A stop signal's byte is drained here too; the loop's condition sees the signal itself.)
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeRead, &buffer, buffer.count) > 0 {}
    }
}

/// SIGTERM, SIGHUP and SIGINT end the kiosk's screen as the staff's own exit does, so everything
/// after it (letting the reader go, removing a demo's data) still runs. Install before the screen
/// starts; a signal before the event loop runs ends it as soon as it starts.
public enum StopSignals {
    public static func install() { kiosk_stop_on_signals() }

    /// The signal that asked the kiosk to stop, if one did.
    public static var received: Int32? {
        let signal = kiosk_stop_received()
        return signal == 0 ? nil : signal
    }
}
