import Domain
import Foundation

/// Files holding personal data: mode 0600, written to a temporary name and renamed, so a reader
/// never sees half a file and nobody else can read it.
public enum PrivateFile {
    public static func write(_ data: Data, to path: String) throws(KioskError) {
        let temporary = path + ".partial-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .fileFailure(path: path, detail: String(cString: strerror(errno))) }
        let written = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let count = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if count <= 0 { return false }
                offset += count
            }
            return fsync(descriptor) == 0
        }
        close(descriptor)
        guard written, rename(temporary, path) == 0 else {
            let detail = String(cString: strerror(errno))
            unlink(temporary)
            throw .fileFailure(path: path, detail: detail)
        }
    }
}
