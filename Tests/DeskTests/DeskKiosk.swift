import Desk
import Domain
import Foundation
import Store
import Synchronization

/// A service point in-process: a real SQLite database in memory, a roster of residents, a clock
/// fixed at a moment, a scripted reader, and receipts written to a fresh directory and "printed"
/// on a printer that only notes what it was sent.
struct DeskKiosk {
    let database: AppDatabase
    let admin: StaffMember
    let reader: ScriptedReader
    let receiptsDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("desk-receipts-\(UUID().uuidString)").path
    let printer = PrinterLog()

    static let servicePoint = ServicePoint(code: "HRB-NG-XF01", name: LocalizedText(chinese: "学府社区", english: "Xuefu"), district: "南岗区")
    static let moment = LocalDateTime(date: CivilDate("2026-11-29")!, hour: 10, minute: 0)

    /// `residents`: ID number → (name, last certified).
    init(residents: [(id: ResidentID, name: String, lastCertified: String)], reader: ScriptedReader = ScriptedReader(),
         fingerprints: FingerprintPolicy = FingerprintPolicy(), clock: KioskClock = DeskKiosk.clock()) throws {
        let settings = AppDatabase.Settings(servicePoint: Self.servicePoint, policy: .harbin, signInPolicy: SignInPolicy(),
                                            fingerprintPolicy: fingerprints, clock: clock)
        (database, admin) = try AppDatabase.inMemory(settings: settings, adminName: "admin", adminPassword: "admin-password-1")
        self.reader = reader
        let path = try Self.roster(residents)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let report = try database.importRoster(path: path, strict: true, by: admin)
        precondition(report.committed && report.inserted == residents.count, "the test roster imports")
    }

    /// From the moment on, a second passes each time the kiosk looks at the clock.
    /// `hand`: moves the clock on further when a test says (time passing between two steps).
    static func clock(hand: ClockHand? = nil) -> KioskClock {
        let zone = TimeZone(identifier: "Asia/Shanghai")!
        let start = KioskClock(timeZone: zone, now: { 0 }).instant(Self.moment)
        let ticks = Atomic<Int64>(0)
        return KioskClock(timeZone: zone, now: { start + 1000 * ticks.add(1, ordering: .relaxed).oldValue + (hand?.offset ?? 0) })
    }

    /// A roster file of `residents`, in the bureau's columns; the caller removes it.
    static func roster(_ residents: [(id: ResidentID, name: String, lastCertified: String)]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("desk-roster-\(UUID().uuidString).csv").path
        let header = RosterColumn.allCases.map(\.header).joined(separator: ",")
        let rows = residents.map { resident in
            [resident.id.fullNumber, resident.name, "230103", "normal", "", "3000.00", "13912345678", "哈尔滨市南岗区学府路1号", "学府社区",
             "none", resident.lastCertified, resident.lastCertified.isEmpty ? "" : "face_app", ""].joined(separator: ",")
        }
        try ([header] + rows).joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    var receiptPrinter: ReceiptPrinter {
        ReceiptPrinter(settings: ReceiptSettings(directory: receiptsDirectory, printer: "counter", width: 32), language: .chinese,
                       printer: printer.client)
    }
    var desk: ServiceDesk { ServiceDesk(database, receipts: receiptPrinter) }
    var certify: CertifyDesk { desk.certify(admin, reader: reader.client) }
    var enrol: EnrolDesk { desk.enrol(admin, reader: reader.client) }

    /// Enrols `finger` of `id` from the scripted press `label` (one scan, and the confirming one
    /// on a reader that identifies).
    func enrolled(_ id: ResidentID, _ finger: Finger, as label: String) async throws -> StoredPrint {
        reader.press(.finger(label))
        if reader.info.has(.identify) { reader.press(.finger(label)) }
        return try await enrol.enroll(id, finger: finger) { _ in }
    }

    static func id(birth: String, sequence: String) -> ResidentID {
        let first17 = "230103" + birth + sequence
        return ResidentID(trusted: first17 + String(ResidentID.checkCharacter(for: Array(first17.utf8))))
    }
}

/// Time a test moves on by hand, on top of the second each look at the clock takes.
final class ClockHand: Sendable {
    private let milliseconds = Atomic<Int64>(0)
    var offset: Int64 { milliseconds.load(ordering: .relaxed) }
    func advance(seconds: Int64) { milliseconds.add(seconds * 1000, ordering: .relaxed) }
}

/// The files a printer was sent, in order.
final class PrinterLog: Sendable {
    private let files = Mutex<[String]>([])
    var sent: [String] { files.withLock { $0 } }
    var client: PrinterClient {
        PrinterClient { [self] file, name in
            files.withLock { $0.append(file) }
            return .sent(printer: name)
        }
    }
}

/// What a flow reported, in order.
final class ProgressLog: Sendable {
    private let entries = Mutex<[FingerprintProgress]>([])
    var all: [FingerprintProgress] { entries.withLock { $0 } }
    var record: @Sendable (FingerprintProgress) -> Void { { [self] progress in entries.withLock { $0.append(progress) } } }
}

extension KioskError {
    /// The kiosk error an async flow threw, or nil.
    static func caught(_ body: () async throws -> Void) async -> KioskError? {
        do {
            try await body()
            return nil
        } catch let error as KioskError {
            return error
        } catch {
            return nil
        }
    }
}
