import Crypto
import Domain
import Foundation
import Matcher
import PostgresNIO

/// The bureau's city-wide duplicate-finger check (`kiosk hub duplicates`): the same finger enrolled
/// under two residents, anywhere in the city.
///
/// Every kiosk with the bureau's public key sends its enrolled prints' minutiae sealed to it
/// (`BureauSeal`, `city.print_template`). The check opens them with the bureau's private key into
/// the kiosk's own 1:N index (`GalleryIndex`: minutiae only, in memory kept out of core dumps and
/// swap, wiped when the check ends), one index per reader model, since prints of different readers
/// do not compare. Then each print not yet checked (or every print, `all`) is searched against
/// its reader's whole gallery: every print of another resident scoring at or above the matcher's
/// threshold is a finding, kept once per pair. Checking only what arrived since the last check is
/// what makes a daily check of a city of a million prints a matter of its day's enrolments.
public struct CityDuplicates: Sendable {
    public struct Print: Sendable, Hashable, Codable {
        public var point: String
        public var printID: String
        public var residentID: String
        public var finger: String
    }

    public struct Finding: Sendable, Hashable, Codable {
        public var driver: String
        public var first: Print
        public var second: Print
        public var score: Double
        /// Found by this check for the first time (false: an earlier check already had it).
        public var new: Bool
    }

    public struct Outcome: Sendable, Hashable, Codable {
        public var keyID: String
        /// Prints opened with the bureau's key, by reader model (driver).
        public var templatesByReader: [String: Int]
        /// Prints sealed to another bureau key (their kiosks have not synced since the key changed).
        public var sealedToOtherKeys: Int
        /// Prints under this key that would not open: altered, or moved to another print or resident.
        public var unopened: [Print]
        /// Prints searched against their reader's gallery by this check.
        public var checked: Int
        public var findings: [Finding]
        /// Reading, opening and indexing every template; then searching those checked.
        public var openSeconds: Double
        public var searchSeconds: Double
        /// What the indexes held in memory (minutiae and their structures).
        public var indexBytes: Int
    }
}

extension HubAdmin {
    /// Runs the check with the bureau's private key (32 raw bytes); `all`: every print, not only
    /// those that arrived since the last check. Records the check, its findings and what it checked.
    public func duplicates(bureauKey: [UInt8], all: Bool) async throws(HubFailure) -> CityDuplicates.Outcome {
        guard let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: bureauKey) else {
            throw .rejected("the bureau key is not an X25519 private key")
        }
        let keyID = BureauSeal.keyID(of: Array(key.publicKey.rawRepresentation))
        let started = DispatchTime.now().uptimeNanoseconds
        let gallery = try await openTemplates(key, keyID: keyID, all: all)
        let opened = DispatchTime.now().uptimeNanoseconds
        var findings: [CityDuplicates.Finding] = []
        var seen: Set<[String]> = []
        for (slot, probe) in gallery.probes {
            let print = gallery.prints[slot]
            for match in gallery.indexes[print.driver]!.rank(probe) where match.score >= PairwiseMatcher.threshold && match.key != slot {
                let other = gallery.prints[match.key]
                guard other.print.residentID != print.print.residentID else { continue }
                let (first, second) = (print.print.point, print.print.printID) < (other.print.point, other.print.printID)
                    ? (print.print, other.print) : (other.print, print.print)
                guard seen.insert([first.point, first.printID, second.point, second.printID]).inserted else { continue }
                findings.append(CityDuplicates.Finding(driver: print.driver, first: first, second: second, score: match.score, new: false))
            }
        }
        let searchSeconds = Double(DispatchTime.now().uptimeNanoseconds - opened) / 1e9
        let checked = gallery.probes.map { gallery.prints[$0.slot] }
        let recorded = findings
        let newPairs = try await connection.transaction { db -> Set<[String]> in
            var checkID: Int64 = 0
            for try await id in try await db.query("""
                INSERT INTO city.duplicate_check (key_id, templates, checked, found) VALUES (\(keyID), \(gallery.prints.count), \(checked.count),
                                                                                             \(recorded.count)) RETURNING id
                """, logger: connection.logger).decode(Int64.self) { checkID = id }
            var new: Set<[String]> = []
            let rows = try await db.query("""
                INSERT INTO city.duplicate_finding (first_point, first_print, first_resident, second_point, second_print, second_resident, driver,
                                                    score, found_in)
                SELECT first_point, first_print, first_resident, second_point, second_print, second_resident, driver, score, \(checkID)
                FROM jsonb_to_recordset(\(try jsonArray(recorded.map(Self.findingFields)))::jsonb)
                  AS f(first_point text, first_print text, first_resident text, second_point text, second_print text, second_resident text,
                       driver text, score double precision)
                ON CONFLICT DO NOTHING RETURNING first_point, first_print, second_point, second_print
                """, logger: connection.logger)
            for try await (a, b, c, d) in rows.decode((String, String, String, String).self) { new.insert([a, b, c, d]) }
            // Only the copy the check read: one a kiosk replaced meanwhile waits for the next check.
            try await db.query("""
                UPDATE city.print_template t SET checked_in = \(checkID)
                FROM jsonb_to_recordset(\(try jsonArray(checked.map { ["point": $0.print.point, "print": $0.print.printID, "arrival": $0.arrival] }))::jsonb)
                  AS c(point text, print text, arrival bigint)
                WHERE t.service_point = c.point AND t.print_id = c.print AND t.arrival = c.arrival
                """, logger: connection.logger)
            return new
        }
        for index in findings.indices {
            let finding = findings[index]
            findings[index].new = newPairs.contains([finding.first.point, finding.first.printID, finding.second.point, finding.second.printID])
        }
        return CityDuplicates.Outcome(keyID: keyID, templatesByReader: gallery.indexes.mapValues(\.count),
                                      sealedToOtherKeys: gallery.otherKeys, unopened: gallery.unopened, checked: checked.count,
                                      findings: findings.sorted { ($0.first.point, $0.first.printID) < ($1.first.point, $1.first.printID) },
                                      openSeconds: Double(opened - started) / 1e9, searchSeconds: searchSeconds,
                                      indexBytes: gallery.indexes.values.reduce(0) { $0 + $1.approximateBytes })
    }

    /// The prints the check reads, opened, in one index per reader, and the minutiae of those it searches.
    private struct OpenedGallery: @unchecked Sendable {
        var prints: [(print: CityDuplicates.Print, driver: String, arrival: Int64)] = []
        var indexes: [String: GalleryIndex<Int>] = [:]
        var probes: [(slot: Int, minutiae: FingerMinutiae)] = []
        var otherKeys = 0
        var unopened: [CityDuplicates.Print] = []
    }

    private func openTemplates(_ key: Curve25519.KeyAgreement.PrivateKey, keyID: String, all: Bool) async throws(HubFailure) -> OpenedGallery {
        // Streamed: each template is opened, added to its index and its plaintext wiped as it comes.
        try await connection.transaction(within: .seconds(3_600)) { db in
            var gallery = OpenedGallery()
            let rows = try await db.query("""
                SELECT service_point, print_id, resident_id, finger, driver, key_id, sealed, arrival, checked_in IS NULL
                FROM city.print_template ORDER BY service_point, print_id
                """, logger: connection.logger)
            for try await (point, printID, residentID, finger, driver, sealedKey, sealed, arrival, unchecked)
                in rows.decode((String, String, String, String, String, String, ByteBuffer, Int64, Bool).self) {
                let print = CityDuplicates.Print(point: point, printID: printID, residentID: residentID, finger: finger)
                guard sealedKey == keyID else {
                    gallery.otherKeys += 1
                    continue
                }
                guard let fingerName = Finger(rawValue: finger),
                      var plaintext = BureauSeal.open(Array(sealed.readableBytesView), with: key,
                                                      context: BureauSeal.context(point: point, printID: printID, residentID: residentID,
                                                                                  finger: fingerName, driver: driver)) else {
                    gallery.unopened.append(print)
                    continue
                }
                let minutiae = FingerMinutiae(encoded: plaintext)
                wipe(&plaintext)
                guard let minutiae else {
                    gallery.unopened.append(print)
                    continue
                }
                let slot = gallery.prints.count
                gallery.prints.append((print, driver, arrival))
                let index = gallery.indexes[driver] ?? GalleryIndex<Int>()
                gallery.indexes[driver] = index
                index.add(slot, minutiae)
                if all || unchecked { gallery.probes.append((slot, minutiae)) }
            }
            for index in gallery.indexes.values { index.trim() }
            return gallery
        }
    }

    private static func findingFields(_ finding: CityDuplicates.Finding) -> [String: Any] {
        ["first_point": finding.first.point, "first_print": finding.first.printID, "first_resident": finding.first.residentID,
         "second_point": finding.second.point, "second_print": finding.second.printID, "second_resident": finding.second.residentID,
         "driver": finding.driver, "score": finding.score]
    }
}
