@testable import Desk
import Domain
import GRDB
import Store
import Testing

/// Touch and go at the desk: one identify scan finds the resident, and certifying on it records
/// the certification without a second scan, under the same rules as a certification by ID number.
@Suite("Desk: touch and go (identify, then certify)")
struct TouchAndGoTests {
    let wang = DeskKiosk.id(birth: "19500615", sequence: "111")
    let li = DeskKiosk.id(birth: "19521103", sequence: "222")
    let zhao = DeskKiosk.id(birth: "19470101", sequence: "333")

    func kiosk(reader: ScriptedReader = ScriptedReader(), hand: ClockHand? = nil) throws -> DeskKiosk {
        try DeskKiosk(residents: [(wang, "王建国", "2025-06-10"), (li, "李秀英", "2025-11-03"), (zhao, "赵振华", "2026-03-01")],
                      reader: reader, clock: DeskKiosk.clock(hand: hand))
    }

    func certifications(_ kiosk: DeskKiosk, of id: ResidentID) throws -> Int {
        try kiosk.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM certification WHERE resident_id = ?", arguments: [id.fullNumber]) ?? 0 }
    }

    @Test func theIdentifiedResidentIsCertifiedOnceWithoutAnotherScan() async throws {
        let kiosk = try kiosk()
        _ = try await kiosk.enrolled(li, .rightIndex, as: "li-right")
        _ = try await kiosk.enrolled(wang, .leftIndex, as: "wang-left")
        kiosk.reader.press(.finger("wang-left"))
        let found = try await kiosk.certify.identify { _ in }
        #expect(found.record.id == wang)
        #expect(found.finger == .leftIndex)
        #expect(found.record.status.code == .due)
        #expect(kiosk.reader.operations.last == "identify:2", "one scan against every print on this reader")
        let scans = kiosk.reader.operations.count
        let certified = try kiosk.certify.certify(found)
        #expect(certified.certification.method == .fingerprint)
        #expect(certified.certification.evidence == "identify reader=scripted#0 finger=left-index")
        #expect(certified.receipt.name == "王建国")
        #expect(kiosk.reader.operations.count == scans, "the identify scan was the check: no second scan")
        #expect(try certifications(kiosk, of: wang) == 1)
        // The same identification again is the already-certified guard, not a second record.
        let twice = KioskError.caughtNow { _ = try kiosk.certify.certify(found) }
        guard case .alreadyCertified = twice else { Issue.record("\(String(describing: twice))"); return }
        #expect(try certifications(kiosk, of: wang) == 1)
    }

    @Test func anIdentificationLeftOnScreenTooLongDoesNotCertify() async throws {
        let hand = ClockHand()
        let kiosk = try kiosk(hand: hand)
        _ = try await kiosk.enrolled(wang, .rightIndex, as: "wang-right")
        kiosk.reader.press(.finger("wang-right"))
        let found = try await kiosk.certify.identify { _ in }
        hand.advance(seconds: CertifyDesk.identificationLifetime / 1000 + 1)
        let error = KioskError.caughtNow { _ = try kiosk.certify.certify(found) }
        #expect(error == .identificationExpired(seconds: 120))
        #expect(try certifications(kiosk, of: wang) == 0)
        // Another staff member cannot certify on it either.
        let other = try kiosk.desk.staffAccounts(kiosk.admin).add(name: "zhang", role: .operator, password: "operator-pass-1")
        let fresh: CertifyDesk.Identification
        kiosk.reader.press(.finger("wang-right"))
        fresh = try await kiosk.certify.identify { _ in }
        let stolen = KioskError.caughtNow { _ = try kiosk.desk.certify(other, reader: kiosk.reader.client).certify(fresh) }
        #expect(stolen == .identificationExpired(seconds: 120))
        #expect(try certifications(kiosk, of: wang) == 0)
        _ = try kiosk.certify.certify(fresh)
        #expect(try certifications(kiosk, of: wang) == 1)
    }

    @Test func theStatusRulesHoldAtTheRecordNotAtTheScan() async throws {
        let kiosk = try kiosk()
        _ = try await kiosk.enrolled(zhao, .rightIndex, as: "zhao")
        _ = try await kiosk.enrolled(li, .rightIndex, as: "li")
        // Certified this cycle already: identified, then refused without a reason, certified again with one.
        kiosk.reader.press(.finger("zhao"))
        let zhaoFound = try await kiosk.certify.identify { _ in }
        let refused = KioskError.caughtNow { _ = try kiosk.certify.certify(zhaoFound) }
        guard case .alreadyCertified = refused else { Issue.record("\(String(describing: refused))"); return }
        let again = try kiosk.certify.certify(zhaoFound, again: "家属要求复核")
        #expect(again.certification.repeatReason == "家属要求复核")
        // A death reported between the scan and the key: the record refuses.
        kiosk.reader.press(.finger("li"))
        let liFound = try await kiosk.certify.identify { _ in }
        _ = try kiosk.desk.residents(kiosk.admin).reportDeath(of: li, DeathEntry(dateOfDeath: CivilDate("2026-11-20")!, reporterName: "李明",
                                                                                 relation: "儿子", certificateNumber: "HRB-2026-0001"))
        let deceased = KioskError.caughtNow { _ = try kiosk.certify.certify(liFound) }
        guard case .refusedByStatus = deceased else { Issue.record("\(String(describing: deceased))"); return }
        #expect(try certifications(kiosk, of: li) == 0)
    }

    @Test func aStrangerOrAReaderThatCannotIdentifyIsSaid() async throws {
        let kiosk = try kiosk()
        _ = try await kiosk.enrolled(wang, .rightIndex, as: "wang-right")
        kiosk.reader.press(.finger("stranger"))
        #expect(await KioskError.caught { _ = try await kiosk.certify.identify { _ in } } == .notIdentified)
        let plain = ScriptedReader(identify: false)
        let cannot = await KioskError.caught { _ = try await kiosk.desk.certify(kiosk.admin, reader: plain.client).identify { _ in } }
        #expect(cannot == .reader(.notSupported))
        #expect(plain.operations.isEmpty, "no scan asked for")
    }
}
