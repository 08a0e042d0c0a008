import Domain
import Store

/// Certifying a resident by fingerprint at the desk: the status checks, the fallback ladder, and
/// the record with its receipt. The command line and the terminal UI both run this.
public struct CertifyDesk: Sendable {
    public typealias Progress = @Sendable (FingerprintProgress) -> Void

    let database: AppDatabase
    let reader: ReaderClient
    let staff: StaffMember

    /// The resident's prints this reader can check, after the status engine allows a certification
    /// (so nobody is asked for a finger that could not count). The record itself checks again,
    /// inside its transaction.
    func certificationPrints(of id: ResidentID, again: String?, on info: ReaderInfo) throws(KioskError) -> [StoredPrint] {
        guard let file = try database.residentFile(id) else { throw .residentNotFound(id) }
        if let refusal = database.status(of: file).certificationRefusal(again: again) { throw refusal }
        let prints = try database.prints(of: id)
        guard !prints.isEmpty else { throw .noPrintsEnrolled }
        let usable = prints.filter { $0.template.fits(info) }
        guard !usable.isEmpty else {
            throw .printsFromAnotherReader(enrolledOn: Array(Set(prints.map { "\($0.template.driver) #\($0.template.deviceID)" })).sorted(),
                                           reader: "\(info.driver) #\(info.deviceID)")
        }
        return usable
    }

    /// Up to the policy's number of scans, the enrolled fingers in turn (any enrolled finger at
    /// once on a reader that can identify); a match records the certification. After the last
    /// failed attempt: `.notMatched`, and staff turn to the fallback. `again`: the reason for
    /// certifying a cycle already certified.
    public func certify(_ id: ResidentID, again: String? = nil, progress: @escaping Progress) async throws(KioskError) -> Certified {
        let info = try await ReaderCalls.firstReader(reader)
        let usable = try certificationPrints(of: id, again: again, on: info)
        let coach: ReaderClient.Events = { progress(.reader($0)) }
        var attempts = FingerprintAttempts(maxAttempts: database.fingerprintPolicy.attempts, fingers: usable.map(\.finger))
        while let finger = attempts.nextFinger {
            progress(.askFinger(finger, attempt: attempts.attemptNumber, of: attempts.maxAttempts))
            let scan: Result<Finger?, ReaderFailure>
            do throws(ReaderFailure) {
                if info.has(.identify), usable.count > 1 {
                    scan = .success(try await reader.identify(usable.map(\.template), coach).map { usable[$0].finger })
                } else {
                    let template = usable.first { $0.finger == finger }!.template
                    scan = .success(try await reader.verify(template, coach) ? finger : nil)
                }
            } catch {
                scan = .failure(error)
            }
            // No finger within the time counts as an attempt, so the fallback still comes.
            let matched: Finger?
            switch scan {
            case .success(let finger): matched = finger
            case .failure(.timedOut(let seconds)):
                progress(.timedOut(seconds: seconds))
                matched = nil
            case .failure(let failure): throw .reader(failure)
            }
            if let matched {
                return try database.recordCertification(
                    of: id, method: .fingerprint, evidence: "reader=\(info.driver)#\(info.deviceID) finger=\(matched.rawValue)", again: again, by: staff)
            }
            attempts.recordMismatch()
            if !attempts.isExhausted { progress(.notMatched(remaining: attempts.maxAttempts - attempts.mismatches)) }
        }
        throw .notMatched(attempts: attempts.maxAttempts)
    }
}
