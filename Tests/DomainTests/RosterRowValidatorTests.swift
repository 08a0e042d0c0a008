import Domain
import Testing

/// Every column's rules, on the bytes the importer hands over.
@Suite("Roster row rules")
struct RosterRowValidatorTests {
    let validator = RosterRowValidator(today: Fixtures.date("2026-11-29"), legacyAbroadRegionCodes: ["990000"])
    static let good: [RosterColumn: String] = [
        .idNumber: Fixtures.idNumber(birth: "19500615"), .name: "王建国", .insuredRegion: "230103", .status: "normal",
        .suspendedSince: "", .monthlyPension: "3256.80", .phone: "13912345678", .address: "哈尔滨市南岗区学府路1号",
        .community: "学府社区", .mobility: "elderly", .lastCertified: "2026-03-02", .lastMethod: "face_app", .residence: "",
    ]

    func check(_ changes: [RosterColumn: String]) -> RosterRowValidator.Check {
        let row = Self.good.merging(changes) { $1 }
        let storage = RosterColumn.allCases.map { Array(row[$0]!.utf8) }
        let pointers = storage.map { bytes in
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
            _ = buffer.initialize(from: bytes)
            return UnsafeBufferPointer(start: buffer.baseAddress, count: bytes.count)
        }
        defer { pointers.forEach { UnsafeMutableBufferPointer(mutating: $0).deallocate() } }
        return validator.validate(pointers)
    }

    func problems(_ changes: [RosterColumn: String]) -> [RosterProblem] {
        if case .invalid(let problems) = check(changes) { return problems }
        return []
    }

    @Test func aGoodRowPasses() {
        guard case .valid(let values) = check([:]) else { Issue.record("rejected"); return }
        #expect(values.status == .normal)
        #expect(values.monthlyPension == Money(yuan: "3256.80"))
        #expect(values.mobility == .elderly)
        #expect(values.lastMethod == .faceApp)
    }

    @Test func residenceIsOptionalAndTakesEnglishOrChineseValues() {
        guard case .valid(let unknown) = check([:]) else { Issue.record("rejected"); return }
        #expect(unknown.residence == nil)
        #expect(!unknown.legacyAbroadCode)
        for (text, residence) in [("harbin", Residence.harbin), ("本市", .harbin), ("Elsewhere", .elsewhere), ("异地", .elsewhere),
                                  ("abroad", .abroad), ("境外", .abroad)] {
            guard case .valid(let values) = check([.residence: text]) else { Issue.record("\(text) rejected"); continue }
            #expect(values.residence == residence, "\(text)")
        }
        #expect(problems([.residence: "overseas"]) == [RosterProblem(.residence, .unknownValue(accepted: "harbin|elsewhere|abroad"))])
    }

    @Test func anOldAbroadCodeReadsAsLivingAbroad() {
        guard case .valid(let values) = check([.insuredRegion: "990000", .lastMethod: "consulate"]) else { Issue.record("rejected"); return }
        #expect(values.legacyAbroadCode)
        #expect(values.residence == .abroad)
        guard case .valid(let said) = check([.insuredRegion: "990000", .residence: "境外"]) else { Issue.record("rejected"); return }
        #expect(said.residence == .abroad)
        #expect(problems([.insuredRegion: "990000", .residence: "harbin"]) == [RosterProblem(.residence, .contradictsAbroadCode)])
        // Not an old code for a validator told of none.
        let plain = RosterRowValidator(today: Fixtures.date("2026-11-29"))
        let storage = RosterColumn.allCases.map { Array(Self.good.merging([.insuredRegion: "990000"]) { $1 }[$0]!.utf8) }
        let check = storage.withUnsafeBufferPointers { plain.validate($0) }
        guard case .valid(let values) = check else { Issue.record("rejected"); return }
        #expect(!values.legacyAbroadCode)
        #expect(values.residence == nil)
    }

    @Test func chineseValuesAreAccepted() {
        guard case .valid(let values) = check([.status: "暂停", .suspendedSince: "2026-01", .mobility: "残疾", .lastMethod: "指纹"]) else {
            Issue.record("rejected"); return
        }
        #expect(values.status == .suspended)
        #expect(values.mobility == .disabled)
        #expect(values.lastMethod == .fingerprint)
    }

    @Test(arguments: [
        ([RosterColumn.idNumber: ""], RosterProblem(.idNumber, .required)),
        ([.idNumber: "230103195006151"], RosterProblem(.idNumber, .identity(.wrongLength(15)))),
        ([.idNumber: Fixtures.idNumber(birth: "19000229")], RosterProblem(.idNumber, .identity(.impossibleBirthDate("19000229")))),
        ([.name: ""], RosterProblem(.name, .required)),
        ([.name: String(repeating: "王", count: 40)], RosterProblem(.name, .tooLong(maximumBytes: 90))),
        ([.name: "王\u{7}"], RosterProblem(.name, .controlCharacter)),
        ([.insuredRegion: ""], RosterProblem(.insuredRegion, .required)),
        ([.insuredRegion: "2301"], RosterProblem(.insuredRegion, .notARegionCode)),
        ([.status: ""], RosterProblem(.status, .required)),
        ([.status: "active"], RosterProblem(.status, .unknownValue(accepted: "normal|suspended|terminated"))),
        ([.status: "suspended"], RosterProblem(.suspendedSince, .suspendedSinceRequired)),
        ([.suspendedSince: "2026-01"], RosterProblem(.suspendedSince, .suspendedSinceWithoutSuspension)),
        ([.status: "suspended", .suspendedSince: "2026/01"], RosterProblem(.suspendedSince, .notAMonth)),
        ([.status: "suspended", .suspendedSince: "2027-01"], RosterProblem(.suspendedSince, .inTheFuture)),
        ([.status: "suspended", .suspendedSince: "1949-01"], RosterProblem(.suspendedSince, .beforeBirth)),
        ([.monthlyPension: "3,256.80"], RosterProblem(.monthlyPension, .notAnAmount)),
        ([.monthlyPension: "200000.00"], RosterProblem(.monthlyPension, .amountTooLarge)),
        ([.phone: "call me"], RosterProblem(.phone, .notAPhoneNumber)),
        ([.phone: "123"], RosterProblem(.phone, .notAPhoneNumber)),
        ([.address: String(repeating: "路", count: 201)], RosterProblem(.address, .tooLong(maximumBytes: 600))),
        ([.community: "学府\n社区"], RosterProblem(.community, .controlCharacter)),
        ([.mobility: "bedridden"], RosterProblem(.mobility, .unknownValue(accepted: "none|elderly|disabled|ill"))),
        ([.lastCertified: "2026-02-30"], RosterProblem(.lastCertified, .notADate)),
        ([.lastCertified: "2026-12-01"], RosterProblem(.lastCertified, .inTheFuture)),
        ([.lastCertified: "1949-01-01"], RosterProblem(.lastCertified, .beforeBirth)),
        ([.lastMethod: "telepathy"], RosterProblem(.lastMethod, .unknownValue(accepted: "face_app|silent|fingerprint|photo|home_visit|consulate"))),
        ([.lastCertified: ""], RosterProblem(.lastMethod, .methodWithoutDate)),
    ])
    func eachColumnRule(changes: [RosterColumn: String], expected: RosterProblem) {
        #expect(problems(changes).contains(expected), "\(problems(changes))")
    }

    @Test func everyProblemOfARowIsReported() {
        let found = problems([.name: "", .status: "active", .phone: "x"])
        #expect(found.count == 3)
    }

    @Test func emptyOptionalColumnsAreUnknownNotErrors() {
        guard case .valid(let values) = check([.monthlyPension: "", .phone: "", .address: "", .community: "", .mobility: "",
                                               .lastCertified: "", .lastMethod: ""]) else { Issue.record("rejected"); return }
        #expect(values.monthlyPension == nil)
        #expect(values.lastCertified == nil)
    }

    @Test func phoneNumbersInTheUsualForms() {
        for phone in ["13912345678", "0451-86123456", "+86 139 1234 5678"] { #expect(RosterRowValidator.isPhoneNumber(phone), "\(phone)") }
        for phone in ["123456", "phone", "139-1234-5678-9999-1", "139+12345678"] { #expect(!RosterRowValidator.isPhoneNumber(phone), "\(phone)") }
    }

    @Test func headersInEnglishOrChinese() {
        #expect(RosterColumn(header: "id_number") == .idNumber)
        #expect(RosterColumn(header: " 身份证号 ") == .idNumber)
        #expect(RosterColumn(header: "上次认证方式") == .lastMethod)
        #expect(RosterColumn(header: "birthday") == nil)
    }
}

extension RosterProblem: CustomTestStringConvertible {
    public var testDescription: String { Message.rosterProblem(self).text(.english) }
}

extension Array where Element == [UInt8] {
    /// The rows' fields as the importer hands them over, for the length of `body`.
    func withUnsafeBufferPointers<T>(_ body: ([UnsafeBufferPointer<UInt8>]) -> T) -> T {
        let copies = map { bytes in
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Swift.max(bytes.count, 1))
            _ = buffer.initialize(from: bytes)
            return UnsafeBufferPointer(start: buffer.baseAddress, count: bytes.count)
        }
        defer { copies.forEach { UnsafeMutableBufferPointer(mutating: $0).deallocate() } }
        return body(copies)
    }
}
