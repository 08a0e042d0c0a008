/// Assigns the queue to days and staff: most urgent first, each before its deadline when capacity
/// allows, on a preferred date when possible, beside visits to the same building or community so
/// one trip serves several homes. Pinned visits stay; a visit already on a day that still suits
/// it keeps that day, so re-running the schedule moves nothing that need not move.
public enum VisitScheduler {
    public struct Outcome: Sendable {
        /// Booking id → its day and staff member.
        public var slots: [String: VisitSlot]
        /// Scheduled, but after the deadline: no earlier day had room.
        public var late: [String]
        /// No room at all in the days scheduled.
        public var unscheduled: [String]
        /// Bookings whose deadline falls within the days scheduled and that could not be given a
        /// day by then: how many visits the staff are short.
        public var visitsShort: Int
        /// One staff member, one day, one community.
        public var trips: Int

        public var averageVisitsPerTrip: Double { trips == 0 ? 0 : Double(slots.count) / Double(trips) }

        public init(slots: [String: VisitSlot], late: [String], unscheduled: [String], visitsShort: Int, trips: Int) {
            self.slots = slots
            self.late = late
            self.unscheduled = unscheduled
            self.visitsShort = visitsShort
            self.trips = trips
        }
    }

    private struct Day {
        var remaining: Int
        var communities: [String: Int] = [:]
        var buildings: [String: Int] = [:]
    }

    /// `today`: visits already given a day from today up to `start`, or beyond the days
    /// scheduled, are left where they are (their route sheets may be printed); only those on a
    /// past day, whose visit did not happen, are placed again.
    public static func schedule(_ queue: [(visit: OpenVisit, priority: VisitPriority)], staff: [VisitStaff],
                                from start: CivilDate, days: Int, today: CivilDate? = nil) -> Outcome {
        let team = staff.sorted { $0.name < $1.name }
        let window = (0..<max(0, days)).map { start.adding(days: $0) }
        let last = window.last ?? start
        // Capacity of each staff member on each day of the window, indexed [day][staff].
        var grid = window.map { date in team.map { Day(remaining: $0.days.contains(date.weekday) ? $0.dailyCapacity : 0) } }
        let staffIndex = Dictionary(uniqueKeysWithValues: team.enumerated().map { ($1.name, $0) })
        func position(_ slot: VisitSlot) -> (day: Int, staff: Int)? {
            let day = slot.date.dayNumber - start.dayNumber
            guard window.indices.contains(day), let member = staffIndex[slot.staff] else { return nil }
            return (day, member)
        }
        func take(_ at: (day: Int, staff: Int), _ booking: VisitBooking) {
            grid[at.day][at.staff].remaining -= 1
            grid[at.day][at.staff].communities[booking.community, default: 0] += 1
            grid[at.day][at.staff].buildings[booking.community + booking.building, default: 0] += 1
        }
        func release(_ at: (day: Int, staff: Int), _ booking: VisitBooking) {
            grid[at.day][at.staff].remaining += 1
            for (key, isCommunity) in [(booking.community, true), (booking.community + booking.building, false)] {
                let left = (isCommunity ? grid[at.day][at.staff].communities[key] : grid[at.day][at.staff].buildings[key]).map { $0 - 1 } ?? 0
                if isCommunity { grid[at.day][at.staff].communities[key] = left > 0 ? left : nil }
                else { grid[at.day][at.staff].buildings[key] = left > 0 ? left : nil }
            }
        }

        var placed: [Int: (day: Int, staff: Int)] = [:]
        var pinnedSlots: [String: VisitSlot] = [:]
        let keepFrom = today ?? start
        func stays(_ visit: OpenVisit) -> Bool {
            guard let slot = visit.slot else { return false }
            return slot.pinned || (position(slot) == nil && slot.date >= keepFrom)
        }
        // Staff put these where they are, and those outside the days scheduled stay too; they
        // count against their day even beyond its capacity.
        for (visit, _) in queue where stays(visit) {
            let slot = visit.slot!
            pinnedSlots[visit.booking.id] = slot
            if let at = position(slot) { take(at, visit.booking) }
        }
        // Visits already on a day that suits them keep it, most urgent first while room lasts.
        for (index, (visit, priority)) in queue.enumerated() where !stays(visit) {
            guard let current = visit.slot, current.date <= priority.deadline, let at = position(current),
                  grid[at.day][at.staff].remaining > 0 else { continue }
            take(at, visit.booking)
            placed[index] = at
        }
        // The rest, most urgent first. One that would be late takes the day of a less urgent
        // visit due later than it (which is then placed again in its turn).
        var pending = queue.indices.filter { !stays(queue[$0].visit) && placed[$0] == nil }
        var unscheduled: [Int] = []
        while !pending.isEmpty {
            let index = pending.removeFirst()
            let (visit, priority) = queue[index]
            let current = visit.slot.flatMap(position)
            var best = bestDay(for: visit.booking, deadline: priority.deadline, current: current, grid: grid, window: window, team: team)
            if best.map({ window[$0.day] > priority.deadline }) ?? true,
               let bumped = placed.filter({ $0.key > index && window[$0.value.day] <= priority.deadline
                                            && queue[$0.key].priority.deadline > priority.deadline }).max(by: { $0.key < $1.key }) {
                release(bumped.value, queue[bumped.key].visit.booking)
                placed[bumped.key] = nil
                pending.insert(bumped.key, at: pending.firstIndex { $0 > bumped.key } ?? pending.endIndex)
                best = bestDay(for: visit.booking, deadline: priority.deadline, current: current, grid: grid, window: window, team: team)
            }
            guard let at = best else {
                unscheduled.append(index)
                continue
            }
            take(at, visit.booking)
            placed[index] = at
        }

        var outcome = Outcome(slots: pinnedSlots, late: [], unscheduled: [], visitsShort: 0, trips: 0)
        for (index, at) in placed.sorted(by: { $0.key < $1.key }) {
            let (visit, priority) = queue[index]
            outcome.slots[visit.booking.id] = VisitSlot(date: window[at.day], staff: team[at.staff].name, pinned: false)
            if window[at.day] > priority.deadline {
                outcome.late.append(visit.booking.id)
                outcome.visitsShort += 1
            }
        }
        for index in unscheduled {
            outcome.unscheduled.append(queue[index].visit.booking.id)
            if queue[index].priority.deadline <= last { outcome.visitsShort += 1 }
        }
        outcome.trips = grid.reduce(0) { sum, day in sum + day.reduce(0) { $0 + $1.communities.count } }
        return outcome
    }

    /// The best free day and staff member for `booking`: before the deadline, then a preferred
    /// date, then beside the same building, then the same community, then a day not yet given to
    /// another community (a trip of its own rather than a detour), then the earliest day and the
    /// least busy staff member. A visit that has a slot keeps it when no earlier on-time day is free,
    /// so running the schedule again moves nothing it need not.
    private static func bestDay(for booking: VisitBooking, deadline: CivilDate, current: (day: Int, staff: Int)?, grid: [[Day]],
                                window: [CivilDate], team: [VisitStaff]) -> (day: Int, staff: Int)? {
        var best: (day: Int, staff: Int)?
        var bestKey: (Int, Int, Int, Int, Int, Int) = (.max, .max, .max, .max, .max, .max)
        var bestDetour = Int.max
        let preferred = Set(booking.preferredDates)
        for (day, date) in window.enumerated() {
            let onTime = date <= deadline ? 0 : 1
            let wanted = preferred.contains(date) ? 0 : 1
            for member in team.indices where grid[day][member].remaining > 0 {
                let slot = grid[day][member]
                let building = slot.buildings[booking.community + booking.building] != nil ? 0 : 1
                let community = slot.communities[booking.community] != nil ? 0 : 1
                let detour = community == 1 && !slot.communities.isEmpty ? 1 : 0
                let moves = current.map { $0 == (day, member) } == true ? 0 : 1
                // Late days are taken as early as possible; on-time days by the rest of the key. A
                // visit back in the queue (late, or its day full) keeps its slot when that is as good.
                let key = (onTime, onTime == 1 ? day : 0, moves, wanted, building, community * 2 + detour)
                if key < bestKey || (key == bestKey && day * 1000 - slot.remaining < bestDetour) {
                    bestKey = key
                    bestDetour = day * 1000 - slot.remaining
                    best = (day, member)
                }
            }
        }
        return best
    }

    /// A day's visits for one staff member in the order to make them: by community and building,
    /// mornings first, then by address.
    public static func route(_ visits: [VisitBooking]) -> [VisitBooking] {
        func time(_ t: VisitTime) -> Int { t == .morning ? 0 : t == .any ? 1 : 2 }
        return visits.sorted {
            ($0.community, $0.building, time($0.preferredTime), $0.address, $0.id) < ($1.community, $1.building, time($1.preferredTime), $1.address, $1.id)
        }
    }
}
