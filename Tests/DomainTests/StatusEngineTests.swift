import Domain
import Testing

/// Every rule of the bureau's FAQ (and DOMAIN.md) as the status engine applies it.
@Suite("Status engine")
struct StatusEngineTests {
    let engine = StatusEngine(policy: .harbin)

    func status(_ resident: Resident, kiosk: CertificationFact? = nil, death: DeathFact? = nil,
                at moment: LocalDateTime, engine: StatusEngine? = nil) -> ResidentStatus {
        (engine ?? self.engine).status(of: resident, kioskCertification: kiosk, death: death, at: moment)
    }

    func kiosk(_ date: String, hour: Int = 10) -> CertificationFact {
        CertificationFact(date: Fixtures.date(date), secondOfDay: hour * 3600, method: .fingerprint, servicePoint: "HRB-NG-XF01", source: .kiosk)
    }

    // FAQ 2-3: once a year, before 31 December; the birthday month is recommended.
    @Test func faq2_certifiedOnceThisCalendarYear() {
        let result = status(Fixtures.resident(lastCertified: "2026-03-02", method: .faceApp), at: Fixtures.at("2026-11-29"))
        guard case .certified(let certified) = result else { Issue.record("\(result)"); return }
        #expect(certified.last.method == .faceApp)
        #expect(certified.last.source == .roster)
        #expect(certified.cycle.deadline == Fixtures.date("2026-12-31"))
        #expect(certified.resumption == nil)
    }

    @Test func dueBeforeAndInTheBirthdayMonth() {
        let resident = Fixtures.resident(birth: "19501215", lastCertified: "2025-12-03")
        for day in ["2026-01-05", "2026-12-01", "2026-12-31"] {
            let result = status(resident, at: Fixtures.at(day))
            guard case .due(let due) = result else { Issue.record("\(day): \(result)"); continue }
            #expect(due.cycle.recommendedMonth == Fixtures.month("2026-12"))
            #expect(due.cycle.deadline == Fixtures.date("2026-12-31"))
            #expect(!due.recommendedMonthPassed)
        }
    }

    // FAQ 3: 12月31日前 is the deadline; the birthday month is only a recommendation. Past it, a
    // pensioner is still due (the recommended month marked as passed) until 31 December, that day
    // included, to its last minute.
    @Test func faq3_theDeadlineIs31DecemberAndTheBirthdayMonthOnlyRecommended() {
        let resident = Fixtures.resident(birth: "19500615", lastCertified: "2025-06-03")
        for moment in [Fixtures.at("2026-07-01"), Fixtures.at("2026-11-29"), Fixtures.at("2026-12-31", 23)] {
            let result = status(resident, at: moment)
            guard case .due(let due) = result else { Issue.record("\(moment): \(result)"); continue }
            #expect(due.recommendedMonthPassed)
            #expect(due.cycle.recommendedMonth == Fixtures.month("2026-06"))
            #expect(due.cycle.deadline == Fixtures.date("2026-12-31"))
        }
        // The year over with no certification: overdue, from 1 January.
        #expect(status(resident, at: Fixtures.at("2027-01-01", 0)).code == .overdue)
    }

    // FAQ 11: a whole cycle without certification (and no big-data match): the bureau suspends
    // payment. Until the roster says so, the kiosk shows overdue and the month it stops.
    @Test func faq11_aWholeYearMissedIsOverdueUntilTheBureauSuspends() {
        let result = status(Fixtures.resident(birth: "19501215", lastCertified: "2024-12-10"), at: Fixtures.at("2026-02-10"))
        guard case .overdue(let overdue) = result else { Issue.record("\(result)"); return }
        #expect(overdue.cycle.firstMonth == Fixtures.month("2025-01"))
        #expect(overdue.cycle.deadline == Fixtures.date("2025-12-31"))
        #expect(overdue.suspensionFrom == Fixtures.month("2026-01"))
    }

    @Test func graceMonthsDelayTheSuspension() {
        var policy = CertificationPolicy.harbin
        policy.suspension.graceMonths = 2
        let result = status(Fixtures.resident(birth: "19500615", lastCertified: "2024-06-03"), at: Fixtures.at("2026-02-10"),
                            engine: StatusEngine(policy: policy))
        guard case .overdue(let overdue) = result else { Issue.record("\(result)"); return }
        #expect(overdue.suspensionFrom == Fixtures.month("2026-03"))
    }

    @Test func noRecordAtAllIsDueNotOverdue() {
        #expect(status(Fixtures.resident(birth: "19501215"), at: Fixtures.at("2026-11-29")).code == .due)
    }

    @Test func theKioskRecordCountsAsMuchAsTheRoster() {
        let result = status(Fixtures.resident(birth: "19500615", lastCertified: "2025-06-03"), kiosk: kiosk("2026-11-02"),
                            at: Fixtures.at("2026-11-29"))
        guard case .certified(let certified) = result else { Issue.record("\(result)"); return }
        #expect(certified.last.source == .kiosk)
        #expect(certified.last.servicePoint == "HRB-NG-XF01")
    }

    // The rolling cycle: birthday month to the month before the next birthday.
    @Test func rollingCycleRunsFromTheBirthdayMonth() {
        var policy = CertificationPolicy.harbin
        policy.cycle = .rollingFromBirthMonth
        let rolling = StatusEngine(policy: policy)
        let resident = Fixtures.resident(birth: "19500315", lastCertified: "2026-02-20")
        // 2026-02-20 lies in the cycle 2025-03..2026-02; on 2026-03-10 a new cycle has begun.
        let march = status(resident, at: Fixtures.at("2026-03-10"), engine: rolling)
        guard case .due(let due) = march else { Issue.record("\(march)"); return }
        #expect(due.cycle.firstMonth == Fixtures.month("2026-03"))
        #expect(due.cycle.deadline == Fixtures.date("2027-02-28"))
        #expect(status(resident, at: Fixtures.at("2026-02-25"), engine: rolling).code == .certified)
        #expect(status(resident, at: Fixtures.at("2027-03-01"), engine: rolling).code == .overdue)
    }

    // FAQ 12: certified while suspended → paid again the month after certifying, with back pay
    // for every month not paid.
    @Test func faq12_paymentResumesTheMonthAfterCertifyingWithBackPay() {
        let resident = Fixtures.resident(status: .suspended, suspendedSince: "2026-01", pension: "3000.00", lastCertified: "2024-06-01")
        let result = status(resident, at: Fixtures.at("2026-11-10", 9))
        guard case .suspended(let suspended) = result else { Issue.record("\(result)"); return }
        #expect(suspended.since == Fixtures.month("2026-01"))
        #expect(suspended.monthsSuspended == 10)
        #expect(suspended.ifCertifiedNow.resumesIn == Fixtures.month("2026-12"))
        #expect(suspended.ifCertifiedNow.backPayFrom == Fixtures.month("2026-01"))
        #expect(suspended.ifCertifiedNow.backPayMonths == 11)
        #expect(suspended.ifCertifiedNow.backPay == Money(yuan: "33000.00"))
        #expect(suspended.referralFrom == Fixtures.month("2028-01"))
    }

    // FAQ 12 has no day-of-month cut-off: any day of the month, payment resumes the next.
    @Test func faq12_noDayOfTheMonthDelaysTheResumption() {
        let since = Fixtures.month("2026-01")
        func resumes(_ day: String, _ hour: Int) -> YearMonth {
            engine.resumption(suspendedSince: since, certifiedAt: Fixtures.date(day), secondOfDay: hour * 3600, pension: nil).resumesIn
        }
        #expect(resumes("2026-11-01", 8) == Fixtures.month("2026-12"))
        #expect(resumes("2026-11-25", 16) == Fixtures.month("2026-12"))
        #expect(resumes("2026-11-30", 23) == Fixtures.month("2026-12"))
        #expect(resumes("2026-12-31", 9) == Fixtures.month("2027-01"))
    }

    /// A bureau that wants a cut-off sets it in policy.yaml (off in the shipped file).
    @Test func anOptInCutOffMovesLateCertificationsAMonthOn() {
        var policy = CertificationPolicy.harbin
        policy.resumptionCutoff = .init(day: 25, secondOfDay: 15 * 3600)
        let engine = StatusEngine(policy: policy)
        let since = Fixtures.month("2026-01")
        func resumes(_ day: String, _ hour: Int, _ minute: Int = 0) -> YearMonth {
            engine.resumption(suspendedSince: since, certifiedAt: Fixtures.date(day), secondOfDay: hour * 3600 + minute * 60, pension: nil).resumesIn
        }
        #expect(resumes("2026-11-01", 8) == Fixtures.month("2026-12"))
        #expect(resumes("2026-11-10", 16) == Fixtures.month("2026-12"))
        #expect(resumes("2026-11-25", 14, 59) == Fixtures.month("2026-12"))
        #expect(resumes("2026-11-25", 15, 0) == Fixtures.month("2027-01"))
        #expect(resumes("2026-11-26", 9) == Fixtures.month("2027-01"))
        #expect(resumes("2026-12-31", 9) == Fixtures.month("2027-02"))
    }

    @Test func aCertificationAfterTheSuspensionLiftsIt() {
        let resident = Fixtures.resident(status: .suspended, suspendedSince: "2026-01", pension: "2000.00")
        let result = status(resident, kiosk: kiosk("2026-11-26", hour: 9), at: Fixtures.at("2026-11-29"))
        guard case .certified(let certified) = result else { Issue.record("\(result)"); return }
        #expect(certified.resumption?.resumesIn == Fixtures.month("2026-12"))
        #expect(certified.resumption?.backPayMonths == 11)
        #expect(certified.resumption?.backPay == Money(yuan: "22000.00"))
    }

    // FAQ 13: suspended two years or more (以上 includes the number itself) → the city bureau only.
    @Test func faq13_twoYearsSuspendedIsReferredToTheCityBureau() {
        let referred = status(Fixtures.resident(status: .suspended, suspendedSince: "2024-11"), at: Fixtures.at("2026-11-01"))
        guard case .referToCityBureau(let referral) = referred else { Issue.record("\(referred)"); return }
        #expect(referral.reason == .longSuspension)
        #expect(referral.monthsSuspended == 24)
        #expect(!referred.mayCertifyHere)
        #expect(status(Fixtures.resident(status: .suspended, suspendedSince: "2024-12"), at: Fixtures.at("2026-11-30")).code == .suspended)
    }

    @Test func aTerminatedPensionIsForTheCityBureau() {
        let result = status(Fixtures.resident(status: .terminated), at: Fixtures.at("2026-11-29"))
        guard case .referToCityBureau(let referral) = result else { Issue.record("\(result)"); return }
        #expect(referral.reason == .terminated)
    }

    // FAQ 16-17 and 6: jurisdiction by the insured place, never by the ID number's region.
    @Test func faq1_faq16_faq17_jurisdictionFollowsTheInsuredPlace() {
        let bornInDaqingInsuredHere = Resident(id: Fixtures.id(region: "230602", birth: "19500615"), name: "李秀英",
                                               insuredRegion: "230102", rosterStatus: .normal)
        #expect(status(bornInDaqingInsuredHere, at: Fixtures.at("2026-11-29")).code != .notServedHere)
        #expect(status(Fixtures.resident(insuredRegion: "230602"), at: Fixtures.at("2026-11-29")) == .notServedHere(.provincialApp))
        #expect(status(Fixtures.resident(insuredRegion: "220102"), at: Fixtures.at("2026-11-29")) == .notServedHere(.ownLocality))
        // Where they live is not a region code (FAQ 6): a row stored with an old roster's abroad
        // code is one of this city's pensioners living abroad, whose certifications count here.
        let storedWithOldAbroadCode = Fixtures.resident(insuredRegion: "990000")
        #expect(status(storedWithOldAbroadCode, at: Fixtures.at("2026-11-29")).code != .notServedHere)
        #expect(CertificationPolicy.harbin.jurisdiction.residence(of: storedWithOldAbroadCode) == .abroad)
        #expect(!ResidentStatus.notServedHere(.provincialApp).mayCertifyHere)
    }

    // FAQ 18: a death stops everything; the family has 7 days; months paid after death are flagged.
    @Test func faq18_deathStopsCertificationAndCountsMonthsPaidAfter() {
        let death = DeathFact(dateOfDeath: Fixtures.date("2026-08-15"), reportedOn: Fixtures.date("2026-11-29"))
        let result = status(Fixtures.resident(pension: "3000.00", lastCertified: "2026-06-01"), death: death, at: Fixtures.at("2026-11-29"))
        guard case .deceased(let deceased) = result else { Issue.record("\(result)"); return }
        #expect(deceased.settleBy == Fixtures.date("2026-08-22"))
        #expect(deceased.monthsPaidAfterDeath == 3)
        #expect(deceased.amountPaidAfterDeath == Money(yuan: "9000.00"))
        #expect(!result.mayCertifyHere)
    }

    @Test func noPaymentIsCountedAfterASuspension() {
        let death = DeathFact(dateOfDeath: Fixtures.date("2026-08-15"), reportedOn: Fixtures.date("2026-11-29"))
        let suspendedBefore = Fixtures.resident(status: .suspended, suspendedSince: "2026-07")
        let suspendedAfter = Fixtures.resident(status: .suspended, suspendedSince: "2026-10")
        guard case .deceased(let before) = status(suspendedBefore, death: death, at: Fixtures.at("2026-11-29")),
              case .deceased(let after) = status(suspendedAfter, death: death, at: Fixtures.at("2026-11-29")) else {
            Issue.record("not deceased"); return
        }
        #expect(before.monthsPaidAfterDeath == 0)
        #expect(after.monthsPaidAfterDeath == 1)
    }

    @Test func deathWinsOverEveryOtherStatus() {
        let death = DeathFact(dateOfDeath: Fixtures.date("2026-11-01"), reportedOn: Fixtures.date("2026-11-02"))
        #expect(status(Fixtures.resident(insuredRegion: "220102"), death: death, at: Fixtures.at("2026-11-29")).code == .deceased)
        #expect(status(Fixtures.resident(status: .suspended, suspendedSince: "2020-01"), death: death, at: Fixtures.at("2026-11-29")).code == .deceased)
    }

    @Test func statusCodesAreTheDocumentedOnes() {
        #expect(ResidentStatus.Code.allCases.map(\.rawValue) ==
                ["certified", "due", "overdue", "suspended", "refer_to_city_bureau", "deceased", "not_served_here"])
    }
}

@Suite("Fingerprint attempts")
struct FingerprintAttemptsTests {
    @Test func fingersTakeTurnsUntilTheAttemptsRunOut() {
        var attempts = FingerprintAttempts(maxAttempts: 3, fingers: [.rightIndex, .leftIndex])
        var asked: [Finger] = []
        while let finger = attempts.nextFinger {
            asked.append(finger)
            attempts.recordMismatch()
        }
        #expect(asked == [.rightIndex, .leftIndex, .rightIndex])
        #expect(attempts.isExhausted)
    }

    @Test func noFingerMeansNoAttempt() {
        #expect(FingerprintAttempts(maxAttempts: 3, fingers: []).nextFinger == nil)
    }

    @Test func everyReaderEventAndFailureHasCoaching() {
        let events: [ReaderEvent] = [.placeFinger(.press), .placeFinger(.swipe), .liftFinger, .enrollStage(done: 2, of: 5),
                                     .enrollStage(done: 5, of: 5), .checking(done: 0, of: 10), .checking(done: 10, of: 10),
                                     .readerRemoved(deviceID: "0")] + ScanRetry.allCases.map { .retry($0) }
        for event in events {
            #expect(!Message.readerEvent(event).text(.chinese).isEmpty && !Message.readerEvent(event).text(.english).isEmpty)
        }
        #expect(Message.readerEvent(.retry(.centerFinger)).text(.chinese).contains("中间"))
    }
}
