import Domain
import Foundation

/// A file the kiosk writes whole or not at all, made beside its target and then given its name.
///
/// The partial file is made by `mkstemp`: an unpredictable name (`.NAME.partial-XXXXXX`) in the
/// target's own directory, created exclusively (O_CREAT|O_EXCL, so never through a link someone
/// planted and never into a file someone made in advance), mode 0600. It is written through the
/// descriptor `mkstemp` returned, never reopened by name. While it is unfinished the writer holds
/// an exclusive `flock` on it: that is how `sweep` tells work in progress, in this process or
/// another, from what an interrupted one left behind (the lock goes with the process).
public final class PartialFile {
    /// Where the unfinished file is, for writers that open it by name (SQLite).
    public let path: String
    private let target: String
    private var descriptor: Int32

    /// The part of every partial file's name that `sweep` looks for.
    static let marker = ".partial-"

    public init(beside target: String) throws(KioskError) {
        let directory = (target as NSString).deletingLastPathComponent
        let base = (target as NSString).lastPathComponent
        while true {
            var template = Array(((directory.isEmpty ? "." : directory) + "/." + base + Self.marker + "XXXXXX").utf8CString)
            let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard descriptor >= 0 else { throw .fileFailure(path: target, detail: String(cString: strerror(errno))) }
            // A sweep that started before the lock was taken may have removed the name: then start again.
            var info = stat()
            guard fcntl(descriptor, F_SETFD, FD_CLOEXEC) == 0, flock(descriptor, LOCK_EX) == 0, fstat(descriptor, &info) == 0 else {
                let detail = String(cString: strerror(errno))
                close(descriptor)
                throw .fileFailure(path: target, detail: detail)
            }
            if info.st_nlink == 0 {
                close(descriptor)
                continue
            }
            self.path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            self.target = target
            self.descriptor = descriptor
            return
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    public func write(_ data: Data) throws(KioskError) {
        let written = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let count = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if count <= 0 { return false }
                offset += count
            }
            return true
        }
        guard written else { throw .fileFailure(path: target, detail: String(cString: strerror(errno))) }
    }

    /// Syncs the finished file and gives it the target's name. With `replacing`, whatever had the
    /// name is replaced (`rename`, atomic: a reader sees the old file or the new one); without,
    /// the name must be free (`link`), so an output is never overwritten.
    public func publish(replacing: Bool) throws(KioskError) {
        guard fsync(descriptor) == 0 else { throw .fileFailure(path: target, detail: String(cString: strerror(errno))) }
        if replacing {
            guard rename(path, target) == 0 else { throw .fileFailure(path: target, detail: String(cString: strerror(errno))) }
        } else {
            guard link(path, target) == 0 else {
                if errno == EEXIST { throw .fileExists(path: target) }
                throw .fileFailure(path: target, detail: String(cString: strerror(errno)))
            }
            unlink(path)
        }
        close(descriptor)
        descriptor = -1
    }

    /// Removes the unfinished file (and what SQLite kept beside it).
    public func discard() {
        Self.remove(path)
        close(descriptor)
        descriptor = -1
    }

    /// Removes the partial files interrupted work left anywhere under `directory` (those no
    /// process holds locked, and links planted under such a name); returns how many.
    public static func sweep(under directory: String) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return 0 }
        var removed = 0
        for name in names {
            let path = directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFDIR {
                removed += sweep(under: path)
            } else if isPartialName(name), removeIfAbandoned(path, info) {
                removed += 1
            }
        }
        return removed
    }

    /// `.NAME.partial-XXXXXX`, or `NAME.partial-PID` from earlier releases; not SQLite's `-journal` beside one.
    static func isPartialName(_ name: String) -> Bool {
        guard let marked = name.range(of: marker, options: .backwards) else { return false }
        let suffix = name[marked.upperBound...]
        return !suffix.isEmpty && suffix.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// Removes a partial file no writer holds (unlinked while this holds its lock, so a writer
    /// still taking it sees it gone), or anything else under a partial file's name.
    private static func removeIfAbandoned(_ path: String, _ info: stat) -> Bool {
        guard info.st_mode & S_IFMT == S_IFREG else { return remove(path) }
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return flock(descriptor, LOCK_EX | LOCK_NB) == 0 && remove(path)
    }

    /// Unlinks a partial file and what SQLite kept beside it when it was a database (a backup, a restore).
    @discardableResult
    private static func remove(_ path: String) -> Bool {
        for companion in ["-journal", "-wal", "-shm"] { unlink(path + companion) }
        return unlink(path) == 0
    }
}
