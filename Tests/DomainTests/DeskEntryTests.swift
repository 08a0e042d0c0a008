import Domain
import Testing

/// The rules of what staff type for a record, written once for the screen, the command line and
/// the store.
@Suite("Desk entries")
struct DeskEntryTests {
    let day = Fixtures.date("2026-11-20")

    @Test func aDeathReportNeedsWhoReportedItTheirRelationAndTheCertificate() {
        #expect(DeathEntry(dateOfDeath: day, reporterName: " 李明 ", relation: "子", certificateNumber: "D-1").problem == nil)
        #expect(DeathEntry(dateOfDeath: day, reporterName: " 李明 ", relation: "子", certificateNumber: "D-1").reporterName == "李明")
        #expect(DeathEntry(dateOfDeath: day, reporterName: "\u{3000}", relation: "子", certificateNumber: "D-1").problem == .required(.reporterName))
        #expect(DeathEntry(dateOfDeath: day, reporterName: "李明", relation: " ", certificateNumber: "D-1").problem == .required(.reporterRelation))
        #expect(DeathEntry(dateOfDeath: day, reporterName: "李明", relation: "子", certificateNumber: "").problem == .required(.certificateNumber))
    }

    @Test func aContactChangeNeedsSomethingValidToChange() {
        #expect(ContactEntry(phone: nil, address: nil).problem == .nothingToChange)
        #expect(ContactEntry(phone: "0451-86123456", address: nil).problem == nil)
        #expect(ContactEntry(phone: "call me", address: nil).problem == .notAPhoneNumber(.phone))
        #expect(ContactEntry(phone: nil, address: "  ").problem == .required(.address))
    }

    @Test func aVisitNeedsTheBookerAndSomewhereToGo() throws {
        func request(name: String = "李明", phone: String = "13800138000", evidence: String = "残疾证", address: String? = nil,
                     ageOverride: String? = nil) -> VisitRequest {
            VisitRequest(booker: VisitBooker(name: name, relation: "子", phone: phone), reason: .disabled, evidence: evidence, address: address,
                         preferredDates: [], time: .any, notes: "", ageOverride: ageOverride)
        }
        #expect(request().problem == nil)
        #expect(request(name: "").problem == .required(.bookerName))
        #expect(request(phone: "").problem == .required(.bookerPhone))
        #expect(request(phone: "12").problem == .notAPhoneNumber(.bookerPhone))
        #expect(request(evidence: " ").problem == .required(.visitEvidence))
        #expect(request(address: " ").problem == .required(.visitAddress))
        #expect(request(ageOverride: "").problem == .required(.ageOverride))
        #expect(try request().visitAddress(onRecord: "学府路1号") == "学府路1号")
        #expect(try request(address: "新地址").visitAddress(onRecord: "学府路1号") == "新地址")
        #expect(throws: EntryProblem.required(.visitAddress)) { try request().visitAddress(onRecord: nil) }
        #expect(throws: EntryProblem.required(.visitAddress)) { try request().visitAddress(onRecord: "  ") }
    }

    @Test func everyFieldIsNamedInBothLanguages() {
        for language in Language.allCases {
            let texts = EntryField.allCases.map { Message.error(.entryInvalid(.required($0))).text(language) }
            #expect(Set(texts).count == EntryField.allCases.count, "each field has its own name in \(language)")
            #expect(!texts.contains { $0.contains("_") }, "no field named by its code in \(language)")
        }
        #expect(!Message.error(.entryInvalid(.required(.reporterName))).text(.chinese).contains { $0.isASCII && $0.isLetter })
    }
}
