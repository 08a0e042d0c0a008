import Domain
import Files
import Foundation

/// Issues receipts: a text file for each (readable by the kiosk's user only: it holds a name),
/// and a printed slip when a printer is configured.
public struct ReceiptPrinter: Sendable {
    public struct Issued: Hashable, Sendable {
        public var receipt: Receipt
        public var lines: [String]
        public var file: String
        public var printed: Receipt.Printed
    }

    let settings: ReceiptSettings
    let language: Language
    let printer: PrinterClient

    public init(settings: ReceiptSettings, language: Language, printer: PrinterClient = .live) {
        self.settings = settings
        self.language = language
        self.printer = printer
    }

    /// Writes `receipt` to `<directory>/<date>/<receipt number>.txt` and prints it when a printer is
    /// configured. A printer that fails does not undo anything: the certification is recorded and
    /// the file is there to print again.
    public func issue(_ receipt: Receipt) throws(KioskError) -> Issued {
        let saved = try save(receipt)
        return Issued(receipt: receipt, lines: saved.lines, file: saved.file, printed: send(saved.file))
    }

    /// A booking slip for the family: `<directory>/<date booked>/visit-<short number>.txt`, printed
    /// as receipts are. Written again (the same name) when the slip is issued again.
    public func issue(_ slip: BookingSlip) throws(KioskError) -> IssuedSlip {
        let lines = slip.lines(width: settings.width, language: language)
        let file = settings.directory + "/" + slip.bookedAt.date.description + "/visit-" + slip.shortNumber + ".txt"
        try write(lines, to: file)
        return IssuedSlip(slip: slip, lines: lines, file: file, printed: send(file))
    }

    public struct IssuedSlip: Hashable, Sendable {
        public var slip: BookingSlip
        public var lines: [String]
        public var file: String
        public var printed: Receipt.Printed
    }

    /// Writes the receipt's file only (a receipt re-created at start is not printed: the
    /// resident left long ago).
    func save(_ receipt: Receipt) throws(KioskError) -> (lines: [String], file: String) {
        let lines = receipt.lines(width: settings.width, language: language)
        let file = file(of: receipt)
        try write(lines, to: file)
        return (lines, file)
    }

    /// A slip's text as its file (0600, in folders 0700).
    private func write(_ lines: [String], to file: String) throws(KioskError) {
        let folder = (file as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .fileFailure(path: folder, detail: error.localizedDescription)
        }
        try PrivateFile.write(Data((lines.joined(separator: "\n") + "\n").utf8), to: file)
    }

    func file(of receipt: Receipt) -> String {
        settings.directory + "/" + receipt.certifiedAt.date.description + "/" + receipt.receiptNumber + ".txt"
    }

    /// Sends a written receipt to the configured printer, if any.
    func send(_ file: String) -> Receipt.Printed {
        settings.printer.map { printer.send(file, $0) } ?? .noPrinter
    }
}

/// The receipt printer: the live value sends a file to CUPS with `lp`; tests give their own, so
/// the desk's receipts are tested without a printer attached.
public struct PrinterClient: Sendable {
    /// Sends `file` to the printer named; what became of it.
    public var send: @Sendable (_ file: String, _ printer: String) -> Receipt.Printed

    public init(send: @escaping @Sendable (_ file: String, _ printer: String) -> Receipt.Printed) {
        self.send = send
    }

    public static let live = PrinterClient { file, printer in
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["lp", "-d", printer, "-t", "receipt", file]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return .failed(printer: printer, detail: error.localizedDescription)
        }
        let detail = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let reason = detail.split(separator: "\n").first.map(String.init)
                ?? (process.terminationStatus == 127 ? "lp not installed" : "lp exit \(process.terminationStatus)")
            return .failed(printer: printer, detail: reason)
        }
        return .sent(printer: printer)
    }
}
