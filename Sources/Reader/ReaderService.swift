import CLibfprint
import Domain
import Foundation

/// The one owner of libfprint. A dedicated thread runs GLib's default main context, and every
/// `fp_*` call is made on that thread (libfprint is not thread-safe, and its callbacks arrive on
/// the context that started an operation). Other threads submit work and await the result.
///
/// One operation at a time, as fprintd does: a second gets `.busy`. Each operation has its own
/// cancellable and a timer that cancels it when no finger came within the scan timeout, well
/// before libfprint's own overheating cut-off. Cancelling waits for libfprint to finish the
/// operation, so the reader is usable again at once.
public final class ReaderService: @unchecked Sendable {
    public let scanTimeout: Int
    /// The kiosk's own index of image-reader prints, kept between scans (see `ImageGallery`).
    public let imageGallery = ImageGallery()
    private let loop: OpaquePointer
    private var thread: Thread?

    // Owned by the loop thread.
    private var context: UnsafeMutablePointer<FpContext>?
    private var device: UnsafeMutablePointer<FpDevice>?
    private var current: Operation?
    private var hotplug: ReaderClient.Events?

    /// Services started in this process: one at most, since each runs GLib's one default main context.
    nonisolated(unsafe) private static var started = false

    public init(scanTimeout: Int, hotplug: ReaderClient.Events? = nil) {
        precondition(!Self.started, "one ReaderService per process: it owns GLib's default main context")
        Self.started = true
        self.scanTimeout = scanTimeout
        self.hotplug = hotplug
        loop = g_main_loop_new(nil, 0)
        nonisolated(unsafe) let loop = self.loop
        let thread = Thread { g_main_loop_run(loop) }
        thread.name = "libfprint"
        thread.start()
        self.thread = thread
        onLoop { [self] in
            context = fp_context_new()
            watchHotplug()
        }
    }

    // MARK: Running work on the loop thread

    private final class Work: @unchecked Sendable {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// Queues `work` on the loop thread. An idle source, never `g_main_context_invoke`, which
    /// would run the work on the calling thread whenever the context happens to be free.
    private func invoke(_ work: @escaping () -> Void) {
        g_idle_add_full(G_PRIORITY_DEFAULT, { data in
            Unmanaged<Work>.fromOpaque(data!).takeRetainedValue().run()
            return 0
        }, Unmanaged.passRetained(Work(work)).toOpaque(), nil)
    }

    /// Runs `work` on the loop thread and waits for it.
    private func onLoop<T>(_ work: @escaping () -> T) -> T {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: T?
        invoke {
            result = work()
            done.signal()
        }
        done.wait()
        return result!
    }

    // MARK: Operations

    /// The running operation: its cancellable, its timer and where its events go.
    final class Operation {
        let cancellable: UnsafeMutablePointer<GCancellable>
        let events: ReaderClient.Events
        var timer: guint = 0
        var timed = false
        var timedOut = false

        init(events: @escaping ReaderClient.Events) {
            cancellable = g_cancellable_new()
            self.events = events
        }

        deinit { g_object_unref(cancellable) }

        func stopTimer() {
            if timer != 0 { g_source_remove(timer) }
            timer = 0
        }
    }

    typealias Finish<T> = (Result<T, ReaderFailure>) -> Void

    /// Runs one libfprint operation on the (opened) first reader. `start` is called on the loop
    /// thread and must call `finish` exactly once, from the loop thread.
    func run<T: Sendable>(events: @escaping ReaderClient.Events, timed: Bool = true,
                          _ start: @escaping (UnsafeMutablePointer<FpDevice>, Operation, @escaping Finish<T>) -> Void) async throws(ReaderFailure) -> T {
        let result: Result<T, ReaderFailure> = await withCheckedContinuation { continuation in
            invoke { [self] in
                guard current == nil else { return continuation.resume(returning: .failure(.busy)) }
                let operation = Operation(events: events)
                current = operation
                let finish: Finish<T> = { [self] result in
                    operation.stopTimer()
                    current = nil
                    if case .failure(.removed) = result { forgetDevice() }
                    if case .failure(.cancelled) = result, operation.timedOut {
                        return continuation.resume(returning: .failure(.timedOut(seconds: scanTimeout)))
                    }
                    continuation.resume(returning: result)
                }
                // The timer runs from the start, so a reader that never finishes opening cannot hang us either.
                operation.timed = timed
                startTimer(operation)
                openDevice(operation.cancellable) { opened in
                    switch opened {
                    case .failure(let failure): finish(.failure(failure))
                    case .success(let device): start(device, operation, finish)
                    }
                }
            }
        }
        return try result.get()
    }

    /// (Re)starts the operation's timeout, for timed operations.
    private func startTimer(_ operation: Operation) {
        operation.stopTimer()
        guard operation.timed else { return }
        operation.timer = g_timeout_add_seconds_full(G_PRIORITY_DEFAULT, guint(scanTimeout), { data in
            let operation = Unmanaged<Operation>.fromOpaque(data!).takeUnretainedValue()
            operation.timer = 0
            operation.timedOut = true
            g_cancellable_cancel(operation.cancellable)
            return 0
        }, Unmanaged.passRetained(operation).toOpaque(), { data in Unmanaged<Operation>.fromOpaque(data!).release() })
    }

    /// Stops the running operation (from any thread).
    public func cancel() {
        invoke { [self] in
            if let current { g_cancellable_cancel(current.cancellable) }
        }
    }

    /// Closes the reader and stops the loop thread. The service is unusable afterwards.
    public func shutdown() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            invoke { [self] in
                guard let device, fp_device_is_open(device) != 0 else { return continuation.resume() }
                let ready = Callbacks.ready { result in
                    _ = fp_device_close_finish(device, result, nil)
                    continuation.resume()
                }
                fp_device_close(device, nil, ready.callback, ready.data)
            }
        }
        onLoop { [self] in
            if let device { g_object_unref(device) }
            device = nil
            g_main_loop_quit(loop)
        }
        // The context goes with the process: releasing it while libusb still watches the device's
        // file descriptors only makes libusb complain.
    }

    // MARK: Devices

    /// The readers present; operations use the first.
    public func readers() -> [ReaderInfo] {
        onLoop { [self] in devices().map(Self.info) }
    }

    private func devices() -> [UnsafeMutablePointer<FpDevice>] {
        guard let context, let array = fp_context_get_devices(context) else { return [] }
        return (0..<Int(array.pointee.len)).compactMap { array.pointee.pdata[$0]?.assumingMemoryBound(to: FpDevice.self) }
    }

    static func info(_ device: UnsafeMutablePointer<FpDevice>) -> ReaderInfo {
        let bits = fp_device_get_features(device).rawValue
        let features: [(UInt32, ReaderInfo.Feature)] = [
            (1 << 0, .capture), (1 << 1, .identify), (1 << 2, .verify), (1 << 3, .storage), (1 << 4, .storageList),
            (1 << 5, .storageDelete), (1 << 6, .storageClear), (1 << 7, .duplicatesCheck), (1 << 8, .alwaysOn), (1 << 9, .updatePrint),
        ]
        return ReaderInfo(driver: String(cString: fp_device_get_driver(device)), name: String(cString: fp_device_get_name(device)),
                          deviceID: String(cString: fp_device_get_device_id(device)),
                          features: features.filter { bits & $0.0 != 0 }.map(\.1),
                          enrollStages: Int(fp_device_get_nr_enroll_stages(device)),
                          scanType: fp_device_get_scan_type(device) == FP_SCAN_TYPE_SWIPE ? .swipe : .press)
    }

    /// An unplugged reader is closed and let go (libfprint only drops it from its list once it is
    /// closed), so a reader plugged in again is found by the next operation.
    private func forgetDevice() {
        guard let gone = device else { return }
        device = nil
        let ready = Callbacks.ready { result in
            _ = fp_device_close_finish(gone, result, nil)
            g_object_unref(gone)
        }
        fp_device_close(gone, nil, ready.callback, ready.data)
    }

    private func openDevice(_ cancellable: UnsafeMutablePointer<GCancellable>,
                            _ done: @escaping (Result<UnsafeMutablePointer<FpDevice>, ReaderFailure>) -> Void) {
        if let device, fp_device_is_open(device) != 0 { return done(.success(device)) }
        guard let first = devices().first else { return done(.failure(.noReader)) }
        let ready = Callbacks.ready { [self] result in
            var error: UnsafeMutablePointer<GError>?
            guard fp_device_open_finish(first, result, &error) != 0 else { return done(.failure(Failures.from(error))) }
            if let device { g_object_unref(device) }
            device = first
            g_object_ref(first)
            watchFingerStatus(first)
            done(.success(first))
        }
        fp_device_open(first, cancellable, ready.callback, ready.data)
    }

    private func watchHotplug() {
        guard let context else { return }
        let added: @convention(c) (gpointer?, gpointer?, gpointer?) -> Void = { _, device, data in
            let service = Unmanaged<ReaderService>.fromOpaque(data!).takeUnretainedValue()
            service.hotplug?(.readerAdded(ReaderService.info(device!.assumingMemoryBound(to: FpDevice.self))))
        }
        let removed: @convention(c) (gpointer?, gpointer?, gpointer?) -> Void = { _, device, data in
            let service = Unmanaged<ReaderService>.fromOpaque(data!).takeUnretainedValue()
            let gone = device!.assumingMemoryBound(to: FpDevice.self)
            service.hotplug?(.readerRemoved(deviceID: String(cString: fp_device_get_device_id(gone))))
        }
        let me = Unmanaged.passUnretained(self).toOpaque()
        kiosk_signal_connect(UnsafeMutableRawPointer(context), "device-added", unsafeBitCast(added, to: GCallback.self), me)
        kiosk_signal_connect(UnsafeMutableRawPointer(context), "device-removed", unsafeBitCast(removed, to: GCallback.self), me)
    }

    /// Finger status changes become "place your finger" / "lift your finger". A finger on the
    /// reader restarts the timeout, so matching against a large gallery has a full period, while a
    /// finger that never lifts (or a reader stuck reporting one) still ends the scan.
    private func watchFingerStatus(_ device: UnsafeMutablePointer<FpDevice>) {
        let changed: @convention(c) (gpointer?, gpointer?, gpointer?) -> Void = { object, _, data in
            let service = Unmanaged<ReaderService>.fromOpaque(data!).takeUnretainedValue()
            guard let operation = service.current else { return }
            let device = object!.assumingMemoryBound(to: FpDevice.self)
            let status = fp_device_get_finger_status(device).rawValue
            let needed = status & FP_FINGER_STATUS_NEEDED.rawValue != 0, present = status & FP_FINGER_STATUS_PRESENT.rawValue != 0
            if present {
                service.startTimer(operation)
                if !needed { operation.events(.liftFinger) }
            } else if needed {
                operation.events(.placeFinger(fp_device_get_scan_type(device) == FP_SCAN_TYPE_SWIPE ? .swipe : .press))
            }
        }
        kiosk_signal_connect(UnsafeMutableRawPointer(device), "notify::finger-status", unsafeBitCast(changed, to: GCallback.self),
                             Unmanaged.passUnretained(self).toOpaque())
        // Unplugged while idle: let it go now (a running operation fails as removed and lets it go itself).
        let removed: @convention(c) (gpointer?, gpointer?) -> Void = { _, data in
            let service = Unmanaged<ReaderService>.fromOpaque(data!).takeUnretainedValue()
            if service.current == nil { service.forgetDevice() }
        }
        kiosk_signal_connect(UnsafeMutableRawPointer(device), "removed", unsafeBitCast(removed, to: GCallback.self),
                             Unmanaged.passUnretained(self).toOpaque())
    }
}
