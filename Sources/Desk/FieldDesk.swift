import Domain
import Foundation
import GRDB
import Store

/// Field mode (README "Home visits"): a staff member's day packed at the desk for a laptop of the
/// same service point, loaded there, the outcomes recorded at the homes with the usual commands,
/// written out, and returned to the desk. Each step checks its rules inside the write that records
/// it; the files are sealed under the point's print key (`FieldFiles`).
public struct FieldDesk: Sendable {
    let database: AppDatabase
    let staff: StaffMember

    /// Packs `visitor`'s scheduled visits on `date` with the residents' enrolled prints, still sealed,
    /// into a new file at `path`. Visits whose resident no longer needs them are left out. Packing
    /// takes personal data and prints out of the building, so it is a supervisor's.
    public func pack(on date: CivilDate, visitor: String, to path: String) throws(KioskError) -> FieldPackSummary {
        try staff.mustBeAllowed(.scheduleVisits)
        guard !FileManager.default.fileExists(atPath: path) else { throw .fileExists(path: path) }
        return try database.write { db in
            let today = database.clock.localNow().date
            var stops: [FieldPack.Stop] = [], leftOut = 0
            for record in try database.visitRecords(db, where: nil) {
                guard record.status == .scheduled, let slot = record.slot, slot.date == date, slot.staff == visitor else { continue }
                let file = try database.requireFile(db, record.booking.residentID)
                let status = database.status(of: file)
                guard VisitRules.stillNeeded(status) else {
                    leftOut += 1
                    continue
                }
                stops.append(FieldPack.Stop(
                    booking: record.booking.id, number: record.booking.shortNumber, residentID: record.booking.residentID.fullNumber,
                    name: record.residentName, address: record.booking.address, status: status.code.rawValue,
                    deadline: VisitRules.deadline(status, today: today, policy: database.policy).description,
                    residentRow: try database.packedResidentRow(db, record.booking.residentID, lastCertification: file.lastCertification),
                    bookingRow: try database.rowJSON(db, table: "visit_booking", key: "id", value: record.booking.id)!))
            }
            let prints = try database.enrolledPrintRows(db, of: stops.map(\.residentID))
            let pack = FieldPack(id: RecordID.make(at: database.clock.now()), date: date.description, visitor: visitor, stops: stops, prints: prints)
            try AuditLog.append(db, in: database, staff: staff.id, action: .fieldPacked, subject: nil,
                                detail: "pack=\(pack.id) date=\(date) staff=\(visitor) visits=\(stops.count) residents=\(Set(stops.map(\.residentID)).count) prints=\(prints.count)")
            try database.writeFieldFile(pack, .pack, to: path)
            return FieldPackSummary(file: path, visits: stops.count, prints: prints.count, leftOut: leftOut)
        }
    }

    /// Loads a pack on the laptop: its residents, bookings (scheduled for the pack's day and staff
    /// member) and sealed prints. A previous pack is replaced only once the outcomes recorded since
    /// the last results file are written out: its prints are removed and its bookings still open
    /// leave the laptop's schedule (records of what happened stay, as everywhere in the kiosk).
    public func load(from path: String) throws(KioskError) -> FieldLoadSummary {
        try staff.mustBeAllowed(.recordVisitOutcome)
        let pack = try database.openFieldFile(FieldPack.self, .pack, at: path)
        guard let date = CivilDate(pack.date) else { throw .fieldFileRefused(path: path, .notAFieldFile) }
        let visits = VisitsDesk(database: database, staff: staff)
        return try database.write { db in
            // A desk's own prints and records are never replaced by a pack loaded there by mistake.
            if try database.auditEntries(db, of: [.fieldLoaded], after: .initialize) == 0,
               try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM resident) OR EXISTS (SELECT 1 FROM enrolled_print) OR EXISTS (SELECT 1 FROM visit_booking)") == true {
                throw KioskError.fieldPackNotForThisDirectory
            }
            let pending = try database.auditEntries(db, of: [.visitCompleted, .visitMissed], after: .fieldResultsWritten)
            guard pending == 0 else { throw KioskError.fieldResultsPending(outcomes: pending) }
            let packed = Set(pack.stops.map(\.booking))
            for record in try database.visitRecords(db, where: nil) where record.status == .scheduled && !packed.contains(record.booking.id) {
                try visits.appendEvent(db, record.booking.id, kind: "unscheduled", slot: nil, detail: "field pack replaced", by: staff,
                                       action: .visitUnscheduled)
            }
            for id in try String.fetchAll(db, sql: "SELECT id FROM enrolled_print") {
                try db.execute(sql: "DELETE FROM enrolled_print WHERE id = ?", arguments: [id])
                try AuditLog.append(db, in: database, staff: staff.id, action: .printRemoved, subject: .print(id), detail: "field pack replaced")
            }
            var residents = try database.residentDigestNow(db)
            for stop in pack.stops {
                try database.placeResident(db, json: stop.residentRow, ResidentID(trusted: stop.residentID), residents: &residents)
            }
            try AuditLog.append(db, in: database, staff: staff.id, action: .fieldLoaded, subject: nil,
                                detail: "pack=\(pack.id) residents=\(Set(pack.stops.map(\.residentID)).count)", residentDigest: residents)
            for stop in pack.stops {
                if try !database.recordExists(db, table: "visit_booking", id: stop.booking) {
                    // Booked at the desk by someone with no account here: the laptop's loader stands in.
                    try database.insertRowJSON(db, table: "visit_booking", json: stop.bookingRow, setting: ["staff_id": staff.id])
                    try AuditLog.append(db, in: database, staff: staff.id, action: .fieldLoaded, subject: .init(table: "visit_booking", id: stop.booking),
                                        detail: "pack=\(pack.id)")
                }
                try visits.appendEvent(db, stop.booking, kind: "scheduled", slot: VisitSlot(date: date, staff: pack.visitor, pinned: true),
                                       detail: "field pack", by: staff, action: .visitScheduled)
            }
            for print in pack.prints {
                try database.placePrint(db, print, staff: staff.id)
                try AuditLog.append(db, in: database, staff: staff.id, action: .fieldLoaded, subject: .print(print.id), detail: "pack=\(pack.id)")
            }
            return FieldLoadSummary(date: date, visitor: pack.visitor, visits: pack.stops.count, prints: pack.prints.count)
        }
    }

    /// Whether this data directory is a field laptop (a pack was loaded here): there, a visit
    /// completed on fingerprint evidence is verified on the reader.
    public func isFieldLaptop() throws(KioskError) -> Bool {
        try database.read { db in try database.isFieldLaptop(db) }
    }

    /// Writes the laptop's outcomes (all of them: returning one twice changes nothing) to a new file.
    public func results(to path: String) throws(KioskError) -> FieldResultsSummary {
        try staff.mustBeAllowed(.recordVisitOutcome)
        guard !FileManager.default.fileExists(atPath: path) else { throw .fileExists(path: path) }
        return try database.write { db in
            let outcomes = try database.fieldOutcomes(db)
            let count = { (kind: String) in outcomes.filter { $0.kind == kind }.count }
            let summary = FieldResultsSummary(file: path, completed: count("completed"), missed: count("missed"), rescheduled: count("rescheduled"),
                                              cancelled: count("cancelled"))
            try AuditLog.append(db, in: database, staff: staff.id, action: .fieldResultsWritten, subject: nil,
                                detail: "completed=\(summary.completed) missed=\(summary.missed) rescheduled=\(summary.rescheduled)"
                                    + " cancelled=\(summary.cancelled)")
            try database.writeFieldFile(FieldResults(outcomes: outcomes), .results, to: path)
            return summary
        }
    }

    /// Applies a laptop's outcomes at the desk in one transaction, each under the id the laptop
    /// gave it (so a second return changes nothing), each by the desk's own rules as of now, for
    /// the visiting staff member (an account of the same name here) at the time it happened.
    public func returnResults(from path: String) throws(KioskError) -> FieldReturnSummary {
        try staff.mustBeAllowed(.recordVisitOutcome)
        let results = try database.openFieldFile(FieldResults.self, .results, at: path)
        let visits = VisitsDesk(database: database, staff: staff)
        return try database.write { db in
            var applied: [FieldReturnSummary.Outcome] = []
            for outcome in results.outcomes {
                let result = try apply(db, outcome, visits: visits)
                applied.append(.init(id: outcome.id, booking: outcome.booking, kind: outcome.kind, result: result.0, certificationID: result.1))
            }
            let counts = Dictionary(grouping: applied, by: \.result).map { "\($0.key.rawValue)=\($0.value.count)" }.sorted()
            try AuditLog.append(db, in: database, staff: staff.id, action: .fieldReturned, subject: nil,
                                detail: (["outcomes=\(applied.count)"] + counts).joined(separator: " "))
            return FieldReturnSummary(outcomes: applied)
        }
    }

    private func apply(_ db: Database, _ outcome: FieldResults.Outcome, visits: VisitsDesk) throws -> (FieldOutcomeResult, String?) {
        let asReturned = AuditSubject(table: "field_outcome", id: outcome.id)
        if try database.recordExists(db, table: "visit_event", id: outcome.id) || database.hasAuditEntry(db, subject: asReturned) {
            return (.alreadyReturned, nil)
        }
        guard let record = try database.visitRecords(db, where: outcome.booking).first else { throw KioskError.visitNotFound(outcome.booking) }
        guard let visitor = try database.activeStaff(db, named: outcome.staff) else { throw KioskError.fieldStaffUnknown(outcome.staff) }
        func event(_ kind: String, detail: String, action: AuditAction, certification: String? = nil, keepsSlot: Bool = true) throws {
            try visits.appendEvent(db, record.booking.id, kind: kind, slot: keepsSlot ? record.slot : nil, detail: detail, by: visitor,
                                   action: action, certification: certification, id: outcome.id, at: outcome.at)
        }
        guard outcome.kind == "completed", let certification = outcome.certification else {
            // As at the desk: a miss keeps the day it happened on; another day and a cancellation leave the slot.
            let (action, keepsSlot): (AuditAction, Bool) = switch outcome.kind {
            case "missed": (.visitMissed, true)
            case "rescheduled": (.visitRescheduled, false)
            case "cancelled": (.visitCancelled, false)
            default: throw KioskError.fieldFileRefused(path: "outcome \(outcome.id)", .notAFieldFile)
            }
            // Counts only for a booking still open: one closed meanwhile keeps its state, and the
            // outcome is kept in the audit log.
            guard record.status.isOpen else {
                try AuditLog.append(db, in: database, staff: visitor.id, action: action, subject: asReturned,
                                    detail: "booking=\(record.booking.id) not_applied=\(record.status.rawValue)")
                return (.refused, nil)
            }
            try event(outcome.kind, detail: outcome.detail, action: action, keepsSlot: keepsSlot)
            return (.applied, nil)
        }
        let resident = record.booking.residentID
        guard certification.residentID == resident.fullNumber else { throw KioskError.visitNotFound(outcome.booking) }
        try visitor.mustBeAllowed(.certify)
        let field = "field certification=\(certification.id) receipt=\(certification.receipt)"
        let evidence = [certification.evidence, field].compactMap { $0 }.joined(separator: "; ")
        let file = try database.requireFile(db, resident)
        var result = FieldOutcomeResult.applied
        let certified: Certified
        do {
            certified = try certify(db, resident, evidence: evidence, certification, visitor, again: nil)
        } catch KioskError.alreadyCertified {
            result = .appliedAsRepeat
            certified = try certify(db, resident, evidence: evidence, certification, visitor, again: "certified at home in the field")
        } catch KioskError.refusedByStatus(let status) {
            // The death (or another status) wins: the field's record stays in the booking's history.
            let certifiedOn = database.clock.local(certification.at).date
            if let death = file.death, certifiedOn > death.dateOfDeath {
                try database.raisePosthumousAlert(db, resident, PosthumousCertification(certifiedOn: certifiedOn, diedOn: death.dateOfDeath), by: visitor)
            }
            try event("cancelled", detail: "\(outcome.detail); \(field) at \(database.clock.local(certification.at)) not recorded: \(status.rawValue)",
                      action: .visitCancelled)
            return (status == .deceased ? .deceased : .refused, nil)
        }
        try event("completed", detail: outcome.detail, action: .visitCompleted, certification: certified.certification.id)
        return (result, certified.certification.id)
    }

    /// The field's certification at the desk, under its own id and time; the family has the laptop's receipt.
    private func certify(_ db: Database, _ resident: ResidentID, evidence: String, _ certification: FieldResults.Certification,
                         _ visitor: StaffMember, again: String?) throws -> Certified {
        let certified = try CertifyDesk.record(db, in: database, of: resident, method: .homeVisit, evidence: evidence, again: again,
                                               by: visitor, at: certification.at, id: certification.id)
        try db.execute(sql: "DELETE FROM receipt_pending WHERE certification_id = ?", arguments: [certified.certification.id])
        return certified
    }
}
