import Domain
import Foundation
@testable import Photos
import Testing

/// Photos through the real ffmpeg: its lavfi test source as the camera, and files good and bad.
@Suite("Photo intake (ffmpeg)")
struct PhotoIntakeTests {
    static let settings = PhotoSettings(camera: "lavfi:testsrc=size=640x480:rate=1", captureWidth: 640, captureHeight: 480,
                                        minWidth: 160, minHeight: 120, maxBytes: 10 * 1_048_576, maxSide: 8000, storedSide: 800)
    let intake = PhotoIntake(settings: settings)

    /// A still from ffmpeg's test source, as a camera would give it, in `format`.
    static func still(size: String = "640x480", codec: [String] = ["-c:v", "mjpeg"]) throws -> Data {
        try FFmpeg.run(["-f", "lavfi", "-i", "testsrc=size=\(size):rate=1", "-frames:v", "1", "-f", "image2pipe"] + codec + ["pipe:1"])
    }

    /// `jpeg` with an EXIF segment carrying a GPS position, as a phone camera writes it.
    static func withExif(_ jpeg: Data) -> Data {
        let payload = Array("Exif\0\0".utf8) + Array("MM\0*GPSLatitude 45.7575N GPSLongitude 126.6317E".utf8)
        let length = payload.count + 2
        return Data([0xFF, 0xD8, 0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload) + jpeg.dropFirst(2)
    }

    @Test func theCameraGivesAJPEGOfTheConfiguredSize() throws {
        let photo = try intake.capture()
        #expect(photo.jpeg.starts(with: [0xFF, 0xD8]))
        #expect(photo.width == 640 && photo.height == 480)
    }

    @Test func metadataIsStrippedOnTheWayIn() throws {
        let original = Self.withExif(try Self.still())
        #expect(original.range(of: Data("GPSLatitude".utf8)) != nil)
        let photo = try intake.accept(original)
        #expect(photo.jpeg.range(of: Data("GPSLatitude".utf8)) == nil)
        #expect(photo.jpeg.range(of: Data("Exif".utf8)) == nil)
    }

    @Test func aPNGIsTakenInAsJPEGAndALargeOneIsScaledDown() throws {
        let png = try Self.still(size: "1600x1200", codec: ["-c:v", "png"])
        let photo = try intake.accept(png)
        #expect(photo.jpeg.starts(with: [0xFF, 0xD8]))
        #expect(photo.width == 800 && photo.height == 600)
    }

    @Test func badFilesAreRefusedWithTheReason() throws {
        let jpeg = try Self.still()
        #expect(throws: PhotoProblem.notAnImage) { try intake.accept(Data("this is text, renamed photo.jpg\n".utf8)) }
        #expect { try intake.accept(jpeg.prefix(jpeg.count / 3)) } throws: { error in
            if case PhotoProblem.unreadable = error { true } else { false }
        }
        let tiny = try Self.still(size: "1x1", codec: ["-c:v", "png"])
        #expect(throws: PhotoProblem.tooSmall(width: 1, height: 1, minimumWidth: 160, minimumHeight: 120)) { try intake.accept(tiny) }
        let huge = jpeg + Data(count: 50 * 1_048_576)
        #expect(throws: PhotoProblem.tooLarge(bytes: huge.count, maximum: 10 * 1_048_576)) { try intake.accept(huge) }
    }

    @Test func aMissingCameraIsSaid() {
        var settings = Self.settings
        settings.camera = "/dev/video97"
        #expect(throws: PhotoProblem.noCamera("/dev/video97")) { try PhotoIntake(settings: settings).capture() }
    }

    @Test func thePreviewIsGreyPixelsOfTheAskedWidth() throws {
        let preview = try intake.preview(try intake.capture(), columns: 40)
        #expect(preview.width == 40 && preview.height == 30)
        #expect(preview.pixels.count == 40 * 30)
        #expect(Set(preview.pixels).count > 4, "the test pattern has more than a few shades")
    }
}
