import CLibfprint
import Domain

/// Swift closures as libfprint's C callbacks. The closure travels in a retained box as the
/// callback's user data; a ready callback (called once) releases it after the call, progress and
/// match callbacks (called many times) when libfprint destroys their data.
enum Callbacks {
    final class Box<T>: @unchecked Sendable {
        let value: T
        init(_ value: T) { self.value = value }
    }

    struct Pair<Function> {
        let callback: Function
        let data: UnsafeMutableRawPointer
    }

    typealias Ready = (OpaquePointer?) -> Void

    static func ready(_ body: @escaping Ready) -> Pair<GAsyncReadyCallback> {
        Pair(callback: { _, result, data in Unmanaged<Box<Ready>>.fromOpaque(data!).takeRetainedValue().value(result) },
             data: Unmanaged.passRetained(Box(body)).toOpaque())
    }

    typealias Progress = (Int, UnsafeMutablePointer<GError>?) -> Void

    /// An enrolment progress callback: the stages done, or a retry error.
    static func progress(_ body: @escaping Progress) -> Pair<FpEnrollProgress> {
        Pair(callback: { _, stages, _, data, error in Unmanaged<Box<Progress>>.fromOpaque(data!).takeUnretainedValue().value(Int(stages), error) },
             data: Unmanaged.passRetained(Box(body)).toOpaque())
    }

    typealias Match = (UnsafeMutablePointer<GError>?) -> Void

    /// A match callback: called when a scan was matched (or not), or with a retry error.
    static func match(_ body: @escaping Match) -> Pair<FpMatchCb> {
        Pair(callback: { _, _, _, data, error in Unmanaged<Box<Match>>.fromOpaque(data!).takeUnretainedValue().value(error) },
             data: Unmanaged.passRetained(Box(body)).toOpaque())
    }

    /// The destroy notify for `progress` and `match` data.
    static let releaseProgress: GDestroyNotify = { data in Unmanaged<Box<Progress>>.fromOpaque(data!).release() }
    static let releaseMatch: GDestroyNotify = { data in Unmanaged<Box<Match>>.fromOpaque(data!).release() }
}

/// libfprint's GErrors as the kiosk's failures.
enum Failures {
    static func from(_ error: UnsafeMutablePointer<GError>?) -> ReaderFailure {
        guard let error else { return .general("unknown") }
        defer { g_error_free(error) }
        let code = error.pointee.code
        if error.pointee.domain == g_io_error_quark(), code == Int32(G_IO_ERROR_CANCELLED.rawValue) { return .cancelled }
        guard error.pointee.domain == fp_device_error_quark() else { return .general(String(cString: error.pointee.message)) }
        switch UInt32(code) {
        case FP_DEVICE_ERROR_NOT_SUPPORTED.rawValue: return .notSupported
        case FP_DEVICE_ERROR_NOT_OPEN.rawValue: return .notOpen
        case FP_DEVICE_ERROR_ALREADY_OPEN.rawValue: return .alreadyOpen
        case FP_DEVICE_ERROR_BUSY.rawValue: return .busy
        case FP_DEVICE_ERROR_PROTO.rawValue: return .protocolError
        case FP_DEVICE_ERROR_DATA_INVALID.rawValue: return .dataInvalid
        case FP_DEVICE_ERROR_DATA_NOT_FOUND.rawValue: return .dataNotFound
        case FP_DEVICE_ERROR_DATA_FULL.rawValue: return .dataFull
        case FP_DEVICE_ERROR_DATA_DUPLICATE.rawValue: return .dataDuplicate
        case FP_DEVICE_ERROR_REMOVED.rawValue: return .removed
        case FP_DEVICE_ERROR_TOO_HOT.rawValue: return .tooHot
        default: return .general(String(cString: error.pointee.message))
        }
    }

    /// The retry reason of a retry error, or nil when it is not one.
    static func retry(_ error: UnsafePointer<GError>?) -> ScanRetry? {
        guard let error, error.pointee.domain == fp_device_retry_quark() else { return nil }
        switch UInt32(error.pointee.code) {
        case FP_DEVICE_RETRY_TOO_SHORT.rawValue: return .tooShort
        case FP_DEVICE_RETRY_CENTER_FINGER.rawValue: return .centerFinger
        case FP_DEVICE_RETRY_REMOVE_FINGER.rawValue: return .removeFinger
        default: return .general
        }
    }
}
