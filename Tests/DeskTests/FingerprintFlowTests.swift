@testable import Desk
import Domain
import Store
import Testing

/// The certify and enrol flows of the desk, in-process: real SQLite, a scripted reader.
@Suite("Desk: fingerprint certification and enrolment")
struct FingerprintFlowTests {
    let wang = DeskKiosk.id(birth: "19500615", sequence: "111")
    let li = DeskKiosk.id(birth: "19521103", sequence: "222")
    let zhao = DeskKiosk.id(birth: "19470101", sequence: "333")

    func kiosk(reader: ScriptedReader = ScriptedReader(), fingerprints: FingerprintPolicy = FingerprintPolicy()) throws -> DeskKiosk {
        try DeskKiosk(residents: [(wang, "王建国", "2025-06-10"), (li, "李秀英", "2025-11-03"), (zhao, "赵振华", "2026-03-01")],
                      reader: reader, fingerprints: fingerprints)
    }

    @Test func aMatchingFingerCertifiesWithAReceiptFromTheSameRecord() async throws {
        let kiosk = try kiosk()
        _ = try await kiosk.enrolled(wang, .rightIndex, as: "wang-right")
        _ = try await kiosk.enrolled(wang, .leftIndex, as: "wang-left")
        kiosk.reader.press(.finger("wang-left"))
        let log = ProgressLog()
        let certified = try await kiosk.certify.certify(wang, progress: log.record)
        #expect(certified.certification.method == .fingerprint)
        #expect(certified.certification.evidence == "reader=scripted#0 finger=left-index")
        #expect(certified.receipt.name == "王建国")
        #expect(certified.receipt.receiptNumber == "HRB-NG-XF01-20261129-0001")
        #expect(log.all == [.askFinger(.rightIndex, attempt: 1, of: 3)])
        // Two fingers on a reader that identifies: one scan checked against both.
        #expect(kiosk.reader.operations.last == "identify:2")
        #expect(kiosk.reader.unusedScans.isEmpty)
        let file = try #require(try kiosk.database.residentFile(wang))
        #expect(kiosk.database.status(of: file).code == .certified)
    }

    @Test func missesAndNoFingerClimbTheLadderToTheFallback() async throws {
        let kiosk = try kiosk(reader: ScriptedReader(identify: false))
        _ = try await kiosk.enrolled(wang, .rightIndex, as: "wang-right")
        _ = try await kiosk.enrolled(wang, .leftIndex, as: "wang-left")
        kiosk.reader.press(.finger("stranger"), .noFinger, .finger("wang-left"))
        let log = ProgressLog()
        let error = await KioskError.caught { _ = try await kiosk.certify.certify(wang, progress: log.record) }
        // The fingers in turn, one scan each; no finger within the time is an attempt too, reported as a timeout only.
        #expect(error == .notMatched(attempts: 3))
        #expect(log.all == [.askFinger(.rightIndex, attempt: 1, of: 3), .notMatched(remaining: 2),
                            .askFinger(.leftIndex, attempt: 2, of: 3), .timedOut(seconds: 30),
                            .askFinger(.rightIndex, attempt: 3, of: 3)])
        #expect(Array(kiosk.reader.operations.suffix(3)) == ["verify", "verify", "verify"])
        let file = try #require(try kiosk.database.residentFile(wang))
        #expect(kiosk.database.status(of: file).code == .due)
    }

    @Test func aRetryAfterTheReaderBrokeOffKeepsTheAttemptsAlreadyFailed() async throws {
        let kiosk = try kiosk(reader: ScriptedReader(identify: false))
        _ = try await kiosk.enrolled(wang, .rightIndex, as: "wang-right")
        kiosk.reader.press(.finger("stranger"))
        let log = ProgressLog()
        let error = await KioskError.caught { _ = try await kiosk.certify.certify(wang, attemptsUsed: 2, progress: log.record) }
        #expect(error == .notMatched(attempts: 3))
        #expect(log.all == [.askFinger(.rightIndex, attempt: 3, of: 3)], "the third attempt is the last, as before the unplug")
    }

    @Test func theAlreadyCertifiedAreNotAskedForAFingerWithoutAReason() async throws {
        let kiosk = try kiosk()
        _ = try await kiosk.enrolled(zhao, .rightIndex, as: "zhao")
        let before = kiosk.reader.operations.count
        let refused = await KioskError.caught { _ = try await kiosk.certify.certify(zhao) { _ in } }
        guard case .alreadyCertified = refused else { Issue.record("\(String(describing: refused))"); return }
        #expect(kiosk.reader.operations.count == before, "no scan asked for")
        kiosk.reader.press(.finger("zhao"))
        let again = try await kiosk.certify.certify(zhao, again: "家属要求复核") { _ in }
        #expect(again.certification.repeatReason == "家属要求复核")
    }

    @Test func printsMadeOnAnotherReaderAreNamed() async throws {
        let first = ScriptedReader(deviceID: "0")
        let kiosk = try kiosk(reader: first)
        _ = try await kiosk.enrolled(wang, .rightIndex, as: "wang")
        let other = kiosk.desk.certify(kiosk.admin, reader: ScriptedReader(deviceID: "7").client)
        let error = await KioskError.caught { _ = try await other.certify(wang) { _ in } }
        #expect(error == .printsFromAnotherReader(enrolledOn: ["scripted #0"], reader: "scripted #7"))
    }

    @Test func oneFingerUnderTwoNamesIsRefusedWithAnAlert() async throws {
        let kiosk = try kiosk()
        _ = try await kiosk.enrolled(wang, .rightIndex, as: "same-finger")
        kiosk.reader.press(.finger("same-finger"), .finger("same-finger"))
        let log = ProgressLog()
        let error = await KioskError.caught { _ = try await kiosk.enrol.enroll(li, finger: .rightIndex, progress: log.record) }
        guard case .duplicateFinger(let alertID) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(log.all.contains(.confirmScan(gallery: 1)))
        let alert = try #require(try kiosk.desk.alerts(kiosk.admin).list().first { $0.id == alertID })
        #expect(alert.residentID == li)
        #expect(alert.matchedResidentID == wang)
        #expect(try kiosk.database.prints(of: li).isEmpty)
    }

    @Test func aChipThatHoldsTheFingerRaisesAnAlertWithoutSayingWhose() async throws {
        let kiosk = try kiosk(reader: ScriptedReader(identify: false, storage: true))
        _ = try await kiosk.enrolled(wang, .rightIndex, as: "same-finger")
        kiosk.reader.press(.finger("same-finger"))
        let error = await KioskError.caught { _ = try await kiosk.enrol.enroll(li, finger: .rightIndex) { _ in } }
        guard case .duplicateFinger(let alertID) = error else { Issue.record("\(String(describing: error))"); return }
        let alert = try #require(try kiosk.desk.alerts(kiosk.admin).list().first { $0.id == alertID })
        #expect(alert.matchedResidentID == nil)
        #expect(kiosk.reader.chip.count == 1)
    }

    @Test func theFingerLimitHoldsBeforeTheScanAndInsideTheSave() async throws {
        let kiosk = try kiosk(fingerprints: FingerprintPolicy(fingersPerResident: 1))
        let first = try await kiosk.enrolled(wang, .rightIndex, as: "wang-right")
        let before = kiosk.reader.operations.count
        let refused = await KioskError.caught { _ = try await kiosk.enrol.enroll(wang, finger: .leftIndex) { _ in } }
        #expect(refused == .tooManyFingers(allowed: 1))
        #expect(kiosk.reader.operations.count == before, "refused before any scan")
        // A print scanned while another counter enrolled the last allowed finger is refused at the save.
        var late = first.template
        late.finger = .leftIndex
        late.data = ScriptedReader.print("wang-left")
        let error = KioskError.caughtNow { _ = try kiosk.desk.enrol(kiosk.admin, reader: kiosk.reader.client).save(late, of: wang) }
        #expect(error == .tooManyFingers(allowed: 1))
        #expect(try kiosk.database.prints(of: wang).map(\.finger) == [.rightIndex])
        // Re-enrolling the same finger replaces it.
        let again = try await kiosk.enrolled(wang, .rightIndex, as: "wang-right-again")
        #expect(try kiosk.database.prints(of: wang).map(\.id) == [again.id])
    }
}

extension KioskError {
    static func caughtNow(_ body: () throws -> Void) -> KioskError? {
        do {
            try body()
            return nil
        } catch let error as KioskError {
            return error
        } catch {
            return nil
        }
    }
}

