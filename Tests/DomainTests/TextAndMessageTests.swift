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
        .invalidKioskToday("x"), .kioskTodayNotAllowed(dataDirectory: "/d"), .testClockMarkAltered(dataDirectory: "/d"),
        .clockBehindAuditLog(latestEntry: Fixtures.at("2026-11-29", 10, 15), now: Fixtures.at("2026-11-28", 9, 0)), .terminalNeeded, .entryInvalid(.notADate(.dateOfDeath, "x")),
        .residentID(.wrongCheckCharacter(expected: "7", found: "3"), argument: "230103195006151233"),
        .notInitialized(dataDirectory: "/d"), .alreadyInitialized(dataDirectory: "/d"),
        .wrongServicePoint(database: "A", config: "B"), .databaseTooNew(path: "/d"), .databaseFailure(path: "/d", detail: "x"),
        .fileFailure(path: "/f", detail: "x"), .directoryNotEmpty(path: "/d"), .noCredentials, .passwordFileUnreadable(path: "/p"),
        .keyFileMissing(path: "/k"), .keyFileTooOpen(path: "/k", mode: 0o644), .keyFileInvalid(path: "/k"), .bureauKeyInvalid(path: "/k"),
        .dataTooOpen(path: "/d/kiosk.sqlite", mode: 0o644, required: 0o600),
        .imageUnreadable(path: "/i"), .printUnreadable(Fixtures.id(birth: "19500615"), .rightIndex), .printNotEnrolled(.leftThumb),
        .tooManyFingers(allowed: 2), .alertNotFound("a"), .alertAlreadyResolved("a"), .reader(.timedOut(seconds: 30)),
        .reader(.incompatiblePrint(driver: "elan", deviceID: "0")), .noPrintsEnrolled,
        .printsFromAnotherReader(enrolledOn: ["elan #0"], reader: "synaptics #1"), .duplicateFinger(alertID: "a"), .notMatched(attempts: 3),
        .notIdentified, .commissionFailed, .enrolmentNotConfirmed, .signInFailed,
        .accountLocked(until: Fixtures.at("2026-11-29", 10, 15)), .accountDisabled,
        .notPermitted(role: .operator, action: .importRoster), .staffNameTaken("li"), .staffNameInvalid("?"), .staffNotFound("li"),
        .passwordTooShort(minimum: 8), .residentNotFound(Fixtures.id(birth: "19500615")), .refusedByStatus(.deceased),
        .deathAlreadyReported(on: Fixtures.date("2026-11-01")), .deathDateInvalid(.inTheFuture), .contactUnchanged, .entryInvalid(.notAPhoneNumber(.bookerPhone)), .entryInvalid(.nothingToChange),
        .storedValueUnknown(table: "staff", column: "role", value: "root"),
        .strictImportRefused(rejected: 3), .photoSharedWithAnother(id: "p"), .receiptNotFound("HRB-NG-XF01-20261129-0001"),
        .photoRejected(.tooManyPixelsToDecode(width: 8000, height: 8000, bitsPerChannel: 16, weightedPixels: 128_000_000, maximum: 48_000_000),
                       source: "a.png"),
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
        for language in [Language.chinese, .english] {
            let open = Message.error(.dataTooOpen(path: "/d", mode: 0o755, required: 0o700)).text(language)
            #expect(open.contains("/d") && open.contains("755") && open.contains("chmod 700 /d"), "\(open)")
        }
        let id = Message.error(.residentID(.wrongCheckCharacter(expected: "7", found: "3"), argument: "230103195006151233")).text(.chinese)
        #expect(id.contains("230103********1233") && id.contains("校验码应为7"))
        #expect(!id.contains("230103195006151233"))
        #expect(Message.error(Self.errors[1]).text(.english).contains("GBK"))
    }

    @Test func everyStatusHasALineAndANextStep() {
        let policy = CertificationPolicy.harbin
        let cycle = CertificationCycle(firstMonth: Fixtures.month("2026-01"), lastMonth: Fixtures.month("2026-12"),
                                       recommendedMonth: Fixtures.month("2026-06"))
        let resumption = ResidentStatus.Resumption(resumesIn: Fixtures.month("2026-12"), backPayFrom: Fixtures.month("2026-09"), backPayMonths: 3,
                                                   backPay: Money(yuan: "900"))
        let statuses: [ResidentStatus] = [
            .certified(.init(last: CertificationFact(date: Fixtures.date("2026-03-01"), method: .photo, servicePoint: nil, source: .roster),
                             cycle: cycle, resumption: resumption)),
            .due(.init(cycle: cycle, recommendedMonthPassed: true)),
            .overdue(.init(cycle: cycle, suspensionFrom: Fixtures.month("2027-01"))),
            .suspended(.init(since: Fixtures.month("2026-09"), monthsSuspended: 2, ifCertifiedNow: resumption, referralFrom: Fixtures.month("2028-09"))),
            .referToCityBureau(.init(reason: .longSuspension, suspendedSince: Fixtures.month("2024-01"), monthsSuspended: 34)),
            .deceased(.init(dateOfDeath: Fixtures.date("2026-08-15"), reportedOn: Fixtures.date("2026-11-29"), settleBy: Fixtures.date("2026-08-22"),
                            monthsPaidAfterDeath: 3, amountPaidAfterDeath: Money(yuan: "9000"))),
            .notServedHere(.provincialApp),
        ]
        for status in statuses {
            for language in Language.allCases {
                #expect(!Message.statusLine(status, policy).text(language).isEmpty)
                for residence in [nil] + Residence.allCases {
                    #expect(!Message.nextStep(status, policy, livesIn: residence).text(language).isEmpty)
                }
            }
        }
        #expect(Message.nextStep(statuses[4], policy, livesIn: nil).text(.chinese).contains("中山路181号"))
        #expect(Message.nextStep(statuses[5], policy, livesIn: nil).text(.chinese).contains("2026-08-22"))
        #expect(Message.nextStep(statuses[5], policy, livesIn: nil).text(.english).contains("9000.00"))
        #expect(Message.statusLine(statuses[6], policy).text(.chinese).contains("龙江人社"))
    }

    /// FAQ 6: those living elsewhere in China use 掌上12333, those abroad a consulate certificate,
    /// and either may certify at the desk they stand at; those in the city hear the app first.
    @Test func faq6_theNextStepFollowsWhereThePensionerLives() {
        let policy = CertificationPolicy.harbin
        let cycle = CertificationCycle(firstMonth: Fixtures.month("2026-01"), lastMonth: Fixtures.month("2026-12"),
                                       recommendedMonth: Fixtures.month("2026-06"))
        let due = ResidentStatus.due(.init(cycle: cycle, recommendedMonthPassed: true))
        #expect(Message.nextStep(due, policy, livesIn: .elsewhere).text(.chinese).contains("掌上12333"))
        #expect(Message.nextStep(due, policy, livesIn: .elsewhere).text(.english).contains("may also certify here"))
        #expect(Message.nextStep(due, policy, livesIn: .abroad).text(.chinese).contains("使领馆"))
        #expect(!Message.nextStep(due, policy, livesIn: .abroad).text(.chinese).contains("12333"))
        for residence in [nil, Residence.harbin] {
            #expect(Message.nextStep(due, policy, livesIn: residence).text(.chinese).contains("龙江人社"))
            #expect(!Message.nextStep(due, policy, livesIn: residence).text(.chinese).contains("12333"))
        }
        let suspended = ResidentStatus.suspended(.init(since: Fixtures.month("2026-09"), monthsSuspended: 2,
            ifCertifiedNow: .init(resumesIn: Fixtures.month("2026-12"), backPayFrom: Fixtures.month("2026-09"), backPayMonths: 3, backPay: nil),
            referralFrom: Fixtures.month("2028-09")))
        let text = Message.nextStep(suspended, policy, livesIn: .elsewhere).text(.chinese)
        #expect(text.contains("补发") && text.contains("掌上12333"))
    }

    /// FAQ 18: a death reported after the 7 days says the deadline has passed.
    @Test func faq18_aDeathReportedLateSaysTheDeadlineHasPassed() {
        let late = ResidentStatus.deceased(.init(dateOfDeath: Fixtures.date("2026-08-15"), reportedOn: Fixtures.date("2026-11-29"),
                                                 settleBy: Fixtures.date("2026-08-22"), monthsPaidAfterDeath: 3, amountPaidAfterDeath: nil))
        #expect(Message.nextStep(late, .harbin, livesIn: nil).text(.chinese).contains("清账期限（2026-08-22）已过"))
        #expect(Message.nextStep(late, .harbin, livesIn: nil).text(.english).contains("(2026-08-22) has passed"))
        let inTime = ResidentStatus.deceased(.init(dateOfDeath: Fixtures.date("2026-11-25"), reportedOn: Fixtures.date("2026-11-29"),
                                                   settleBy: Fixtures.date("2026-12-02"), monthsPaidAfterDeath: 0, amountPaidAfterDeath: nil))
        #expect(Message.nextStep(inTime, .harbin, livesIn: nil).text(.chinese).contains("家属须于2026-12-02前"))
        #expect(!Message.nextStep(inTime, .harbin, livesIn: nil).text(.chinese).contains("已过"))
    }

    /// FAQ 4-9: for a pensioner who is due, the app comes first, with what it needs.
    @Test func faq4_faq5_faq7_faq8_faq9_theAppComesFirstForThoseDue() {
        let cycle = CertificationCycle(firstMonth: Fixtures.month("2026-01"), lastMonth: Fixtures.month("2026-12"),
                                       recommendedMonth: Fixtures.month("2026-06"))
        let next = Message.nextStep(.due(.init(cycle: cycle, recommendedMonthPassed: false)), .harbin, livesIn: nil)
        let chinese = next.text(.chinese)
        #expect(chinese.hasPrefix("推荐用“龙江人社”或“哈尔滨智慧人社”手机APP"))
        for fact in ["安卓智能手机", "亲友的手机", "一部手机可为多人认证", "工作人员可帮助", "指纹或照相认证", "预约上门认证"] {
            #expect(chinese.contains(fact), "\(fact)")
        }
        #expect(next.text(.english).contains("an Android smartphone"))
    }

    /// FAQ 14: the certification record is also in the apps, and staff say so.
    @Test func faq14_theRecordCanBeLookedUpInTheApps() {
        let cycle = CertificationCycle(firstMonth: Fixtures.month("2026-01"), lastMonth: Fixtures.month("2026-12"),
                                       recommendedMonth: Fixtures.month("2026-06"))
        let certified = ResidentStatus.certified(.init(
            last: CertificationFact(date: Fixtures.date("2026-03-01"), method: .faceApp, servicePoint: nil, source: .roster), cycle: cycle, resumption: nil))
        let next = Message.nextStep(certified, .harbin, livesIn: nil)
        #expect(next.text(.chinese).contains("认证记录本人也可在“龙江人社”或“哈尔滨智慧人社”手机APP（任选其一）中查询"))
        #expect(next.text(.english).contains("look the record up in"))
    }

    /// FAQ 15: a contact change at the desk is recorded, and staff hear where the bureau's record changes.
    @Test func faq15_aContactChangePointsToTheApp() {
        let changed = Message.contactChanged(field: .phone, old: "13900000000", new: "13800000000")
        #expect(changed.text(.chinese).contains("“龙江人社”APP“联系信息修改”"))
        #expect(changed.text(.english).contains("龙江人社 → 联系信息修改"))
    }

    /// Texts that read wrongly before: a doubled word, a doubled "in person", an article, a limit.
    @Test func textsReadAsAPensionerWouldHearThem() {
        let cycle = CertificationCycle(firstMonth: Fixtures.month("2026-01"), lastMonth: Fixtures.month("2026-12"),
                                       recommendedMonth: Fixtures.month("2026-06"))
        let visit = ResidentStatus.certified(.init(last: CertificationFact(date: Fixtures.date("2026-03-01"), method: .homeVisit, servicePoint: nil,
                                                                         source: .roster), cycle: cycle, resumption: nil))
        #expect(!Message.statusLine(visit, .harbin).text(.chinese).contains("认证认证"))
        let referral = ResidentStatus.referToCityBureau(.init(reason: .longSuspension, suspendedSince: Fixtures.month("2024-01"), monthsSuspended: 34))
        #expect(Message.nextStep(referral, .harbin, livesIn: nil).text(.english).ranges(of: "in person").count == 1)
        #expect(Message.error(.notPermitted(role: .supervisor, action: .manageStaff)).text(.english).hasPrefix("The supervisor role may not"))
        #expect(Message.error(.entryInvalid(.notADate(.dateOfDeath, "1/2"))).text(.chinese) == "死亡日期“1/2”不是日期 YYYY-MM-DD。")
        let large = Message.error(.photoRejected(.tooLarge(bytes: 10_900_000, maximum: 10 * 1_048_576), source: "a.jpg")).text(.english)
        #expect(large == "a.jpg is 10.4 MB, over the limit of 10 MB.")
    }

    /// FAQ 3 said as it is: past the birthday month, still within the deadline.
    @Test func faq3_aPassedBirthdayMonthIsSaidToStillCount() {
        let cycle = CertificationCycle(firstMonth: Fixtures.month("2026-01"), lastMonth: Fixtures.month("2026-12"),
                                       recommendedMonth: Fixtures.month("2026-06"))
        let due = Message.statusLine(.due(.init(cycle: cycle, recommendedMonthPassed: true)), .harbin)
        #expect(due.text(.chinese).contains("建议月份2026年6月（生日月份）已过，但2026-12-31（含当天）前认证仍然有效"))
        #expect(due.text(.english).contains("by 2026-12-31 (that day included) still counts"))
        #expect(!due.text(.chinese).contains("逾期"))
    }

    /// "Suspended since 2026-01" and the back pay are the same months, said as one range.
    @Test func faq12_theBackPayIsSaidAsTheMonthsItCovers() {
        let resumption = ResidentStatus.Resumption(resumesIn: Fixtures.month("2026-12"), backPayFrom: Fixtures.month("2026-01"),
                                                   backPayMonths: 11, backPay: Money(yuan: "33000"))
        let line = Message.statusLine(.suspended(.init(since: Fixtures.month("2026-01"), monthsSuspended: 10, ifCertifiedNow: resumption,
                                                        referralFrom: Fixtures.month("2028-01"))), .harbin)
        #expect(line.text(.chinese) == "暂停发放：自2026年1月起未发放；今日认证则2026年12月起恢复发放，并补发2026年1月至2026年11月共11个月（33000.00元）")
        #expect(line.text(.english).contains("not paid since 2026-01; certified today, payment resumes in 2026-12, with back pay for 2026-01 to 2026-11, 11 months"))
    }
}

extension KioskError: CustomTestStringConvertible {
    public var testDescription: String { Message.error(self).code }
}
