import Crypto
import CryptoExtras
import Domain
import Foundation
import GRDB

/// Passwords and sign-in. Passwords are stored as scrypt hashes (N = 2^15, r = 8, p = 1: about
/// 32 MiB and a tenth of a second per try), with the parameters in the stored string so they can
/// be raised later without breaking old accounts.
package enum StaffAccounts {
    static let logRounds = 15
    static let blockSize = 8
    static let parallelism = 1

    package static func hash(password: String) throws(KioskError) -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = generator.next() }
        let key = try derive(password: password, salt: salt, logRounds: logRounds, blockSize: blockSize, parallelism: parallelism)
        return ["scrypt", String(logRounds), String(blockSize), String(parallelism),
                Data(salt).base64EncodedString(), Data(key).base64EncodedString()].joined(separator: "$")
    }

    package static func matches(password: String, stored: String) throws(KioskError) -> Bool {
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

    package static func checkNewAccount(name: String, password: String, policy: SignInPolicy) throws(KioskError) {
        let valid = (2...32).contains(name.count) && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }
        guard valid else { throw .staffNameInvalid(name) }
        guard password.count >= policy.minimumPasswordLength else { throw .passwordTooShort(minimum: policy.minimumPasswordLength) }
    }

    package static func insert(_ db: Database, name: String, role: StaffRole, passwordHash: String, createdBy: String?,
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
