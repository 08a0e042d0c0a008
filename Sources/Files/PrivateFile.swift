import Domain
import Foundation

/// Files holding personal data: mode 0600, written whole beside their name and then renamed
/// over it (`PartialFile`), so a reader never sees half a file and nobody else can read it.
public enum PrivateFile {
    /// `replacing: false`: a file already at `path` is never overwritten (`.fileExists`).
    public static func write(_ data: Data, to path: String, replacing: Bool = true) throws(KioskError) {
        let partial = try PartialFile(beside: path)
        do throws(KioskError) {
            try partial.write(data)
            try partial.publish(replacing: replacing)
        } catch {
            partial.discard()
            throw error
        }
    }
}
