import Domain
import Store

/// Enrolling a resident's finger at the desk, with the duplicate check against everyone else
/// enrolled on this reader. The command line and the terminal UI both run this.
public struct EnrolDesk: Sendable {
    public typealias Progress = @Sendable (FingerprintProgress) -> Void

    let database: AppDatabase
    let reader: ReaderClient
    let staff: StaffMember

    /// Enrols one finger: as many scans as the reader asks, then one confirming scan identified
    /// against every print enrolled for other people on this reader and the new one last (when
    /// the reader can identify). A match with someone else's refuses the enrolment and raises a
    /// fraud alert. The rules are checked before the first scan (nobody presses a finger for
    /// nothing) and again inside the transaction that saves the print. Returns the stored print.
    public func enroll(_ id: ResidentID, finger: Finger, progress: @escaping Progress) async throws(KioskError) -> StoredPrint {
        try database.checkEnrolment(of: id, finger: finger, by: staff)
        let info = try await ReaderCalls.firstReader(reader)
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
        let match = try await ReaderCalls.reading { () throws(ReaderFailure) in try await reader.identify(gallery.map(\.template) + [template], coach) }
        if match == gallery.count { return }
        if template.storedOnDevice {
            try await ReaderCalls.reading { () throws(ReaderFailure) in try await reader.deleteStored(template) }
        }
        guard let match else { throw .enrolmentNotConfirmed }
        throw .duplicateFinger(alertID: try database.raiseFraudAlert(enrolling: id, finger: finger, matched: gallery[match], by: staff).id)
    }
}
