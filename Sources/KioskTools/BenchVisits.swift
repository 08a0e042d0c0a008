import ArgumentParser
import Domain
import Foundation
import KioskCommandLine

struct VisitsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "visits",
        abstract: "Schedules generated home-visit bookings and prints the time and the schedule's quality.",
        discussion: """
            Generates --bookings open bookings (residents due, overdue and suspended, over --communities communities, a \
            third with a preferred date) and --staff visiting staff (each out four or five weekdays, 5 to 10 homes a day), \
            orders the queue and schedules --days days, timing the median of --runs. The baseline, in the same run: \
            first fit (each booking in queue order on the earliest day with room, no grouping, no preferences). \
            Quality: visits scheduled, deadlines missed (late or not scheduled though due within the days), visits per \
            trip (one staff member, one day, one community). Target: < 1 s for 5,000 bookings, 20 staff, 30 days.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Open bookings.") var bookings = 5000
    @Option(help: "Visiting staff.") var staff = 20
    @Option(help: "Days to schedule.") var days = 30
    @Option(help: "Communities the residents live in.") var communities = 40
    @Option(help: "Timed runs (the median is printed).") var runs = 5

    mutating func validate() throws {
        guard bookings > 0, staff > 0, days > 0, communities > 0, runs > 0 else { throw ValidationError("every count must be at least 1") }
    }

    func run() throws {
        try Session.run(global) { session throws(KioskError) in
            let today = session.clock.today
            var random = SplitMix64(seed: 11)
            let team = (0..<staff).map { index in
                VisitStaff(name: "staff-\(index)", days: Set(Weekday.allCases.filter { $0 < .saturday && random.next() % 5 != 0 }),
                           dailyCapacity: 5 + Int(random.next() % 6))
            }
            let visits = Self.bookings(bookings, communities: communities, today: today, policy: session.settings.policy, random: &random)
            let start = today.adding(days: 1)
            var ours: [Double] = [], firstFit: [Double] = []
            var outcome: VisitScheduler.Outcome?
            var baseline: VisitScheduler.Outcome?
            for _ in 0..<runs {
                ours.append(try Stopwatch.time {
                    let queue = VisitQueue.order(visits, today: today, policy: session.settings.visitPolicy, certification: session.settings.policy)
                    outcome = VisitScheduler.schedule(queue, staff: team, from: start, days: days)
                })
                firstFit.append(try Stopwatch.time {
                    let queue = VisitQueue.order(visits, today: today, policy: session.settings.visitPolicy, certification: session.settings.policy)
                    baseline = Self.firstFit(queue, staff: team, from: start, days: days)
                })
            }
            let capacity = (0..<days).reduce(0) { sum, offset in
                let weekday = start.adding(days: offset).weekday
                return sum + team.filter { $0.days.contains(weekday) }.reduce(0) { $0 + $1.dailyCapacity }
            }
            session.say(.benchLine(.visitsHeader(bookings: bookings, staff: staff, days: days, capacity: capacity)))
            for (name, times, result) in [(session.language.pick("本排班", "kiosk scheduler"), ours, outcome!),
                                          (session.language.pick("基准：先到先排", "baseline first fit"), firstFit, baseline!)] {
                session.say(.benchLine(.visitsSchedule(name: name, milliseconds: Self.median(times) * 1000, scheduled: result.slots.count,
                                                       deadlinesMissed: result.visitsShort, visitsPerTrip: result.averageVisitsPerTrip, target: 1000)))
            }
            session.say(.benchLine(.visitsRatio(Self.median(ours) / Self.median(firstFit))))
        }
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// Residents 80 to 100 years old, most due this cycle, some overdue, some suspended, living
    /// in a few dozen communities of a few dozen buildings each.
    static func bookings(_ count: Int, communities: Int, today: CivilDate, policy: CertificationPolicy,
                         random: inout SplitMix64) -> [OpenVisit] {
        let engine = StatusEngine(policy: policy)
        let now = LocalDateTime(date: today, hour: 10, minute: 0)
        return (0..<count).map { index in
            let year = today.year - 80 - Int(random.next() % 20)
            let month = 1 + Int(random.next() % 12), day = 1 + Int(random.next() % 28)
            let first17 = "230103" + String(year) + (month < 10 ? "0" : "") + String(month) + (day < 10 ? "0" : "") + String(day)
                + String(100 + index % 900)
            let id = ResidentID(trusted: first17 + String(ResidentID.checkCharacter(for: Array(first17.utf8))))
            let kind = random.next() % 10
            let suspended = kind == 0
            let lastCertified = kind < 3 ? CivilDate(year: today.year - 2, month: month, day: day) : CivilDate(year: today.year - 1, month: month, day: day)
            let resident = Resident(id: id, name: "居民", insuredRegion: "230103", rosterStatus: suspended ? .suspended : .normal,
                                    suspendedSince: suspended ? today.yearMonth.adding(months: -Int(1 + random.next() % 10)) : nil,
                                    rosterCertifiedOn: lastCertified, rosterCertificationMethod: .homeVisit)
            let community = "社区\(random.next() % UInt64(communities))"
            let booked = today.adding(days: -Int(random.next() % 20))
            let preferred = random.next() % 3 == 0 ? [today.adding(days: 1 + Int(random.next() % 30))] : []
            let booking = VisitBooking(id: String(format: "B%05d", index), residentID: id, booker: VisitBooker(name: "家属", relation: "子", phone: "13900000000"),
                                       reason: [Mobility.elderly, .disabled, .ill][Int(random.next() % 3)], evidence: "",
                                       address: "\(community)路\(random.next() % 30)号", community: community, preferredDates: preferred,
                                       preferredTime: .any, notes: "", bookedAt: LocalDateTime(date: booked, hour: 9, minute: 0))
            return OpenVisit(booking: booking, slot: nil, missedVisits: Int(random.next() % 8 == 0 ? 1 : 0),
                             status: engine.status(of: resident, kioskCertification: nil, death: nil, at: now))
        }
    }

    /// The baseline: each booking, in queue order, on the earliest day and staff member with room.
    static func firstFit(_ queue: [(visit: OpenVisit, priority: VisitPriority)], staff: [VisitStaff], from start: CivilDate,
                         days: Int) -> VisitScheduler.Outcome {
        var remaining = (0..<days).map { offset in staff.map { $0.days.contains(start.adding(days: offset).weekday) ? $0.dailyCapacity : 0 } }
        var outcome = VisitScheduler.Outcome(slots: [:], late: [], unscheduled: [], visitsShort: 0, trips: 0)
        var trips = Set<String>()
        let last = start.adding(days: days - 1)
        for (visit, priority) in queue {
            var placed = false
            search: for day in 0..<days {
                for member in staff.indices where remaining[day][member] > 0 {
                    remaining[day][member] -= 1
                    let date = start.adding(days: day)
                    outcome.slots[visit.booking.id] = VisitSlot(date: date, staff: staff[member].name, pinned: false)
                    trips.insert("\(day) \(member) \(visit.booking.community)")
                    if date > priority.deadline { outcome.visitsShort += 1 }
                    placed = true
                    break search
                }
            }
            if !placed, priority.deadline <= last { outcome.visitsShort += 1 }
        }
        outcome.trips = trips.count
        return outcome
    }
}
