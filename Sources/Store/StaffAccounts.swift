import Crypto
import CryptoExtras
import Domain
import Foundation
import GRDB

/// Passwords and sign-in. Passwords are stored as scrypt hashes (N = 2^15, r = 8, p = 1: about
/// 32 MiB and a tenth of a second per try), with the parameters in the stored string so they can
/// be raised later without breaking old accounts.
enum StaffAccounts {
    static let logRounds = 15
    static let blockSize = 8
    static let parallelism = 1

    static func hash(password: String) throws(KioskError) -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = generator.next() }
        let key = try derive(password: password, salt: salt, logRounds: logRounds, blockSize: blockSize, parallelism: parallelism)
        return ["scrypt", String(logRounds), String(blockSize), String(parallelism),
                Data(salt).base64EncodedString(), Data(key).base64EncodedString()].joined(separator: "$")
    }

    static func matches(password: String, stored: String) throws(KioskError) -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let logRounds = Int(parts[1]), let blockSize = Int(parts[2]),
              let parallelism = Int(parts[3]), let salt = Data(base64Encoded: parts[4]), let expected = Data(base64Encoded: parts[5]) else {
            return false
        }
        let key = try derive(password: password, salt: Array(salt), logRounds: logRounds, blockSize: blockSize, parallelism: parallelism)
        // Constant time: every byte is compared whatever the first difference.
        guard key.count == expected.count else { return false }
        return zip(key, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func derive(password: String, salt: [UInt8], logRounds: Int, blockSize: Int, parallelism: Int) throws(KioskError) -> [UInt8] {
        do {
            let key = try KDF.Scrypt.deriveKey(from: Array(password.utf8), salt: salt, outputByteCount: 32,
                                               rounds: 1 << logRounds, blockSize: blockSize, parallelism: parallelism)
            return key.withUnsafeBytes { Array($0) }
        } catch {
            throw .databaseFailure(path: "scrypt", detail: String(describing: error))
        }
    }

    static func checkNewAccount(name: String, password: String, policy: SignInPolicy) throws(KioskError) {
        let valid = (2...32).contains(name.count) && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }
        guard valid else { throw .staffNameInvalid(name) }
        guard password.count >= policy.minimumPasswordLength else { throw .passwordTooShort(minimum: policy.minimumPasswordLength) }
    }

    static func insert(_ db: Database, name: String, role: StaffRole, passwordHash: String, createdBy: String?,
                       in database: AppDatabase) throws -> StaffMember {
        let now = database.clock.now()
        let id = RecordID.make(at: now)
        do {
            try db.execute(sql: """
                INSERT INTO staff (id, service_point, name, role, password_hash, created_at, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, database.servicePoint.code, name, role.rawValue, passwordHash, now, createdBy])
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw KioskError.staffNameTaken(name)
        }
        return StaffMember(id: id, name: name, role: role)
    }
}

extension AppDatabase {
    private enum SignInOutcome {
        case signedIn(StaffMember)
        case refused(KioskError)
    }

    /// Checks a staff member's password. Wrong passwords count towards the lock, and the count is
    /// committed (and audited) even though the sign-in fails. The count is read and raised inside
    /// one write transaction, so attempts made in parallel each count.
    public func signIn(name: String, password: String) throws(KioskError) -> StaffMember {
        let account = try read { db in try Row.fetchOne(db, sql: "SELECT * FROM staff WHERE name = ?", arguments: [name]) }
        guard let account else {
            // Spend the same time as a real check, so a wrong name is not told apart by timing.
            _ = try StaffAccounts.matches(password: password, stored: "scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA")
            throw .signInFailed
        }
        let member = StaffMember(id: account["id"], name: account["name"], role: try storedWord(account["role"] as String, table: "staff", column: "role"))
        guard account["active"] as Bool else { throw .accountDisabled }
        let lockedAtFirst: Int64? = account["locked_until"]
        if signInPolicy.isLocked(lockedUntil: lockedAtFirst, now: clock.now() / 1000) {
            throw .accountLocked(until: clock.local(lockedAtFirst! * 1000))
        }
        let passwordMatches = try StaffAccounts.matches(password: password, stored: account["password_hash"])

        let outcome: SignInOutcome = try write { db in
            let current = try Row.fetchOne(db, sql: "SELECT failed_attempts, locked_until FROM staff WHERE id = ?", arguments: [member.id])!
            let failures: Int = current["failed_attempts"]
            let lockedUntil: Int64? = current["locked_until"]
            let seconds = clock.now() / 1000
            if signInPolicy.isLocked(lockedUntil: lockedUntil, now: seconds) {
                return .refused(.accountLocked(until: clock.local(lockedUntil! * 1000)))
            }
            if passwordMatches {
                if failures > 0 || lockedUntil != nil {
                    try db.execute(sql: "UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ?", arguments: [member.id])
                    try AuditLog.append(db, in: self, staff: member.id, action: .signInCountReset,
                                        subject: .init(table: "staff", id: member.id), detail: "")
                }
                return .signedIn(member)
            }
            let next = signInPolicy.afterFailure(previousFailures: failures, now: seconds)
            try db.execute(sql: "UPDATE staff SET failed_attempts = ?, locked_until = ? WHERE id = ?",
                           arguments: [next.failures, next.lockedUntil, member.id])
            if let until = next.lockedUntil {
                try AuditLog.append(db, in: self, staff: member.id, action: .accountLocked, subject: .init(table: "staff", id: member.id),
                                    detail: "failures=\(signInPolicy.maxFailures)")
                return .refused(.accountLocked(until: clock.local(until * 1000)))
            }
            try AuditLog.append(db, in: self, staff: member.id, action: .signInFailed, subject: .init(table: "staff", id: member.id),
                                detail: "failures=\(next.failures)")
            return .refused(.signInFailed)
        }
        switch outcome {
        case .signedIn(let member): return member
        case .refused(let error): throw error
        }
    }

    /// An admin opens a new account.
    public func addStaff(name: String, role: StaffRole, password: String, by admin: StaffMember) throws(KioskError) -> StaffMember {
        try authorize(admin, .manageStaff)
        try StaffAccounts.checkNewAccount(name: name, password: password, policy: signInPolicy)
        let hash = try StaffAccounts.hash(password: password)
        return try write { db in
            let member = try StaffAccounts.insert(db, name: name, role: role, passwordHash: hash, createdBy: admin.id, in: self)
            try AuditLog.append(db, in: self, staff: admin.id, action: .staffCreated, subject: .init(table: "staff", id: member.id),
                                detail: "role=\(role.rawValue)")
            return member
        }
    }

    /// An admin clears a lock before it runs out.
    public func unlockStaff(name: String, by admin: StaffMember) throws(KioskError) {
        try authorize(admin, .manageStaff)
        try write { db in
            guard let id = try String.fetchOne(db, sql: "SELECT id FROM staff WHERE name = ?", arguments: [name]) else {
                throw KioskError.staffNotFound(name)
            }
            try db.execute(sql: "UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ?", arguments: [id])
            try AuditLog.append(db, in: self, staff: admin.id, action: .staffUnlocked, subject: .init(table: "staff", id: id), detail: "")
        }
    }

    public func staffAccounts() throws(KioskError) -> [StaffAccount] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT name, role, active, locked_until, failed_attempts FROM staff ORDER BY name").map { row in
                let lockedUntil: Int64? = row["locked_until"]
                let stillLocked = lockedUntil.map { signInPolicy.isLocked(lockedUntil: $0, now: clock.now() / 1000) } ?? false
                return StaffAccount(name: row["name"], role: try storedWord(row["role"] as String, table: "staff", column: "role"), active: row["active"],
                                    lockedUntil: stillLocked ? clock.local(lockedUntil! * 1000) : nil, failedAttempts: row["failed_attempts"])
            }
        }
    }
}
