import ArgumentParser
import Domain
import Foundation
import Hub
import KioskConfig
import Reader
import Synchronization
import TUI
import Desk

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the kiosk's screen for staff at the service point (full-screen terminal).",
        discussion: """
            Staff sign in; then certify by fingerprint, enrol fingers, look residents up, record contact changes and \
            deaths, and (supervisors) read the lists and settle fraud alerts. Every screen shows its keys on the bottom \
            line; Esc goes back, F2 switches large text, F3 the language, F10 signs out. The screen locks itself after \
            the configured idle time. To try it on a machine with no reader: `kiosk-tools demo`.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("resident-tty"), help: ArgumentHelp(
        "A second terminal facing the resident (a console such as /dev/tty2, or a serial or USB display's tty): it shows only the finger, the prompt and the result, in block glyphs.",
        valueName: "path"))
    var residentTTY: String?

    func run() async throws {
        try await Session.untilStopped(global) { session async throws(KioskError) in
            let desk = try session.openDesk()
            let reader = KioskScreen.Reader(session)
            try await KioskScreen.run(session, desk: desk, reader: reader, demo: nil, residentTTY: residentTTY)
        }
    }
}

extension Session {
    /// Runs `screen` in a session; a stop signal lets everything go as on a normal exit, and the
    /// exit status then says which signal it was.
    package static func untilStopped(_ global: GlobalOptions, _ screen: (Session) async throws(KioskError) -> Void) async throws {
        StopSignals.install()
        try await run(global, screen)
        if let signal = StopSignals.received { throw ExitCode(128 + signal) }
    }
}

/// The full-screen kiosk: the live services over the database and the reader, and the event loop
/// on a thread of its own (it blocks on the terminal).
package enum KioskScreen {
    package struct Demo {
        package var guide: DemoGuide
        package var press: @Sendable (DemoPress) -> Void

        package init(guide: DemoGuide, press: @escaping @Sendable (DemoPress) -> Void) {
            self.guide = guide
            self.press = press
        }
    }

    /// The reader service, and where its hot-plug events go once the screen is up. One per
    /// process: the demo enrols its examples on it before the screen starts.
    package final class Reader: Sendable {
        package let service: ReaderService
        fileprivate let relay = Relay()

        package init(_ session: Session) {
            let relay = relay
            service = ReaderService(scanTimeout: session.settings.fingerprint.scanTimeoutSeconds) { event in
                relay.services.withLock { $0 }?.readerEvent(event)
            }
        }
    }

    /// Unifont's glyphs for large text, read once; without them large text is spaced out, as said
    /// once on standard error (the journal, under systemd) before the screen starts.
    private static func blockFont(_ session: Session) -> BlockFont? {
        let path = session.settings.screen.blockFont
        do {
            return try BlockFont.load(path: path, for: BlockFont.kioskStrings)
        } catch {
            Terminal.error(Message.screen(.blockFontMissing(path: path, exists: error.exists)).text(session.language))
            return nil
        }
    }

    fileprivate final class Relay: Sendable {
        let services = Mutex<KioskServices?>(nil)
    }

    package static func run(_ session: Session, desk: ServiceDesk, reader: Reader, demo: Demo?, residentTTY: String? = nil) async throws(KioskError) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .terminalNeeded }
        let resident: ResidentTerminal?
        do {
            resident = try residentTTY.map { path throws(ResidentTerminal.OpenFailed) in try ResidentTerminal(path: path) }
        } catch {
            throw .fileFailure(path: error.path, detail: error.detail)
        }
        let loop = EventLoop()
        let live = KioskServices(desk: desk, reader: .live(reader.service),
                                 speechCommand: session.settings.screen.speechCommand, visitStaff: session.settings.visitStaff,
                                 photos: session.settings.photo, maxPendingPhotos: session.settings.maxPendingPhotoReviews,
                                 demo: demo?.press, hub: try session.settings.hub.map { settings throws(KioskError) in
                                     KioskServices.HubLink(every: .seconds(60 * settings.syncEveryMinutes),
                                                           bureau: try BureauSealer.live(settings)) { () async throws(HubFailure) in
                                         HubClient.live(try await HubConnection.open(settings))
                                     }
                                 }, post: loop.post)
        reader.relay.services.withLock { $0 = live }
        live.refreshReader()

        let context = AppContext(language: session.language, largeText: session.settings.screen.largeText,
                                 servicePoint: session.settings.servicePoint, policy: session.settings.policy,
                                 fingerprintPolicy: session.settings.fingerprint, signInPolicy: session.settings.signIn,
                                 now: session.clock.localNow(), testClock: desk.testClock, demo: demo?.guide,
                                 blockFont: blockFont(session))
        let clock = session.clock
        await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                var app = KioskApp(context: context)
                loop.run(&app, now: { clock.localNow() }, perform: live.perform, resident: resident)
                finished.resume()
            }
        }
        reader.service.cancel()
        await reader.service.shutdown()
    }
}
