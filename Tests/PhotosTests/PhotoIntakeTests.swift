import Domain
import Foundation
@testable import Photos
import Testing

/// Photos through the real ffmpeg: its lavfi test source as the camera, and files good and bad.
@Suite("Photo intake (ffmpeg)")
struct PhotoIntakeTests {
    static let settings = PhotoSettings(camera: "lavfi:testsrc=size=640x480:rate=1", captureWidth: 640, captureHeight: 480,
                                        minWidth: 160, minHeight: 120, maxBytes: 10 * 1_048_576, maxSide: 8000,
                                        maxPixels: 48_000_000, storedSide: 800)
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

    /// A PNG of 57 bytes whose header declares `width`×`height` RGBA at `bitDepth` bits per channel
    /// and holds no pixels: the header of a decompression bomb (whose IDAT would be a few hundred
    /// kilobytes of compressed zeros).
    static func declaredPNG(width: UInt32, height: UInt32, bitDepth: UInt8) -> Data {
        func bigEndian(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }
        func crc32(_ bytes: [UInt8]) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            return ~crc
        }
        func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
            let typed = Array(type.utf8) + body
            return bigEndian(UInt32(body.count)) + typed + bigEndian(crc32(typed))
        }
        let header = bigEndian(width) + bigEndian(height) + [bitDepth, 6, 0, 0, 0]
        return Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IEND", []))
    }

    @Test func aPhotoDeclaringMorePixelsThanMayBeDecodedIsRefusedBeforeDecoding() throws {
        // 8000×8000 is within max_side; at 16 bits per channel it would decode to half a gigabyte.
        let bomb = Self.declaredPNG(width: 8000, height: 8000, bitDepth: 16)
        let clock = ContinuousClock()
        let started = clock.now
        #expect(throws: PhotoProblem.tooManyPixelsToDecode(width: 8000, height: 8000, bitsPerChannel: 16, weightedPixels: 128_000_000,
                                                           maximum: 48_000_000)) { try intake.accept(bomb) }
        #expect(clock.now - started < .milliseconds(100), "refused from the header: ffmpeg never started")
        #expect(throws: PhotoProblem.tooManyPixelsToDecode(width: 8000, height: 8000, bitsPerChannel: 8, weightedPixels: 64_000_000,
                                                           maximum: 48_000_000)) { try intake.accept(Self.declaredPNG(width: 8000, height: 8000, bitDepth: 8)) }
        // Within the bound, the header passes and ffmpeg finds there are no pixels after all.
        #expect { try intake.accept(Self.declaredPNG(width: 6000, height: 4000, bitDepth: 16)) } throws: { error in
            if case PhotoProblem.unreadable = error { true } else { false }
        }
        let message = Message.error(.photoRejected(.tooManyPixelsToDecode(width: 8000, height: 8000, bitsPerChannel: 16, weightedPixels: 128_000_000,
                                                                         maximum: 48_000_000), source: "bomb.png"))
        #expect(message.text(.english).contains("declares 8000×8000 pixels at 16 bits per channel"))
        #expect(message.text(.chinese).contains("声明为8000×8000像素、每通道16位"))
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
