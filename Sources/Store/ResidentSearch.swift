import Domain
import Foundation
import GRDB

extension Schema {
    /// The pinyin initials of each resident's name, for the search by initials (`wjg` for 王建国).
    /// Derived from the resident table, never written by the roster import: the search brings it
    /// up to date when the roster has changed since (`resident_initials_state` says when it was
    /// last). Not a record (not audited): it can be dropped and is rebuilt from the roster.
    static func residentInitials(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE resident_initials (
              id_number TEXT PRIMARY KEY NOT NULL,
              name TEXT NOT NULL,
              initials TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX resident_initials_by_initials ON resident_initials(initials);
            -- The roster the initials were taken from: its latest import and its number of residents.
            CREATE TABLE resident_initials_state (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              roster_import TEXT,
              residents INTEGER NOT NULL
            );
            """)
    }
}

/// The initial letter of each character's Mandarin reading, from ICU's Han-Latin transliteration
/// (Foundation's `mandarinToLatin`), one character at a time: a name's characters are read as
/// they most often are (曾 as céng, where the surname is Zēng). Latin letters stand for themselves;
/// anything else (the · of transcribed names, digits) is skipped. Each call of the transform
/// opens an ICU transliterator (about half a millisecond), so characters not met before are
/// transliterated together, one per line, in one call (`learn`).
package struct PinyinInitials {
    private var known: [Character: Character?] = [:]

    package init() {}

    /// Transliterates the characters of `names` not met before, in one call.
    package mutating func learn(_ names: some Sequence<String>) {
        var new: [Character] = []
        var seen = Set<Character>()
        for name in names {
            for character in name where !character.isASCII && known[character] == nil && seen.insert(character).inserted {
                new.append(character)
            }
        }
        guard !new.isEmpty else { return }
        let lines = new.map(String.init).joined(separator: "\n").applyingTransform(.mandarinToLatin, reverse: false)?
            .applyingTransform(.stripDiacritics, reverse: false)?.split(separator: "\n", omittingEmptySubsequences: false)
        guard let lines, lines.count == new.count else { return }  // Left to one call each.
        for (character, line) in zip(new, lines) { known[character] = Self.letter(line.lowercased().first) }
    }

    package mutating func of(_ name: String) -> String {
        var initials = ""
        for character in name {
            if let letter = initial(character) { initials.append(letter) }
        }
        return initials
    }

    private mutating func initial(_ character: Character) -> Character? {
        if character.isASCII { return character.isLetter ? Character(character.lowercased()) : nil }
        if let letter = known[character] { return letter }
        let latin = String(character).applyingTransform(.mandarinToLatin, reverse: false)?
            .applyingTransform(.stripDiacritics, reverse: false)?.lowercased()
        let letter = Self.letter(latin?.first)
        known[character] = letter
        return letter
    }

    private static func letter(_ first: Character?) -> Character? {
        first.flatMap { $0.isASCII && $0.isLetter ? $0 : nil }
    }
}

extension AppDatabase {
    /// Residents whose name contains the text, whose name's initials start with the letters, or
    /// whose phone or ID number ends with the digits; at most `limit`, by name, and whether there
    /// were more. A search by initials first brings the initials up to date with the roster when
    /// the write lock is free (never waiting for an import: it then searches what it has).
    package func findResidents(_ query: ResidentQuery, limit: Int) throws(KioskError) -> (matches: [Resident], more: Bool) {
        if case .initials = query { try updateInitials() }
        return try read { db in
            let columns = ResidentColumns.names.map { "r.\($0)" }.joined(separator: ", ")
            let sql: String
            let arguments: StatementArguments
            switch query {
            case .name(let text):
                sql = "SELECT \(columns) FROM resident r WHERE instr(r.name, ?) > 0 ORDER BY r.name, r.id_number LIMIT ?"
                arguments = [text, limit + 1]
            case .initials(let letters):
                // A range on the index: every initials string that starts with the letters.
                sql = """
                    SELECT \(columns) FROM resident_initials i JOIN resident r ON r.id_number = i.id_number
                    WHERE i.initials >= ? AND i.initials < ? AND r.name = i.name
                    ORDER BY length(i.initials), r.name, r.id_number LIMIT ?
                    """
                arguments = [letters, letters + "\u{7F}", limit + 1]
            case .lastDigits(let digits):
                sql = """
                    SELECT \(columns) FROM resident r
                    WHERE substr(r.id_number, -?1) = ?2 OR substr(r.phone, -?1) = ?2 OR substr(r.local_phone, -?1) = ?2
                    ORDER BY r.name, r.id_number LIMIT ?3
                    """
                arguments = [digits.count, digits, limit + 1]
            }
            let residents = try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in try Resident(row: row) }
            return (Array(residents.prefix(limit)), residents.count > limit)
        }
    }

    /// The roster as it is now: its imports (how many, the latest) and its number of residents.
    private static func rosterState(_ db: Database) throws -> (importID: String?, residents: Int) {
        (try String.fetchOne(db, sql: "SELECT count(*) || ':' || coalesce(max(id), '') FROM roster_import"),
         try Int.fetchOne(db, sql: "SELECT count(*) FROM resident") ?? 0)
    }

    static func initialsAreCurrent(_ db: Database, roster: (importID: String?, residents: Int)) throws -> Bool {
        guard let state = try Row.fetchOne(db, sql: "SELECT roster_import, residents FROM resident_initials_state WHERE id = 1") else { return false }
        return state["roster_import"] as String? == roster.importID && state["residents"] as Int == roster.residents
    }

    /// Brings the initials up to date with the roster when it has changed since they were taken:
    /// only the names added or changed are transliterated, a batch at a time (read, transliterated
    /// outside any transaction, written in a transaction that never waits for the write lock), so
    /// neither an import nor a certification at the counter waits for the search, and memory
    /// stays that of one batch; while the lock is busy the search uses the initials it has, and
    /// the next one carries on where this one stopped.
    package func updateInitials() throws(KioskError) {
        guard let roster = try read({ db in
            let roster = try Self.rosterState(db)
            return try Self.initialsAreCurrent(db, roster: roster) ? nil : roster
        }) else { return }
        var pinyin = PinyinInitials()
        var after = ""
        while true {
            let batch = try read { db in
                try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT r.id_number, r.name FROM resident r WHERE r.id_number > ? AND NOT EXISTS
                      (SELECT 1 FROM resident_initials i WHERE i.id_number = r.id_number AND i.name = r.name)
                    ORDER BY r.id_number LIMIT ?
                    """), arguments: [after, Self.initialsBatch]).map { (id: $0[0] as String, name: $0[1] as String) }
            }
            guard let last = batch.last else { break }
            pinyin.learn(batch.lazy.map(\.name))
            let rows = batch.map { (id: $0.id, name: $0.name, initials: pinyin.of($0.name)) }
            let written = try writeWithoutWaiting { db in
                let insert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO resident_initials (id_number, name, initials) VALUES (?, ?, ?)")
                for row in rows { try insert.execute(arguments: [row.id, row.name, row.initials]) }
            }
            if written == nil { return }
            after = last.id
        }
        _ = try writeWithoutWaiting { db in
            try db.execute(sql: """
                DELETE FROM resident_initials WHERE NOT EXISTS
                  (SELECT 1 FROM resident r WHERE r.id_number = resident_initials.id_number AND r.name = resident_initials.name)
                """)
            // Current only for the roster read at the start; one changed since is taken up by the next search.
            guard try Self.rosterState(db) == roster else { return }
            try db.execute(sql: "INSERT OR REPLACE INTO resident_initials_state (id, roster_import, residents) VALUES (1, ?, ?)",
                           arguments: [roster.importID, roster.residents])
        }
    }

    /// Rows per transaction while the initials are written: a few milliseconds of the write lock each.
    static let initialsBatch = 5_000
}
