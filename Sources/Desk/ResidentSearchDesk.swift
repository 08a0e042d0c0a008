import Domain
import Store

extension ResidentsDesk {
    /// Residents found by part of the name, the pinyin initials or the last digits of the phone or
    /// ID number, masked, for staff to choose from (the choice is then looked up by ID as the ID
    /// field does). A search lists several residents' data, so like a report it is allowed by role
    /// and leaves an audit entry: how it searched and how many it found, never what was typed.
    public func find(_ query: ResidentQuery) throws(KioskError) -> ResidentMatches {
        try staff.mustBeAllowed(.viewResident)
        let found = try database.findResidents(query, limit: ResidentQuery.maximumMatches)
        try database.write { db in
            try AuditLog.append(db, in: database, staff: staff.id, action: .residentSearched, subject: nil,
                                detail: "by=\(query.kind) matches=\(found.matches.count)\(found.more ? "+" : "")")
        }
        return ResidentMatches(matches: found.matches.map(\.match), more: found.more)
    }

    /// Brings the pinyin initials up to date with the roster ahead of the first search by initials
    /// (after an import that is the transliteration of the new names; otherwise a look at two
    /// counts). Never waits for the write lock.
    public func prepareSearch() throws(KioskError) {
        try staff.mustBeAllowed(.viewResident)
        try database.updateInitials()
    }

    /// `find` for what staff typed: a query that is none of the three is refused with the rule.
    public func find(_ text: String) throws(KioskError) -> ResidentMatches {
        guard let query = ResidentQuery(text) else { throw .entryInvalid(.notASearch) }
        return try find(query)
    }
}
