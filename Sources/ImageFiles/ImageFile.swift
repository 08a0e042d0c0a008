import CImageFiles
import Domain
import Foundation

/// 8-bit grey images in and out of files, through libpng and libtiff: the reader's captures
/// saved as PNG, fingerprint collections (FVC TIFFs, NIST PNGs) read for the accuracy bench.
public enum ImageFile {
    /// Reads a PNG or TIFF (by content, not by name) as 8-bit grey.
    public static func read(_ path: String) throws(KioskError) -> GreyImage {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .imageUnreadable(path: path) }
        let magic = (try? handle.read(upToCount: 4)) ?? Data()
        try? handle.close()
        if magic.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return try readPNG(path) }
        if magic.starts(with: [0x49, 0x49, 0x2A, 0x00]) || magic.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) { return try readTIFF(path) }
        throw .imageUnreadable(path: path)
    }

    /// libpng's `png_image` control structure, zeroed as its simplified API requires.
    private static func pngControl() -> UnsafeMutablePointer<png_image> {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<png_image>.size, alignment: MemoryLayout<png_image>.alignment)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<png_image>.size)
        let image = raw.assumingMemoryBound(to: png_image.self)
        image.pointee.version = png_uint_32(PNG_IMAGE_VERSION)
        return image
    }

    /// A PNG with an alpha channel whose grey is flat carries its picture in the alpha (libfprint's
    /// NIST examples): ink is opaque, so the grey value is 255 - alpha.
    static func readPNG(_ path: String) throws(KioskError) -> GreyImage {
        let image = pngControl()
        defer {
            png_image_free(image)
            image.deallocate()
        }
        guard png_image_begin_read_from_file(image, path) != 0 else { throw .imageUnreadable(path: path) }
        let hasAlpha = image.pointee.format & png_uint_32(PNG_FORMAT_FLAG_ALPHA) != 0
        image.pointee.format = hasAlpha ? png_uint_32(PNG_FORMAT_FLAG_ALPHA) : 0 // PNG_FORMAT_GA or PNG_FORMAT_GRAY
        let width = Int(image.pointee.width), height = Int(image.pointee.height), channels = hasAlpha ? 2 : 1
        var buffer = [UInt8](repeating: 0, count: width * height * channels)
        guard png_image_finish_read(image, nil, &buffer, 0, nil) != 0 else { throw .imageUnreadable(path: path) }
        guard hasAlpha else { return GreyImage(width: width, height: height, pixels: buffer) }
        let grey = stride(from: 0, to: buffer.count, by: 2).map { buffer[$0] }
        let alpha = stride(from: 1, to: buffer.count, by: 2).map { buffer[$0] }
        let flatGrey = Set(grey).count <= 1
        return GreyImage(width: width, height: height, pixels: flatGrey ? alpha.map { 255 - $0 } : grey)
    }

    static func readTIFF(_ path: String) throws(KioskError) -> GreyImage {
        TIFFSetWarningHandler(nil)
        guard let tiff = TIFFOpen(path, "r") else { throw .imageUnreadable(path: path) }
        defer { TIFFClose(tiff) }
        var width: UInt32 = 0, height: UInt32 = 0, bits: UInt16 = 0, samples: UInt16 = 0, photometric = UInt16(PHOTOMETRIC_MINISBLACK)
        _ = kiosk_tiff_u32(tiff, UInt32(TIFFTAG_IMAGEWIDTH), &width)
        _ = kiosk_tiff_u32(tiff, UInt32(TIFFTAG_IMAGELENGTH), &height)
        _ = kiosk_tiff_u16(tiff, UInt32(TIFFTAG_BITSPERSAMPLE), &bits)
        _ = kiosk_tiff_u16(tiff, UInt32(TIFFTAG_SAMPLESPERPIXEL), &samples)
        _ = kiosk_tiff_u16(tiff, UInt32(TIFFTAG_PHOTOMETRIC), &photometric)
        guard bits == 8, samples == 1, width > 0, height > 0 else { throw .imageUnreadable(path: path) }
        var pixels = [UInt8](repeating: 0, count: Int(width) * Int(height))
        for row in 0..<height {
            let read = pixels.withUnsafeMutableBufferPointer { TIFFReadScanline(tiff, $0.baseAddress! + Int(row) * Int(width), row, 0) }
            guard read == 1 else { throw .imageUnreadable(path: path) }
        }
        if photometric == UInt16(PHOTOMETRIC_MINISWHITE) { pixels = pixels.map { 255 - $0 } }
        return GreyImage(width: Int(width), height: Int(height), pixels: pixels)
    }

    /// The image as an 8-bit grey PNG file's bytes.
    public static func pngData(_ image: GreyImage) -> Data {
        let png = pngControl()
        defer {
            png_image_free(png)
            png.deallocate()
        }
        png.pointee.width = png_uint_32(image.width)
        png.pointee.height = png_uint_32(image.height)
        png.pointee.format = 0 // PNG_FORMAT_GRAY
        var pixels = image.pixels
        var size: png_alloc_size_t = 0
        // First ask for the size, then encode.
        _ = png_image_write_to_memory(png, nil, &size, 0, &pixels, 0, nil)
        var encoded = [UInt8](repeating: 0, count: Int(size))
        let written = png_image_write_to_memory(png, &encoded, &size, 0, &pixels, 0, nil)
        precondition(written != 0, "libpng could not encode an 8-bit grey image")
        return Data(encoded.prefix(Int(size)))
    }
}
