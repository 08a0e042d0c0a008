import CLibfprint
import Domain
import Matcher

/// The minutiae inside libfprint's serialized prints, for the kiosk's own matcher.
///
/// `fp_print_serialize` (libfprint 1.94) writes "FP3" and then a GVariant of type `(issbymsmsia{sv}v)`: the print
/// type, driver, device ID, stored on the device, finger, user name, description, enrolment date
/// (Julian day), extra properties, and the data. For an image reader's print (type NBIS) the data
/// is a `(a(aiaiai))`: per impression (one per enrolment stage; one for a scanned probe) the x, y
/// and direction (degrees) columns of NBIS's xyt format. Match-on-chip prints (type RAW) carry
/// the chip's own data and no minutiae.
public enum PrintMinutiae {
    static let header: [UInt8] = Array("FP3".utf8)
    static let printType = "(issbymsmsia{sv}v)"
    static let nbisType = "(a(aiaiai))"
    /// libfprint's FPI_PRINT_NBIS.
    static let nbis: Int32 = 2

    /// The minutiae of a serialized image-reader print, or nil for any other print.
    public static func minutiae(of data: [UInt8]) -> FingerMinutiae? {
        guard data.count > header.count, Array(data.prefix(header.count)) == header else { return nil }
        // GVariant wants its data aligned: a fresh copy is.
        let bytes = g_bytes_new(Array(data.dropFirst(header.count)), gsize(data.count - header.count))
        defer { g_bytes_unref(bytes) }
        let type = g_variant_type_new(printType)
        defer { g_variant_type_free(type) }
        guard let value = g_variant_new_from_bytes(type, bytes, 0) else { return nil }
        g_variant_ref_sink(value)
        defer { g_variant_unref(value) }
        guard g_variant_is_normal_form(value) != 0 else { return nil }
        let kind = g_variant_get_child_value(value, 0)!
        defer { g_variant_unref(kind) }
        guard g_variant_get_int32(kind) == nbis else { return nil }
        let boxed = g_variant_get_child_value(value, 9)!
        defer { g_variant_unref(boxed) }
        let inner = g_variant_get_variant(boxed)!
        defer { g_variant_unref(inner) }
        guard String(cString: g_variant_get_type_string(inner)) == nbisType else { return nil }
        let list = g_variant_get_child_value(inner, 0)!
        defer { g_variant_unref(list) }
        var impressions: [[Minutia]] = []
        for index in 0..<g_variant_n_children(list) {
            let xyt = g_variant_get_child_value(list, index)!
            defer { g_variant_unref(xyt) }
            let columns = (0..<3).map { column -> [Int32] in
                let child = g_variant_get_child_value(xyt, gsize(column))!
                defer { g_variant_unref(child) }
                var count: gsize = 0
                guard let raw = g_variant_get_fixed_array(child, &count, gsize(MemoryLayout<Int32>.size)) else { return [] }
                return Array(UnsafeBufferPointer(start: raw.assumingMemoryBound(to: Int32.self), count: Int(count)))
            }
            guard columns[0].count == columns[1].count, columns[1].count == columns[2].count else { return nil }
            impressions.append(columns[0].indices.map { Minutia(x: Int(columns[0][$0]), y: Int(columns[1][$0]), degrees: Int(columns[2][$0])) })
        }
        return FingerMinutiae(impressions: impressions)
    }

    /// A serialized image-reader print holding `finger`'s minutiae, as libfprint would write it
    /// for `driver` and `deviceID`: the benchmark's synthetic fingers, for libfprint's own
    /// identify to search alongside real ones.
    public static func serialize(_ finger: FingerMinutiae, driver: String, deviceID: String) -> [UInt8] {
        let impressions: [OpaquePointer?] = finger.impressions.map { minutiae in
            let columns: [[Int32]] = [minutiae.map { Int32($0.x) }, minutiae.map { Int32($0.y) },
                                      minutiae.map { Int32($0.degrees > 180 ? $0.degrees - 360 : $0.degrees) }]
            var children: [OpaquePointer?] = columns.map { column in
                column.withUnsafeBufferPointer { g_variant_new_fixed_array(g_variant_type_checked_("i"), $0.baseAddress, gsize($0.count), gsize(4)) }
            }
            return g_variant_new_tuple(&children, 3)
        }
        var list = impressions
        let array = g_variant_new_array(g_variant_type_checked_("(aiaiai)"), &list, gsize(list.count))
        var wrapped: [OpaquePointer?] = [array]
        let data = g_variant_new_tuple(&wrapped, 1)
        let noString = g_variant_new_maybe(g_variant_type_checked_("s"), nil)
        var fields: [OpaquePointer?] = [
            g_variant_new_int32(nbis), g_variant_new_string(driver), g_variant_new_string(deviceID), g_variant_new_boolean(0),
            g_variant_new_byte(0), noString, g_variant_new_maybe(g_variant_type_checked_("s"), nil), g_variant_new_int32(1),
            g_variant_new_array(g_variant_type_checked_("{sv}"), nil, 0), g_variant_new_variant(data),
        ]
        let print = g_variant_ref_sink(g_variant_new_tuple(&fields, gsize(fields.count)))!
        defer { g_variant_unref(print) }
        // Serialised once in GLib's own (aligned) memory, then copied after the header.
        let bytes = g_variant_get_data_as_bytes(print)
        defer { g_bytes_unref(bytes) }
        var size: gsize = 0
        let raw = g_bytes_get_data(bytes, &size)!
        return header + Array(UnsafeRawBufferPointer(start: raw, count: Int(size)))
    }
}

extension PrintMinutiae {
    /// A made-up print of a dozen minutiae on a wide grid, which no real finger matches: what
    /// `ReaderService.scan` identifies a scan against to have libfprint hand the scanned print back.
    static let placeholder = FingerMinutiae(impressions: [
        (0..<12).map { Minutia(x: 40 + ($0 % 4) * 70, y: 40 + ($0 / 4) * 90, degrees: ($0 * 97) % 360) },
    ])
}
