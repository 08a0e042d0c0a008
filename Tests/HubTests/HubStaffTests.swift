import Desk
import Domain
import Foundation
import GRDB
@testable import Hub
import Store
import Testing

/// Staff accounts the bureau manages on the hub: a point has them from its next sync, only where
/// they may work, and an account disabled or moved centrally can no longer sign in there.
/// (In the serialized hub suite: see `staffChanges`.)
extension HubSyncTests {
    /// Syncs until `expected` staff accounts have changed here, or 30 s have passed; the count.
    /// A pull takes only rows of transactions older than every one still running on the server,
    /// so another test's transaction still open when the bureau's change committed holds it back
    /// for a sync or two: the change comes with a later sync, never lost.
    func staffChanges(_ kiosk: HubKiosk, expected: Int) async throws -> Int {
        var changed = 0
        let deadline = ContinuousClock.now + .seconds(30)
        repeat {
            changed += try await kiosk.sync().staffAccountsChanged
            if changed >= expected { break }
            try await Task.sleep(for: .milliseconds(200))
        } while ContinuousClock.now < deadline
        return changed
    }

    @Test func anAccountMadeOnTheHubSignsInWhereItMayWorkUntilDisabled() async throws {
        try await TestHub.with { hub in
            let a = try HubKiosk(code: "\(hub.prefix)-A", hub: try await hub.register("A"), residents: [wang])
            let b = try HubKiosk(code: "\(hub.prefix)-B", hub: try await hub.register("B"), residents: [wang])
            let bureau = HubAdmin(hub.admin)
            let password = "liu-password-2026"
            let hash = try StaffPasswords.hash(password, name: "Liu.Fang", policy: SignInPolicy())
            try await bureau.putStaff(name: "Liu.Fang", role: .supervisor, passwordHash: hash, points: ["\(hub.prefix)-A"])

            #expect(try await staffChanges(a, expected: 1) == 1)
            let liu = try a.desk.signIn(name: "liu.fang", password: password)
            #expect(liu.role == .supervisor)
            #expect(try await b.sync().staffAccountsChanged == 0, "B is not among the account's points")
            #expect(throws: KioskError.self) { try b.desk.signIn(name: "liu.fang", password: password) }
            #expect(try await a.sync().staffAccountsChanged == 0, "pulled once")

            // A new password and a second point: both points have it; the old password is refused.
            let newPassword = "liu-password-2027"
            try await bureau.putStaff(name: "liu.fang", role: .supervisor, passwordHash: try StaffPasswords.hash(newPassword, name: "liu.fang", policy: SignInPolicy()),
                                      points: ["\(hub.prefix)-A", "\(hub.prefix)-B"])
            #expect(try await staffChanges(a, expected: 1) == 1)
            #expect(try await staffChanges(b, expected: 1) == 1)
            #expect(try a.desk.signIn(name: "liu.fang", password: newPassword).role == .supervisor)
            #expect(try b.desk.signIn(name: "liu.fang", password: newPassword).role == .supervisor)
            #expect(throws: KioskError.self) { try a.desk.signIn(name: "liu.fang", password: password) }

            // Moved off A: A learns it (the account is kept, inactive); B keeps it.
            try await bureau.putStaff(name: "liu.fang", role: .operator, passwordHash: try StaffPasswords.hash(newPassword, name: "liu.fang", policy: SignInPolicy()),
                                      points: ["\(hub.prefix)-B"])
            #expect(try await staffChanges(a, expected: 1) == 1)
            #expect(throws: KioskError.accountDisabled) { try a.desk.signIn(name: "liu.fang", password: newPassword) }
            #expect(try await staffChanges(b, expected: 1) == 1)
            #expect(try b.desk.signIn(name: "liu.fang", password: newPassword).role == .operator)

            // Disabled centrally (someone who left): no point lets it in after its next sync.
            try await bureau.disableStaff(name: "LIU.FANG")
            #expect(try await staffChanges(b, expected: 1) == 1)
            #expect(throws: KioskError.accountDisabled) { try b.desk.signIn(name: "liu.fang", password: newPassword) }

            // Every change is in each kiosk's chain, attributed to whoever synced, and the chains verify.
            for kiosk in [a, b] {
                let verification = try kiosk.desk.verifyAudit()
                #expect(verification.findings.isEmpty, "\(verification.findings)")
                let synced = try kiosk.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_entry WHERE action = 'staff.sync'") }
                #expect(synced == 3, "added or changed three times at each point")
            }
            // A point cannot read the accounts of points it never had.
            let c = try await hub.register("C")
            let connection = try await HubConnection.open(c)
            #expect(try await connection.int("SELECT count(*) FROM city.staff_account") == 0)
            await connection.close()
        }
    }
}
