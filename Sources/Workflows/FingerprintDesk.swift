import Domain
import Store

/// What a fingerprint workflow reports while it runs, for the screen or the command line to show.
public enum FingerprintProgress: Hashable, Sendable {
    /// Coaching from the reader itself: place, lift, retry, stage n of N, checking.
    case reader(ReaderEvent)
    case askFinger(Finger, attempt: Int, of: Int)
    case notMatched(remaining: Int)
    case timedOut(seconds: Int)
    case enrolFinger(Finger, stages: Int)
    case duplicateCheckPartial(unchecked: Int)
    case duplicateCheckUnavailable(gallery: Int)
    case confirmScan(gallery: Int)

    public var message: Message {
        switch self {
        case .reader(let event): .readerEvent(event)
        case .askFinger(let finger, let attempt, let of): .askFinger(finger, attempt: attempt, of: of)
        case .notMatched(let remaining): .notMatchedTryAgain(remaining: remaining)
        case .timedOut(let seconds): .readerFailure(.timedOut(seconds: seconds))
        case .enrolFinger(let finger, let stages): .enrolFinger(finger, stages: stages)
        case .duplicateCheckPartial(let unchecked): .duplicateCheckPartial(unchecked: unchecked)
        case .duplicateCheckUnavailable(let gallery): .duplicateCheckUnavailable(gallery: gallery)
        case .confirmScan(let gallery): .confirmScan(gallery: gallery)
        }
    }
}

/// The fingerprint work at the service point's desk: certifying and enrolling a resident on the
/// reader, with the status checks, the fallback ladder and the duplicate check. The command line
/// and the terminal UI both run these, so the rules are in one place.
public struct FingerprintDesk: Sendable {
    public typealias Progress = @Sendable (FingerprintProgress) -> Void

    let database: AppDatabase
    let reader: ReaderClient
    let staff: StaffMember

    public init(database: AppDatabase, reader: ReaderClient, staff: StaffMember) {
        self.database = database
        self.reader = reader
        self.staff = staff
    }

    /// The reader operations use: the first one present.
    public func readerInfo() async throws(KioskError) -> ReaderInfo { try await Self.firstReader(reader) }

    public static func firstReader(_ reader: ReaderClient) async throws(KioskError) -> ReaderInfo {
        guard let first = try await reading({ () throws(ReaderFailure) in try await reader.readers() }).first else {
            throw .reader(.noReader)
        }
        return first
    }

    /// The resident's prints this reader can check, after the status engine allows a certification
    /// (so nobody is asked for a finger that could not count).
    public func certificationPrints(of id: ResidentID, again: String?, on info: ReaderInfo) throws(KioskError) -> [StoredPrint] {
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
    public func certify(_ id: ResidentID, again: String? = nil, progress: @escaping Progress) async throws(KioskError) -> KioskCertification {
        let info = try await readerInfo()
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

    /// Enrols one finger: as many scans as the reader asks, then one confirming scan identified
    /// against every print enrolled for other people on this reader and the new one last (when
    /// the reader can identify). A match with someone else's refuses the enrolment and raises a
    /// fraud alert. Returns the stored print.
    public func enroll(_ id: ResidentID, finger: Finger, progress: @escaping Progress) async throws(KioskError) -> StoredPrint {
        try database.checkEnrolment(of: id, finger: finger, by: staff)
        let info = try await readerInfo()
        let coach: ReaderClient.Events = { progress(.reader($0)) }
        // Re-enrolling a finger kept on the reader's chip: the chip's old copy goes first, or the
        // reader would refuse the new one as a duplicate.
        if let earlier = try database.prints(of: id).first(where: { $0.finger == finger }), earlier.template.storedOnDevice,
           earlier.template.fits(info) {
            do throws(ReaderFailure) {
                try await reader.deleteStored(earlier.template)
            } catch .dataNotFound {
                // Already gone from the chip: nothing to delete.
            } catch {
                throw .reader(error)
            }
        }
        let everyone = try database.gallery(excluding: id)
        let gallery = everyone.filter { $0.template.fits(info) }
        if gallery.count < everyone.count { progress(.duplicateCheckPartial(unchecked: everyone.count - gallery.count)) }

        progress(.enrolFinger(finger, stages: info.enrollStages))
        let enrolled: Result<FingerprintTemplate, ReaderFailure>
        do throws(ReaderFailure) {
            enrolled = .success(try await reader.enroll(finger, coach))
        } catch {
            enrolled = .failure(error)
        }
        let template: FingerprintTemplate
        switch enrolled {
        case .success(let made): template = made
        // A match-on-chip reader that finds the finger on its chip refuses it without saying
        // whose: that is an alert too.
        case .failure(.dataDuplicate):
            throw .duplicateFinger(alertID: try database.raiseFraudAlert(enrolling: id, finger: finger, matched: nil, by: staff).id)
        case .failure(let failure): throw .reader(failure)
        }
        if info.has(.identify) {
            try await confirm(template, of: id, finger: finger, against: gallery, coach: coach, progress: progress)
        } else if !gallery.isEmpty {
            progress(.duplicateCheckUnavailable(gallery: gallery.count))
        }
        return try database.saveEnrolledPrint(template, of: id, by: staff)
    }

    /// One more scan, identified against the other residents' prints and the new print last:
    /// another resident's print wins a tie, so one finger cannot slip in under two identities by
    /// showing a different finger at a separate check.
    private func confirm(_ template: FingerprintTemplate, of id: ResidentID, finger: Finger, against gallery: [StoredPrint],
                         coach: @escaping ReaderClient.Events, progress: Progress) async throws(KioskError) {
        progress(.confirmScan(gallery: gallery.count))
        let match = try await Self.reading { () throws(ReaderFailure) in try await reader.identify(gallery.map(\.template) + [template], coach) }
        if match == gallery.count { return }
        if template.storedOnDevice {
            try await Self.reading { () throws(ReaderFailure) in try await reader.deleteStored(template) }
        }
        guard let match else { throw .enrolmentNotConfirmed }
        throw .duplicateFinger(alertID: try database.raiseFraudAlert(enrolling: id, finger: finger, matched: gallery[match], by: staff).id)
    }

    /// A reader call, its failure as the kiosk's error.
    public static func reading<T>(_ body: () async throws(ReaderFailure) -> T) async throws(KioskError) -> T {
        do {
            return try await body()
        } catch {
            throw .reader(error)
        }
    }
}
