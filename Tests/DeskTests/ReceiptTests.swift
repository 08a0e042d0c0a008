import Desk
import Domain
import Foundation
import GRDB
import Synchronization
import Testing

/// A certification's receipt: written for the resident to keep, printed when a printer is set,
/// and a printer that fails undoes nothing.
@Suite("Desk: receipts")
struct ReceiptTests {
    let wang = DeskKiosk.id(birth: "19500615", sequence: "111")

    func certified() async throws -> Certified { try await certifiedByFingerprint().certified }

    func certifiedByFingerprint() async throws -> (kiosk: DeskKiosk, certified: Certified) {
        let kiosk = try DeskKiosk(residents: [(wang, "王建国", "2025-06-10")])
        _ = try await kiosk.enrolled(wang, .rightIndex, as: "wang")
        kiosk.reader.press(.finger("wang"))
        return (kiosk, try await kiosk.certify.certify(wang) { _ in })
    }

    /// A home visit for Wang, booked and put on tomorrow, ready to be completed.
    func scheduledVisit(_ desk: ServiceDesk, by staff: StaffMember) throws -> String {
        let visits = desk.visits(staff)
        let booked = try visits.book(wang, VisitRequest(booker: VisitBooker(name: "王小明", relation: "子", phone: "13800138000"), reason: .ill,
                                                        evidence: "住院证明", address: nil, preferredDates: [], time: .any, notes: "", ageOverride: nil))
        try visits.pin(booked.booking.id, on: DeskKiosk.moment.date.adding(days: 1), with: "张敏",
                       team: [VisitStaff(name: "张敏", days: Set(Weekday.allCases), dailyCapacity: 4)])
        return booked.booking.id
    }

    func mode(_ file: String) throws -> Int? { try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int }

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

    @Test func aHomeVisitsCertificationHasItsReceiptLikeAFingerprintOne() throws {
        let kiosk = try DeskKiosk(residents: [(wang, "王建国", "2025-06-10")])
        let desk = kiosk.desk
        let certified = try desk.visits(kiosk.admin).complete(try scheduledVisit(desk, by: kiosk.admin), evidence: .photo)
        let issued = try desk.receipts.issue(certified)
        #expect(issued.file == kiosk.receiptsDirectory + "/2026-11-29/\(certified.receipt.receiptNumber).txt")
        #expect(kiosk.printer.sent == [issued.file])
        let text = try String(contentsOfFile: issued.file, encoding: .utf8)
        #expect(text.contains("王建国") && text.contains(Message.method(.homeVisit).text(.chinese)))
        #expect(!text.contains(wang.fullNumber), "the ID number is masked on the slip")
        #expect(try mode(issued.file) == 0o600)
    }

    @Test func anApprovedPhotosReceiptIsDatedWhenThePhotoWasTaken() throws {
        let kiosk = try DeskKiosk(residents: [(wang, "王建国", "2025-06-10")])
        let desk = kiosk.desk
        _ = try desk.staffAccounts(kiosk.admin).add(name: "op1", role: .operator, password: "operator-password-1")
        let operatorOne = try desk.signIn(name: "op1", password: "operator-password-1")
        let taken = try desk.photos(operatorOne).record(of: wang, jpeg: Data([0xFF, 0xD8, 0xFF, 0xD9]), width: 640, height: 480,
                                                        fromCamera: true, maxPending: 10)
        let certified = try desk.review(kiosk.admin).approve(taken.record.id)
        let issued = try desk.receipts.issue(certified)
        #expect(issued.receipt.certifiedAt == taken.record.capturedAt)
        #expect(issued.receipt.staffName == "admin", "the supervisor who approved it certified it")
        let text = try String(contentsOfFile: issued.file, encoding: .utf8)
        #expect(text.contains(certified.receipt.receiptNumber) && text.contains(Message.method(.photo).text(.chinese)))
        #expect(try mode(issued.file) == 0o600)
        #expect(kiosk.printer.sent == [issued.file])
    }

    @Test func aReceiptIsPrintedAgainAsItWasAndWrittenAgainWhenItsFileIsGone() async throws {
        let (kiosk, certified) = try await certifiedByFingerprint()
        let receipts = kiosk.desk.receipts
        let first = try receipts.issue(certified)
        let original = try String(contentsOfFile: first.file, encoding: .utf8)

        let again = try receipts.reprint(certified.receipt.receiptNumber, by: kiosk.admin)
        #expect(again.file == first.file && again.lines == first.lines)
        #expect(kiosk.printer.sent == [first.file, first.file])

        try FileManager.default.removeItem(atPath: first.file)
        let recreated = try receipts.reprint(certified.receipt.receiptNumber, by: kiosk.admin)
        #expect(try String(contentsOfFile: recreated.file, encoding: .utf8) == original, "the same receipt, from the record")
        #expect(try mode(recreated.file) == 0o600)
        #expect(kiosk.printer.sent.count == 3)

        let reprints = try kiosk.database.read { db in
            try String.fetchAll(db, sql: "SELECT subject_id FROM audit_entry WHERE action = 'receipt.reprint'")
        }
        #expect(reprints == [certified.certification.id, certified.certification.id], "each reprint is in the audit log")
        #expect(KioskError.caughtNow { _ = try receipts.reprint("HRB-NG-XF01-20261129-9999", by: kiosk.admin) }
                == .receiptNotFound("HRB-NG-XF01-20261129-9999"))
        #expect(try kiosk.desk.verifyAudit().intact)
    }

    @Test func aReceiptAKillKeptFromBeingWrittenIsWrittenWhenTheDeskOpens() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("desk-data-\(UUID().uuidString)").path
        let receipts = try directory()
        defer {
            try? FileManager.default.removeItem(atPath: data)
            try? FileManager.default.removeItem(atPath: receipts)
        }
        let printer = PrinterLog()
        let settings = ServiceDesk.Settings(
            servicePoint: DeskKiosk.servicePoint, policy: .harbin, signIn: SignInPolicy(), fingerprint: FingerprintPolicy(), visits: .harbin,
            printKeyFile: nil, clock: DeskKiosk.clock(),
            receipts: ReceiptPrinter(settings: ReceiptSettings(directory: receipts, printer: "counter", width: 32), language: .chinese,
                                     printer: printer.client))
        let (desk, admin) = try ServiceDesk.create(dataDirectory: data, settings: settings, adminName: "admin", adminPassword: "admin-password-1")
        let roster = try DeskKiosk.roster([(wang, "王建国", "2025-06-10")])
        defer { try? FileManager.default.removeItem(atPath: roster) }
        _ = try desk.roster(admin).importRoster(path: roster, strict: true)
        let certified = try desk.visits(admin).complete(try scheduledVisit(desk, by: admin), evidence: .fingerprint)
        // Killed here: the certification is committed, its receipt never written.
        let file = receipts + "/2026-11-29/\(certified.receipt.receiptNumber).txt"
        #expect(!FileManager.default.fileExists(atPath: file))

        let reopened = try ServiceDesk.open(dataDirectory: data, settings: settings)
        #expect(reopened.sweptAtOpen.receiptsWritten == 1)
        #expect(try String(contentsOfFile: file, encoding: .utf8)
                == certified.receipt.lines(width: 32, language: .chinese).joined(separator: "\n") + "\n")
        #expect(try mode(file) == 0o600)
        #expect(printer.sent.isEmpty, "written again, not printed: the resident left long ago")
        #expect(try ServiceDesk.open(dataDirectory: data, settings: settings).sweptAtOpen.isEmpty, "owed once, written once")
    }
}
