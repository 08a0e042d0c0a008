import Desk
import Domain
import Foundation
import Synchronization
import Testing

/// A certification's receipt: written for the resident to keep, printed when a printer is set,
/// and a printer that fails undoes nothing.
@Suite("Desk: receipts")
struct ReceiptTests {
    let wang = DeskKiosk.id(birth: "19500615", sequence: "111")

    func certified() async throws -> Certified {
        let kiosk = try DeskKiosk(residents: [(wang, "王建国", "2025-06-10")])
        _ = try await kiosk.enrolled(wang, .rightIndex, as: "wang")
        kiosk.reader.press(.finger("wang"))
        return try await kiosk.certify.certify(wang) { _ in }
    }

    func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("receipts-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func theReceiptIsWrittenForTheResidentAndSentToThePrinter() async throws {
        let certified = try await certified()
        let sent = Mutex<[(file: String, printer: String)]>([])
        let printer = PrinterClient { file, name in
            sent.withLock { $0.append((file, name)) }
            return .sent(printer: name)
        }
        let folder = try directory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let issued = try ReceiptPrinter(settings: ReceiptSettings(directory: folder, printer: "counter", width: 32), language: .chinese,
                                        printer: printer).issue(certified.receipt)
        #expect(issued.printed == .sent(printer: "counter"))
        #expect(sent.withLock { $0.map(\.file) } == [issued.file])
        #expect(issued.file.hasSuffix("/2026-11-29/HRB-NG-XF01-20261129-0001.txt"))
        let text = try String(contentsOfFile: issued.file, encoding: .utf8)
        #expect(text.contains("HRB-NG-XF01-20261129-0001") && text.contains("王"))
        #expect(!text.contains(wang.fullNumber), "the ID number is masked on the slip")
        let mode = try FileManager.default.attributesOfItem(atPath: issued.file)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func aFailingPrinterLeavesTheFileToPrintAgain() async throws {
        let certified = try await certified()
        let folder = try directory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let jammed = PrinterClient { _, name in .failed(printer: name, detail: "paper jam") }
        let issued = try ReceiptPrinter(settings: ReceiptSettings(directory: folder, printer: "counter", width: 32), language: .english,
                                        printer: jammed).issue(certified.receipt)
        #expect(issued.printed == .failed(printer: "counter", detail: "paper jam"))
        #expect(FileManager.default.fileExists(atPath: issued.file))
        let none = try ReceiptPrinter(settings: ReceiptSettings(directory: folder, printer: nil, width: 32), language: .english,
                                      printer: jammed).issue(certified.receipt)
        #expect(none.printed == .noPrinter, "no printer set: nothing sent")
    }
}
