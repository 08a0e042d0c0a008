import Domain
import Foundation
import Reader
import Testing

/// The reader layer on libfprint's own virtual reader with on-chip storage, in this process:
/// the real library, driven through its socket (`SCAN id`, `RETRY n`, `ERROR n`, `SLEEP ms`...).
/// One reader for the whole suite, so the suite runs serialized.
@Suite("Reader layer on libfprint's virtual device", .serialized)
struct ReaderServiceTests {
    static let socket = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-reader-\(getpid()).socket").path
    nonisolated(unsafe) static let service: ReaderService = {
        unlink(socket)
        setenv("FP_VIRTUAL_DEVICE_STORAGE", socket, 1)
        setenv("FP_DRIVERS_WHITELIST", "virtual_device_storage", 1)
        return ReaderService(scanTimeout: 2)
    }()

    /// Events seen during an operation, collected from the reader's thread.
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [ReaderEvent] = []
        var events: [ReaderEvent] { lock.withLock { seen } }
        var handler: ReaderClient.Events { { [self] event in lock.withLock { seen.append(event) } } }
    }

    /// Sends commands once the reader listens (it opens with the first operation).
    func send(_ commands: [String]) {
        Thread.detachNewThread {
            for command in commands { _ = try? VirtualReaders.device(socket: Self.socket, command: command) }
        }
    }

    /// What the person at the reader does: each time the reader asks for a finger, the next
    /// group of commands goes out (a scan, a retry, an error...). Events are recorded too.
    final class Script: @unchecked Sendable {
        private let lock = NSLock()
        private var steps: [[String]]
        let recorder = Recorder()

        init(_ steps: [[String]]) { self.steps = steps }

        var handler: ReaderClient.Events {
            { [self] event in
                recorder.handler(event)
                guard case .placeFinger = event else { return }
                let step: [String]? = lock.withLock { steps.isEmpty ? nil : steps.removeFirst() }
                if let step {
                    Thread.detachNewThread {
                        for command in step { _ = try? VirtualReaders.device(socket: ReaderServiceTests.socket, command: command) }
                    }
                }
            }
        }
    }

    /// Enrols a print the reader has not seen (the storage reader refuses a duplicate); `id`
    /// names it for later scans.
    func enroll(_ id: String, recorder: Recorder = Recorder()) async throws -> FingerprintTemplate {
        let script = Script(Array(repeating: ["SCAN \(id)"], count: 5))
        let template = try await Self.service.enroll(.rightIndex, events: { event in
            recorder.handler(event)
            script.handler(event)
        })
        return template
    }

    func verify(_ template: FingerprintTemplate, _ steps: [[String]]) async throws(ReaderFailure) -> Bool {
        try await Self.service.verify(template, events: Script(steps).handler)
    }

    /// A print name used once in this run.
    static func unique(_ name: String) -> String { "\(name)-\(UUID().uuidString.prefix(8))" }

    func failure(_ body: () async throws(ReaderFailure) -> Void) async -> ReaderFailure? {
        do throws(ReaderFailure) {
            try await body()
            return nil
        } catch {
            return error
        }
    }

    @Test func theReaderIsDescribed() {
        let reader = Self.service.readers().first
        #expect(reader?.driver == "virtual_device_storage")
        #expect(reader?.has(.identify) == true && reader?.has(.storage) == true)
        #expect(reader?.enrollStages == 5)
    }

    @Test func enrolmentReportsEveryStage() async throws {
        let recorder = Recorder()
        let template = try await enroll(Self.unique("stages"), recorder: recorder)
        #expect(template.finger == .rightIndex)
        #expect(template.storedOnDevice)
        let stages = recorder.events.compactMap { if case .enrollStage(let done, let total) = $0 { "\(done)/\(total)" } else { nil } }
        #expect(stages == ["1/5", "2/5", "3/5", "4/5", "5/5"])
    }

    @Test func everyRetryReasonIsAnEventAndTheScanGoesOn() async throws {
        let id = Self.unique("retry")
        let template = try await enroll(id)
        let script = Script([["RETRY 0"], ["RETRY 1"], ["RETRY 2"], ["RETRY 3"], ["SCAN \(id)"]])
        #expect(try await Self.service.verify(template, events: script.handler))
        let retries = script.recorder.events.compactMap { if case .retry(let reason) = $0 { reason } else { nil } }
        #expect(retries == [.general, .tooShort, .centerFinger, .removeFinger])
    }

    @Test func anotherFingerDoesNotMatch() async throws {
        let template = try await enroll(Self.unique("mine"))
        #expect(try await verify(template, [["SCAN someone-else"]]) == false)
    }

    @Test(arguments: [(1, ReaderFailure.notSupported), (4, .busy), (5, .protocolError), (7, .dataNotFound), (8, .dataFull), (257, .tooHot)])
    func deviceErrorsBecomeFailuresAndTheReaderStaysUsable(code: Int, expected: ReaderFailure) async throws {
        let id = Self.unique("errors")
        let template = try await enroll(id)
        #expect(await failure { () throws(ReaderFailure) in _ = try await verify(template, [["ERROR \(code)"]]) } == expected)
        #expect(try await verify(template, [["SCAN \(id)"]]))
    }

    @Test func aScanWithNoFingerTimesOutAndTheReaderIsUsableAgain() async throws {
        let id = Self.unique("late")
        let template = try await enroll(id)
        let started = Date()
        #expect(await failure { () throws(ReaderFailure) in _ = try await Self.service.verify(template, events: { _ in }) } == .timedOut(seconds: 2))
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(try await verify(template, [["SCAN \(id)"]]))
    }

    @Test func aSlowFingerIsWaitedFor() async throws {
        let id = Self.unique("slow")
        let template = try await enroll(id)
        #expect(try await verify(template, [["SLEEP 800", "SCAN \(id)"]]))
    }

    @Test func aSecondOperationIsRefusedAndCancelWaitsForTheFirst() async throws {
        let id = Self.unique("busy")
        let template = try await enroll(id)
        async let first = failure { () throws(ReaderFailure) in _ = try await Self.service.verify(template, events: { _ in }) }
        try await Task.sleep(for: .milliseconds(300))
        #expect(await failure { () throws(ReaderFailure) in _ = try await Self.service.verify(template, events: { _ in }) } == .busy)
        Self.service.cancel()
        #expect(await first == .cancelled)
        #expect(try await verify(template, [["SCAN \(id)"]]))
    }

    @Test func identifyFindsTheMatchingPrint() async throws {
        let secondID = Self.unique("second")
        let first = try await enroll(Self.unique("first")), second = try await enroll(secondID)
        #expect(try await Self.service.identify([first, second], events: Script([["SCAN \(secondID)"]]).handler) == 1)
        #expect(try await Self.service.identify([first, second], events: Script([["SCAN nobody"]]).handler) == nil)
    }

    @Test func aPrintFromAnotherReaderIsRefusedClearly() async throws {
        var template = try await enroll(Self.unique("moved"))
        template.driver = "elan"
        #expect(await failure { () throws(ReaderFailure) in _ = try await Self.service.verify(template, events: { _ in }) }
                == .incompatiblePrint(driver: "elan", deviceID: template.deviceID))
    }

    @Test func printsOnTheChipAreListedDeletedAndCleared() async throws {
        send(["CONT clear"])
        try await Self.service.clearStorage()
        let keptID = Self.unique("kept")
        _ = try await enroll(keptID)
        let dropped = try await enroll(Self.unique("dropped"))
        #expect(try await Self.service.storedPrints().count == 2)
        try await Self.service.deleteStored(dropped)
        let left = try await Self.service.storedPrints()
        #expect(left.count == 1)
        // The reader lists its own copy (without the finger we named); it carries the print's id.
        #expect(left.first.map { String(decoding: $0.data, as: UTF8.self).contains(keptID) } == true)
        send(["CONT clear"])
        try await Self.service.clearStorage()
        #expect(try await Self.service.storedPrints().isEmpty)
    }
}
