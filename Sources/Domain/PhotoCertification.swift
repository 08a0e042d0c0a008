/// Photo (video) certification at the service point (FAQ 4-10): staff photograph the resident,
/// and the certification counts only once a supervisor other than the photographer approves it.

/// The camera and the limits on photos, from service-point.yaml (`photo`).
public struct PhotoSettings: Hashable, Sendable {
    /// A V4L2 device (`/dev/video0`), or `lavfi:GRAPH` for ffmpeg's test sources.
    public var camera: String
    public var captureWidth: Int
    public var captureHeight: Int
    /// Smaller photos cannot show a face well enough to review.
    public var minWidth: Int
    public var minHeight: Int
    /// Files larger than this are refused before they are read.
    public var maxBytes: Int
    /// Neither side of an image may be longer.
    public var maxSide: Int
    /// Nor may it declare more pixels (counted twice at 16 bits per channel, which take twice the
    /// memory to decode), checked before decoding.
    public var maxPixels: Int
    /// Photos are stored with their long side brought down to this.
    public var storedSide: Int

    /// For service points whose configuration predates `max_megapixels`.
    public static let defaultMaxMegapixels = 48

    public init(camera: String, captureWidth: Int, captureHeight: Int, minWidth: Int, minHeight: Int, maxBytes: Int, maxSide: Int,
                maxPixels: Int, storedSide: Int) {
        self.camera = camera
        self.captureWidth = captureWidth
        self.captureHeight = captureHeight
        self.minWidth = minWidth
        self.minHeight = minHeight
        self.maxBytes = maxBytes
        self.maxSide = maxSide
        self.maxPixels = maxPixels
        self.storedSide = storedSide
    }
}

/// Why a photo was not taken in.
public enum PhotoProblem: Error, Hashable, Sendable {
    case notAnImage
    case unreadable(String)
    case tooSmall(width: Int, height: Int, minimumWidth: Int, minimumHeight: Int)
    case tooLarge(bytes: Int, maximum: Int)
    case tooManyPixels(width: Int, height: Int, maximum: Int)
    /// The header declares more pixels than may be decoded (`weightedPixels`: width × height, twice
    /// that at 16 bits per channel).
    case tooManyPixelsToDecode(width: Int, height: Int, bitsPerChannel: Int, weightedPixels: Int, maximum: Int)
    case noCamera(String)
    case cameraFailed(String)
}

public enum PhotoReviewStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case pendingReview = "pending_review"
    case approved
    case rejected
}
