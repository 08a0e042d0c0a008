import Domain
import GRDB

extension AppDatabase {
    public func visitRecord(_ id: String) throws(KioskError) -> VisitRecord {
        guard let record = try read({ db in try visitRecords(db, where: id).first }) else { throw .visitNotFound(id) }
        return record
    }

    // MARK: Reading bookings

    /// Bookings (one, by its long id or short number, or one resident's, or all) with their
    /// histories folded into their state.
    package func visitRecords(_ db: Database, where typed: String?, resident: ResidentID? = nil) throws -> [VisitRecord] {
        var conditions: [String] = [], arguments: StatementArguments = []
        if let typed {
            guard let id = try Self.recordID(db, in: .visitBooking, typed: typed) else { return [] }
            conditions.append("b.id = ?")
            arguments += [id]
        }
        if let resident {
            conditions.append("b.resident_id = ?")
            arguments += [resident.fullNumber]
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let bookings = try Row.fetchAll(db, sql: """
            SELECT b.*, r.name AS resident_name, s.name AS staff_name FROM visit_booking b
            JOIN resident r ON r.id_number = b.resident_id JOIN staff s ON s.id = b.staff_id \(filter) ORDER BY b.booked_at, b.rowid
            """, arguments: arguments)
        guard !bookings.isEmpty else { return [] }
        let events = try Row.fetchAll(db, sql: """
            SELECT e.*, s.name AS staff_name FROM visit_event e JOIN staff s ON s.id = e.staff_id
            \(typed == nil && resident == nil ? "" : "WHERE e.booking_id IN (SELECT b.id FROM visit_booking b \(filter))") ORDER BY e.rowid
            """, arguments: arguments)
        let history = Dictionary(grouping: events) { $0["booking_id"] as String }
        return try bookings.map { row in
            let booking = VisitBooking(
                id: row["id"], residentID: ResidentID(trusted: row["resident_id"]),
                booker: VisitBooker(name: row["booker_name"], relation: row["booker_relation"], phone: row["booker_phone"]),
                reason: try storedWord(row["reason"] as String, table: "visit_booking", column: "reason"), evidence: row["evidence"], address: row["address"],
                community: row["community"],
                preferredDates: (row["preferred_dates"] as String).split(separator: ",").compactMap { CivilDate(String($0)) },
                preferredTime: try storedWord(row["preferred_time"] as String, table: "visit_booking", column: "preferred_time"), notes: row["notes"], bookedAt: clock.local(row["booked_at"]),
                shortNumber: row["short_number"])
            var record = VisitRecord(booking: booking, residentName: row["resident_name"], bookedBy: row["staff_name"], status: .requested,
                                     slot: nil, missedVisits: 0, history: [], certificationID: nil)
            for event in history[booking.id] ?? [] {
                let kind: String = event["kind"]
                let slot = (event["visit_date"] as String?).flatMap(CivilDate.init).map {
                    VisitSlot(date: $0, staff: event["visit_staff"] ?? "", pinned: (event["pinned"] as Int64? ?? 0) == 1)
                }
                record.history.append(.init(kind: kind, at: clock.local(event["at"]), staffName: event["staff_name"], slot: slot,
                                            detail: event["detail"]))
                switch kind {
                case "scheduled":
                    record.status = .scheduled
                    record.slot = slot
                case "unscheduled", "rescheduled":
                    record.status = .requested
                    record.slot = nil
                case "missed":
                    record.status = .requested
                    record.slot = nil
                    record.missedVisits += 1
                case "completed":
                    record.status = .completed
                    record.certificationID = event["certification_id"]
                default:
                    record.status = .cancelled
                    record.slot = nil
                }
            }
            return record
        }
    }

}

