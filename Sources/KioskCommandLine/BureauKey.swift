import Domain
import Files
import Foundation
import Hub
import Matcher
import Reader

/// The bureau's key pair for the city-wide duplicate-finger check (`kiosk hub bureau-key`), each
/// half one line of base64: the private half for `kiosk hub duplicates`, on the bureau's machine
/// only (0600, never on the hub); the public half (the same name with `.pub`) for every kiosk's
/// service-point.yaml (`hub.bureau_key`).
enum BureauKeyFile {
    static func create(at path: String) throws(KioskError) -> (publicFile: String, keyID: String) {
        let publicFile = path + ".pub"
        for file in [path, publicFile] where FileManager.default.fileExists(atPath: file) { throw .fileExists(path: file) }
        let (privateKey, publicKey) = BureauSeal.newKey()
        try PrivateFile.write(Data((Data(privateKey).base64EncodedString() + "\n").utf8), to: path, replacing: false)
        // The public half is no secret: readable by all, so a copy works under any kiosk's user.
        guard FileManager.default.createFile(atPath: publicFile, contents: Data((Data(publicKey).base64EncodedString() + "\n").utf8),
                                             attributes: [.posixPermissions: 0o644]) else {
            throw .fileFailure(path: publicFile, detail: "not written")
        }
        return (publicFile, BureauSeal.keyID(of: publicKey))
    }

    static func readPublic(_ path: String) throws(KioskError) -> [UInt8] {
        guard let key = read(path) else { throw .bureauKeyInvalid(path: path) }
        return key
    }

    /// The private half, refused when anyone but this user may read it.
    static func readPrivate(_ path: String) throws(KioskError) -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .bureauKeyInvalid(path: path) }
        let mode = Int(info.st_mode & 0o777)
        guard mode & 0o077 == 0 else { throw .keyFileTooOpen(path: path, mode: mode) }
        return try readPublic(path)
    }

    private static func read(_ path: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: path),
              let key = Data(base64Encoded: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)),
              key.count == 32 else { return nil }
        return Array(key)
    }
}

extension BureauSealer {
    /// Seals what an image reader's print holds for matching, its minutiae, to the bureau's key;
    /// a match-on-chip print holds none.
    static func live(publicKey: [UInt8]) -> BureauSealer {
        BureauSealer(keyID: BureauSeal.keyID(of: publicKey)) { print, point in
            guard let minutiae = PrintMinutiae.minutiae(of: print.template.data) else { return nil }
            var plaintext = minutiae.encoded
            defer { wipe(&plaintext) }
            return BureauSeal.seal(plaintext, to: publicKey, context: BureauSeal.context(point: point, printID: print.id,
                                                                                        residentID: print.residentID.fullNumber,
                                                                                        finger: print.finger, driver: print.template.driver))
        }
    }

    /// The sealer for service-point.yaml's `hub.bureau_key`, if it names one.
    static func live(_ settings: HubSettings) throws(KioskError) -> BureauSealer? {
        guard let path = settings.bureauKeyFile else { return nil }
        return live(publicKey: try BureauKeyFile.readPublic(path))
    }
}
