/// The ten fingers, as staff name them on the command line (`right-index`).
public enum Finger: String, Hashable, Sendable, Codable, CaseIterable {
    case leftThumb = "left-thumb", leftIndex = "left-index", leftMiddle = "left-middle", leftRing = "left-ring", leftLittle = "left-little"
    case rightThumb = "right-thumb", rightIndex = "right-index", rightMiddle = "right-middle", rightRing = "right-ring", rightLittle = "right-little"
}

/// How the kiosk uses fingerprints (policy.yaml, `fingerprint`).
public struct FingerprintPolicy: Hashable, Sendable {
    /// Fingers to enrol per resident; more are refused.
    public var fingersPerResident: Int
    /// Scans a resident may try at one certification, switching fingers, before the fallback.
    public var attempts: Int
    /// A scan waiting longer than this for a finger is cancelled.
    public var scanTimeoutSeconds: Int

    public init(fingersPerResident: Int = 2, attempts: Int = 3, scanTimeoutSeconds: Int = 30) {
        self.fingersPerResident = fingersPerResident
        self.attempts = attempts
        self.scanTimeoutSeconds = scanTimeoutSeconds
    }
}

/// A reader as libfprint describes it.
public struct ReaderInfo: Hashable, Sendable, Codable {
    public enum ScanType: String, Hashable, Sendable, Codable { case press, swipe }

    public enum Feature: String, Hashable, Sendable, Codable, CaseIterable {
        case capture, identify, verify, storage
        case storageList = "storage_list", storageDelete = "storage_delete", storageClear = "storage_clear"
        case duplicatesCheck = "duplicates_check", alwaysOn = "always_on", updatePrint = "update_print"
    }

    public var driver: String
    public var name: String
    public var deviceID: String
    public var features: [Feature]
    public var enrollStages: Int
    public var scanType: ScanType

    public init(driver: String, name: String, deviceID: String, features: [Feature], enrollStages: Int, scanType: ScanType) {
        self.driver = driver
        self.name = name
        self.deviceID = deviceID
        self.features = features
        self.enrollStages = enrollStages
        self.scanType = scanType
    }

    public func has(_ feature: Feature) -> Bool { features.contains(feature) }
}

/// An enrolled print as libfprint serialised it, with what it is tied to: a print made on one
/// driver and device cannot be matched on another.
public struct FingerprintTemplate: Hashable, Sendable {
    public var data: [UInt8]
    public var driver: String
    public var deviceID: String
    /// Nil for an anonymous print, such as a reader's commissioning test.
    public var finger: Finger?
    /// Kept on the reader's own chip (match-on-chip readers); `data` then only names it.
    public var storedOnDevice: Bool

    public init(data: [UInt8], driver: String, deviceID: String, finger: Finger?, storedOnDevice: Bool) {
        self.data = data
        self.driver = driver
        self.deviceID = deviceID
        self.finger = finger
        self.storedOnDevice = storedOnDevice
    }

    public func fits(_ reader: ReaderInfo) -> Bool { driver == reader.driver && deviceID == reader.deviceID }
}

/// An 8-bit grey image, row by row.
public struct GreyImage: Hashable, Sendable {
    public var width: Int
    public var height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height, "pixel count does not match the size")
        self.width = width
        self.height = height
        self.pixels = pixels
    }
}

/// Why libfprint asks for another scan; the operation goes on by itself.
public enum ScanRetry: String, Hashable, Sendable, Codable, CaseIterable {
    case general
    case tooShort = "too_short"
    case centerFinger = "center_finger"
    case removeFinger = "remove_finger"
}

/// What the reader reports while an operation runs: each becomes a coaching line on screen.
public enum ReaderEvent: Hashable, Sendable {
    case placeFinger(ReaderInfo.ScanType)
    case liftFinger
    case enrollStage(done: Int, of: Int)
    case retry(ScanRetry)
    case checking(done: Int, of: Int)
    case readerAdded(ReaderInfo)
    case readerRemoved(deviceID: String)
}

/// How a reader operation failed. libfprint's errors map one to one; a timeout is the kiosk's own.
public enum ReaderFailure: Error, Hashable, Sendable {
    case noReader
    case general(String)
    case notSupported
    case notOpen
    case alreadyOpen
    case busy
    case protocolError
    case dataInvalid
    case dataNotFound
    case dataFull
    case dataDuplicate
    case removed
    case tooHot
    case timedOut(seconds: Int)
    case cancelled
    /// The print was made on another reader (driver, device).
    case incompatiblePrint(driver: String, deviceID: String)
}

/// The reader, as the rest of the kiosk sees it: a struct of async closures (one live value over
/// libfprint; tests use libfprint's own virtual readers through it). Events arrive on the
/// reader's thread while the call runs.
public struct ReaderClient: Sendable {
    public typealias Events = @Sendable (ReaderEvent) -> Void

    /// The readers present, first the one operations use.
    public var readers: @Sendable () async throws(ReaderFailure) -> [ReaderInfo]
    /// Enrols one finger (nil: an anonymous test print): as many scans as the reader asks for.
    public var enroll: @Sendable (Finger?, @escaping Events) async throws(ReaderFailure) -> FingerprintTemplate
    /// One scan checked against one template: matched or not.
    public var verify: @Sendable (FingerprintTemplate, @escaping Events) async throws(ReaderFailure) -> Bool
    /// One scan checked against many templates: the index of the match, if any.
    public var identify: @Sendable ([FingerprintTemplate], @escaping Events) async throws(ReaderFailure) -> Int?
    public var capture: @Sendable (@escaping Events) async throws(ReaderFailure) -> GreyImage
    /// Prints kept on the reader's chip (match-on-chip readers).
    public var storedPrints: @Sendable () async throws(ReaderFailure) -> [FingerprintTemplate]
    public var deleteStored: @Sendable (FingerprintTemplate) async throws(ReaderFailure) -> Void
    public var clearStorage: @Sendable () async throws(ReaderFailure) -> Void
    /// Stops the running operation; it then fails with `.cancelled` once libfprint has finished.
    public var cancel: @Sendable () -> Void

    public init(readers: @escaping @Sendable () async throws(ReaderFailure) -> [ReaderInfo],
                enroll: @escaping @Sendable (Finger?, @escaping Events) async throws(ReaderFailure) -> FingerprintTemplate,
                verify: @escaping @Sendable (FingerprintTemplate, @escaping Events) async throws(ReaderFailure) -> Bool,
                identify: @escaping @Sendable ([FingerprintTemplate], @escaping Events) async throws(ReaderFailure) -> Int?,
                capture: @escaping @Sendable (@escaping Events) async throws(ReaderFailure) -> GreyImage,
                storedPrints: @escaping @Sendable () async throws(ReaderFailure) -> [FingerprintTemplate],
                deleteStored: @escaping @Sendable (FingerprintTemplate) async throws(ReaderFailure) -> Void,
                clearStorage: @escaping @Sendable () async throws(ReaderFailure) -> Void,
                cancel: @escaping @Sendable () -> Void) {
        self.readers = readers
        self.enroll = enroll
        self.verify = verify
        self.identify = identify
        self.capture = capture
        self.storedPrints = storedPrints
        self.deleteStored = deleteStored
        self.clearStorage = clearStorage
        self.cancel = cancel
    }
}

/// The fallback ladder at one certification: up to `maxAttempts` scans, the resident's enrolled
/// fingers in turn, and then photo certification or a home visit.
public struct FingerprintAttempts: Hashable, Sendable {
    public let maxAttempts: Int
    public let fingers: [Finger]
    public private(set) var mismatches = 0

    /// `used`: attempts already failed for this resident (a retry after the reader was unplugged keeps them).
    public init(maxAttempts: Int, fingers: [Finger], used: Int = 0) {
        self.maxAttempts = maxAttempts
        self.fingers = fingers
        mismatches = min(max(0, used), maxAttempts)
    }

    public var isExhausted: Bool { mismatches >= maxAttempts || fingers.isEmpty }
    /// 1-based number of the attempt about to be made.
    public var attemptNumber: Int { mismatches + 1 }
    /// The finger to ask for now, or nil when the attempts are used up.
    public var nextFinger: Finger? { isExhausted ? nil : fingers[mismatches % fingers.count] }

    public mutating func recordMismatch() { mismatches += 1 }
}
