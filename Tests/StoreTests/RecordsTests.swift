import Crypto
@testable import Desk
import Domain
import Foundation
import GRDB
import Testing
@testable import Store

@Suite("Records: certifications, contact changes, death reports")
struct RecordsTests {
    let due = IDs.make(birth: "19501215", sequence: "111")
    let suspended = IDs.make(birth: "19521103", sequence: "222")
    let referred = IDs.make(birth: "19470101", sequence: "333")
    let elsewhere = IDs.make(birth: "19480202", sequence: "444")

    func kiosk() throws -> TestKiosk {
        let kiosk = try TestKiosk(at: "2026-11-29T10:00")
        _ = try kiosk.importRoster([
            rosterLine(id: due, lastCertified: "2025-12-01", lastMethod: "face_app"),
            rosterLine(id: suspended, status: "suspended", suspendedSince: "2026-01"),
            rosterLine(id: referred, status: "suspended", suspendedSince: "2024-06"),
            rosterLine(id: elsewhere, region: "230602"),
        ])
        return kiosk
    }

    /// A stored word the kiosk does not know is an error naming where it is, never read as a
    /// default (an unknown role as operator, an unknown finger as the right index).
    @Test func anUnknownStoredWordIsAnErrorNotADefault() throws {
        let kiosk = try kiosk()
        try kiosk.tamper("PRAGMA ignore_check_constraints = ON; UPDATE staff SET role = 'root' WHERE name = 'admin'; "
                         + "UPDATE resident SET mobility = 'flying' WHERE id_number = '\(due)'; PRAGMA ignore_check_constraints = OFF")
        #expect(KioskError.caught { _ = try kiosk.database.staffAccounts(by: kiosk.admin) }
                == .storedValueUnknown(table: "staff", column: "role", value: "root"))
        #expect(KioskError.caught { _ = try kiosk.database.residentFile(IDs.resident(due)) }
                == .storedValueUnknown(table: "resident", column: "mobility", value: "flying"))
        #expect(try kiosk.database.residentFile(IDs.resident(suspended)) != nil, "the others still read")
    }

    /// A sealed print says its format; one this kiosk does not know is refused, never guessed at.
    @Test func aPrintOfAnUnknownFormatIsRefused() throws {
        let kiosk = try kiosk()
        let template = FingerprintTemplate(data: [1, 2, 3], driver: "virtual_image", deviceID: "0", finger: .rightIndex, storedOnDevice: false)
        _ = try kiosk.database.desk.enrol(kiosk.admin, reader: ScriptedReader().client).save(template, of: IDs.resident(due))
        #expect(try kiosk.database.prints(of: IDs.resident(due)).map(\.template.data) == [[1, 2, 3]])
        try kiosk.tamper("UPDATE enrolled_print SET format = NULL")
        #expect(try kiosk.database.prints(of: IDs.resident(due)).count == 1, "prints sealed before the column are format 1")
        try kiosk.tamper("UPDATE enrolled_print SET format = 2")
        #expect(KioskError.caught { _ = try kiosk.database.prints(of: IDs.resident(due)) }
                == .storedValueUnknown(table: "enrolled_print", column: "format", value: "2"))
    }

    /// The rules of what staff type hold in the store itself, whatever front-end calls it.
    @Test func theStoreRefusesAnIncompleteDeathReportContactChangeOrBooking() throws {
        let kiosk = try kiosk()
        let death = DeathEntry(dateOfDeath: CivilDate("2026-11-20")!, reporterName: "李明", relation: "", certificateNumber: "D-1")
        #expect(KioskError.caught { _ = try kiosk.database.reportDeath(of: IDs.resident(due), death, by: kiosk.admin) }
                == .entryInvalid(.required(.reporterRelation)))
        #expect(KioskError.caught { _ = try kiosk.database.changeContact(of: IDs.resident(due), ContactEntry(phone: "12", address: nil), by: kiosk.admin) }
                == .entryInvalid(.notAPhoneNumber(.phone)))
        // No address typed and none on record: there is nowhere to go.
        _ = try kiosk.importRoster([rosterLine(id: due, address: "", lastCertified: "2025-12-01", lastMethod: "face_app")])
        try kiosk.tamper("UPDATE resident SET address = NULL WHERE id_number = '\(due)'")
        let request = VisitRequest(booker: VisitBooker(name: "李明", relation: "子", phone: "13800138000"), reason: .disabled, evidence: "残疾证",
                                   address: nil, preferredDates: [], time: .any, notes: "", ageOverride: nil)
        #expect(KioskError.caught { _ = try kiosk.database.desk.visits(kiosk.admin).book(IDs.resident(due), request) }
                == .entryInvalid(.required(.visitAddress)))
        #expect(try kiosk.count("death_report") + kiosk.count("contact_change") + kiosk.count("visit_booking") == 0)
    }

    @Test func aCertificationIsRecordedWithWhoWhenHowAndWhere() throws {
        let kiosk = try kiosk()
        let certified = try kiosk.database.recordCertification(of: IDs.resident(due), method: .fingerprint, evidence: "reader:elan:1", by: kiosk.admin)
        let certification = certified.certification
        // The receipt is made from the resident as the certification's own transaction read them.
        #expect(certified.receipt.receiptNumber == certification.receipt)
        #expect(certified.receipt.certificationID == certification.id)
        #expect(certified.receipt.name == "王建国")
        #expect(certified.receipt.maskedID == IDs.resident(due).masked)
        #expect(certification.servicePoint == "HRB-NG-XF01")
        #expect(certification.staffName == "admin")
        #expect(certification.receipt == "HRB-NG-XF01-20261129-0001")
        #expect(certification.certifiedAt == LocalDateTime(date: CivilDate("2026-11-29")!, hour: 10, minute: 0))
        // A version-7 UUID: globally unique, sortable by time.
        #expect(UUID(uuidString: certification.id) != nil)
        #expect(Array(certification.id)[14] == "7")
        let file = try #require(try kiosk.database.residentFile(IDs.resident(due)))
        #expect(kiosk.database.status(of: file).code == .certified)
    }

    /// FAQ 19-20: certified already this cycle, a second certification is refused unless a reason
    /// is given, and then it is recorded as a repeat, with the reason, in the audit log too.
    @Test func faq19_aSecondCertificationIsRefusedWithoutAReasonAndMarkedWithOne() throws {
        let kiosk = try kiosk()
        let first = try kiosk.database.recordCertification(of: IDs.resident(due), method: .fingerprint, evidence: nil, by: kiosk.admin).certification
        let refused = KioskError.caught {
            _ = try kiosk.database.recordCertification(of: IDs.resident(due), method: .fingerprint, evidence: nil, by: kiosk.admin)
        }
        #expect(refused == .alreadyCertified(first.fact))
        #expect(KioskError.caught {
            _ = try kiosk.database.recordCertification(of: IDs.resident(due), method: .fingerprint, evidence: nil, again: "  ", by: kiosk.admin)
        } == .alreadyCertified(first.fact), "a blank reason is no reason")
        let second = try kiosk.database.recordCertification(of: IDs.resident(due), method: .fingerprint, evidence: nil, again: "家属要求复核",
                                                            by: kiosk.admin).certification
        #expect(second.repeatReason == "家属要求复核")
        #expect(first.repeatReason == nil)
        let details = try kiosk.database.read { db in
            try String.fetchAll(db, sql: "SELECT detail FROM audit_entry WHERE action = 'resident.certify' ORDER BY seq")
        }
        #expect(details == ["method=fingerprint", "method=fingerprint repeat"])
        #expect(try kiosk.database.verifyAudit().intact)
    }

    /// A photo rejected for someone certified meanwhile by another method: they are not told they are uncertified.
    @Test func aRejectedPhotoOfSomeoneCertifiedMeanwhileSaysSo() throws {
        let kiosk = try TestKiosk(at: "2026-11-29T10:00", onDisk: true)
        _ = try kiosk.importRoster([rosterLine(id: due, lastCertified: "2025-12-01", lastMethod: "face_app")])
        let supervisor = try kiosk.database.addStaff(name: "super2", role: .supervisor, password: "supervisor-pass-2", by: kiosk.admin)
        let photo = try kiosk.database.desk.photos(kiosk.admin).record(of: IDs.resident(due), jpeg: Data([0xFF, 0xD8, 0xFF, 0xD9]), width: 640,
                                                                       height: 480, fromCamera: true, maxPending: 10).record
        let meanwhile = try kiosk.database.recordCertification(of: IDs.resident(due), method: .fingerprint, evidence: nil, by: kiosk.admin).certification
        let certified = try kiosk.database.desk.review(supervisor).reject(photo.id, reason: "脸部不清")
        #expect(certified == meanwhile.fact)
        let text = Message.photo(.rejected(id: photo.id, name: "李秀英", certified: certified)).text(.chinese)
        #expect(text.contains("认证有效，无需重新认证") && !text.contains("仍未认证"))
    }

    /// FAQ 19-20: a death reported with a date before a certification already on record raises a
    /// fraud alert, shown on the card; a death after the last certification raises none.
    @Test func faq19_aDeathBeforeACertificationOnRecordRaisesAFraudAlert() throws {
        let kiosk = try kiosk()
        _ = try kiosk.database.reportDeath(of: IDs.resident(due), DeathEntry(dateOfDeath: CivilDate("2025-11-20")!, reporterName: "王小明", relation: "子", certificateNumber: "D-1"), by: kiosk.admin)
        let alerts = try kiosk.database.fraudAlerts(includingResolved: false, by: kiosk.admin)
        #expect(alerts.map(\.posthumous) == [PosthumousCertification(certifiedOn: CivilDate("2025-12-01")!, diedOn: CivilDate("2025-11-20")!)])
        #expect(alerts.first?.finger == nil)
        let file = try #require(try kiosk.database.residentFile(IDs.resident(due)))
        #expect(file.posthumous.map(\.certifiedOn) == [CivilDate("2025-12-01")!])
        #expect(try kiosk.database.verifyAudit().intact)

        // A death after the last certification is no sign of anything.
        _ = try kiosk.database.reportDeath(of: IDs.resident(suspended), DeathEntry(dateOfDeath: CivilDate("2026-11-20")!, reporterName: "王小明", relation: "子", certificateNumber: "D-2"), by: kiosk.admin)
        #expect(try kiosk.database.fraudAlerts(includingResolved: false, by: kiosk.admin).count == 1)
    }

    /// The same when the bureau's roster brings, after a death reported here, a certification dated later; once.
    @Test func faq19_aRosterCertificationAfterAReportedDeathRaisesAFraudAlertOnce() throws {
        let kiosk = try kiosk()
        _ = try kiosk.database.reportDeath(of: IDs.resident(due), DeathEntry(dateOfDeath: CivilDate("2026-08-15")!, reporterName: "王小明", relation: "子", certificateNumber: "D-1"), by: kiosk.admin)
        #expect(try kiosk.database.fraudAlerts(includingResolved: false, by: kiosk.admin).isEmpty)
        let later = rosterLine(id: due, lastCertified: "2026-10-02", lastMethod: "face_app")
        _ = try kiosk.importRoster([later])
        _ = try kiosk.importRoster([later])
        let alerts = try kiosk.database.fraudAlerts(includingResolved: false, by: kiosk.admin)
        #expect(alerts.map(\.posthumous) == [PosthumousCertification(certifiedOn: CivilDate("2026-10-02")!, diedOn: CivilDate("2026-08-15")!)])
        #expect(try kiosk.database.verifyAudit().intact)
    }

    @Test func certifyingASuspendedResidentLiftsTheSuspension() throws {
        let kiosk = try kiosk()
        _ = try kiosk.database.recordCertification(of: IDs.resident(suspended), method: .photo, evidence: nil, by: kiosk.admin)
        let status = kiosk.database.status(of: try #require(try kiosk.database.residentFile(IDs.resident(suspended))))
        guard case .certified(let certified) = status else { Issue.record("\(status)"); return }
        // Certified on 2026-11-29: paid again from the next month (FAQ 12), whatever the day.
        #expect(certified.resumption?.resumesIn == YearMonth("2026-12"))
    }

    @Test func theReferredAndThoseInsuredElsewhereCannotBeCertifiedHere() throws {
        let kiosk = try kiosk()
        #expect(KioskError.caught { _ = try kiosk.database.recordCertification(of: IDs.resident(referred), method: .fingerprint, evidence: nil, by: kiosk.admin) }
                == .refusedByStatus(.referToCityBureau))
        #expect(KioskError.caught { _ = try kiosk.database.recordCertification(of: IDs.resident(elsewhere), method: .fingerprint, evidence: nil, by: kiosk.admin) }
                == .refusedByStatus(.notServedHere))
        #expect(KioskError.caught { _ = try kiosk.database.changeContact(of: IDs.resident(elsewhere), ContactEntry(phone: "13800000000", address: nil), by: kiosk.admin) }
                == .refusedByStatus(.notServedHere))
        #expect(try kiosk.count("certification") == 0)
    }

    @Test func aDeathStopsCertificationAtOnce() throws {
        let kiosk = try kiosk()
        let report = try kiosk.database.reportDeath(of: IDs.resident(due), DeathEntry(dateOfDeath: CivilDate("2026-11-25")!, reporterName: "王小明", relation: "子", certificateNumber: "HRB-2026-1"), by: kiosk.admin)
        #expect(report.reportedAt.date == CivilDate("2026-11-29"))
        let file = try #require(try kiosk.database.residentFile(IDs.resident(due)))
        guard case .deceased(let deceased) = kiosk.database.status(of: file) else { Issue.record("not deceased"); return }
        #expect(deceased.settleBy == CivilDate("2026-12-02"))
        #expect(KioskError.caught { _ = try kiosk.database.recordCertification(of: IDs.resident(due), method: .fingerprint, evidence: nil, by: kiosk.admin) }
                == .refusedByStatus(.deceased))
        #expect(KioskError.caught { _ = try kiosk.database.reportDeath(of: IDs.resident(due), DeathEntry(dateOfDeath: CivilDate("2026-11-25")!, reporterName: "x", relation: "x", certificateNumber: "x"), by: kiosk.admin) }
                == .deathAlreadyReported(on: CivilDate("2026-11-29")!))
    }

    @Test func aDeathDateMustBeBetweenBirthAndToday() throws {
        let kiosk = try kiosk()
        #expect(KioskError.caught { _ = try kiosk.database.reportDeath(of: IDs.resident(due), DeathEntry(dateOfDeath: CivilDate("2026-11-30")!, reporterName: "x", relation: "x", certificateNumber: "x"), by: kiosk.admin) }
                == .deathDateInvalid(.inTheFuture))
        #expect(KioskError.caught { _ = try kiosk.database.reportDeath(of: IDs.resident(due), DeathEntry(dateOfDeath: CivilDate("1940-01-01")!, reporterName: "x", relation: "x", certificateNumber: "x"), by: kiosk.admin) }
                == .deathDateInvalid(.beforeBirth))
        #expect(try kiosk.count("death_report") == 0)
    }

    @Test func aContactChangeKeepsTheOldValue() throws {
        let kiosk = try kiosk()
        let changes = try kiosk.database.changeContact(of: IDs.resident(due), ContactEntry(phone: "13800000000", address: "哈尔滨市南岗区新地址"), by: kiosk.admin)
        #expect(changes.map(\.field) == [.phone, .address])
        #expect(changes[0].oldValue == "13912345678")
        #expect(try kiosk.database.residentFile(IDs.resident(due))?.resident.phone == "13800000000")
        #expect(KioskError.caught { _ = try kiosk.database.changeContact(of: IDs.resident(due), ContactEntry(phone: "13800000000", address: nil), by: kiosk.admin) }
                == .contactUnchanged)
        let stored = try kiosk.database.writer.read { try Row.fetchAll($0, sql: "SELECT service_point, staff_id, old_value FROM contact_change") }
        #expect(stored.allSatisfy { $0["service_point"] == "HRB-NG-XF01" && $0["staff_id"] == kiosk.admin.id })
    }

    @Test func recordsCannotBeRewrittenByTheKiosk() throws {
        let kiosk = try kiosk()
        _ = try kiosk.database.recordCertification(of: IDs.resident(due), method: .fingerprint, evidence: nil, by: kiosk.admin)
        #expect(throws: DatabaseError.self) { try kiosk.tamper("UPDATE certification SET method = 'photo'") }
        #expect(throws: DatabaseError.self) { try kiosk.tamper("DELETE FROM audit_entry") }
    }

    @Test func anUnknownResidentIsNotFound() throws {
        let kiosk = try kiosk()
        let stranger = IDs.resident(IDs.make(birth: "19600101", sequence: "999"))
        #expect(try kiosk.database.residentFile(stranger) == nil)
        #expect(KioskError.caught { _ = try kiosk.database.changeContact(of: stranger, ContactEntry(phone: "13800000000", address: nil), by: kiosk.admin) }
                == .residentNotFound(stranger))
    }
}

@Suite("Reports and export")
struct ReportTests {
    @Test func eachReportListsItsResidents() throws {
        let kiosk = try TestKiosk(at: "2026-11-29T10:00")
        let dueNov = IDs.make(birth: "19501115", sequence: "111")
        let certifiedNov = IDs.make(birth: "19501116", sequence: "112")
        let dueJune = IDs.make(birth: "19500615", sequence: "113")
        let overdue = IDs.make(birth: "19500616", sequence: "114")
        let suspended = IDs.make(birth: "19521103", sequence: "222")
        let referred = IDs.make(birth: "19470101", sequence: "333")
        let terminated = IDs.make(birth: "19470102", sequence: "334")
        _ = try kiosk.importRoster([
            rosterLine(id: dueNov, lastCertified: "2025-11-03", lastMethod: "face_app"),
            rosterLine(id: certifiedNov, lastCertified: "2026-11-03", lastMethod: "silent"),
            rosterLine(id: dueJune, lastCertified: "2025-06-03", lastMethod: "face_app"),
            rosterLine(id: overdue, lastCertified: "2024-06-03", lastMethod: "face_app"),
            rosterLine(id: suspended, status: "suspended", suspendedSince: "2026-01"),
            rosterLine(id: referred, status: "suspended", suspendedSince: "2024-06"),
            rosterLine(id: terminated, status: "terminated"),
        ])
        let november = YearMonth("2026-11")!
        #expect(try kiosk.database.desk.reports(kiosk.admin).due(in: november).map(\.resident.id.fullNumber) == [dueNov])
        // FAQ 3: June has passed, but June's pensioner is still due until 31 December, not overdue.
        #expect(try kiosk.database.desk.reports(kiosk.admin).due(in: YearMonth("2026-06")!).map(\.resident.id.fullNumber) == [dueJune])
        #expect(try kiosk.database.desk.reports(kiosk.admin).overdue().map(\.resident.id.fullNumber) == [overdue])
        #expect(try kiosk.database.desk.reports(kiosk.admin).suspended().map(\.resident.id.fullNumber) == [suspended])
        #expect(Set(try kiosk.database.desk.reports(kiosk.admin).referred().map(\.resident.id.fullNumber)) == [referred, terminated])

        _ = try kiosk.database.recordCertification(of: IDs.resident(dueNov), method: .fingerprint, evidence: nil, by: kiosk.admin)
        #expect(try kiosk.database.desk.reports(kiosk.admin).due(in: november).isEmpty)
        #expect(try kiosk.database.desk.reports(kiosk.admin).today().map(\.resident.id.fullNumber) == [dueNov])
        kiosk.clock.advance(minutes: 24 * 60)
        #expect(try kiosk.database.desk.reports(kiosk.admin).today().isEmpty)
        #expect(try kiosk.database.verifyAudit().intact)
    }

    @Test func theExportCarriesAManifestThatMatches() throws {
        let kiosk = try TestKiosk(at: "2026-11-29T10:00")
        let first = IDs.make(birth: "19501115", sequence: "111"), second = IDs.make(birth: "19500615", sequence: "113")
        _ = try kiosk.importRoster([rosterLine(id: first, name: "王, 建国"), rosterLine(id: second)])
        _ = try kiosk.database.recordCertification(of: IDs.resident(first), method: .fingerprint, evidence: "reader:1", by: kiosk.admin)
        kiosk.clock.advance(minutes: 60)
        _ = try kiosk.database.recordCertification(of: IDs.resident(second), method: .photo, evidence: nil, by: kiosk.admin)
        let path = kiosk.directory.appendingPathComponent("export.csv").path
        let manifest = try kiosk.database.exportCertifications(since: CivilDate("2026-11-29")!, to: path, by: kiosk.admin)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0] == Substring(AppDatabase.exportHeader))
        #expect(lines[1].contains(first) && lines[1].contains("\"王, 建国\"") && lines[1].contains("2026-11-29T10:00:00+08:00"))
        #expect(manifest.rows == 2)
        #expect(manifest.sha256 == SHA256.hash(data: data).hex)
        let written = try JSONDecoder().decode(ExportManifest.self, from: Data(contentsOf: URL(fileURLWithPath: path + ".manifest.json")))
        #expect(written == manifest)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try kiosk.database.exportCertifications(since: CivilDate("2026-11-30")!, to: path, by: kiosk.admin).rows == 0)
    }
}
