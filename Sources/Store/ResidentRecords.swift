import Domain
import GRDB

extension Resident {
    /// Maps the resident columns, selected in `ResidentColumns.names` order from `offset` on, to the
    /// domain value; a contact change made here wins over the roster's. Positional, because the
    /// due report maps tens of thousands of rows at a time.
    package init(row: Row, offset: Int = 0) throws(KioskError) {
        typealias Column = ResidentColumns
        func text(_ column: Int) -> String? { row[offset + column] }
        func word<Word: RawRepresentable>(_ column: Int) throws(KioskError) -> Word? where Word.RawValue == String {
            try storedWord(text(column), table: "resident", column: Column.names[column])
        }
        self.init(id: ResidentID(trusted: text(Column.idColumn)!), name: text(Column.nameColumn)!, insuredRegion: text(Column.insuredRegionColumn)!,
                  rosterStatus: try word(Column.statusColumn)!,
                  suspendedSince: text(Column.suspendedSinceColumn).flatMap(YearMonth.init),
                  monthlyPension: (row[offset + Column.pensionColumn] as Int64?).map(Money.init(fen:)),
                  phone: text(Column.localPhoneColumn) ?? text(Column.phoneColumn),
                  address: text(Column.localAddressColumn) ?? text(Column.addressColumn), community: text(Column.communityColumn),
                  mobility: try word(Column.mobilityColumn),
                  rosterCertifiedOn: text(Column.lastCertifiedColumn).flatMap(CivilDate.init),
                  rosterCertificationMethod: try word(Column.lastMethodColumn),
                  residence: try word(Column.residenceColumn))
    }
}

extension AppDatabase {
    /// The resident's file, or nil when the roster has no such person.
    public func residentFile(_ id: ResidentID) throws(KioskError) -> ResidentFile? {
        try read { db in try residentFile(db, id) }
    }

    package func residentFile(_ db: Database, _ id: ResidentID) throws -> ResidentFile? {
        let select = try db.cachedStatement(sql: "SELECT \(ResidentColumns.list) FROM resident WHERE id_number = ?")
        guard let row = try Row.fetchOne(select, arguments: [id.fullNumber]) else {
            return nil
        }
        let certification = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT * FROM certification_anywhere WHERE resident_id = ? ORDER BY certified_at DESC LIMIT 1
            """), arguments: [id.fullNumber]).map(certification(from:))
        let death = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT * FROM death_anywhere WHERE resident_id = ? ORDER BY reported_at LIMIT 1
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

    package func certification(from row: Row) throws(KioskError) -> KioskCertification {
        let stored: CertificationRow
        do { stored = try CertificationRow(row: row) } catch { throw .databaseFailure(path: path, detail: "certification: \(error)") }
        return try stored.certification(clock)
    }

    /// The resident's status now.
    public func status(of file: ResidentFile) -> ResidentStatus {
        engine.status(of: file.resident, kioskCertification: file.certificationFact, death: file.deathFact, at: clock.localNow())
    }

    package func requireFile(_ db: Database, _ id: ResidentID) throws -> ResidentFile {
        guard let file = try residentFile(db, id) else { throw KioskError.residentNotFound(id) }
        return file
    }

    /// Recomputes the audit chain and every covered record, and checks the given anchors.
    public func verifyAudit(anchors: [AuditAnchor] = []) throws(KioskError) -> AuditVerification {
        try read { db in try AuditLog.verify(db, anchors: anchors) }
    }
}
