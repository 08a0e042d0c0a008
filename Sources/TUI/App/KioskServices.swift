import Domain
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
        /// A reader was pulled out: the header says so at once, before the readers are looked for again.
        case readerRemoved(deviceID: String)
        /// A sync with the city hub ended (or the kiosk started): what the header says of it.
        case hub(HubStatus)
    }

    /// How the screen's kiosk reaches the city hub: a new connection for each sync, and how often.
    public struct HubLink: Sendable {
        public var connect: @Sendable () async throws(HubFailure) -> HubClient
        public var every: Duration
        /// Seals enrolled prints' minutiae to the bureau's key (nil: none leave the kiosk).
        public var bureau: BureauSealer?

        public init(every: Duration, bureau: BureauSealer? = nil, connect: @escaping @Sendable () async throws(HubFailure) -> HubClient) {
            self.connect = connect
            self.every = every
            self.bureau = bureau
        }
    }

    let desk: ServiceDesk
    let reader: ReaderClient
    let speechCommand: [String]?
    let visitStaff: [VisitStaff]
    let photos: PhotoIntake
    let maxPendingPhotos: Int
    let demo: (@Sendable (DemoPress) -> Void)?
    let post: Post
    /// Who is signed in: every change is made as them.
    private let staff = Mutex<StaffMember?>(nil)
    /// Asks for a sync with the hub now (at sign-in, and on the timer); nil without a hub.
    private let hubSyncNow: AsyncStream<Void>.Continuation?

    public init(desk: ServiceDesk, reader: ReaderClient, speechCommand: [String]?,
                visitStaff: [VisitStaff], photos: PhotoSettings, maxPendingPhotos: Int, demo: (@Sendable (DemoPress) -> Void)?,
                hub: HubLink? = nil, post: @escaping Post) {
        self.visitStaff = visitStaff
        self.photos = PhotoIntake(settings: photos)
        self.maxPendingPhotos = maxPendingPhotos
        self.desk = desk
        self.reader = reader
        self.speechCommand = speechCommand
        self.demo = demo
        self.post = post
        guard let hub else {
            hubSyncNow = nil
            return
        }
        // One sync at a time; a request made while one runs is kept (one), not queued up.
        let (requests, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        hubSyncNow = continuation
        if let status = try? desk.hubStatus() { post(.hub(status)) }
        Task { [self] in
            for await _ in requests { await syncWithHub(hub) }
        }
        Task {
            while true {
                try? await Task.sleep(for: hub.every)
                continuation.yield()
            }
        }
    }

    /// Syncs as the staff member signed in (the changes the city's records bring are made as them);
    /// with nobody signed in, nothing is synced. The header then shows the outcome.
    private func syncWithHub(_ link: HubLink) async {
        guard let member = staff.withLock({ $0 }) else { return }
        var failed = false
        do throws(HubFailure) {
            let hub = try await link.connect()
            do throws(KioskError) { _ = try await desk.sync(member, hub: hub, bureau: link.bureau).sync() } catch { failed = true }
            await hub.close()
        } catch {
            failed = true
        }
        if let status = try? desk.hubStatus(lastTryFailed: failed) { post(.hub(status)) }
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
        case .readerRemoved(let deviceID):
            post(.readerRemoved(deviceID: deviceID))
            refreshReader()
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

    private func answer(_ effect: Effect, request: Int) async throws(KioskError) -> Reply {
        switch effect {
        case .signIn(let name, let password):
            let member = try desk.signIn(name: name, password: password)
            staff.withLock { $0 = member }
            hubSyncNow?.yield()
            // The search's initials after an import, off the screen's way, so the first search does not wait for them.
            let residents = desk.residents(member)
            Task.detached(priority: .background) { try? residents.prepareSearch() }
            return .signedIn(member)
        case .loadDashboard:
            return .dashboard(try desk.reports(try signedIn()).dashboard())
        case .lookUp(let id):
            return .resident(try desk.residents(try signedIn()).record(id))
        case .findResidents(let query):
            return .residentMatches(try desk.residents(try signedIn()).find(query))
        case .certify(let id, let again, let attemptsUsed):
            let member = try signedIn()
            let post = post
            let certified = try await desk.certify(member, reader: reader).certify(id, again: again, attemptsUsed: attemptsUsed) { post(.reply(request: request, .progress($0))) }
            return .certified(try desk.receipts.issue(certified), try desk.residents(member).record(id))
        case .identify:
            let post = post
            return .identified(try await desk.certify(try signedIn(), reader: reader).identify { post(.reply(request: request, .progress(.reader($0)))) })
        case .certifyIdentified(let identification, let again):
            let member = try signedIn()
            let certified = try desk.certify(member, reader: reader).certify(identification, again: again)
            return .certified(try desk.receipts.issue(certified), try desk.residents(member).record(identification.record.id))
        case .reprintReceipt(let number):
            return .receiptReprinted(try desk.receipts.reprint(number, by: try signedIn()))
        case .enroll(let id, let finger):
            let member = try signedIn()
            let post = post
            let print = try await desk.enrol(member, reader: reader).enroll(id, finger: finger) { post(.reply(request: request, .progress($0))) }
            return .enrolled(print, fingers: try desk.residents(member).record(id).fingers)
        case .changeContact(let id, let phone, let address):
            return .contactChanged(try desk.residents(try signedIn()).changeContact(of: id, ContactEntry(phone: phone, address: address)))
        case .reportDeath(let id, let entry):
            let residents = desk.residents(try signedIn())
            _ = try residents.reportDeath(of: id, entry)
            return .deathRecorded(try residents.record(id))
        case .loadReport(let kind):
            // The same lists, audited the same way, and the same "today" as `kiosk report`.
            let reports = desk.reports(try signedIn())
            return switch kind {
            case .dueThisMonth: .report(kind, try reports.due(in: desk.today.yearMonth))
            case .overdue: .report(kind, try reports.overdue())
            case .suspended: .report(kind, try reports.suspended())
            case .referred: .report(kind, try reports.referred())
            case .today: .todayReport(try reports.today())
            }
        case .loadAlerts:
            return .alerts(try desk.alerts(try signedIn()).list())
        case .resolveAlert(let id, let status, let note):
            try desk.alerts(try signedIn()).resolve(id, as: status, note: note)
            return .alertResolved(id: id)
        case .bookVisit(let id, let request):
            let visits = desk.visits(try signedIn())
            let booked = try visits.book(id, request)
            let slip = try desk.receipts.issueSlip(try visits.record(booked.booking.id))
            return .visitBooked(booked.booking, name: booked.name, slip: slip)
        case .loadVisitQueue:
            return .visitQueue(try desk.visits(try signedIn()).queue())
        case .loadVisitWeek(let from, let days):
            return .visitWeek(from: from, try desk.visits(try signedIn()).load(from: from, days: days))
        case .scheduleVisits(let from, let days):
            return .visitsScheduled(try desk.visits(try signedIn()).schedule(from: from, days: days, team: visitStaff))
        case .recordVisit(let id, let outcome):
            let visits = desk.visits(try signedIn())
            switch outcome {
            case .certified(let evidence):
                let post = post
                // On a field laptop the finger is verified against the packed prints first, as `kiosk visit complete` does.
                let certified = if evidence == .fingerprint, try desk.field(try signedIn()).isFieldLaptop() {
                    try await visits.complete(id, verifyingOn: reader) { post(.reply(request: request, .progress($0))) }
                } else {
                    try visits.complete(id, evidence: evidence)
                }
                return .visitRecorded(id: id, receipt: try desk.receipts.issue(certified).receipt.receiptNumber)
            case .missed(let miss): try visits.miss(id, miss, note: "")
            case .anotherDay: try visits.anotherDay(id, note: "")
            case .cancelled(let reason): try visits.cancel(id, reason: reason)
            }
            return .visitRecorded(id: id, receipt: nil)
        case .takePhoto(let file, let columns):
            try desk.photos(try signedIn()).mayTakePhotos()
            do throws(PhotoProblem) {
                let photo = if let file { try photos.load(file: file) } else { try photos.capture() }
                return .photoShot(PhotoShot(jpeg: [UInt8](photo.jpeg), width: photo.width, height: photo.height, fromCamera: file == nil,
                                            preview: try photos.preview(photo, columns: columns)))
            } catch {
                throw .photoRejected(error, source: file ?? photos.settings.camera)
            }
        case .savePhoto(let id, let shot):
            let saved = try desk.photos(try signedIn()).record(of: id, jpeg: Data(shot.jpeg), width: shot.width, height: shot.height,
                                                                fromCamera: shot.fromCamera, maxPending: maxPendingPhotos)
            return .photoSaved(saved.record, pending: saved.pending)
        case .loadPhotoReviews:
            return .photoReviews(try desk.review(try signedIn()).waiting())
        case .loadPhoto(let id, let columns):
            let opened = try desk.review(try signedIn()).photo(id)
            do throws(PhotoProblem) {
                return .photoPreview(id: id, try photos.preview(Photo(jpeg: opened.jpeg, width: opened.record.width, height: opened.record.height),
                                                                columns: columns))
            } catch {
                throw .photoRejected(error, source: id)
            }
        case .reviewPhoto(let id, let approve, let reason):
            let review = desk.review(try signedIn())
            if approve { return .photoReviewed(id: id, receipt: try desk.receipts.issue(try review.approve(id)).receipt.receiptNumber, certified: nil) }
            return .photoReviewed(id: id, receipt: nil, certified: try review.reject(id, reason: reason))
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
