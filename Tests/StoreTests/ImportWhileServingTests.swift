import Domain
import Foundation
import GRDB
import Synchronization
import Testing
@testable import Store

/// A roster import never holds the write lock for long: the counter keeps certifying, changing
/// contacts and counting failed sign-ins while the bureau's file is loaded, and the import stays
/// all or nothing.
@Suite("Roster import while the counter works")
struct ImportWhileServingTests {
    /// Region 230103 sorts before the crowd (230104): staged in the import's first transaction.
    let early = IDs.make(birth: "19500615", sequence: "111")
    let changedByBureau = IDs.make(birth: "19521103", sequence: "222")
    /// Region 230199 sorts after the crowd: not yet staged when the first transaction commits.
    let late = IDs.make(region: "230199", birth: "19470101", sequence: "333")

    /// `count` residents besides the three above, enough for several of the import's transactions.
    func crowd(_ count: Int) -> [String] {
        (0..<count).map { n in
            rosterLine(id: IDs.make(region: "230104", birth: "19\(40 + n / 12_000)\(String(format: "%02d", n / 1000 % 12 + 1))15",
                                    sequence: String(format: "%03d", n % 1000)))
        }
    }

    /// The same data directory opened again, as a second process (the counter) opens it.
    func counter(of kiosk: TestKiosk) throws -> AppDatabase {
        try AppDatabase.open(dataDirectory: kiosk.directory.appendingPathComponent("data").path,
                             settings: AppDatabase.Settings(servicePoint: TestKiosk.servicePoint, policy: .harbin, signInPolicy: SignInPolicy(),
                                                            clock: kiosk.clock.clock))
    }

    @Test func theCounterCertifiesChangesContactsAndCountsSignInsWhileAnImportWrites() throws {
        let kiosk = try TestKiosk(onDisk: true)
        _ = try kiosk.importRoster([rosterLine(id: early, phone: "13900000001"), rosterLine(id: changedByBureau, phone: "13900000002"),
                                    rosterLine(id: late, phone: "13900000003")])
        let counter = try counter(of: kiosk)
        let admin = kiosk.admin
        let file = try kiosk.roster(crowd(25_000) + [rosterLine(id: early, pension: "3100.00", phone: "13900000001"),
                                                    rosterLine(id: changedByBureau, phone: "13955556666"),
                                                    rosterLine(id: late, phone: "13900000003")])
        // What the counter did during the import, and how each attempt ended.
        let duringImport = Mutex<[String: KioskError?]>([:])
        let report = try kiosk.database.importRoster(path: file, strict: false, by: admin) { progress in
            guard progress.phase == .writing, progress.done > 0, progress.done < progress.total,
                  duringImport.withLock({ $0.isEmpty }) else { return }
            // Each of these waited for the whole import (and failed after the busy timeout) when
            // it was one transaction.
            let outcomes: [String: KioskError?] = [
                "certify": KioskError.caught {
                    _ = try counter.recordCertification(of: IDs.resident(early), method: .fingerprint, evidence: "reader:virtual", by: admin)
                },
                "contact early": KioskError.caught {
                    _ = try counter.changeContact(of: IDs.resident(early), ContactEntry(phone: "13811112222", address: nil), by: admin)
                },
                "contact changed by bureau": KioskError.caught {
                    _ = try counter.changeContact(of: IDs.resident(changedByBureau), ContactEntry(phone: "13833334444", address: nil), by: admin)
                },
                "contact late": KioskError.caught {
                    _ = try counter.changeContact(of: IDs.resident(late), ContactEntry(phone: "13877778888", address: "道里区1号"), by: admin)
                },
                "sign-in": KioskError.caught { _ = try counter.signIn(name: "admin", password: "not-the-password") },
                "second import": KioskError.caught {
                    _ = try counter.importRoster(path: file, strict: false, by: admin)
                },
            ]
            duringImport.withLock { $0 = outcomes }
        }
        let outcomes = duringImport.withLock { $0 }
        #expect(outcomes["certify"] == .some(nil))
        #expect(outcomes["contact early"] == .some(nil))
        #expect(outcomes["contact changed by bureau"] == .some(nil))
        #expect(outcomes["contact late"] == .some(nil))
        #expect(outcomes["sign-in"] == .some(.signInFailed))
        #expect(outcomes["second import"] == .some(.rosterImportRunning))

        #expect(report.committed && report.inserted == 25_000 && report.updated == 2 && report.unchanged == 1)
        #expect(try kiosk.count("resident") == 25_003)
        let earlyFile = try #require(try kiosk.database.residentFile(IDs.resident(early)))
        #expect(earlyFile.resident.phone == "13811112222")
        #expect(earlyFile.resident.monthlyPension == Money(yuan: "3100.00"))
        #expect(earlyFile.lastCertification?.method == .fingerprint)
        // A change made while the import ran counts as made before it: the bureau's new number wins.
        #expect(try kiosk.database.residentFile(IDs.resident(changedByBureau))?.resident.phone == "13955556666")
        let lateFile = try #require(try kiosk.database.residentFile(IDs.resident(late)))
        #expect(lateFile.resident.phone == "13877778888" && lateFile.resident.address == "道里区1号")
        #expect(try kiosk.database.read { try Int.fetchOne($0, sql: "SELECT failed_attempts FROM staff WHERE name = 'admin'") } == 1)
        #expect(try kiosk.database.verifyAudit().intact)
        #expect(try counter.verifyAudit().intact)
    }

    @Test func noRosterIsImportedOverAResidentTableEditedOutsideTheKiosk() throws {
        let kiosk = try TestKiosk(onDisk: true)
        _ = try kiosk.importRoster([rosterLine(id: early), rosterLine(id: late)])
        try kiosk.tamper("UPDATE resident SET monthly_pension = 999999 WHERE id_number = '\(late)'")
        let error = KioskError.caught { _ = try kiosk.importRoster([rosterLine(id: early, pension: "3100.00")]) }
        guard case .residentsChangedOutsideKiosk = error else {
            Issue.record("expected residentsChangedOutsideKiosk, got \(String(describing: error))")
            return
        }
        #expect(try kiosk.count("roster_import") == 1)
        #expect(try kiosk.database.residentFile(IDs.resident(early))?.resident.monthlyPension == Money(yuan: "3000.00"))
    }

    @Test func anImportTheDiskHasNoRoomForIsRefusedBeforeAnythingIsWritten() throws {
        let kiosk = try TestKiosk(onDisk: true)
        // A petabyte of roster: no disk here has room for its staging table.
        let error = KioskError.caught { try kiosk.database.requireRoomToImport(fileBytes: 1 << 50) }
        guard case .notEnoughSpaceToImport(_, let needed, let free)? = error else {
            Issue.record("expected notEnoughSpaceToImport, got \(String(describing: error))")
            return
        }
        #expect(needed > free)
        #expect(KioskError.caught { try kiosk.database.requireRoomToImport(fileBytes: 1_000) } == nil)
    }

    @Test func aKilledImportsStagingTableIsSweptAtStartOrReplacedByTheNextImport() throws {
        let kiosk = try TestKiosk(onDisk: true)
        _ = try kiosk.importRoster([rosterLine(id: early)])
        // What a kill between two of the import's transactions leaves (and, after the swap, before
        // the old table is dropped).
        let leftover = "CREATE TABLE resident_next (id_number TEXT PRIMARY KEY)"
        try kiosk.tamper(leftover)
        try kiosk.tamper("CREATE TABLE resident_replaced (id_number TEXT PRIMARY KEY)")
        #expect(try kiosk.database.sweepInterruptedWork().abandonedImports == 1)
        #expect(try kiosk.database.read { try $0.tableExists("resident_next") || $0.tableExists("resident_replaced") } == false)

        try kiosk.tamper(leftover)
        let report = try kiosk.importRoster([rosterLine(id: early), rosterLine(id: late)])
        #expect(report.inserted == 1 && report.unchanged == 1)
        #expect(try kiosk.database.read { try $0.tableExists("resident_next") } == false)
        #expect(try kiosk.database.verifyAudit().intact)
        // Each import's table takes the other name of each index's pair (two imports here so far).
        let indexes = { try kiosk.database.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'resident' AND sql IS NOT NULL ORDER BY name") } }
        #expect(try indexes() == ["resident_by_birth_month", "resident_not_normal"])
        _ = try kiosk.importRoster([rosterLine(id: late, pension: "3200.00")])
        #expect(try indexes() == ["resident_by_birth_month_alt", "resident_not_normal_alt"])
    }
}
