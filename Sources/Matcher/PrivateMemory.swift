#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable array of plain values in pages of its own, for what the index decrypts out of the
/// sealed prints: left out of core dumps (`MADV_DONTDUMP`), locked in memory so that it is never
/// written to swap (`mlock`, where the process's `RLIMIT_MEMLOCK` allows: `isLocked` says whether
/// it did), and overwritten with zeros before its pages go back to the system (when it grows,
/// and at the end). Elements are raw values, never references.
final class PrivateMemory<Element: BitwiseCopyable>: @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<Element>?
    private(set) var capacity = 0
    private var mappedBytes = 0
    /// Whether every page is locked in memory (false where `mlock` was refused).
    private(set) var isLocked = true

    init() {}

    deinit { release() }

    var bytes: Int { mappedBytes }

    subscript(index: Int) -> Element {
        get { base![index] }
        set { base![index] = newValue }
    }

    /// Makes room for `needed` elements, keeping the first `kept` (a larger mapping, the old one
    /// wiped and returned).
    func reserve(_ needed: Int, keeping kept: Int) {
        guard needed > capacity else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let wantedBytes = max(needed, capacity * 2, 1) * MemoryLayout<Element>.stride
        let length = (wantedBytes + page - 1) / page * page
        guard let mapping = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), mapping != MAP_FAILED else {
            fatalError("the fingerprint index cannot have \(length) bytes of memory")
        }
        #if os(Linux)
        _ = madvise(mapping, length, MADV_DONTDUMP)
        #endif
        let locked = mlock(mapping, length) == 0
        let grown = mapping.bindMemory(to: Element.self, capacity: length / MemoryLayout<Element>.stride)
        if let base, kept > 0 { grown.update(from: base, count: kept) }
        release()
        base = grown
        mappedBytes = length
        capacity = length / MemoryLayout<Element>.stride
        isLocked = locked
    }

    /// Overwrites `count` elements from `start` with zeros (what a removed finger held).
    func wipe(from start: Int, count: Int) {
        guard let base, count > 0 else { return }
        Self.zero(UnsafeMutableRawPointer(base + start), count * MemoryLayout<Element>.stride)
    }

    private func release() {
        guard let base else { return }
        Self.zero(UnsafeMutableRawPointer(base), mappedBytes)
        munlock(base, mappedBytes)
        munmap(base, mappedBytes)
        self.base = nil
        capacity = 0
        mappedBytes = 0
    }

    /// Zeros that the optimiser cannot drop as dead stores (the memory is unmapped right after).
    fileprivate static func zero(_ pointer: UnsafeMutableRawPointer, _ count: Int) {
        #if os(Linux)
        explicit_bzero(pointer, count)
        #else
        memset_s(pointer, count, 0, count)
        #endif
    }
}

/// Overwrites `bytes` with zeros: a plaintext of minutiae, done with.
public func wipe(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { buffer in
        if let base = buffer.baseAddress { PrivateMemory<UInt8>.zero(base, buffer.count) }
    }
}
