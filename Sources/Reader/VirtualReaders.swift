import Domain
import Foundation

/// libfprint's virtual readers, driven over their Unix sockets: the accuracy bench feeds real
/// fingerprint images through them, tests drive retries, errors and unplugging, and a demo can run
/// with no hardware. Set `FP_VIRTUAL_IMAGE` or `FP_VIRTUAL_DEVICE` to the socket path before the
/// reader service starts.
public enum VirtualReaders {
    /// A connection to the `virtual_image` reader, which listens while it is open. It reads, per
    /// image, two native-endian Int32 (width, height) and the grey pixels; negative headers are
    /// commands.
    public final class ImageFeed: @unchecked Sendable {
        private let descriptor: Int32

        /// Connects, waiting up to `seconds` for the reader to open and listen.
        public init(socket path: String, waitingUpTo seconds: Double = 10) throws(ReaderFailure) {
            let deadline = Date().addingTimeInterval(seconds)
            while true {
                if let descriptor = Self.connect(path) {
                    self.descriptor = descriptor
                    return
                }
                guard Date() < deadline else { throw .noReader }
                usleep(20_000)
            }
        }

        deinit { close(descriptor) }

        public func send(_ image: GreyImage) throws(ReaderFailure) {
            try write(bytes: Self.frame(image))
        }

        /// One image as the reader takes it: the header, then the pixels padded to a width and
        /// height that are multiples of 4 (as libfprint's own feeder does) with white, no ridge.
        public static func frame(_ image: GreyImage) -> [UInt8] {
            let width = (image.width + 3) / 4 * 4, height = (image.height + 3) / 4 * 4
            var pixels = [UInt8](repeating: 255, count: width * height)
            for row in 0..<image.height {
                pixels.replaceSubrange((row * width)..<(row * width + image.width),
                                       with: image.pixels[(row * image.width)..<((row + 1) * image.width)])
            }
            return [Int32(width), Int32(height)].withUnsafeBytes { Array($0) } + pixels
        }

        public enum Command: Int32 {
            case retry = -1, error = -2, automaticFinger = -3, fingerPresent = -4, unplug = -5
        }

        public func send(_ command: Command, _ value: Int32) throws(ReaderFailure) {
            try write(header: command.rawValue, value)
        }

        private func write(header first: Int32, _ second: Int32) throws(ReaderFailure) {
            let header = [first, second].withUnsafeBytes { Array($0) }
            try write(bytes: header)
        }

        private func write(bytes: [UInt8]) throws(ReaderFailure) {
            var offset = 0
            while offset < bytes.count {
                // MSG_NOSIGNAL: a reader that closed its socket is an error here, not a SIGPIPE.
                let written = bytes.withUnsafeBytes { Foundation.send(descriptor, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
                guard written > 0 else { throw .removed }
                offset += written
            }
        }

        static func connect(_ path: String) -> Int32? {
            let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { return nil }
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let capacity = MemoryLayout.size(ofValue: address.sun_path)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                let bytes = Array(path.utf8.prefix(capacity - 1))
                raw.copyBytes(from: bytes + [0])
            }
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Foundation.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard connected == 0 else {
                close(descriptor)
                return nil
            }
            return descriptor
        }
    }

    /// One text command to the `virtual_device` reader (`SCAN id`, `RETRY n`, `ERROR n`,
    /// `FINGER 0|1`, `SLEEP ms`, `UNPLUG`, `SET_ENROLL_STAGES n`, `INSERT id`, `REMOVE id`, `LIST`),
    /// one connection each; returns what the reader answered.
    @discardableResult
    public static func device(socket path: String, command: String, waitingUpTo seconds: Double = 10) throws(ReaderFailure) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var descriptor: Int32?
        while descriptor == nil {
            descriptor = ImageFeed.connect(path)
            if descriptor == nil {
                guard Date() < deadline else { throw .noReader }
                usleep(20_000)
            }
        }
        defer { close(descriptor!) }
        let line = Array((command + "\n").utf8)
        guard Foundation.send(descriptor!, line, line.count, Int32(MSG_NOSIGNAL)) == line.count else { throw .removed }
        shutdown(descriptor!, Int32(SHUT_WR))
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(descriptor!, &buffer, buffer.count)
            if count <= 0 { break }
            answer += buffer[0..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }
}
