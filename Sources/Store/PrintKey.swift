import Crypto
import Domain
import Foundation

/// The key that seals enrolled prints: 32 random bytes in a file only the kiosk's user may read.
/// The kiosk refuses to start when the file is missing, malformed, or readable by anyone else.
enum PrintKey {
    static let byteCount = 32

    /// Makes the key file at `kiosk init` (or reads it, when an administrator placed one there).
    static func create(at path: String) throws(KioskError) -> SymmetricKey {
        if FileManager.default.fileExists(atPath: path) { return try load(from: path) }
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var bytes = [UInt8](repeating: 0, count: byteCount)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .fileFailure(path: path, detail: String(cString: strerror(errno))) }
        let written = write(descriptor, bytes, bytes.count) == bytes.count && fsync(descriptor) == 0
        let detail = String(cString: strerror(errno))
        close(descriptor)
        guard written else {
            unlink(path)
            throw .fileFailure(path: path, detail: detail)
        }
        return SymmetricKey(data: bytes)
    }

    static func load(from path: String) throws(KioskError) -> SymmetricKey {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .keyFileMissing(path: path) }
        let mode = Int(info.st_mode & 0o777)
        guard mode & 0o077 == 0 else { throw .keyFileTooOpen(path: path, mode: mode) }
        guard let data = FileManager.default.contents(atPath: path), data.count == byteCount else { throw .keyFileInvalid(path: path) }
        return SymmetricKey(data: data)
    }
}
