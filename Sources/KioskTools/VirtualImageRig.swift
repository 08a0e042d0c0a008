import Domain
import Foundation
import KioskCommandLine
import Reader

/// libfprint's virtual image reader inside this process, with a feeder that sends the next queued
/// image whenever the reader asks for a finger: the real matching pipeline, driven by files.
/// Used by the accuracy and verify benchmarks.
final class VirtualImageRig: @unchecked Sendable {
    let socket: String
    let service: ReaderService
    let reader: ReaderClient
    private let lock = NSLock()
    private var queue: [GreyImage] = []
    private var feed: VirtualReaders.ImageFeed?
    private let sender = DispatchQueue(label: "virtual-image-feed")

    /// Points libfprint at its virtual image reader (and at nothing else) before it starts.
    init(directory: String, scanTimeout: Int) {
        socket = directory + "/virtual-image.socket"
        unlink(socket)
        setenv("FP_VIRTUAL_IMAGE", socket, 1)
        setenv("FP_DRIVERS_WHITELIST", "virtual_image", 1)
        service = ReaderService(scanTimeout: scanTimeout)
        reader = .live(service)
    }

    func enqueue(_ images: [GreyImage]) {
        lock.withLock { queue += images }
    }

    /// Drops the images not sent (an enrolment given up), so the next one starts with its own.
    func discardQueued() {
        lock.withLock { queue.removeAll() }
    }

    /// The events handler that feeds: on "place your finger", the next image goes out (from another
    /// thread than the reader's, which must stay free to read it).
    var events: ReaderClient.Events {
        { [self] event in
            guard case .placeFinger = event else { return }
            let next: GreyImage? = lock.withLock { queue.isEmpty ? nil : queue.removeFirst() }
            guard let next else { return }
            sender.async { [self] in
                if feed == nil { feed = try? VirtualReaders.ImageFeed(socket: socket) }
                try? feed?.send(next)
            }
        }
    }
}
