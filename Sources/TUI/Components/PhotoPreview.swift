import Domain

/// A photo drawn with shade characters, two pixel rows to a character cell (cells are about
/// twice as tall as wide): enough for staff to check the framing, on any terminal.
enum PhotoPreview {
    /// Preview width in pixels (= columns) asked of ffmpeg.
    static let columns = 40
    static let shades: [Character] = [" ", "░", "▒", "▓", "█"]

    /// Returns the rows used.
    @discardableResult
    static func draw(_ image: GreyImage, _ canvas: inout Canvas, row top: Int, column: Int, maxRows: Int) -> Int {
        let rows = min(maxRows, image.height / 2)
        for row in 0..<rows {
            var line = ""
            for x in 0..<image.width {
                let upper = Int(image.pixels[(2 * row) * image.width + x]), lower = Int(image.pixels[min(image.height - 1, 2 * row + 1) * image.width + x])
                line.append(shades[min(shades.count - 1, (upper + lower) / 2 * shades.count / 256)])
            }
            canvas.text(line, row: top + row, column: column)
        }
        return rows
    }
}
