import Synchronization

/// The reader's test value: a reader that plays a script, so the desk's flows (certify, enrol, the
/// duplicate check, the fallback ladder) run in-process without libfprint. Each scan the desk asks
/// for takes the next line of the script: a finger pressed (named by a label: the same label is the
/// same finger), no finger within the time, or a failure. A print is the label it was enrolled
/// from, so verify and identify match exactly when the labels are equal. The reader layer's own
/// tests and the end-to-end tests keep using libfprint's virtual readers.
public final class ScriptedReader: Sendable {
    public enum Scan: Hashable, Sendable {
        case finger(String)
        case noFinger
        case failure(ReaderFailure)
    }

    public let info: ReaderInfo
    private let state = Mutex<State>(State())

    private struct State {
        var script: [Scan] = []
        var chip: [[UInt8]] = []
        var operations: [String] = []
    }

    /// `storage`: a match-on-chip reader, which keeps prints on its chip and refuses a finger it already holds.
    public init(driver: String = "scripted", deviceID: String = "0", identify: Bool = true, storage: Bool = false,
                enrollStages: Int = 3, scanTimeout: Int = 30) {
        var features: [ReaderInfo.Feature] = [.verify]
        if identify { features.append(.identify) }
        if storage { features += [.storage, .storageList, .storageDelete, .storageClear] }
        info = ReaderInfo(driver: driver, name: "Scripted reader", deviceID: deviceID, features: features,
                          enrollStages: enrollStages, scanType: .press)
        self.scanTimeout = scanTimeout
    }

    private let scanTimeout: Int

    /// Queues the scans the next operations will see, in order.
    public func press(_ scans: Scan...) {
        state.withLock { $0.script += scans }
    }

    /// Scans queued and not yet taken: a test ends with none left, or the flow asked fewer times than it should.
    public var unusedScans: [Scan] { state.withLock { $0.script } }
    /// The operations run, in order (`enroll`, `verify`, `identify:N` with the gallery's size, `delete`).
    public var operations: [String] { state.withLock { $0.operations } }
    public var chip: [[UInt8]] { state.withLock { $0.chip } }

    public static func print(_ label: String) -> [UInt8] { Array("scripted:\(label)".utf8) }

    private func next(_ operation: String) throws(ReaderFailure) -> String {
        let scan: Scan? = state.withLock { state in
            state.operations.append(operation)
            return state.script.isEmpty ? nil : state.script.removeFirst()
        }
        switch scan {
        case .finger(let label): return label
        case .noFinger, nil: throw .timedOut(seconds: scanTimeout)
        case .failure(let failure): throw failure
        }
    }

    public var client: ReaderClient {
        let info = info
        let storage = info.has(.storage)
        return ReaderClient(
            readers: { [info] () throws(ReaderFailure) in [info] },
            enroll: { [self] finger, events throws(ReaderFailure) in
                let label = try next("enroll")
                for stage in 1...info.enrollStages { events(.enrollStage(done: stage, of: info.enrollStages)) }
                let data = Self.print(label)
                if storage {
                    let duplicate = state.withLock { state in
                        if state.chip.contains(data) { return true }
                        state.chip.append(data)
                        return false
                    }
                    if duplicate { throw .dataDuplicate }
                }
                return FingerprintTemplate(data: data, driver: info.driver, deviceID: info.deviceID, finger: finger, storedOnDevice: storage)
            },
            verify: { [self] template, _ throws(ReaderFailure) in
                try template.data == Self.print(next("verify"))
            },
            identify: { [self] gallery, _ throws(ReaderFailure) in
                let data = try Self.print(next("identify:\(gallery.count)"))
                return gallery.firstIndex { $0.data == data }
            },
            capture: { _ throws(ReaderFailure) in throw .notSupported },
            storedPrints: { [self] () throws(ReaderFailure) in
                state.withLock { $0.chip }.map {
                    FingerprintTemplate(data: $0, driver: info.driver, deviceID: info.deviceID, finger: nil, storedOnDevice: true)
                }
            },
            deleteStored: { [self] template throws(ReaderFailure) in
                let removed = state.withLock { state in
                    state.operations.append("delete")
                    guard let index = state.chip.firstIndex(of: template.data) else { return false }
                    state.chip.remove(at: index)
                    return true
                }
                if !removed { throw .dataNotFound }
            },
            clearStorage: { [self] () throws(ReaderFailure) in state.withLock { $0.chip = [] } },
            cancel: {})
    }
}
