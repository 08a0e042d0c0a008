import Domain
import Testing

@Suite("Display width")
struct TextWidthTests {
    @Test func chineseTakesTwoColumns() {
        #expect(TextWidth.of("abc") == 3)
        #expect(TextWidth.of("王建国") == 6)
        #expect(TextWidth.of("学府社区A") == 9)
        #expect(TextWidth.of("e\u{301}") == 1)
    }

    @Test func truncatesByColumnsWithAMarker() {
        #expect(TextWidth.truncate("哈尔滨市南岗区", to: 7) == "哈尔滨…")
        #expect(TextWidth.of(TextWidth.truncate("哈尔滨市南岗区", to: 7)) <= 7)
        #expect(TextWidth.truncate("short", to: 10) == "short")
        #expect(TextWidth.pad("王", to: 4) == "王  ")
    }

    @Test func wrapsChineseAnywhereAndEnglishAtSpaces() {
        #expect(TextWidth.wrap("请按压手指，认证成功", to: 8) == ["请按压手", "指，认证", "成功"])
        #expect(TextWidth.wrap("Place your finger flat", to: 11) == ["Place your", "finger flat"])
        #expect(TextWidth.wrap("一二\n三", to: 10) == ["一二", "三"])
        for line in TextWidth.wrap("哈尔滨市南岗区中山路181号市民大厦C区二楼待遇支付处", to: 9) { #expect(TextWidth.of(line) <= 9) }
    }

    @Test func chinesePunctuationNeverStartsALine() {
        // "认证，" would put the comma first on the second line; the character before it comes along.
        let lines = TextWidth.wrap("请您认证，谢谢", to: 8)
        #expect(lines == ["请您认", "证，谢谢"])
        #expect(lines.allSatisfy { !$0.hasPrefix("，") && !$0.hasPrefix("。") })
    }
}

@Suite("Receipts")
struct ReceiptTests {
    let receipt = Receipt(receiptNumber: "HRB-NG-XF01-20261129-0007", certificationID: "01a22507-d500-769f-aea7-c4a8742a0e0d",
                          maskedID: "230103********1026", name: "李秀英", method: .fingerprint,
                          servicePoint: ServicePoint(code: "HRB-NG-XF01", name: LocalizedText(chinese: "南岗区学府社区认证服务网点", english: "Xuefu"),
                                                     district: "南岗区"),
                          certifiedAt: LocalDateTime(date: CivilDate("2026-11-29")!, hour: 10, minute: 5), staffName: "zhang")

    @Test(arguments: [32, 40, 48])
    func everyLineFitsThePaperAndEveryFieldIsThere(width: Int) {
        let lines = receipt.lines(width: width, language: .chinese)
        #expect(lines.allSatisfy { TextWidth.of($0) <= width })
        let text = lines.joined(separator: "\n")
        for needed in ["HRB-NG-XF01-20261129-0007", "230103********1026", "李秀英", "指纹", "2026-11-29 10:05", "zhang", "南岗区学府社区认证服务网点"] {
            #expect(text.contains(needed), "\(needed) at \(width) columns")
        }
        // A value longer than the paper continues, indented, on the next lines.
        #expect(lines.map { $0.drop { $0 == " " } }.joined().contains("01a22507-d500-769f-aea7-c4a8742a0e0d"))
    }

    @Test func aValueTooLongForItsLineGoesBelowItsLabel() {
        let lines = receipt.lines(width: 24, language: .chinese)
        let label = lines.firstIndex { $0.hasPrefix("认证编号") }
        #expect(label != nil)
        if let label { #expect(lines[label + 1].hasPrefix("  01a22507")) }
    }
}

@Suite("Message catalogue")
struct MessageTests {
    static let errors: [KioskError] = [
        .config(ConfigProblem(file: "policy.yaml", line: 12, key: "certification.cycle", kind: .invalidValue(expected: .oneOf(["a", "b"])))),
        .rosterFile(.notUTF8(path: "r.csv", line: 2, looksLikeGBK: true)), .rosterFile(.missingHeader(path: "r.csv")),
        .usage(.notAnAnchor("x")),
        .residentID(.wrongCheckCharacter(expected: "7", found: "3"), argument: "230103195006151233"),
        .usage(.monthOnlyForDue), .notInitialized(dataDirectory: "/d"), .alreadyInitialized(dataDirectory: "/d"),
        .wrongServicePoint(database: "A", config: "B"), .databaseTooNew(path: "/d"), .databaseFailure(path: "/d", detail: "x"),
        .fileFailure(path: "/f", detail: "x"), .directoryNotEmpty(path: "/d"), .noCredentials, .passwordFileUnreadable(path: "/p"),
        .usage(.conflictingFormats), .keyFileMissing(path: "/k"), .keyFileTooOpen(path: "/k", mode: 0o644), .keyFileInvalid(path: "/k"),
        .imageUnreadable(path: "/i"), .printUnreadable(Fixtures.id(birth: "19500615"), .rightIndex), .printNotEnrolled(.leftThumb),
        .tooManyFingers(allowed: 2), .alertNotFound("a"), .alertAlreadyResolved("a"), .reader(.timedOut(seconds: 30)),
        .reader(.incompatiblePrint(driver: "elan", deviceID: "0")), .noPrintsEnrolled,
        .printsFromAnotherReader(enrolledOn: ["elan #0"], reader: "synaptics #1"), .duplicateFinger(alertID: "a"), .notMatched(attempts: 3),
        .notIdentified, .commissionFailed, .enrolmentNotConfirmed, .usage(.methodNeeded), .usage(.oneOf(["--a", "--b"])), .usage(.confirmationNeeded(option: "--yes")), .signInFailed,
        .accountLocked(until: Fixtures.at("2026-11-29", 10, 15)), .accountDisabled,
        .notPermitted(role: .operator, action: .importRoster), .staffNameTaken("li"), .staffNameInvalid("?"), .staffNotFound("li"),
        .passwordTooShort(minimum: 8), .residentNotFound(Fixtures.id(birth: "19500615")), .refusedByStatus(.deceased),
        .deathAlreadyReported(on: Fixtures.date("2026-11-01")), .deathDateInvalid(.inTheFuture), .contactUnchanged,
        .strictImportRefused(rejected: 3),
    ]

    @Test(arguments: errors)
    func everyErrorSpeaksBothLanguages(error: KioskError) {
        let chinese = Message.error(error).text(.chinese), english = Message.error(error).text(.english)
        #expect(!chinese.isEmpty && !english.isEmpty)
        #expect(chinese != english)
        #expect(chinese.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(chinese)")
        #expect(Message.error(error).code.hasPrefix("E_"))
    }

    @Test func errorsSayWhereAndWhat() {
        let config = Message.error(Self.errors[0]).text(.english)
        #expect(config.contains("policy.yaml:12") && config.contains("certification.cycle"))
        let id = Message.error(.residentID(.wrongCheckCharacter(expected: "7", found: "3"), argument: "230103195006151233")).text(.chinese)
        #expect(id.contains("230103********1233") && id.contains("校验码应为7"))
        #expect(!id.contains("230103195006151233"))
        #expect(Message.error(Self.errors[1]).text(.english).contains("GBK"))
    }

    @Test func everyStatusHasALineAndANextStep() {
        let policy = CertificationPolicy.harbin
        let cycle = CertificationCycle(firstMonth: Fixtures.month("2026-01"), lastMonth: Fixtures.month("2026-12"),
                                       recommendedMonth: Fixtures.month("2026-06"))
        let resumption = ResidentStatus.Resumption(resumesIn: Fixtures.month("2026-12"), backPayMonths: 3, backPay: Money(yuan: "900"))
        let statuses: [ResidentStatus] = [
            .certified(.init(last: CertificationFact(date: Fixtures.date("2026-03-01"), method: .photo, servicePoint: nil, source: .roster),
                             cycle: cycle, resumption: resumption)),
            .due(.init(cycle: cycle)),
            .overdue(.init(cycle: cycle, missedWholeCycle: true, suspensionFrom: Fixtures.month("2027-01"))),
            .suspended(.init(since: Fixtures.month("2026-09"), monthsSuspended: 2, ifCertifiedNow: resumption, referralFrom: Fixtures.month("2028-09"))),
            .referToCityBureau(.init(reason: .longSuspension, suspendedSince: Fixtures.month("2024-01"), monthsSuspended: 34)),
            .deceased(.init(dateOfDeath: Fixtures.date("2026-08-15"), reportedOn: Fixtures.date("2026-11-29"), settleBy: Fixtures.date("2026-08-22"),
                            monthsPaidAfterDeath: 3, amountPaidAfterDeath: Money(yuan: "9000"))),
            .notServedHere(.provincialApp),
        ]
        for status in statuses {
            for language in Language.allCases {
                #expect(!Message.statusLine(status, policy).text(language).isEmpty)
                #expect(!Message.nextStep(status, policy).text(language).isEmpty)
            }
        }
        #expect(Message.nextStep(statuses[4], policy).text(.chinese).contains("中山路181号"))
        #expect(Message.nextStep(statuses[5], policy).text(.chinese).contains("2026-08-22"))
        #expect(Message.nextStep(statuses[5], policy).text(.english).contains("9000.00"))
        #expect(Message.statusLine(statuses[6], policy).text(.chinese).contains("龙江人社"))
    }
}

extension KioskError: CustomTestStringConvertible {
    public var testDescription: String { Message.error(self).code }
}
