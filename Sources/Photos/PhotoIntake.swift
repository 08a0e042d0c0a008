import Domain
import Foundation

/// A photo as the kiosk keeps it: a JPEG re-encoded by ffmpeg from what the camera or the file
/// gave, so EXIF, GPS and every other piece of metadata are gone.
public struct Photo: Sendable {
    public let jpeg: Data
    public let width: Int
    public let height: Int

    public init(jpeg: Data, width: Int, height: Int) {
        self.jpeg = jpeg
        self.width = width
        self.height = height
    }
}

/// Photos in: from a camera (V4L2 through ffmpeg) or from a file staff chose; checked against the
/// configured limits, decoded in full (a damaged file is refused), stripped of metadata. All in
/// memory.
public struct PhotoIntake: Sendable {
    public let settings: PhotoSettings

    public init(settings: PhotoSettings) {
        self.settings = settings
    }

    /// A still from the configured camera: a V4L2 device (`/dev/video0`), or for tests and demos
    /// an ffmpeg lavfi source (`lavfi:testsrc=size=640x480`).
    public func capture() throws(PhotoProblem) -> Photo {
        let input: [String]
        if settings.camera.hasPrefix("lavfi:") {
            input = ["-f", "lavfi", "-i", String(settings.camera.dropFirst("lavfi:".count))]
        } else {
            guard FileManager.default.fileExists(atPath: settings.camera) else { throw .noCamera(settings.camera) }
            input = ["-f", "v4l2", "-video_size", "\(settings.captureWidth)x\(settings.captureHeight)", "-i", settings.camera]
        }
        let still: Data
        do {
            still = try FFmpeg.run(input + ["-frames:v", "1", "-f", "image2pipe", "-c:v", "mjpeg", "-q:v", "3", "pipe:1"])
        } catch {
            throw .cameraFailed(error.detail)
        }
        return try accept(still)
    }

    /// A JPEG or PNG from a file.
    public func load(file path: String) throws(PhotoProblem) -> Photo {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .unreadable(String(cString: strerror(errno))) }
        // Not a device or a pipe, which would be read without end.
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notAnImage }
        // Refused before reading: a 50 MB file never enters memory.
        guard Int(info.st_size) <= settings.maxBytes else { throw .tooLarge(bytes: Int(info.st_size), maximum: settings.maxBytes) }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(String(cString: strerror(errno))) }
        return try accept(data)
    }

    /// Checks `data` and re-encodes it as the kiosk keeps it.
    public func accept(_ data: Data) throws(PhotoProblem) -> Photo {
        guard data.count <= settings.maxBytes else { throw .tooLarge(bytes: data.count, maximum: settings.maxBytes) }
        guard let size = ImageSize.of(data) else { throw .notAnImage }
        guard size.width >= settings.minWidth, size.height >= settings.minHeight else {
            throw .tooSmall(width: size.width, height: size.height, minimumWidth: settings.minWidth, minimumHeight: settings.minHeight)
        }
        guard size.width <= settings.maxSide, size.height <= settings.maxSide else {
            throw .tooManyPixels(width: size.width, height: size.height, maximum: settings.maxSide)
        }
        // What decoding would cost, from the header alone: a few hundred kilobytes of PNG can
        // declare 8000×8000 at 16 bits, half a gigabyte once decoded. (Both sides are within
        // maxSide here, so the product cannot overflow.)
        let weightedPixels = size.width * size.height * (size.bitsPerChannel > 8 ? 2 : 1)
        guard weightedPixels <= settings.maxPixels else {
            throw .tooManyPixelsToDecode(width: size.width, height: size.height, bitsPerChannel: size.bitsPerChannel,
                                         weightedPixels: weightedPixels, maximum: settings.maxPixels)
        }
        let jpeg: Data
        do {
            // Every error is fatal (a truncated file is refused, not half-shown); no metadata
            // is carried over; the long side is brought down to what is stored.
            jpeg = try FFmpeg.run(["-err_detect", "explode", "-xerror", "-i", "pipe:0", "-frames:v", "1", "-map_metadata", "-1",
                                   "-vf", "scale=w='min(iw,\(settings.storedSide))':h='min(ih,\(settings.storedSide))':force_original_aspect_ratio=decrease",
                                   "-f", "image2pipe", "-c:v", "mjpeg", "-q:v", "3", "pipe:1"], input: data)
        } catch {
            throw .unreadable(error.detail)
        }
        guard let stored = ImageSize.of(jpeg) else { throw .unreadable("ffmpeg gave no JPEG") }
        return Photo(jpeg: jpeg, width: stored.width, height: stored.height)
    }

    /// The photo in grey at most `columns` wide, for a preview in the terminal.
    public func preview(_ photo: Photo, columns: Int) throws(PhotoProblem) -> GreyImage {
        let width = max(8, min(columns, photo.width))
        let height = max(2, Int(Double(photo.height) * Double(width) / Double(photo.width)))
        do {
            let pixels = try FFmpeg.run(["-i", "pipe:0", "-vf", "scale=\(width):\(height),format=gray", "-f", "rawvideo", "pipe:1"], input: photo.jpeg)
            guard pixels.count == width * height else { throw PhotoProblem.unreadable("preview of \(pixels.count) bytes") }
            return GreyImage(width: width, height: height, pixels: [UInt8](pixels))
        } catch let problem as PhotoProblem {
            throw problem
        } catch {
            throw .unreadable(String(describing: error))
        }
    }
}

/// Width, height and bits per channel from a JPEG's frame header or a PNG's IHDR, without decoding.
enum ImageSize {
    static func of(_ data: Data) -> (width: Int, height: Int, bitsPerChannel: Int)? {
        // The frame header may follow large EXIF, ICC or XMP segments: walk the whole file.
        let bytes = [UInt8](data)
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), bytes.count >= 24 {
            let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
            // IHDR's bit depth follows the sides (absent from a truncated header: assume 8).
            let depth = bytes.count > 24 ? Int(bytes[24]) : 8
            return width > 0 && height > 0 ? (width, height, depth) : nil
        }
        guard bytes.starts(with: [0xFF, 0xD8]) else { return nil }
        var index = 2
        while index + 9 < bytes.count {
            guard bytes[index] == 0xFF else { return nil }
            let marker = bytes[index + 1]
            if marker == 0xFF { index += 1; continue }
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            // SOF0-SOF15, except DHT (C4), JPG (C8) and DAC (CC).
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                let precision = Int(bytes[index + 4])
                let height = Int(bytes[index + 5]) << 8 | Int(bytes[index + 6])
                let width = Int(bytes[index + 7]) << 8 | Int(bytes[index + 8])
                return width > 0 && height > 0 ? (width, height, precision) : nil
            }
            index += 2 + length
        }
        return nil
    }
}
