import Desk
import Domain
import Foundation
import GRDB
@testable import Hub
import Testing

/// Enrolled prints' minutiae sealed to the bureau, for the city-wide duplicate-finger check: what a
/// kiosk's sync sends and withdraws, and what the database lets a point do with them. (The real
/// seal and the check itself, on real prints: KioskCLITests' CityDuplicatesTests.)
@Suite("Hub: prints sealed to the bureau", .serialized, .enabled(if: TestPostgres.available))
struct HubTemplateTests {
    let wang = HubKiosk.id(sequence: "111")
    let li = HubKiosk.id(birth: "19521103", sequence: "222")

    /// Stands for the bureau's sealer: says which key and print it sealed, so the test sees what went up.
    func sealer(_ key: String) -> BureauSealer {
        BureauSealer(keyID: key) { print, point in Array("\(key)|\(point)|\(print.id)".utf8) }
    }

    func kiosk(_ code: String, _ hub: HubSettings, enrolled: [ResidentID]) async throws -> (HubKiosk, ScriptedReader) {
        let kiosk = try HubKiosk(code: code, hub: hub, residents: [wang, li])
        let reader = ScriptedReader()
        for id in enrolled {
            reader.press(.finger(id.fullNumber), .finger(id.fullNumber))
            _ = try await kiosk.desk.enrol(kiosk.admin, reader: reader.client).enroll(id, finger: .rightIndex) { _ in }
        }
        return (kiosk, reader)
    }

    @Test func eachPrintGoesUpOnceAgainUnderANewKeyAndIsWithdrawnWhenUnenrolled() async throws {
        try await TestHub.with { hub in
            let code = "\(hub.prefix)-A"
            let (a, reader) = try await kiosk(code, try await hub.register("A"), enrolled: [wang, li])
            #expect(try await a.sync().templatesSealed == 0, "without a bureau key no minutiae leave the kiosk")
            #expect(try await hub.count("SELECT count(*) FROM city.print_template") == 0)

            let first = try await a.sync(bureau: sealer("k1"))
            #expect(first.templatesSealed == 2)
            #expect(try await hub.count("SELECT count(*) FROM city.print_template WHERE key_id = 'k1' AND service_point = '\(code)'") == 2)
            #expect(try await hub.count("""
                SELECT count(*) FROM city.print_template WHERE convert_from(sealed, 'UTF8') = 'k1|\(code)|' || print_id
                  AND resident_id IN ('\(wang.fullNumber)', '\(li.fullNumber)') AND finger = 'right-index'
                """) == 2)
            #expect(try await a.sync(bureau: sealer("k1")).templatesSealed == 0, "each print goes up once")

            // The bureau's key replaced: every print sealed again, each still one row on the hub, to be checked again.
            try await hub.admin.execute("UPDATE city.print_template SET checked_in = 1")
            #expect(try await a.sync(bureau: sealer("k2")).templatesSealed == 2)
            #expect(try await hub.count("SELECT count(*) FROM city.print_template WHERE key_id = 'k2' AND checked_in IS NULL") == 2)
            #expect(try await hub.count("SELECT count(*) FROM city.print_template") == 2)

            // Unenrolled here: withdrawn from the hub at the next sync.
            try await a.desk.enrol(a.admin, reader: reader.client).unenrol(.rightIndex, of: li)
            let withdrawn = try await a.sync(bureau: sealer("k2"))
            #expect(withdrawn.templatesWithdrawn == 1 && withdrawn.templatesSealed == 0)
            #expect(try await hub.count("SELECT count(*) FROM city.print_template WHERE resident_id = '\(li.fullNumber)'") == 0)
            #expect(try await hub.count("SELECT count(*) FROM city.print_template") == 1)
            // What was sent is in the audit log by its counts and key, never by whose prints.
            let details = try a.database.read { db in
                try String.fetchAll(db, sql: "SELECT detail FROM audit_entry WHERE action = 'hub.bureau_templates' ORDER BY seq")
            }
            #expect(details == ["sealed=2 without_minutiae=0 withdrawn=0 key=k1", "sealed=2 without_minutiae=0 withdrawn=0 key=k2",
                                "sealed=0 without_minutiae=0 withdrawn=1 key=k2"])
            #expect(try a.database.verifyAudit().findings.isEmpty)
        }
    }

    @Test func aPrintWithoutMinutiaeIsCountedAndNotSentAgain() async throws {
        try await TestHub.with { hub in
            let (a, _) = try await kiosk("\(hub.prefix)-A", try await hub.register("A"), enrolled: [wang])
            let onChip = BureauSealer(keyID: "k1") { _, _ in nil }
            let first = try await a.sync(bureau: onChip)
            #expect(first.templatesWithoutMinutiae == 1 && first.templatesSealed == 0)
            #expect(try await hub.count("SELECT count(*) FROM city.print_template") == 0)
            #expect(try await a.sync(bureau: onChip).templatesWithoutMinutiae == 0)
        }
    }

    @Test func aPointReadsAndChangesOnlyItsOwnTemplates() async throws {
        try await TestHub.with { hub in
            let (a, _) = try await kiosk("\(hub.prefix)-A", try await hub.register("A"), enrolled: [wang])
            let (b, _) = try await kiosk("\(hub.prefix)-B", try await hub.register("B"), enrolled: [li])
            _ = try await a.sync(bureau: sealer("k1"))
            _ = try await b.sync(bureau: sealer("k1"))
            let asB = try await HubConnection.open(b.hub)
            #expect(try await asB.int("SELECT count(*) FROM city.print_template") == 1, "B sees its own template only")
            try await asB.execute("DELETE FROM city.print_template")
            try await asB.execute("UPDATE city.print_template SET resident_id = 'x'")
            #expect(try await hub.count("SELECT count(*) FROM city.print_template WHERE service_point = '\(hub.prefix)-A' AND resident_id <> 'x'") == 1)
            await #expect(throws: (any Error).self) {
                try await asB.execute("""
                    INSERT INTO city.print_template (service_point, print_id, resident_id, finger, driver, key_id, sealed, enrolled_at)
                    VALUES ('\(hub.prefix)-A', 'forged', '\(wang.fullNumber)', 'left-index', 'virtual_image', 'k1', decode('00', 'hex'), 0)
                    """)
            }
            await #expect(throws: (any Error).self) { _ = try await asB.int("SELECT count(*) FROM city.duplicate_finding") }
            await asB.close()
        }
    }
}
