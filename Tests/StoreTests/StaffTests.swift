import Dispatch
import Desk
import Domain
import Testing
@testable import Store

@Suite("Staff sign-in and roles")
struct StaffTests {
    @Test func theRightPasswordSignsIn() throws {
        let kiosk = try TestKiosk()
        let member = try kiosk.database.signIn(name: "admin", password: TestKiosk.adminPassword)
        #expect(member.role == .admin)
        #expect(member.id == kiosk.admin.id)
    }

    @Test func passwordsAreStoredAsScryptHashes() throws {
        let kiosk = try TestKiosk()
        let stored = try kiosk.database.writer.read { try String.fetchOne($0, sql: "SELECT password_hash FROM staff")! }
        #expect(stored.hasPrefix("scrypt$15$8$1$"))
        #expect(!stored.contains(TestKiosk.adminPassword))
    }

    @Test func anUnknownNameAndAWrongPasswordLookAlike() throws {
        let kiosk = try TestKiosk()
        #expect(KioskError.caught { _ = try kiosk.database.signIn(name: "nobody", password: "whatever-1") } == .signInFailed)
        #expect(KioskError.caught { _ = try kiosk.database.signIn(name: "admin", password: "wrong-password") } == .signInFailed)
    }

    @Test func fiveWrongPasswordsLockTheAccountForFifteenMinutes() throws {
        let kiosk = try TestKiosk(at: "2026-11-29T10:00")
        for _ in 1...4 {
            #expect(KioskError.caught { _ = try kiosk.database.signIn(name: "admin", password: "wrong-password") } == .signInFailed)
        }
        let locked = KioskError.caught { _ = try kiosk.database.signIn(name: "admin", password: "wrong-password") }
        #expect(locked == .accountLocked(until: LocalDateTime(date: CivilDate("2026-11-29")!, hour: 10, minute: 15)))
        // Locked: even the right password is refused, and does not extend the lock.
        kiosk.clock.advance(minutes: 14)
        #expect(KioskError.caught { _ = try kiosk.database.signIn(name: "admin", password: TestKiosk.adminPassword) } == locked)
        kiosk.clock.advance(minutes: 1)
        #expect(try kiosk.database.signIn(name: "admin", password: TestKiosk.adminPassword).name == "admin")
        #expect(try kiosk.database.staffAccounts(by: kiosk.admin).first?.failedAttempts == 0)
        #expect(try kiosk.database.verifyAudit().intact)
    }

    @Test func aRightPasswordClearsTheCount() throws {
        let kiosk = try TestKiosk()
        for _ in 1...3 { _ = KioskError.caught { _ = try kiosk.database.signIn(name: "admin", password: "wrong-password") } }
        #expect(try kiosk.database.staffAccounts(by: kiosk.admin).first?.failedAttempts == 3)
        _ = try kiosk.database.signIn(name: "admin", password: TestKiosk.adminPassword)
        for _ in 1...4 { _ = KioskError.caught { _ = try kiosk.database.signIn(name: "admin", password: "wrong-password") } }
        #expect(try kiosk.database.staffAccounts(by: kiosk.admin).first?.lockedUntil == nil)
    }

    @Test func anAdminUnlocksAnotherAccount() throws {
        let kiosk = try TestKiosk()
        _ = try kiosk.database.addStaff(name: "li.operator", role: .operator, password: "operator-pass", by: kiosk.admin)
        for _ in 1...5 { _ = KioskError.caught { _ = try kiosk.database.signIn(name: "li.operator", password: "nope-nope") } }
        #expect(try kiosk.database.staffAccounts(by: kiosk.admin).first { $0.name == "li.operator" }?.lockedUntil != nil)
        try kiosk.database.unlockStaff(name: "li.operator", by: kiosk.admin)
        #expect(try kiosk.database.signIn(name: "li.operator", password: "operator-pass").role == .operator)
        let actions = try kiosk.database.writer.read { try String.fetchAll($0, sql: "SELECT action FROM audit_entry ORDER BY seq") }
        #expect(actions.contains(AuditAction.accountLocked.rawValue) && actions.contains(AuditAction.staffUnlocked.rawValue))
    }

    @Test func rolesLimitWhatStaffMayDo() throws {
        let kiosk = try TestKiosk()
        let clerk = try kiosk.database.addStaff(name: "zhang", role: .operator, password: "operator-pass", by: kiosk.admin)
        let path = try kiosk.roster([rosterLine(id: IDs.make(birth: "19500615"))])
        #expect(KioskError.caught { _ = try kiosk.database.desk.roster(clerk).importRoster(path: path, strict: false) }
                == .notPermitted(role: .operator, action: .importRoster))
        #expect(KioskError.caught { _ = try kiosk.database.addStaff(name: "wang", role: .admin, password: "another-pass", by: clerk) }
                == .notPermitted(role: .operator, action: .manageStaff))
        #expect(KioskError.caught { _ = try kiosk.database.desk.reports(clerk).due(in: YearMonth("2026-11")!) }
                == .notPermitted(role: .operator, action: .viewReports))
    }

    @Test func newAccountsNeedAValidNameAndALongPassword() throws {
        let kiosk = try TestKiosk()
        #expect(KioskError.caught { _ = try kiosk.database.addStaff(name: "li", role: .operator, password: "short", by: kiosk.admin) }
                == .passwordTooShort(minimum: 8))
        #expect(KioskError.caught { _ = try kiosk.database.addStaff(name: "a b", role: .operator, password: "long-enough", by: kiosk.admin) }
                == .staffNameInvalid("a b"))
        #expect(KioskError.caught { _ = try kiosk.database.addStaff(name: "ADMIN", role: .operator, password: "long-enough", by: kiosk.admin) }
                == .staffNameTaken("ADMIN"))
    }
}

@Suite("Sign-in under contention")
struct ParallelSignInTests {
    @Test func wrongPasswordsTriedInParallelAllCount() throws {
        let kiosk = try TestKiosk(onDisk: true)
        let database = kiosk.database
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            _ = KioskError.caught { _ = try database.signIn(name: "admin", password: "wrong-password") }
        }
        #expect(try kiosk.database.staffAccounts(by: kiosk.admin).first?.lockedUntil != nil)
        #expect(try kiosk.database.verifyAudit().intact)
    }
}
