import Domain
import GRDB

extension Resident {
    /// Maps the resident columns, selected in `ResidentColumns.names` order from `offset` on, to the
    /// domain value; a contact change made here wins over the roster's. Positional, because the
    /// due report maps tens of thousands of rows at a time.
    init(row: Row, offset: Int = 0) throws(KioskError) {
        func text(_ column: Int) -> String? { row[offset + column] }
        func word<Word: RawRepresentable>(_ column: Int) throws(KioskError) -> Word? where Word.RawValue == String {
            try storedWord(text(column), table: "resident", column: ResidentColumns.names[column])
        }
        self.init(id: ResidentID(trusted: text(0)!), name: text(1)!, insuredRegion: text(2)!,
                  rosterStatus: try storedWord(text(3)!, table: "resident", column: "roster_status"),
                  suspendedSince: text(4).flatMap(YearMonth.init),
                  monthlyPension: (row[offset + 5] as Int64?).map(Money.init(fen:)),
                  phone: text(12) ?? text(6), address: text(13) ?? text(7), community: text(8),
                  mobility: try word(9),
                  rosterCertifiedOn: text(10).flatMap(CivilDate.init),
                  rosterCertificationMethod: try word(11),
                  residence: try word(14))
    }
}

extension AppDatabase {
    /// The resident's file, or nil when the roster has no such person.
    public func residentFile(_ id: ResidentID) throws(KioskError) -> ResidentFile? {
        try read { db in try residentFile(db, id) }
    }

    func residentFile(_ db: Database, _ id: ResidentID) throws -> ResidentFile? {
        let select = try db.cachedStatement(sql: "SELECT \(ResidentColumns.list) FROM resident WHERE id_number = ?")
        guard let row = try Row.fetchOne(select, arguments: [id.fullNumber]) else {
            return nil
        }
        let certification = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT c.*, s.name AS staff_name FROM certification c JOIN staff s ON s.id = c.staff_id
            WHERE c.resident_id = ? ORDER BY c.certified_at DESC LIMIT 1
            """), arguments: [id.fullNumber]).map(certification(from:))
        let death = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT d.*, s.name AS staff_name FROM death_report d JOIN staff s ON s.id = d.staff_id WHERE d.resident_id = ?
            """), arguments: [id.fullNumber]).map { row in
            DeathReport(id: row["id"], dateOfDeath: CivilDate(row["date_of_death"] as String)!, reportedAt: clock.local(row["reported_at"]),
                        reporterName: row["reporter_name"], reporterRelation: row["reporter_relation"],
                        certificateNumber: row["certificate_number"], staffName: row["staff_name"])
        }
        let posthumous = death == nil ? [] : try Row.fetchAll(db.cachedStatement(sql: """
            SELECT certified_on, died_on FROM fraud_alert WHERE resident_id = ? AND certified_on IS NOT NULL ORDER BY certified_on
            """), arguments: [id.fullNumber]).compactMap(Self.posthumous)
        return ResidentFile(resident: try Resident(row: row), lastCertification: certification, death: death, posthumous: posthumous)
    }

    func certification(from row: Row) throws(KioskError) -> KioskCertification {
        KioskCertification(id: row["id"], residentID: row["resident_id"], certifiedAt: clock.local(row["certified_at"]),
                           method: try storedWord(row["method"] as String, table: "certification", column: "method"), servicePoint: row["service_point"],
                           staffName: row["staff_name"], evidence: row["evidence"], receipt: row["receipt"], repeatReason: row["repeat_reason"])
    }

    /// The resident's status now.
    public func status(of file: ResidentFile) -> ResidentStatus {
        engine.status(of: file.resident, kioskCertification: file.certificationFact, death: file.deathFact, at: clock.localNow())
    }

    func requireFile(_ db: Database, _ id: ResidentID) throws -> ResidentFile {
        guard let file = try residentFile(db, id) else { throw KioskError.residentNotFound(id) }
        return file
    }

    /// Records that staff showed a resident's full ID number and phone.
    public func recordReveal(of id: ResidentID, by staff: StaffMember) throws(KioskError) {
        try authorize(staff, .revealIdentity)
        try write { db in
            _ = try requireFile(db, id)
            try AuditLog.append(db, in: self, staff: staff.id, action: .identityRevealed,
                                subject: .init(table: "resident", id: id.fullNumber), detail: "")
        }
    }

    /// Changes a resident's phone and/or address, keeping the old values in the change records.
    public func changeContact(of id: ResidentID, _ entry: ContactEntry, by staff: StaffMember) throws(KioskError) -> [ContactChange] {
        try authorize(staff, .changeContact)
        return try write { db in
            if let problem = entry.problem { throw KioskError.entryInvalid(problem) }
            let (phone, address) = (entry.phone, entry.address)
            let file = try requireFile(db, id)
            if case .notServedHere = status(of: file) { throw KioskError.refusedByStatus(.notServedHere) }
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

            let now = clock.now()
            return try requested.map { field, old, new in
                let change = ContactChange(id: RecordID.make(at: now), field: field, oldValue: old, newValue: new)
                try db.execute(sql: """
                    INSERT INTO contact_change (id, service_point, resident_id, changed_at, staff_id, field, old_value, new_value)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [change.id, servicePoint.code, id.fullNumber, now, staff.id, field.rawValue, old, new])
                try AuditLog.append(db, in: self, staff: staff.id, action: .contactChanged,
                                    subject: .init(table: "contact_change", id: change.id), detail: "field=\(field.rawValue)",
                                    residentDigest: residents)
                return change
            }
        }
    }

    /// Records a death reported by the family. From this moment the person cannot be certified.
    public func reportDeath(of id: ResidentID, _ entry: DeathEntry, by staff: StaffMember) throws(KioskError) -> DeathReport {
        try authorize(staff, .reportDeath)
        return try write { db in
            if let problem = entry.problem { throw KioskError.entryInvalid(problem) }
            let dateOfDeath = entry.dateOfDeath
            let file = try requireFile(db, id)
            if let death = file.death { throw KioskError.deathAlreadyReported(on: death.reportedAt.date) }
            if case .notServedHere = status(of: file) { throw KioskError.refusedByStatus(.notServedHere) }
            let now = clock.now()
            guard dateOfDeath <= clock.local(now).date else { throw KioskError.deathDateInvalid(.inTheFuture) }
            guard dateOfDeath >= id.birthDate else { throw KioskError.deathDateInvalid(.beforeBirth) }
            let reportID = RecordID.make(at: now)
            try db.execute(sql: """
                INSERT INTO death_report (id, service_point, resident_id, reported_at, staff_id, date_of_death,
                                          reporter_name, reporter_relation, certificate_number)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [reportID, servicePoint.code, id.fullNumber, now, staff.id, dateOfDeath.description,
                                 entry.reporterName, entry.relation, entry.certificateNumber])
            try AuditLog.append(db, in: self, staff: staff.id, action: .deathReported, subject: .init(table: "death_report", id: reportID),
                                detail: "")
            // A certification on record dated after the death (FAQ 19-20), a photo taken for one included.
            let photographed = try Int64.fetchOne(db, sql: "SELECT max(captured_at) FROM photo_certification WHERE resident_id = ?",
                                                  arguments: [id.fullNumber]).map { clock.local($0).date }
            let latest = [file.lastCertification?.certifiedAt.date, file.resident.rosterCertifiedOn, photographed].compactMap { $0 }.max()
            if let latest, latest > dateOfDeath {
                try raisePosthumousAlert(db, id, PosthumousCertification(certifiedOn: latest, diedOn: dateOfDeath), by: staff)
            }
            return DeathReport(id: reportID, dateOfDeath: dateOfDeath, reportedAt: clock.local(now), reporterName: entry.reporterName,
                               reporterRelation: entry.relation, certificateNumber: entry.certificateNumber, staffName: staff.name)
        }
    }

    /// Records a certification made at this service point, after checking the status engine
    /// allows it: never for the deceased, the not-served-here or the referred.
    /// `again`: the reason for certifying a cycle already certified (else that is refused).
    public func recordCertification(of id: ResidentID, method: CertificationMethod, evidence: String?, again: String? = nil,
                                    by staff: StaffMember) throws(KioskError) -> Certified {
        try authorize(staff, .certify)
        return try write { db in try insertCertification(db, of: id, method: method, evidence: evidence, again: again, by: staff) }
    }

    /// The certification itself, inside a write the caller holds (a home visit completes in the same one).
    /// `at`: when it happened, if not now (an approved photo counts from when it was taken).
    func insertCertification(_ db: Database, of id: ResidentID, method: CertificationMethod, evidence: String?, again: String? = nil,
                             by staff: StaffMember, at moment: Int64? = nil) throws -> Certified {
        let file = try requireFile(db, id)
        let status = status(of: file)
        if let refusal = status.certificationRefusal(again: again) { throw refusal }
        // A reason given for a cycle not yet certified is no repeat: nothing to record.
        let repeatReason: String? = if case .certified = status { again?.trimmingSpaces() } else { nil }
        let now = moment ?? clock.now()
        let today = clock.local(now).date
        let earlierToday = try Int.fetchOne(db, sql: """
            SELECT count(*) FROM certification WHERE service_point = ? AND certified_at >= ? AND certified_at < ?
            """, arguments: [servicePoint.code, clock.startOfDay(today), clock.startOfDay(today.adding(days: 1))]) ?? 0
        let number = String(earlierToday + 1)
        let receipt = "\(servicePoint.code)-\(today.description.filter(\.isNumber))-" + String(repeating: "0", count: max(0, 4 - number.count)) + number
        let certification = KioskCertification(id: RecordID.make(at: now), residentID: id.fullNumber, certifiedAt: clock.local(now),
                                               method: method, servicePoint: servicePoint.code, staffName: staff.name,
                                               evidence: evidence, receipt: receipt, repeatReason: repeatReason)
        try db.execute(sql: """
            INSERT INTO certification (id, service_point, resident_id, certified_at, method, staff_id, evidence, receipt, repeat_reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [certification.id, servicePoint.code, id.fullNumber, now, method.rawValue, staff.id, evidence, receipt, repeatReason])
        try AuditLog.append(db, in: self, staff: staff.id, action: .certified,
                            subject: .init(table: "certification", id: certification.id),
                            detail: "method=\(method.rawValue)" + (repeatReason == nil ? "" : " repeat"))
        let resident = file.resident
        return Certified(certification: certification, receipt: Receipt(
            receiptNumber: receipt, certificationID: certification.id, maskedID: resident.id.masked, name: resident.name, method: method,
            servicePoint: servicePoint, certifiedAt: certification.certifiedAt, staffName: staff.name, testClock: testClock))
    }

    /// Recomputes the audit chain and every covered record, and checks the given anchors.
    public func verifyAudit(anchors: [AuditAnchor] = []) throws(KioskError) -> AuditVerification {
        try read { db in try AuditLog.verify(db, anchors: anchors) }
    }
}
