import Domain
import Foundation
import GRDB
import Testing
@testable import Store

@Suite("Roster import")
struct ImportTests {
    let a = IDs.make(birth: "19500615", sequence: "111")
    let b = IDs.make(birth: "19521103", sequence: "222")
    let c = IDs.make(birth: "19470101", sequence: "333")

    @Test func importsValidRowsAndReportsEachBadOneWithItsLine() throws {
        let kiosk = try TestKiosk()
        let report = try kiosk.importRoster([
            rosterLine(id: a),
            rosterLine(id: String(b.dropLast()) + (b.last == "0" ? "1" : "0")),
            rosterLine(id: c, status: "active"),
            rosterLine(id: b),
        ])
        #expect(report.committed)
        #expect(report.inserted == 2)
        #expect(report.rejections.map(\.line) == [3, 4])
        #expect(report.rejections[1].problems == [RosterProblem(.status, .unknownValue(accepted: "normal|suspended|terminated"))])
        #expect(report.rejections[1].record == rosterLine(id: c, status: "active"))
        #expect(try kiosk.count("resident") == 2)
        #expect(try kiosk.database.verifyAudit().intact)
    }

    @Test func readsQuotesBOMCarriageReturnsChineseHeadersAndAnyColumnOrder() throws {
        let kiosk = try TestKiosk()
        let header = "\u{FEFF}姓名,身份证号,参保地,状态,暂停年月,月养老金,电话,地址,社区,行动能力,上次认证日期,上次认证方式"
        let lines = [
            "\"王\"\"老\"\"建国\",\(a),230103,正常,,3000,13912345678,\"哈尔滨市南岗区, 学府路1号\",学府社区,高龄,2026-03-01,指纹",
            "李秀英,\(b),230103,normal,,3000,13912345678,\"多行\n地址\",学府社区,,,",
            "张三,\(c),230103,bogus,,3000,,,,,,",
        ]
        let path = kiosk.directory.appendingPathComponent("chinese.csv").path
        try ([header] + lines).joined(separator: "\r\n").appending("\r\n").write(toFile: path, atomically: true, encoding: .utf8)
        let report = try kiosk.database.importRoster(path: path, strict: false, by: kiosk.admin)
        #expect(report.inserted == 1)
        // The second record spans lines 3 and 4 (a newline in an address is refused), so the next is line 5.
        #expect(report.rejections.map(\.line) == [3, 5])
        #expect(report.rejections[0].problems == [RosterProblem(.address, .controlCharacter)])
        let first = try #require(try kiosk.database.residentFile(IDs.resident(a))).resident
        #expect(first.name == "王\"老\"建国")
        #expect(first.address == "哈尔滨市南岗区, 学府路1号")
        #expect(first.mobility == .elderly)
        #expect(first.rosterCertificationMethod == .fingerprint)
    }

    /// FAQ 6: where a pensioner lives is its own column; an old roster's abroad code in
    /// insured_region still imports, as living abroad and insured in the city, with a warning.
    @Test func faq6_residenceIsKeptAndAnOldAbroadCodeImportsWithAWarning() throws {
        let kiosk = try TestKiosk()
        let report = try kiosk.importRoster([
            rosterLine(id: a, residence: "异地"),
            rosterLine(id: b, region: "990000", lastCertified: "2026-05-02", lastMethod: "consulate"),
            rosterLine(id: c),
        ])
        #expect(report.inserted == 3)
        #expect(report.legacyAbroadLines == [3])
        let elsewhere = try #require(try kiosk.database.residentFile(IDs.resident(a)))
        #expect(elsewhere.resident.residence == .elsewhere)
        // Standing at the desk, someone who lives elsewhere certifies here like anyone else.
        #expect(kiosk.database.status(of: elsewhere).mayCertifyHere)
        let abroad = try #require(try kiosk.database.residentFile(IDs.resident(b))).resident
        #expect(abroad.residence == .abroad)
        #expect(abroad.insuredRegion == "230100")
        // A consulate certificate on the roster counts for the year.
        #expect(kiosk.database.status(of: try #require(try kiosk.database.residentFile(IDs.resident(b)))).code == .certified)
        #expect(try kiosk.database.residentFile(IDs.resident(c))?.resident.residence == nil)

        // A delta with the cell empty keeps what the bureau said before.
        let delta = try kiosk.roster([rosterLine(id: a, phone: "13900000000")], name: "delta.csv")
        _ = try kiosk.database.importRoster(path: delta, strict: false, by: kiosk.admin)
        #expect(try kiosk.database.residentFile(IDs.resident(a))?.resident.residence == .elsewhere)
        #expect(try kiosk.database.verifyAudit().intact)
    }

    @Test func strictImportsNothingWhenARowIsBad() throws {
        let kiosk = try TestKiosk()
        let report = try kiosk.importRoster([rosterLine(id: a), rosterLine(id: b, phone: "nope")], strict: true)
        #expect(!report.committed)
        #expect(report.rejections.count == 1)
        #expect(try kiosk.count("resident") == 0)
        #expect(try kiosk.count("roster_import") == 0)
    }

    @Test func laterDuplicatesAreRejected() throws {
        let kiosk = try TestKiosk()
        let report = try kiosk.importRoster([rosterLine(id: a, name: "第一"), rosterLine(id: b), rosterLine(id: a, name: "第二")])
        #expect(report.inserted == 2)
        #expect(report.rejections.first?.problems == [RosterProblem(nil, .duplicate(firstLine: 2))])
        #expect(try kiosk.database.residentFile(IDs.resident(a))?.resident.name == "第一")
    }

    @Test func fileLevelProblemsRefuseTheWholeFile() throws {
        let kiosk = try TestKiosk()
        let missing = try kiosk.roster([rosterLine(id: a)], header: "id_number,name", name: "missing.csv")
        guard case .rosterFile(.missingColumns(_, let columns))? = KioskError.caught({
            _ = try kiosk.database.importRoster(path: missing, strict: false, by: kiosk.admin)
        }) else { Issue.record("missing columns not reported"); return }
        #expect(columns.contains("insured_region"))

        let unknown = try kiosk.roster([], header: RosterColumn.allCases.map(\.header).joined(separator: ",") + ",birthday", name: "unknown.csv")
        #expect(KioskError.caught { _ = try kiosk.database.importRoster(path: unknown, strict: false, by: kiosk.admin) }
                == .rosterFile(.unknownColumn(path: unknown, column: 14, header: "birthday")))

        let empty = kiosk.directory.appendingPathComponent("empty.csv").path
        FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(KioskError.caught { _ = try kiosk.database.importRoster(path: empty, strict: false, by: kiosk.admin) } == .rosterFile(.empty(path: empty)))

        let absent = kiosk.directory.appendingPathComponent("absent.csv").path
        guard case .rosterFile(.unreadable)? = KioskError.caught({ _ = try kiosk.database.importRoster(path: absent, strict: false, by: kiosk.admin) })
        else { Issue.record("absent file not reported"); return }
    }

    @Test func aGBKFileIsRefusedWithAHint() throws {
        let kiosk = try TestKiosk()
        let header = Array((RosterColumn.allCases.map(\.header).joined(separator: ",") + "\n").utf8)
        // 王建国 in GBK: CD F5 BD A8 B9 FA.
        let row = Array("\(a),".utf8) + [0xCD, 0xF5, 0xBD, 0xA8, 0xB9, 0xFA] + Array(",230103,normal,,,,,,,,\n".utf8)
        let path = kiosk.directory.appendingPathComponent("gbk.csv").path
        FileManager.default.createFile(atPath: path, contents: Data(header + row))
        #expect(KioskError.caught { _ = try kiosk.database.importRoster(path: path, strict: false, by: kiosk.admin) }
                == .rosterFile(.notUTF8(path: path, line: 2, looksLikeGBK: true)))
        #expect(try kiosk.count("resident") == 0)
    }

    @Test func aReimportUpdatesOnlyWhatChangedAndKeepsWhatTheKioskRecorded() throws {
        let kiosk = try TestKiosk(onDisk: true)
        _ = try kiosk.importRoster([rosterLine(id: a, phone: "13900000001"), rosterLine(id: b, phone: "13900000002"), rosterLine(id: c)])
        let idA = IDs.resident(a), idB = IDs.resident(b), idC = IDs.resident(c)
        _ = try kiosk.database.recordCertification(of: idA, method: .fingerprint, evidence: "reader:virtual", by: kiosk.admin)
        _ = try kiosk.database.changeContact(of: idA, ContactEntry(phone: "13811112222", address: nil), by: kiosk.admin)
        _ = try kiosk.database.changeContact(of: idB, ContactEntry(phone: "13833334444", address: nil), by: kiosk.admin)
        _ = try kiosk.database.reportDeath(of: idC, DeathEntry(dateOfDeath: CivilDate("2026-11-20")!, reporterName: "王小明", relation: "子", certificateNumber: "HRB-2026-1"), by: kiosk.admin)

        // The bureau's delta: a sends the same phone as before, b a new one of its own, c is still "normal".
        let report = try kiosk.importRoster([rosterLine(id: a, pension: "3100.00", phone: "13900000001"),
                                             rosterLine(id: b, phone: "13955556666"), rosterLine(id: c)])
        #expect(report.updated == 2)
        #expect(report.unchanged == 1)
        let fileA = try #require(try kiosk.database.residentFile(idA))
        #expect(fileA.resident.phone == "13811112222")
        #expect(fileA.resident.monthlyPension == Money(yuan: "3100.00"))
        #expect(fileA.lastCertification?.method == .fingerprint)
        #expect(try kiosk.database.residentFile(idB)?.resident.phone == "13955556666")
        #expect(try kiosk.database.residentFile(idC)?.death != nil)
        #expect(try kiosk.count("contact_change") == 2)
        #expect(try kiosk.database.verifyAudit().intact)

        let again = try kiosk.importRoster([rosterLine(id: a, pension: "3100.00", phone: "13900000001"),
                                            rosterLine(id: b, phone: "13955556666"), rosterLine(id: c)])
        #expect(again.unchanged == 3)
    }

    @Test func theImportIsAuditedWithTheFileDigest() throws {
        let kiosk = try TestKiosk()
        let report = try kiosk.importRoster([rosterLine(id: a)])
        let detail = try kiosk.database.writer.read {
            try String.fetchOne($0, sql: "SELECT detail FROM audit_entry WHERE action = 'roster.import'")
        }
        #expect(detail?.contains("sha256=\(report.fileSHA256)") == true)
        #expect(report.fileSHA256.count == 64)
    }
}

/// Cases found in review: what a bureau export really contains.
@Suite("Roster import: awkward files")
struct AwkwardRosterTests {
    let a = IDs.make(birth: "19500615", sequence: "111")
    let b = IDs.make(birth: "19521103", sequence: "222")
    let c = IDs.make(birth: "19470101", sequence: "333")

    @Test func anEmptyCellInADeltaKeepsWhatWasKnown() throws {
        let kiosk = try TestKiosk()
        _ = try kiosk.importRoster([rosterLine(id: a, pension: "3000.00", phone: "13900000001", mobility: "elderly",
                                               lastCertified: "2026-06-10", lastMethod: "face_app")])
        _ = try kiosk.database.changeContact(of: IDs.resident(a), ContactEntry(phone: "13811112222", address: nil), by: kiosk.admin)
        let report = try kiosk.importRoster([rosterLine(id: a, name: "王建国", pension: "", phone: "", address: "", community: "",
                                                        mobility: "", lastCertified: "", lastMethod: "")])
        #expect(report.unchanged == 1)
        let resident = try #require(try kiosk.database.residentFile(IDs.resident(a))).resident
        #expect(resident.phone == "13811112222")
        #expect(resident.monthlyPension == Money(yuan: "3000.00"))
        #expect(resident.mobility == .elderly)
        #expect(resident.rosterCertifiedOn == CivilDate("2026-06-10"))
        #expect(resident.rosterCertificationMethod == .faceApp)
        #expect(try kiosk.database.verifyAudit().intact)
    }

    @Test func aNewCertificationDateBringsItsOwnMethod() throws {
        let kiosk = try TestKiosk()
        _ = try kiosk.importRoster([rosterLine(id: a, lastCertified: "2025-06-10", lastMethod: "face_app")])
        _ = try kiosk.importRoster([rosterLine(id: a, lastCertified: "2026-06-10", lastMethod: "")])
        let resident = try #require(try kiosk.database.residentFile(IDs.resident(a))).resident
        #expect(resident.rosterCertifiedOn == CivilDate("2026-06-10"))
        #expect(resident.rosterCertificationMethod == nil)
    }

    @Test func aResumedPensionLosesItsSuspensionMonth() throws {
        let kiosk = try TestKiosk()
        _ = try kiosk.importRoster([rosterLine(id: a, status: "suspended", suspendedSince: "2026-01")])
        _ = try kiosk.importRoster([rosterLine(id: a, status: "normal", suspendedSince: "", lastCertified: "2026-11-02", lastMethod: "silent")])
        let resident = try #require(try kiosk.database.residentFile(IDs.resident(a))).resident
        #expect(resident.rosterStatus == .normal)
        #expect(resident.suspendedSince == nil)
    }

    @Test func aStrayQuoteInsideANameDoesNotSwallowTheRowsAfterIt() throws {
        let kiosk = try TestKiosk()
        let report = try kiosk.importRoster([rosterLine(id: a, name: "张\"三"), rosterLine(id: b), rosterLine(id: c)])
        #expect(report.inserted == 3)
        #expect(report.rejections.isEmpty)
        #expect(try kiosk.database.residentFile(IDs.resident(a))?.resident.name == "张\"三")
    }

    @Test func emptyRowsBelowTheDataAreNotRows() throws {
        let kiosk = try TestKiosk()
        let report = try kiosk.importRoster([rosterLine(id: a), ",,,,,,,,,,,", " , , ,,,,,,,,,", ""], strict: true)
        #expect(report.committed)
        #expect(report.rows == 1)
    }

    @Test func aHeaderWithoutRowsIsAnEmptyImport() throws {
        let kiosk = try TestKiosk()
        let report = try kiosk.importRoster([])
        #expect(report.committed && report.rows == 0)
        #expect(try kiosk.count("roster_import") == 1)
    }

    @Test func aFileWithoutItsHeaderIsRefusedWithoutPrintingItsFirstLine() throws {
        let kiosk = try TestKiosk()
        let path = try kiosk.roster([rosterLine(id: a)], header: nil, name: "headless.csv")
        let error = KioskError.caught { _ = try kiosk.database.importRoster(path: path, strict: false, by: kiosk.admin) }
        #expect(error == .rosterFile(.missingHeader(path: path)))
        for language in Language.allCases { #expect(!Message.error(error!).text(language).contains(a)) }
    }

    @Test func aQuotedDuplicateIsWrittenAsitStood() throws {
        let kiosk = try TestKiosk()
        let quoted = rosterLine(id: a, address: "学府路1号, 3栋")
        let report = try kiosk.importRoster([rosterLine(id: a), quoted])
        #expect(report.rejections.map(\.record) == [quoted])
    }
}
