import CNcurses
import Foundation

/// A new pseudo-terminal pair: the master side stays here, the program under test opens
/// `replicaPath` as its terminal. For benchmarks that drive `kiosk run` as a person would.
public struct PseudoTerminal: Sendable {
    public let master: Int32
    public let replicaPath: String

    public struct OpenFailed: Error {
        public let detail: String
    }

    public static func open() throws(OpenFailed) -> PseudoTerminal {
        let master = posix_openpt(O_RDWR | O_NOCTTY)
        guard master >= 0 else { throw OpenFailed(detail: String(cString: strerror(errno))) }
        guard grantpt(master) == 0, unlockpt(master) == 0, let name = ptsname(master) else {
            let detail = String(cString: strerror(errno))
            close(master)
            throw OpenFailed(detail: detail)
        }
        return PseudoTerminal(master: master, replicaPath: String(cString: name))
    }
}
