import Domain
import GRDB
import Store

/// Home visits (FAQ 6): booking, the queue, the schedule and what happened at the door. Every
/// step checks its rules inside the write that records it, and is kept as an event.
public struct VisitsDesk: Sendable {
    let database: AppDatabase
    let staff: StaffMember

    /// A booking with its history, for staff who may book visits.
    public func record(_ id: String) throws(KioskError) -> VisitRecord {
        try staff.mustBeAllowed(.bookVisit)
        return try database.visitRecord(id)
    }

    /// Books a visit for a resident, after the rules: an eligible reason, not certified this
    /// cycle, not deceased, served here, no other open booking.
    /// `ageOverride`: why someone under the policy's age is booked as elderly (recorded with the booking).
    public func book(_ id: ResidentID, _ request: VisitRequest) throws(KioskError) -> (booking: VisitBooking, name: String) {
        try staff.mustBeAllowed(.bookVisit)
        let (booker, reason, evidence, ageOverride) = (request.booker, request.reason, request.evidence, request.ageOverride)
        return try database.write { db in
            let file = try database.requireFile(db, id)
            if let problem = request.problem { throw KioskError.entryInvalid(problem) }
            let address: String
            do throws(EntryProblem) { address = try request.visitAddress(onRecord: file.resident.address) } catch { throw KioskError.entryInvalid(error) }
            let open = try openBookingNumber(db, of: id)
            let today = database.clock.localNow().date
            let age = VisitRules.age(id, on: today)
            if let refusal = VisitRules.refusal(status: database.status(of: file), residence: database.policy.jurisdiction.residence(of: file.resident), reason: reason, age: age, openBooking: open, ageOverride: ageOverride,
                                                policy: database.visitPolicy) {
                throw KioskError.visitRefused(refusal)
            }
            // Kept only when it was needed: an elderly booking under the policy's age.
            let overridden = reason == .elderly && age < database.visitPolicy.elderlyMinimumAge ? ageOverride : nil
            let now = database.clock.now()
            let booking = VisitBooking(id: RecordID.make(at: now), residentID: id, booker: booker, reason: reason, evidence: evidence,
                                       address: address, community: file.resident.community ?? "",
                                       preferredDates: request.preferredDates, preferredTime: request.time, notes: request.notes,
                                       bookedAt: database.clock.local(now), shortNumber: try AppDatabase.freshShortNumber(db, in: .visitBooking))
            try db.execute(sql: """
                INSERT INTO visit_booking (id, service_point, resident_id, booked_at, staff_id, booker_name, booker_relation, booker_phone,
                                           reason, evidence, address, community, preferred_dates, preferred_time, notes, age_override, short_number)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [booking.id, database.servicePoint.code, id.fullNumber, now, staff.id, booker.name, booker.relation, booker.phone,
                                 reason.rawValue, evidence, booking.address, booking.community,
                                 booking.preferredDates.map(\.description).joined(separator: ","), request.time.rawValue, request.notes, overridden,
                                 booking.shortNumber])
            try AuditLog.append(db, in: database, staff: staff.id, action: .visitBooked, subject: .init(table: "visit_booking", id: booking.id),
                                detail: "reason=\(reason.rawValue)" + (overridden == nil ? "" : " age_override"))
            return (booking, file.resident.name)
        }
    }

    /// The open bookings (requested or scheduled) whose resident still needs the visit, each
    /// with the resident's status today and name.
    private func openVisits(_ db: Database) throws -> [(visit: OpenVisit, name: String)] {
        try database.visitRecords(db, where: nil).filter { $0.status.isOpen }.compactMap { record in
            guard let file = try database.residentFile(db, record.booking.residentID) else { return nil }
            let status = database.status(of: file)
            guard VisitRules.stillNeeded(status) else { return nil }
            return (OpenVisit(booking: record.booking, slot: record.slot, missedVisits: record.missedVisits, status: status), record.residentName)
        }
    }

    /// The open bookings in the order they will be served, with the reasons for each position.
    public func queue() throws(KioskError) -> [QueuedVisit] {
        try staff.mustBeAllowed(.bookVisit)
        let open = try database.read { db in try openVisits(db) }
        let names = Dictionary(open.map { ($0.visit.booking.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        return VisitQueue.order(open.map(\.visit), today: database.clock.localNow().date, policy: database.visitPolicy, certification: database.policy).map {
            QueuedVisit(visit: $0.visit, priority: $0.priority, name: names[$0.visit.booking.id] ?? "")
        }
    }

    /// Assigns the open bookings to days and staff from `start` for `days` days and records every
    /// change (a day given, moved or taken away) as an event. Running it again changes nothing.
    public func schedule(from start: CivilDate, days: Int, team: [VisitStaff]) throws(KioskError) -> ScheduleChange {
        try staff.mustBeAllowed(.scheduleVisits)
        return try database.write { db in
            let visits = try openVisits(db).map(\.visit)
            let today = database.clock.localNow().date
            let queue = VisitQueue.order(visits, today: today, policy: database.visitPolicy, certification: database.policy)
            let outcome = VisitScheduler.schedule(queue, staff: team, from: start, days: days, today: today)
            var moved = 0, dropped = 0
            for visit in visits where visit.slot?.pinned != true {
                let new = outcome.slots[visit.booking.id]
                guard new != visit.slot else { continue }
                if let new {
                    moved += visit.slot == nil ? 0 : 1
                    try appendEvent(db, visit.booking.id, kind: "scheduled", slot: new, detail: "", by: staff, action: .visitScheduled)
                } else if visit.slot != nil {
                    dropped += 1
                    try appendEvent(db, visit.booking.id, kind: "unscheduled", slot: nil, detail: "no room", by: staff, action: .visitUnscheduled)
                }
            }
            return ScheduleChange(outcome: outcome, moved: moved, dropped: dropped)
        }
    }

    /// Staff put a visit on a day with a staff member; the scheduler leaves it there.
    public func pin(_ id: String, on date: CivilDate, with visitor: String, team: [VisitStaff]) throws(KioskError) {
        try staff.mustBeAllowed(.scheduleVisits)
        guard team.contains(where: { $0.name == visitor }) else { throw .visitStaffUnknown(visitor) }
        try database.write { db in
            let record = try openRecord(db, id)
            try appendEvent(db, record.booking.id, kind: "scheduled", slot: VisitSlot(date: date, staff: visitor, pinned: true), detail: "pinned",
                            by: staff, action: .visitScheduled)
        }
    }

    /// The visit went ahead and the resident was certified at home: a certification of method
    /// home_visit by the signed-in staff member (who went), with the evidence taken there.
    /// `verified`: the reader and finger that matched, when the finger was checked there (field mode).
    public func complete(_ id: String, evidence: VisitEvidence, verified: String? = nil) throws(KioskError) -> Certified {
        try staff.mustBeAllowed(.recordVisitOutcome)
        try staff.mustBeAllowed(.certify)
        return try database.write { db in
            let record = try openRecord(db, id)
            guard record.slot != nil else { throw KioskError.visitNotScheduled(id: id) }
            let certified = try CertifyDesk.record(db, in: database, of: record.booking.residentID, method: .homeVisit,
                                                    evidence: "visit=\(record.booking.id); \(evidence.rawValue)" + (verified.map { " verified \($0)" } ?? ""),
                                                    by: staff)
            try appendEvent(db, record.booking.id, kind: "completed", slot: record.slot, detail: evidence.rawValue, by: staff, action: .visitCompleted,
                            certification: certified.certification.id)
            return certified
        }
    }

    /// On a field laptop, where the packed prints are: the resident's finger on the portable reader,
    /// verified as at the desk (the status first, then the policy's attempts), then the completion.
    public func complete(_ id: String, verifyingOn reader: ReaderClient, progress: @escaping CertifyDesk.Progress) async throws(KioskError) -> Certified {
        try staff.mustBeAllowed(.recordVisitOutcome)
        try staff.mustBeAllowed(.certify)
        let record = try database.read { db in try openRecord(db, id) }
        guard record.slot != nil else { throw .visitNotScheduled(id: id) }
        let matched = try await CertifyDesk(database: database, reader: reader, staff: staff).matchFinger(record.booking.residentID, again: nil,
                                                                                                          progress: progress)
        return try complete(id, evidence: .fingerprint, verified: matched)
    }

    /// No-one home, or the resident refused: the booking goes back to the queue, counted, and
    /// its priority rises with each miss.
    @discardableResult
    public func miss(_ id: String, _ miss: VisitMiss, note: String) throws(KioskError) -> Int {
        try staff.mustBeAllowed(.recordVisitOutcome)
        return try database.write { db in
            let record = try openRecord(db, id)
            guard record.slot != nil else { throw KioskError.visitNotScheduled(id: id) }
            try appendEvent(db, record.booking.id, kind: "missed", slot: record.slot, detail: miss.rawValue + (note.isEmpty ? "" : ": " + note),
                            by: staff, action: .visitMissed)
            return record.missedVisits + 1
        }
    }

    /// The family asked for another day: back to the queue, with that day preferred if given.
    public func anotherDay(_ id: String, note: String) throws(KioskError) {
        try staff.mustBeAllowed(.recordVisitOutcome)
        try database.write { db in
            let record = try openRecord(db, id)
            try appendEvent(db, record.booking.id, kind: "rescheduled", slot: nil, detail: note, by: staff, action: .visitRescheduled)
        }
    }

    public func cancel(_ id: String, reason: String) throws(KioskError) {
        try staff.mustBeAllowed(.recordVisitOutcome)
        try database.write { db in
            let record = try openRecord(db, id)
            try appendEvent(db, record.booking.id, kind: "cancelled", slot: nil, detail: reason, by: staff, action: .visitCancelled)
        }
    }

    /// A day's visits for one staff member (or everyone), in route order, with the families'
    /// phone numbers: printed for the visit, so audited like a report.
    public func stops(on date: CivilDate, visitor name: String?) throws(KioskError) -> [VisitStop] {
        let stops = try ReportsDesk.audited(database, .bookVisit, by: staff, detail: "visits=\(date)" + (name.map { " staff=\($0)" } ?? "")) { db in
            try database.visitRecords(db, where: nil).compactMap { record -> VisitStop? in
                guard record.status == .scheduled, let slot = record.slot, slot.date == date, name == nil || slot.staff == name else { return nil }
                return VisitStop(booking: record.booking, residentName: record.residentName, slot: slot)
            }
        }
        let byStaff = Dictionary(grouping: stops, by: \.slot.staff)
        return byStaff.keys.sorted().flatMap { visitor in
            let route = VisitScheduler.route(byStaff[visitor]!.map(\.booking))
            return route.compactMap { booking in byStaff[visitor]!.first { $0.booking.id == booking.id } }
        }
    }

    /// The scheduled visits from `start` for `days` days, counted by day, staff member and
    /// community: what a week's plan looks like, with no one's data in it.
    public func load(from start: CivilDate, days: Int) throws(KioskError) -> [VisitLoad] {
        try staff.mustBeAllowed(.bookVisit)
        let last = start.adding(days: days - 1)
        let scheduled = try database.read { db in try database.visitRecords(db, where: nil).filter { $0.status == .scheduled } }
        var counts: [VisitLoad: Int] = [:]
        for record in scheduled {
            guard let slot = record.slot, slot.date >= start, slot.date <= last else { continue }
            counts[VisitLoad(date: slot.date, staff: slot.staff, community: record.booking.community, homes: 0), default: 0] += 1
        }
        return counts.map { load, homes in VisitLoad(date: load.date, staff: load.staff, community: load.community, homes: homes) }
            .sorted { ($0.date, $0.staff, -$0.homes, $0.community) < ($1.date, $1.staff, -$1.homes, $1.community) }
    }

    /// The open booking `id` names (its long id or short number).
    private func openRecord(_ db: Database, _ id: String) throws -> VisitRecord {
        guard let record = try database.visitRecords(db, where: id).first else { throw KioskError.visitNotFound(id) }
        guard record.status.isOpen else { throw KioskError.visitNotOpen(id: id, status: record.status) }
        return record
    }

    private func openBookingNumber(_ db: Database, of id: ResidentID) throws -> String? {
        try database.visitRecords(db, where: nil, resident: id).first { $0.status.isOpen }?.booking.number
    }

    /// `id` and `at`: the event's id and time when it happened elsewhere (an outcome returned from the field).
    func appendEvent(_ db: Database, _ bookingID: String, kind: String, slot: VisitSlot?, detail: String, by staff: StaffMember,
                     action: AuditAction, certification: String? = nil, id: String? = nil, at: Int64? = nil) throws {
        let now = at ?? database.clock.now()
        let eventID = id ?? RecordID.make(at: now)
        try db.execute(sql: """
            INSERT INTO visit_event (id, service_point, booking_id, at, staff_id, kind, visit_date, visit_staff, pinned, detail, certification_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [eventID, database.servicePoint.code, bookingID, now, staff.id, kind, slot?.date.description, slot?.staff,
                             slot?.pinned == true ? 1 : 0, detail, certification])
        try AuditLog.append(db, in: database, staff: staff.id, action: action, subject: .init(table: "visit_event", id: eventID),
                            detail: "booking=\(bookingID)")
    }
}
