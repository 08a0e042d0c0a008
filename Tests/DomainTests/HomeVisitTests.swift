import Domain
import Testing

/// Home visits: who may book, the order of the queue, and the schedule's promises.
enum Visits {
    static let today = Fixtures.date("2026-11-29")
    static let engine = StatusEngine(policy: .harbin)

    static func resident(birth: String, sequence: String = "123", status: RosterStatus = .normal, suspendedSince: String? = nil,
                         lastCertified: String? = "2025-06-10") -> Resident {
        Resident(id: Fixtures.id(birth: birth, sequence: sequence), name: "居民", insuredRegion: "230103", rosterStatus: status,
                 suspendedSince: suspendedSince.map(Fixtures.month), monthlyPension: Money(yuan: "3000.00"),
                 rosterCertifiedOn: lastCertified.map(Fixtures.date), rosterCertificationMethod: lastCertified == nil ? nil : .homeVisit)
    }

    static func status(_ resident: Resident) -> ResidentStatus {
        engine.status(of: resident, kioskCertification: nil, death: nil, at: LocalDateTime(date: today, hour: 10, minute: 0))
    }

    static func visit(_ id: String, _ resident: Resident, reason: Mobility = .elderly, community: String = "学府社区",
                      address: String = "学府路1号", booked: String = "2026-11-20", bookedHour: Int = 10, preferred: [String] = [],
                      slot: VisitSlot? = nil, missed: Int = 0) -> OpenVisit {
        let booking = VisitBooking(id: id, residentID: resident.id, booker: VisitBooker(name: "家属", relation: "子", phone: "13900000000"),
                                   reason: reason, evidence: "seen", address: address, community: community,
                                   preferredDates: preferred.map(Fixtures.date), preferredTime: .any, notes: "",
                                   bookedAt: Fixtures.at(booked, bookedHour))
        return OpenVisit(booking: booking, slot: slot, missedVisits: missed, status: status(resident))
    }

    static func ordered(_ visits: [OpenVisit], policy: VisitPolicy = .harbin,
                        certification: CertificationPolicy = .harbin) -> [(visit: OpenVisit, priority: VisitPriority)] {
        VisitQueue.order(visits, today: today, policy: policy, certification: certification)
    }
}

@Suite("Home visits: booking rules")
struct VisitRuleTests {
    func refusal(_ resident: Resident, reason: Mobility = .elderly, open: String? = nil, death: DeathFact? = nil,
                 region: String = "230103") -> VisitRefusal? {
        var resident = resident
        resident.insuredRegion = region
        let status = Visits.engine.status(of: resident, kioskCertification: nil, death: death, at: Fixtures.at("2026-11-29"))
        return VisitRules.refusal(status: status, residence: resident.residence, reason: reason,
                                  age: VisitRules.age(resident.id, on: Visits.today), openBooking: open, policy: .harbin)
    }

    /// FAQ 6: the community where they live arranges a visit; one living elsewhere or abroad certifies remotely.
    @Test func faq6_noVisitForSomeoneLivingOutsideTheCity() {
        var resident = Visits.resident(birth: "19400315")
        resident.residence = .elsewhere
        #expect(refusal(resident) == .livesOutsideCity(.elsewhere))
        resident.residence = .abroad
        #expect(refusal(resident) == .livesOutsideCity(.abroad))
        resident.residence = .harbin
        #expect(refusal(resident) == nil)
    }

    @Test func anEligibleResidentMayBook() {
        #expect(refusal(Visits.resident(birth: "19401215")) == nil)
        #expect(refusal(Visits.resident(birth: "19601215"), reason: .disabled) == nil, "disability has no age limit")
    }

    @Test func eachRefusalSaysWhy() {
        let old = Visits.resident(birth: "19401215")
        #expect(refusal(old, death: DeathFact(dateOfDeath: Fixtures.date("2026-11-01"), reportedOn: Fixtures.date("2026-11-02"))) == .deceased)
        #expect(refusal(old, region: "230602") == .notServedHere)
        #expect(refusal(Visits.resident(birth: "19401215", status: .suspended, suspendedSince: "2024-01", lastCertified: "2023-01-01"))
                == .referredToCityBureau)
        #expect(refusal(Visits.resident(birth: "19401215", lastCertified: "2026-03-01")) == .alreadyCertified(on: Fixtures.date("2026-03-01")))
        #expect(refusal(old, open: "V1") == .openBookingExists(id: "V1"))
        #expect(refusal(old, reason: .none) == .reasonNotEligible(.none))
        #expect(refusal(Visits.resident(birth: "19601215")) == .tooYoungForElderly(age: 65, minimum: 80))
        // FAQ 6 gives no age: a reason from staff books someone younger as elderly; a blank one does not.
        let younger = Visits.status(Visits.resident(birth: "19601215"))
        #expect(VisitRules.refusal(status: younger, reason: .elderly, age: 65, openBooking: nil, ageOverride: "卧床", policy: .harbin) == nil)
        #expect(VisitRules.refusal(status: younger, reason: .elderly, age: 65, openBooking: nil, ageOverride: "  ", policy: .harbin)
                == .tooYoungForElderly(age: 65, minimum: 80))
        var strict = VisitPolicy.harbin
        strict.eligibleReasons = [.disabled]
        let status = Visits.status(old)
        #expect(VisitRules.refusal(status: status, reason: .ill, age: 86, openBooking: nil, policy: strict) == .reasonNotEligible(.ill))
    }

    @Test func ageCountsWholeYears() {
        let id = Fixtures.id(birth: "19461130")
        #expect(VisitRules.age(id, on: Fixtures.date("2026-11-29")) == 79)
        #expect(VisitRules.age(id, on: Fixtures.date("2026-11-30")) == 80)
    }

    @Test func theDeadlineIsWhenThePensionWouldStop() {
        // Born in December, not certified this year: due, deadline the cycle's end.
        #expect(VisitRules.deadline(Visits.status(Visits.resident(birth: "19401215")), today: Visits.today, policy: .harbin)
                == Fixtures.date("2026-12-31"))
        // Suspended: the end of this month, so payment resumes next month (FAQ 12)...
        let suspended = Visits.status(Visits.resident(birth: "19400615", status: .suspended, suspendedSince: "2026-02", lastCertified: "2024-06-01"))
        #expect(VisitRules.deadline(suspended, today: Visits.today, policy: .harbin) == Fixtures.date("2026-11-30"))
        #expect(VisitRules.deadline(suspended, today: Fixtures.date("2026-11-20"), policy: .harbin) == Fixtures.date("2026-11-30"))
        // ... or, with a bureau's opt-in cut-off (the 25th, 15:00), the day before it.
        var withCutoff = CertificationPolicy.harbin
        withCutoff.resumptionCutoff = .init(day: 25, secondOfDay: 15 * 3600)
        #expect(VisitRules.deadline(suspended, today: Fixtures.date("2026-11-20"), policy: withCutoff) == Fixtures.date("2026-11-24"))
        #expect(VisitRules.deadline(suspended, today: Fixtures.date("2026-11-24"), policy: withCutoff) == Fixtures.date("2026-12-24"))
        // Never after the day before only the city bureau may certify (two years suspended, FAQ 13).
        let nearlyTwoYears = Visits.status(Visits.resident(birth: "19400615", status: .suspended, suspendedSince: "2024-12",
                                                           lastCertified: "2023-06-01"))
        #expect(VisitRules.deadline(nearlyTwoYears, today: Visits.today, policy: withCutoff) == Fixtures.date("2026-11-30"))
        #expect(Fixtures.date("2026-11-30").weekday == .monday && Visits.today.weekday == .sunday)
    }
}

@Suite("Home visits: the queue's order")
struct VisitPriorityTests {
    @Test func theScoreIsTheSumOfItsExplainedParts() {
        // Born 1940-12-15: 85 on 2026-11-29, due, deadline 2026-12-31 (32 days), elderly, booked 9 days ago.
        let visit = Visits.visit("V1", Visits.resident(birth: "19401215"), booked: "2026-11-20")
        let priority = VisitPriority(visit, today: Visits.today, policy: .harbin, certification: .harbin)
        #expect(priority.deadline == Fixtures.date("2026-12-31"))
        #expect(priority.parts.map(\.factor) == [.daysLeft(32), .reason(.elderly), .age(85), .waiting(days: 9)])
        // (60 - 32) × 10 + 50 + (85 - 80) × 5 + 9 × 2
        #expect(priority.parts.map(\.points) == [280, 50, 25, 18])
        #expect(priority.points == 373)
    }

    @Test func suspendedAndMissedVisitsComeFirst() {
        let suspended = Visits.visit("S", Visits.resident(birth: "19400615", sequence: "125", status: .suspended, suspendedSince: "2026-02",
                                                          lastCertified: "2024-06-01"))
        let missedTwice = Visits.visit("M", Visits.resident(birth: "19401215", sequence: "127"), missed: 2)
        let ill = Visits.visit("I", Visits.resident(birth: "19501215", sequence: "129"), reason: .ill)
        let plain = Visits.visit("P", Visits.resident(birth: "19401215", sequence: "131"))
        let order = Visits.ordered([plain, ill, missedTwice, suspended]).map(\.visit.booking.id)
        // S: 700 + (60-25)×10 + 50 + 5×5 + 18 = 1143. M: 373 + 160 = 533. I: 280 + 150 + 0 + 18 = 448. P: 373.
        #expect(order == ["S", "M", "I", "P"])
    }

    @Test func equalScoresKeepBookingOrder() {
        let first = Visits.visit("B", Visits.resident(birth: "19401215", sequence: "133"), booked: "2026-11-20", bookedHour: 9)
        let second = Visits.visit("A", Visits.resident(birth: "19401215", sequence: "135"), booked: "2026-11-20", bookedHour: 11)
        #expect(Visits.ordered([second, first]).map(\.visit.booking.id) == ["B", "A"])
    }
}

@Suite("Home visits: the schedule")
struct VisitSchedulerTests {
    let weekdays: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday]
    let monday = Fixtures.date("2026-11-30")

    func visits(_ count: Int, communities: [String] = ["学府社区"], birth: String = "19401215") -> [OpenVisit] {
        (0..<count).map { index in
            let sequence = String(100 + index * 2 + 1).suffix(3)
            return Visits.visit("V\(1000 + index)", Visits.resident(birth: birth, sequence: String(sequence)),
                                community: communities[index % communities.count], address: "路\(index % 7)号")
        }
    }

    @Test func capacityIsNeverExceededAndWeekendsAreOff() {
        let staff = [VisitStaff(name: "li", days: weekdays, dailyCapacity: 3)]
        let outcome = VisitScheduler.schedule(Visits.ordered(visits(20)), staff: staff, from: monday, days: 7)
        let perDay = Dictionary(grouping: outcome.slots.values, by: \.date).mapValues(\.count)
        #expect(perDay.values.allSatisfy { $0 <= 3 })
        #expect(perDay.keys.allSatisfy { $0.weekday != .saturday && $0.weekday != .sunday })
        #expect(outcome.slots.count == 15)
        #expect(outcome.unscheduled.count == 5)
    }

    @Test func theMostUrgentGetTheDaysBeforeTheirDeadline() {
        // One visit a day; the suspended resident's deadline (the 25th) is far sooner than the others'.
        let staff = [VisitStaff(name: "li", days: Set(Weekday.allCases), dailyCapacity: 1)]
        var queue = visits(3)
        queue.append(Visits.visit("URGENT", Visits.resident(birth: "19400615", sequence: "901", status: .suspended, suspendedSince: "2026-02",
                                                            lastCertified: "2024-06-01")))
        let outcome = VisitScheduler.schedule(Visits.ordered(queue), staff: staff, from: monday, days: 10)
        #expect(outcome.slots["URGENT"]?.date == monday)
        #expect(outcome.late.isEmpty && outcome.visitsShort == 0)
    }

    @Test func visitsThatCannotMeetTheirDeadlineAreListedWithTheShortfall() {
        // Six residents due by 2026-12-31, one visit a day from 2026-12-29: three days before the deadline.
        let staff = [VisitStaff(name: "li", days: Set(Weekday.allCases), dailyCapacity: 1)]
        let outcome = VisitScheduler.schedule(Visits.ordered(visits(6)), staff: staff, from: Fixtures.date("2026-12-29"), days: 5)
        #expect(outcome.slots.count == 5)
        #expect(outcome.late.count == 2)
        #expect(outcome.unscheduled.count == 1)
        #expect(outcome.visitsShort == 3)
    }

    @Test func preferredDatesAreKeptWhenPossible() {
        let staff = [VisitStaff(name: "li", days: weekdays, dailyCapacity: 4)]
        let visit = Visits.visit("P", Visits.resident(birth: "19401215"), preferred: ["2026-12-03"])
        let outcome = VisitScheduler.schedule(Visits.ordered([visit]), staff: staff, from: monday, days: 7)
        #expect(outcome.slots["P"]?.date == Fixtures.date("2026-12-03"))
    }

    @Test func visitsToOneCommunityShareATrip() {
        let staff = [VisitStaff(name: "li", days: weekdays, dailyCapacity: 4), VisitStaff(name: "wang", days: weekdays, dailyCapacity: 4)]
        let queue = visits(16, communities: ["学府社区", "和兴社区", "哈西社区", "保健社区"])
        let outcome = VisitScheduler.schedule(Visits.ordered(queue), staff: staff, from: monday, days: 5)
        #expect(outcome.slots.count == 16)
        // Four communities of four homes each: four trips, not sixteen.
        #expect(outcome.trips == 4)
        #expect(outcome.averageVisitsPerTrip == 4)
    }

    @Test func pinnedVisitsStayWhereStaffPutThem() {
        let staff = [VisitStaff(name: "li", days: weekdays, dailyCapacity: 2)]
        let pin = VisitSlot(date: Fixtures.date("2026-12-04"), staff: "li", pinned: true)
        var queue = visits(6)
        queue[5].slot = pin
        let outcome = VisitScheduler.schedule(Visits.ordered(queue), staff: staff, from: monday, days: 5)
        #expect(outcome.slots[queue[5].booking.id] == pin)
        #expect(outcome.slots.values.filter { $0.date == pin.date }.count <= 2)
    }

    @Test func runningTheScheduleAgainMovesNothing() {
        let staff = [VisitStaff(name: "li", days: weekdays, dailyCapacity: 3), VisitStaff(name: "wang", days: [.monday, .wednesday], dailyCapacity: 5)]
        var queue = visits(30, communities: ["学府社区", "和兴社区", "哈西社区"])
        let first = VisitScheduler.schedule(Visits.ordered(queue), staff: staff, from: monday, days: 10)
        for index in queue.indices { queue[index].slot = first.slots[queue[index].booking.id] }
        let second = VisitScheduler.schedule(Visits.ordered(queue), staff: staff, from: monday, days: 10)
        #expect(second.slots == first.slots)
        // A new, urgent booking moves only what it must.
        queue.append(Visits.visit("NEW", Visits.resident(birth: "19400615", sequence: "951", status: .suspended, suspendedSince: "2026-02",
                                                         lastCertified: "2024-06-01")))
        let third = VisitScheduler.schedule(Visits.ordered(queue), staff: staff, from: monday, days: 10)
        let moved = first.slots.filter { third.slots[$0.key] != $0.value }
        #expect(third.slots["NEW"] != nil)
        #expect(moved.count <= 1)
    }

    @Test func visitsAlreadyOnTodayOrBeyondTheDaysScheduledStay() {
        let staff = [VisitStaff(name: "li", days: Set(Weekday.allCases), dailyCapacity: 1)]
        var today = Visits.visit("TODAY", Visits.resident(birth: "19401215", sequence: "911"))
        today.slot = VisitSlot(date: Visits.today, staff: "li", pinned: false)
        var later = Visits.visit("LATER", Visits.resident(birth: "19401215", sequence: "913"))
        later.slot = VisitSlot(date: Fixtures.date("2026-12-20"), staff: "li", pinned: false)
        var missedDay = Visits.visit("PAST", Visits.resident(birth: "19401215", sequence: "915"))
        missedDay.slot = VisitSlot(date: Fixtures.date("2026-11-27"), staff: "li", pinned: false)
        let outcome = VisitScheduler.schedule(Visits.ordered([today, later, missedDay]), staff: staff, from: monday, days: 7, today: Visits.today)
        #expect(outcome.slots["TODAY"] == today.slot)
        #expect(outcome.slots["LATER"] == later.slot)
        #expect(outcome.slots["PAST"]?.date == monday, "a day gone by without the visit is placed again")
    }

    @Test func onlyAVisitDueLaterGivesUpItsDay() {
        // Points from the reason alone, so the least urgent can have the earliest deadline.
        var policy = VisitPolicy.harbin
        policy.weights = .init(perDayCloserToDeadline: 0, horizonDays: 60, alreadySuspended: 0, reason: [.ill: 100, .disabled: 50, .elderly: 0],
                               perYearOfAge: 0, perDayWaiting: 0, perMissedVisit: 0)
        let staff = [VisitStaff(name: "li", days: Set(Weekday.allCases), dailyCapacity: 1)]
        let start = Fixtures.date("2026-12-01")
        let newcomer = Visits.visit("S", Visits.resident(birth: "19400615", sequence: "925", status: .suspended, suspendedSince: "2026-02",
                                                         lastCertified: "2024-06-01"), reason: .ill)
        var dueLater = Visits.visit("A", Visits.resident(birth: "19401215", sequence: "921"), reason: .disabled)
        dueLater.slot = VisitSlot(date: start, staff: "li", pinned: false)
        var dueAsSoon = Visits.visit("B", Visits.resident(birth: "19400615", sequence: "923", status: .suspended, suspendedSince: "2026-02",
                                                          lastCertified: "2024-06-01"), reason: .elderly)
        dueAsSoon.slot = VisitSlot(date: start.adding(days: 1), staff: "li", pinned: false)
        // With a bureau's cut-off on the 25th, the suspended are due the 24th.
        var cutoff = CertificationPolicy.harbin
        cutoff.resumptionCutoff = .init(day: 25, secondOfDay: 15 * 3600)
        let ordered = Visits.ordered([dueLater, dueAsSoon, newcomer], policy: policy, certification: cutoff)
        #expect(ordered.map(\.visit.booking.id) == ["S", "A", "B"])
        let outcome = VisitScheduler.schedule(ordered, staff: staff, from: start, days: 2)
        // B is the least urgent, but due as soon as S (12-24): A, due 12-31, gives up its day.
        #expect(outcome.slots["S"] == VisitSlot(date: start, staff: "li", pinned: false))
        #expect(outcome.slots["B"] == dueAsSoon.slot)
        #expect(outcome.unscheduled == ["A"])
    }

    @Test func aRouteVisitsOneBuildingAfterAnotherMorningsFirst() {
        func booking(_ id: String, _ address: String, _ time: VisitTime) -> VisitBooking {
            var visit = Visits.visit(id, Visits.resident(birth: "19401215")).booking
            visit.address = address
            visit.preferredTime = time
            return visit
        }
        let route = VisitScheduler.route([booking("a", "学府路9号2单元", .afternoon), booking("b", "学府路1号3单元", .any),
                                          booking("c", "学府路9号1单元", .morning), booking("d", "学府路1号1单元", .morning)])
        #expect(route.map(\.id) == ["d", "b", "c", "a"])
    }

    /// Random queues: the promises hold whatever comes in.
    @Test(arguments: 1...20)
    func randomQueuesKeepEveryPromise(seed: UInt64) {
        var random = seed &* 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            random = random &* 6364136223846793005 &+ 1442695040888963407
            return Int((random >> 33) % UInt64(bound))
        }
        let staff = (0..<(1 + next(4))).map { VisitStaff(name: "s\($0)", days: Set(Weekday.allCases.filter { _ in next(4) > 0 }),
                                                          dailyCapacity: 1 + next(5)) }
        let communities = ["学府社区", "和兴社区", "哈西社区", "保健社区", "大成社区"]
        let queue: [OpenVisit] = (0..<(5 + next(80))).map { index in
            let month = 1 + next(12)
            let birth = "19\(30 + next(20))\(month < 10 ? "0" : "")\(month)15"
            let suspended = next(6) == 0
            let resident = Visits.resident(birth: birth, sequence: String(101 + index * 2).suffix(3).description,
                                           status: suspended ? .suspended : .normal, suspendedSince: suspended ? "2026-0\(1 + next(9))" : nil,
                                           lastCertified: "2025-0\(1 + next(9))-10")
            return Visits.visit("R\(index)", resident, reason: [.elderly, .disabled, .ill][next(3)], community: communities[next(5)],
                                address: "路\(next(9))号", preferred: next(3) == 0 ? ["2026-12-0\(1 + next(9))"] : [])
        }
        let ordered = Visits.ordered(queue)
        let outcome = VisitScheduler.schedule(ordered, staff: staff, from: monday, days: 14)
        let capacity = Dictionary(uniqueKeysWithValues: staff.map { ($0.name, $0) })
        // Capacity, working days, each booking once.
        for (key, slots) in Dictionary(grouping: outcome.slots.values, by: { "\($0.staff) \($0.date)" }) {
            let member = capacity[slots[0].staff]!
            #expect(member.days.contains(slots[0].date.weekday), "\(key)")
            #expect(slots.count <= member.dailyCapacity, "\(key)")
        }
        #expect(outcome.slots.count + outcome.unscheduled.count == queue.count)
        // Late or unscheduled only when every working day before the deadline is full.
        let used = Dictionary(grouping: outcome.slots.values, by: { "\($0.staff) \($0.date)" }).mapValues(\.count)
        for (visit, priority) in ordered where outcome.late.contains(visit.booking.id) || outcome.unscheduled.contains(visit.booking.id) {
            for offset in 0..<14 {
                let date = monday.adding(days: offset)
                guard date <= priority.deadline || outcome.unscheduled.contains(visit.booking.id) else { continue }
                for member in staff where member.days.contains(date.weekday) {
                    #expect(used["\(member.name) \(date)", default: 0] == member.dailyCapacity, "\(visit.booking.id) had room on \(date)")
                }
            }
        }
        // Stable when run again.
        var again = queue
        for index in again.indices { again[index].slot = outcome.slots[again[index].booking.id] }
        #expect(VisitScheduler.schedule(Visits.ordered(again), staff: staff, from: monday, days: 14).slots == outcome.slots)
    }
}
