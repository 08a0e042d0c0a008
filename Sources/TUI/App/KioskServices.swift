import Domain
import Store
import Foundation
import Photos
import Synchronization
import Desk

/// The live side of the screens: does each `Effect` with the real database, reader, printer and
/// speaker, off the screen's thread, and posts the `Reply` back. One per kiosk.
public final class KioskServices: Sendable {
    public typealias Post = @Sendable (Inbound) -> Void

    /// What reaches the screen's thread from outside: answers, and the reader coming and going.
    public enum Inbound: Sendable {
        case reply(request: Int, Reply)
        case reader(ReaderState)
    }

    let database: AppDatabase
    let reader: ReaderClient
    let receipts: ReceiptPrinter
    let speechCommand: [String]?
    let visitStaff: [VisitStaff]
    let photos: PhotoIntake
    let maxPendingPhotos: Int
    let demo: (@Sendable (DemoPress) -> Void)?
    let post: Post
    /// Who is signed in: every change is made as them.
    private let staff = Mutex<StaffMember?>(nil)

    public init(database: AppDatabase, reader: ReaderClient, receipts: ReceiptPrinter, speechCommand: [String]?,
                visitStaff: [VisitStaff], photos: PhotoSettings, maxPendingPhotos: Int, demo: (@Sendable (DemoPress) -> Void)?,
                post: @escaping Post) {
        self.visitStaff = visitStaff
        self.photos = PhotoIntake(settings: photos)
        self.maxPendingPhotos = maxPendingPhotos
        self.database = database
        self.reader = reader
        self.receipts = receipts
        self.speechCommand = speechCommand
        self.demo = demo
        self.post = post
    }

    /// Looks for the reader and posts what it found.
    public func refreshReader() {
        let reader = reader, post = post
        Task {
            do throws(ReaderFailure) {
                let found = try await reader.readers()
                post(.reader(found.first.map(ReaderState.ready) ?? .absent))
            } catch {
                post(.reader(.failed(error)))
            }
        }
    }

    /// A reader plugged in or pulled out (libfprint's hot-plug events).
    public func readerEvent(_ event: ReaderEvent) {
        switch event {
        case .readerAdded(let info): post(.reader(.ready(info)))
        case .readerRemoved: refreshReader()
        default: break
        }
    }

    public func perform(_ request: KioskApp.Request) {
        switch request.effect {
        case .cancelScan:
            reader.cancel()
        case .signOut:
            staff.withLock { $0 = nil }
        case .speak(let prompt):
            speak(prompt)
        case .bell:
            break // rung by the terminal itself
        case .demo(let press):
            let demo = demo
            Thread.detachNewThread { demo?(press) }
        default:
            let id = request.id
            Task { [self] in
                let reply: Reply
                do throws(KioskError) {
                    reply = try await answer(request.effect, request: id)
                } catch {
                    reply = .failed(error)
                    if case .reader = error { refreshReader() }
                }
                post(.reply(request: id, reply))
            }
        }
    }

    private func signedIn() throws(KioskError) -> StaffMember {
        guard let member = staff.withLock({ $0 }) else { throw .noCredentials }
        return member
    }

    private func record(_ id: ResidentID) throws(KioskError) -> ResidentRecord {
        guard let file = try database.residentFile(id) else { throw .residentNotFound(id) }
        return ResidentRecord(file: file, status: database.status(of: file), fingers: try database.prints(of: id).map(\.finger))
    }

    private func answer(_ effect: Effect, request: Int) async throws(KioskError) -> Reply {
        switch effect {
        case .signIn(let name, let password):
            let member = try database.signIn(name: name, password: password)
            staff.withLock { $0 = member }
            return .signedIn(member)
        case .loadDashboard:
            return .dashboard(try database.dashboard(by: try signedIn()))
        case .lookUp(let id):
            try database.authorize(try signedIn(), .viewResident)
            return .resident(try record(id))
        case .certify(let id, let again):
            let desk = CertifyDesk(database: database, reader: reader, staff: try signedIn())
            let post = post
            let certified = try await desk.certify(id, again: again) { post(.reply(request: request, .progress($0))) }
            return .certified(try receipts.issue(certified.receipt), try record(id))
        case .enroll(let id, let finger):
            let desk = EnrolDesk(database: database, reader: reader, staff: try signedIn())
            let post = post
            let print = try await desk.enroll(id, finger: finger) { post(.reply(request: request, .progress($0))) }
            return .enrolled(print, fingers: try database.prints(of: id).map(\.finger))
        case .changeContact(let id, let phone, let address):
            return .contactChanged(try database.changeContact(of: id, ContactEntry(phone: phone, address: address), by: try signedIn()))
        case .reportDeath(let id, let entry):
            _ = try database.reportDeath(of: id, entry, by: try signedIn())
            return .deathRecorded(try record(id))
        case .loadReport(let kind):
            let member = try signedIn()
            let lines = switch kind {
            case .dueThisMonth: try database.dueReport(month: database.clock.today.yearMonth, by: member)
            case .overdue: try database.overdueReport(by: member)
            case .suspended: try database.suspendedReport(by: member)
            case .referred: try database.referredReport(by: member)
            }
            return .report(kind, lines)
        case .loadAlerts:
            return .alerts(try database.fraudAlerts(includingResolved: false, by: try signedIn()))
        case .resolveAlert(let id, let status, let note):
            try database.resolveFraudAlert(id, as: status, note: note, by: try signedIn())
            return .alertResolved(id: id)
        case .bookVisit(let id, let request):
            let booking = try database.bookVisit(of: id, request, by: try signedIn())
            return .visitBooked(booking, name: try database.residentFile(id)?.resident.name ?? "")
        case .loadVisitQueue:
            return .visitQueue(try database.visitQueue(by: try signedIn()))
        case .loadVisitWeek(let from, let days):
            return .visitWeek(from: from, try database.visitLoad(from: from, days: days, by: try signedIn()))
        case .scheduleVisits(let from, let days):
            return .visitsScheduled(try database.scheduleVisits(from: from, days: days, staff: visitStaff, by: try signedIn()))
        case .recordVisit(let id, let outcome):
            let member = try signedIn()
            switch outcome {
            case .certified(let evidence):
                return .visitRecorded(id: id, receipt: try database.completeVisit(id, evidence: evidence, by: member).receipt.receiptNumber)
            case .missed(let miss): try database.missVisit(id, miss, note: "", by: member)
            case .anotherDay: try database.rescheduleVisit(id, note: "", by: member)
            case .cancelled(let reason): try database.cancelVisit(id, reason: reason, by: member)
            }
            return .visitRecorded(id: id, receipt: nil)
        case .takePhoto(let file, let columns):
            try database.authorize(try signedIn(), .certify)
            do throws(PhotoProblem) {
                let photo = if let file { try photos.load(file: file) } else { try photos.capture() }
                return .photoShot(PhotoShot(jpeg: [UInt8](photo.jpeg), width: photo.width, height: photo.height, fromCamera: file == nil,
                                            preview: try photos.preview(photo, columns: columns)))
            } catch {
                throw .photoRejected(error, source: file ?? photos.settings.camera)
            }
        case .savePhoto(let id, let shot):
            let record = try database.recordPhotoCertification(of: id, jpeg: Data(shot.jpeg), width: shot.width, height: shot.height,
                                                               fromCamera: shot.fromCamera, maxPending: maxPendingPhotos, by: try signedIn())
            return .photoSaved(record, pending: try database.pendingPhotoReviews())
        case .loadPhotoReviews:
            return .photoReviews(try database.photoCertifications(by: try signedIn()))
        case .loadPhoto(let id, let columns):
            let record = try database.photoCertification(id)
            let jpeg = try database.photo(of: id, by: try signedIn())
            do throws(PhotoProblem) {
                return .photoPreview(id: id, try photos.preview(Photo(jpeg: jpeg, width: record.width, height: record.height), columns: columns))
            } catch {
                throw .photoRejected(error, source: id)
            }
        case .reviewPhoto(let id, let approve, let reason):
            if approve { return .photoReviewed(id: id, receipt: try database.approvePhoto(id, by: try signedIn()).receipt.receiptNumber, certified: nil) }
            return .photoReviewed(id: id, receipt: nil, certified: try database.rejectPhoto(id, reason: reason, by: try signedIn()))
        case .cancelScan, .signOut, .speak, .bell, .demo:
            preconditionFailure("handled without a reply")
        }
    }

    /// Starts the speech command with the prompt and does not wait: a missing or failing
    /// speaker never holds up the desk.
    private func speak(_ prompt: Message.Spoken) {
        guard let command = speechCommand, let program = command.first else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + command.dropFirst() + [prompt.mandarin]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }
}
