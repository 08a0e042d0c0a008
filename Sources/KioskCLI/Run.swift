import ArgumentParser
import Domain
import Foundation
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
            the configured idle time. With --demo: a throw-away service point with invented residents and libfprint's \
            virtual reader driven from the keyboard, for trying every flow on a machine with no reader.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Run on a throw-away demo service point (deleted on exit; under TMPDIR, or in --data-dir if given) with a virtual reader.")
    var demo = false

    func run() async throws {
        StopSignals.install()
        if demo {
            // Only an explicit --data-dir: KIOSK_DATA_DIR usually names a service point's real data.
            try await Session.run(global) { session async throws(KioskError) in
                try await DemoServicePoint.run(session, in: global.dataDirectory)
            }
        } else {
            try await Session.run(global) { session async throws(KioskError) in
                let desk = try session.openDesk()
                let reader = KioskScreen.Reader(session)
                try await KioskScreen.run(session, desk: desk, reader: reader, demo: nil)
            }
        }
        // Stopped by a signal: everything was let go as on a normal exit; the status says why.
        if let signal = StopSignals.received { throw ExitCode(128 + signal) }
    }
}

/// The full-screen kiosk: the live services over the database and the reader, and the event loop
/// on a thread of its own (it blocks on the terminal).
enum KioskScreen {
    struct Demo {
        var guide: DemoGuide
        var press: @Sendable (DemoPress) -> Void
    }

    /// The reader service, and where its hot-plug events go once the screen is up. One per
    /// process: the demo enrols its examples on it before the screen starts.
    final class Reader: Sendable {
        let service: ReaderService
        fileprivate let relay = Relay()

        init(_ session: Session) {
            let relay = relay
            service = ReaderService(scanTimeout: session.settings.fingerprint.scanTimeoutSeconds) { event in
                relay.services.withLock { $0 }?.readerEvent(event)
            }
        }
    }

    fileprivate final class Relay: Sendable {
        let services = Mutex<KioskServices?>(nil)
    }

    static func run(_ session: Session, desk: ServiceDesk, reader: Reader, demo: Demo?) async throws(KioskError) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .usage(.terminalNeeded) }
        let loop = EventLoop()
        let live = KioskServices(desk: desk, reader: .live(reader.service), receipts: session.receiptPrinter,
                                 speechCommand: session.settings.screen.speechCommand, visitStaff: session.settings.visitStaff,
                                 photos: session.settings.photo, maxPendingPhotos: session.settings.maxPendingPhotoReviews,
                                 demo: demo?.press, post: loop.post)
        reader.relay.services.withLock { $0 = live }
        live.refreshReader()

        let context = AppContext(language: session.language, largeText: session.settings.screen.largeText,
                                 servicePoint: session.settings.servicePoint, policy: session.settings.policy,
                                 fingerprintPolicy: session.settings.fingerprint, signInPolicy: session.settings.signIn,
                                 now: session.clock.localNow(), demo: demo?.guide)
        let clock = session.clock
        await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                var app = KioskApp(context: context)
                loop.run(&app, now: { clock.localNow() }, perform: live.perform)
                finished.resume()
            }
        }
        reader.service.cancel()
        await reader.service.shutdown()
    }
}
