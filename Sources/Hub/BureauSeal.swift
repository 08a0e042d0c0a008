import Crypto
import Domain
import Foundation

/// Enrolled prints' minutiae sealed to the bureau, for the city-wide duplicate-finger check.
///
/// Each kiosk seals with the bureau's public key (service-point.yaml's `hub.bureau_key`); only the
/// bureau's private key, kept on the bureau's own machine and never on the hub, opens them. A seal
/// is X25519 with a key made for it alone, the shared secret through HKDF-SHA256 into an
/// AES-256-GCM key: 32 bytes of that key's public half, then nonce, ciphertext and tag. The point,
/// print, resident, finger and reader are bound into it, so the hub (or anyone who can write to its
/// database) cannot move a template to another resident without its no longer opening.
public enum BureauSeal {
    static let label = Data("kiosk bureau template v1".utf8)

    /// A new key pair for the bureau, each half as 32 raw bytes.
    public static func newKey() -> (privateKey: [UInt8], publicKey: [UInt8]) {
        let key = Curve25519.KeyAgreement.PrivateKey()
        return (Array(key.rawRepresentation), Array(key.publicKey.rawRepresentation))
    }

    /// Names a bureau key by its public half: the first 8 bytes of its SHA-256, in hex.
    public static func keyID(of publicKey: [UInt8]) -> String {
        SHA256.hash(data: publicKey).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// What a template is bound to.
    public static func context(point: String, printID: String, residentID: String, finger: Finger, driver: String) -> Data {
        Data("\(point)|\(printID)|\(residentID)|\(finger.rawValue)|\(driver)".utf8)
    }

    /// `plaintext` sealed to the bureau's `publicKey` (32 raw bytes); nil for a key that is not one.
    public static func seal(_ plaintext: [UInt8], to publicKey: [UInt8], context: Data) -> [UInt8]? {
        guard let recipient = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: publicKey) else { return nil }
        let ephemeral = Curve25519.KeyAgreement.PrivateKey()
        guard let shared = try? ephemeral.sharedSecretFromKeyAgreement(with: recipient),
              let box = try? AES.GCM.seal(plaintext, using: key(shared, ephemeral.publicKey, recipient), authenticating: context),
              let combined = box.combined else { return nil }
        return Array(ephemeral.publicKey.rawRepresentation) + Array(combined)
    }

    /// The plaintext of `sealed`, or nil when it does not open with `privateKey` and `context`
    /// (another key, another print, or altered).
    public static func open(_ sealed: [UInt8], with privateKey: Curve25519.KeyAgreement.PrivateKey, context: Data) -> [UInt8]? {
        guard sealed.count > 32, let sender = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: sealed.prefix(32)),
              let shared = try? privateKey.sharedSecretFromKeyAgreement(with: sender),
              let box = try? AES.GCM.SealedBox(combined: sealed.dropFirst(32)),
              let plaintext = try? AES.GCM.open(box, using: key(shared, sender, privateKey.publicKey), authenticating: context) else { return nil }
        return Array(plaintext)
    }

    private static func key(_ shared: SharedSecret, _ sender: Curve25519.KeyAgreement.PublicKey,
                            _ recipient: Curve25519.KeyAgreement.PublicKey) -> SymmetricKey {
        shared.hkdfDerivedSymmetricKey(using: SHA256.self, salt: sender.rawRepresentation + recipient.rawRepresentation,
                                       sharedInfo: label, outputByteCount: 32)
    }
}
