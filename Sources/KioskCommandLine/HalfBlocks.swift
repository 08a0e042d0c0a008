import Domain

/// A grey image drawn in the terminal: each character cell shows two pixels, the upper as the
/// foreground of "▀" and the lower as its background, in the terminal's 24-step grey ramp.
enum HalfBlocks {
    static func render(_ image: GreyImage, columns: Int) -> String {
        let width = max(1, min(columns, image.width))
        let scale = Double(image.width) / Double(width)
        let height = max(2, Int(Double(image.height) / scale))
        func grey(_ x: Int, _ y: Int) -> Int {
            let sourceX = min(image.width - 1, Int(Double(x) * scale)), sourceY = min(image.height - 1, Int(Double(y) * scale))
            return 232 + Int(image.pixels[sourceY * image.width + sourceX]) * 23 / 255
        }
        var lines: [String] = []
        for y in stride(from: 0, to: height - 1, by: 2) {
            var line = ""
            for x in 0..<width { line += "\u{1B}[38;5;\(grey(x, y))m\u{1B}[48;5;\(grey(x, y + 1))m▀" }
            lines.append(line + "\u{1B}[0m")
        }
        return lines.joined(separator: "\n")
    }
}
