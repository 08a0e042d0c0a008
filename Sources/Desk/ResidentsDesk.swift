import Domain
import GRDB
import Store

/// Looking residents up, and what the family reports at the desk (FAQ 15, 18).
public struct ResidentsDesk: Sendable {
    let database: AppDatabase
    let staff: StaffMember

    public func record(_ id: ResidentID) throws(KioskError) -> ResidentRecord {
        try staff.mustBeAllowed(.viewResident)
        return try Self.lookUp(id, in: database)
    }

    /// The file, the status today and the enrolled fingers: what every look-up shows.
    static func lookUp(_ id: ResidentID, in database: AppDatabase) throws(KioskError) -> ResidentRecord {
        guard let file = try database.residentFile(id) else { throw .residentNotFound(id) }
        return ResidentRecord(file: file, status: database.status(of: file), fingers: try database.prints(of: id).map(\.finger))
    }

    /// Records that staff showed a resident's full ID number and phone.
    func recordReveal(of id: ResidentID) throws(KioskError) {
        try staff.mustBeAllowed(.revealIdentity)
        try database.write { db in
            _ = try database.requireFile(db, id)
            try AuditLog.append(db, in: database, staff: staff.id, action: .identityRevealed,
                                subject: .init(table: "resident", id: id.fullNumber), detail: "")
        }
    }

    /// Changes a resident's phone and/or address, keeping the old values in the change records.
    public func changeContact(of id: ResidentID, _ entry: ContactEntry) throws(KioskError) -> [ContactChange] {
        try staff.mustBeAllowed(.changeContact)
        return try database.write { db in
            if let problem = entry.problem { throw KioskError.entryInvalid(problem) }
            let (phone, address) = (entry.phone, entry.address)
            let file = try database.requireFile(db, id)
            if case .notServedHere = database.status(of: file) { throw KioskError.refusedByStatus(.notServedHere) }
            var requested: [(ContactChange.Field, String?, String)] = []
            if let phone, phone != file.resident.phone { requested.append((.phone, file.resident.phone, phone)) }
            if let address, address != file.resident.address { requested.append((.address, file.resident.address, address)) }
            guard !requested.isEmpty else { throw KioskError.contactUnchanged }

            var residents = try AuditLog.head(db).residentDigest
            residents.remove(try AuditLog.residentDigest(db, id)!)
            for (field, _, value) in requested {
                try db.execute(sql: "UPDATE resident SET local_\(field.rawValue) = ? WHERE id_number = ?", arguments: [value, id.fullNumber])
            }
            residents.add(try AuditLog.residentDigest(db, id)!)

            let now = database.clock.now()
            return try requested.map { field, old, new in
                let change = ContactChange(id: RecordID.make(at: now), field: field, oldValue: old, newValue: new)
                try db.execute(sql: """
                    INSERT INTO contact_change (id, service_point, resident_id, changed_at, staff_id, field, old_value, new_value)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [change.id, database.servicePoint.code, id.fullNumber, now, staff.id, field.rawValue, old, new])
                try AuditLog.append(db, in: database, staff: staff.id, action: .contactChanged,
                                    subject: .init(table: "contact_change", id: change.id), detail: "field=\(field.rawValue)",
                                    residentDigest: residents)
                return change
            }
        }
    }

    /// Records a death reported by the family. From this moment the person cannot be certified.
    public func reportDeath(of id: ResidentID, _ entry: DeathEntry) throws(KioskError) -> DeathReport {
        try staff.mustBeAllowed(.reportDeath)
        return try database.write { db in
            if let problem = entry.problem { throw KioskError.entryInvalid(problem) }
            let dateOfDeath = entry.dateOfDeath
            let file = try database.requireFile(db, id)
            if let death = file.death { throw KioskError.deathAlreadyReported(on: death.reportedAt.date) }
            if case .notServedHere = database.status(of: file) { throw KioskError.refusedByStatus(.notServedHere) }
            let now = database.clock.now()
            guard dateOfDeath <= database.clock.local(now).date else { throw KioskError.deathDateInvalid(.inTheFuture) }
            guard dateOfDeath >= id.birthDate else { throw KioskError.deathDateInvalid(.beforeBirth) }
            let reportID = RecordID.make(at: now)
            try db.execute(sql: """
                INSERT INTO death_report (id, service_point, resident_id, reported_at, staff_id, date_of_death,
                                          reporter_name, reporter_relation, certificate_number)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [reportID, database.servicePoint.code, id.fullNumber, now, staff.id, dateOfDeath.description,
                                 entry.reporterName, entry.relation, entry.certificateNumber])
            try AuditLog.append(db, in: database, staff: staff.id, action: .deathReported, subject: .init(table: "death_report", id: reportID),
                                detail: "")
            // A certification on record dated after the death (FAQ 19-20), a photo taken for one included.
            let photographed = try Int64.fetchOne(db, sql: "SELECT max(captured_at) FROM photo_certification WHERE resident_id = ?",
                                                  arguments: [id.fullNumber]).map { database.clock.local($0).date }
            let latest = [file.lastCertification?.certifiedAt.date, file.resident.rosterCertifiedOn, photographed].compactMap { $0 }.max()
            if let latest, latest > dateOfDeath {
                try database.raisePosthumousAlert(db, id, PosthumousCertification(certifiedOn: latest, diedOn: dateOfDeath), by: staff)
            }
            return DeathReport(id: reportID, dateOfDeath: dateOfDeath, reportedAt: database.clock.local(now), reporterName: entry.reporterName,
                               reporterRelation: entry.relation, certificateNumber: entry.certificateNumber, staffName: staff.name)
        }
    }
}

extension ResidentsDesk {
    /// The full ID number and phone for a staff member allowed to see them, the look recorded in the audit log.
    public func reveal(_ id: ResidentID) throws(KioskError) -> ResidentRecord {
        try recordReveal(of: id)
        return try record(id)
    }
}

