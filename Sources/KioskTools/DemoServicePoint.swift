import Domain
import Foundation
import KioskCommandLine
import KioskConfig
import Reader
import Synchronization
import TUI
import Desk

/// `kiosk-tools demo`: a throw-away service point for trying every flow on a machine with no
/// reader. Invented residents (a generated roster plus one of each kind to try, two of them with
/// fingers enrolled, one refused for enrolling another's finger), the demo account and a second
/// supervisor's shown on the sign-in screen, and libfprint's `virtual_device` reader, whose finger
/// the keyboard plays: F5 the resident's own finger, F6 someone else's, F7 the reader pulled out
/// mid-scan. Everything is deleted on exit.
enum DemoServicePoint {
    static let staffName = "demo"
    static let password = "demo-pass-2026"
    /// A photo certification is approved by someone other than who took it: this supervisor
    /// reviews what `demo` took, and the other way round.
    static let supervisorName = "shenhe"
    static let supervisorPassword = "shenhe-pass-2026"

    /// `chosenDirectory`: --data-dir (absent or empty), else a new directory under TMPDIR.
    static func run(_ session: Session, in chosenDirectory: String?) async throws(KioskError) {
        let workspace = try DemoWorkspace.make(at: chosenDirectory)
        defer { workspace.remove() }
        let directory = workspace.path
        // libfprint reads these when its context starts: the demo uses only its virtual reader.
        let socket = directory + "/reader.socket"
        setenv("FP_VIRTUAL_DEVICE", socket, 1)
        setenv("FP_DRIVERS_WHITELIST", "virtual_device", 1)

        var settings = try KioskSettings.load(configDirectory: session.settings.configDirectory, dataDirectory: directory + "/data",
                                              language: session.language)
        settings.receipts.directory = directory + "/data/receipts"
        // No camera on this machine: ffmpeg's test picture stands in, so photo certification can be tried.
        if !settings.photo.camera.hasPrefix("lavfi:"), !FileManager.default.fileExists(atPath: settings.photo.camera) {
            settings.photo.camera = "lavfi:testsrc=size=640x480:rate=1"
        }
        let demoSession = Session(settings: settings, language: session.language, clock: session.clock, environment: session.environment)
        Terminal.error(session.text(.screen(.demoPreparing)))
        let (desk, admin) = try ServiceDesk.create(dataDirectory: settings.dataDirectory, settings: demoSession.deskSettings,
                                                   adminName: staffName, adminPassword: password, testClock: true)
        let reader = KioskScreen.Reader(demoSession)
        let examples: [DemoGuide.Example]
        do throws(KioskError) {
            examples = try await prepare(desk, admin: admin, reader: reader.service, socket: socket, directory: directory, session: demoSession)
        } catch {
            await reader.service.shutdown()
            throw error
        }
        let press: @Sendable (DemoPress) -> Void = { press in
            let command = switch press {
            case .ownFinger(let id, let finger): "SCAN " + printName(id, finger)
            case .wrongFinger: "SCAN someone-else"
            // FP_DEVICE_ERROR_REMOVED: the reader reports itself pulled out, and stays usable.
            case .unplug: "ERROR 256"
            }
            _ = try? VirtualReaders.device(socket: socket, command: command, waitingUpTo: 2)
        }
        try await KioskScreen.run(demoSession, desk: desk, reader: reader,
                                  demo: .init(guide: DemoGuide(staffName: staffName, password: password, supervisorName: supervisorName,
                                                               supervisorPassword: supervisorPassword, examples: examples), press: press))
    }

    /// What the virtual reader "sees" for a resident's finger.
    static func printName(_ id: ResidentID, _ finger: Finger) -> String { "\(id.fullNumber)-\(finger.rawValue)" }

    /// The roster (generated, plus the examples), the second supervisor, the examples' fingers
    /// enrolled on the virtual reader, one finger enrolled under a second identity (refused, with
    /// the fraud alert it raises), one death reported, and a dozen home visits booked and scheduled.
    private static func prepare(_ service: ServiceDesk, admin: StaffMember, reader: ReaderService, socket: String, directory: String,
                                session: Session) async throws(KioskError) -> [DemoGuide.Example] {
        let today = session.clock.today
        let kinds = examples(today: today)
        let roster = directory + "/roster.csv"
        var generator = RosterGenerator(seed: 2026, today: today, policy: session.settings.policy)
        try generator.write(rows: 3000, badRows: 0, to: roster)
        let extra = kinds.map { $0.row.map(CSVField.escape).joined(separator: ",") }.joined(separator: "\n") + "\n"
        guard let handle = FileHandle(forWritingAtPath: roster) else { throw .fileFailure(path: roster, detail: "cannot open") }
        handle.seekToEndOfFile()
        handle.write(Data(extra.utf8))
        try? handle.close()
        _ = try service.roster(admin).importRoster(path: roster, strict: true)
        _ = try service.staffAccounts(admin).add(name: supervisorName, role: .supervisor, password: supervisorPassword)

        let live = ReaderClient.live(reader)
        // Enrols `finger` of `id` with the print the virtual reader knows as `name`. `pressToConfirm`:
        // the confirming scan of a reader that identifies is a press too.
        func enrol(_ id: ResidentID, _ finger: Finger, print name: String, on client: ReaderClient,
                   pressToConfirm: Bool = true) async throws(KioskError) -> StoredPrint {
            // One press to start and one after each stage but the last: the reader may ask more
            // than once for the same press.
            let started = Mutex(false)
            return try await service.enrol(admin, reader: client).enroll(id, finger: finger) { progress in
                var press = false
                switch progress {
                case .reader(.placeFinger): press = started.withLock { first in defer { first = true }; return !first }
                case .reader(.enrollStage(let done, let of)): press = done < of
                case .confirmScan: press = pressToConfirm
                default: break
                }
                // Not on the reader's own thread: it serves the socket being written to.
                if press { Thread.detachNewThread { _ = try? VirtualReaders.device(socket: socket, command: "SCAN " + name) } }
            }
        }
        var rightIndexOf: [String: StoredPrint] = [:]
        for example in kinds where example.enrolled {
            for finger in [Finger.rightIndex, .leftIndex] {
                let print = try await enrol(example.id, finger, print: printName(example.id, finger), on: live)
                if finger == .rightIndex { rightIndexOf[example.name] = print }
            }
        }
        // An enrolled example's finger under another identity. The virtual reader only verifies, so
        // it cannot run the duplicate check that follows an enrolment; for this one the demo plays a
        // reader that identifies the confirming scan as what it is, the original's print. The desk
        // then refuses the enrolment and raises the fraud alert, as at a reader that identifies.
        for impostor in kinds {
            guard let original = impostor.duplicateOf.flatMap({ rightIndexOf[$0] }) else { continue }
            var identifying = live
            identifying.readers = { () async throws(ReaderFailure) -> [ReaderInfo] in
                try await live.readers().map { info in
                    var info = info
                    if !info.has(.identify) { info.features.append(.identify) }
                    return info
                }
            }
            identifying.identify = { templates, _ in templates.firstIndex(of: original.template) }
            do throws(KioskError) {
                _ = try await enrol(impostor.id, .rightIndex, print: printName(original.residentID, .rightIndex), on: identifying,
                                    pressToConfirm: false)
            } catch .duplicateFinger {
                // What the example is for: refused, and the alert raised.
            }
        }
        for example in kinds where example.kind == .demoDeceased {
            _ = try service.residents(admin).reportDeath(of: example.id, DeathEntry(dateOfDeath: today.adding(days: -20), reporterName: "王小明",
                                                                                    relation: "子", certificateNumber: "DEMO-0001"))
        }
        // A few home visits booked and a week scheduled, so the visit screens have something to show.
        var booked = 0
        for fullNumber in generator.sample where booked < 12 {
            let reason = [Mobility.ill, .disabled, .elderly][booked % 3]
            let request = VisitRequest(booker: VisitBooker(name: "家属", relation: "子女", phone: "13800138000"), reason: reason, evidence: "演示",
                                       address: nil, preferredDates: [], time: .any, notes: booked % 4 == 0 ? "卧床，请敲门两次" : "", ageOverride: nil)
            if (try? service.visits(admin).book(ResidentID(trusted: fullNumber), request)) != nil {
                booked += 1
            }
        }
        _ = try service.visits(admin).schedule(from: today.adding(days: 1), days: 7, team: session.settings.visitStaff)
        return kinds.map { DemoGuide.Example(id: $0.id, name: $0.name, kind: $0.kind) }
    }

    struct Kind {
        var id: ResidentID
        var name: String
        var kind: Message.ScreenText
        var enrolled: Bool
        /// Whose finger this resident was enrolled with (refused as a duplicate).
        var duplicateOf: String?
        var row: [String]
    }

    /// One resident of each kind, born in this month (so the calendar-year cycle recommends it).
    static func examples(today: CivilDate) -> [Kind] {
        let month = today.yearMonth
        let birthMonth = (month.month < 10 ? "0" : "") + String(month.month)
        let lastYear = CivilDate(year: today.year - 1, month: month.month, day: 10)!.description
        func kind(_ sequence: Int, _ name: String, _ kind: Message.ScreenText, enrolled: Bool = false, duplicateOf: String? = nil, region: String = "230103",
                  status: String = "normal", suspendedSince: String = "", lastCertified: String = lastYear, method: String = "face_app",
                  residence: String = "harbin") -> Kind {
            let first17 = "230103" + "19\(48 + sequence)" + birthMonth + "1\(sequence)" + "10\(sequence)"
            let id = ResidentID(trusted: first17 + String(ResidentID.checkCharacter(for: Array(first17.utf8))))
            return Kind(id: id, name: name, kind: kind, enrolled: enrolled, duplicateOf: duplicateOf,
                        row: [id.fullNumber, name, region, status, suspendedSince, "3150.00", "1380000\(1000 + sequence)",
                              "学府路\(sequence)号", "学府社区", sequence == 2 ? "elderly" : "none", lastCertified, method,
                              residence])
        }
        return [
            kind(1, "王建国", .demoCertifyByFingerprint, enrolled: true),
            kind(2, "李秀英", .demoNotEnrolled),
            kind(3, "张桂兰", .demoSuspended, enrolled: true, status: "suspended", suspendedSince: month.adding(months: -5).description,
                 lastCertified: CivilDate(year: today.year - 2, month: month.month, day: 10)!.description),
            kind(4, "刘淑珍", .demoCityBureau, status: "suspended", suspendedSince: month.adding(months: -30).description,
                 lastCertified: CivilDate(year: today.year - 3, month: month.month, day: 10)!.description),
            kind(5, "陈玉兰", .demoDeceased),
            kind(6, "杨德福", .demoProvincialApp, region: "230602"),
            kind(7, "赵振华", .demoOtherProvince, region: "110105"),
            kind(8, "黄春华", .demoAbroad, method: "consulate", residence: "abroad"),
            kind(9, "周海燕", .demoCertified, lastCertified: today.description, method: "silent"),
            // (Sequence 0: the ID number has room for one digit.)
            kind(0, "孙丽华", .demoDuplicateFinger("王建国"), duplicateOf: "王建国"),
        ]
    }
}

/// The demo's throw-away directory (its database, print key, roster, receipts, the virtual
/// reader's socket). Removed on every way out the process has: a normal exit, an error, and the
/// stop signals (SIGTERM, SIGHUP when the terminal is closed, SIGINT), which end the screen as the
/// staff's own exit does. One left behind by what no process survives (kill -9, a power cut) is
/// swept by the next demo: each holds a marker with the process that made it.
struct DemoWorkspace {
    static let marker = ".kiosk-demo"
    static let prefix = "kiosk-demo-"

    let path: String
    /// Whether the directory itself was made here (else it was an empty --data-dir, which stays).
    let madeDirectory: Bool

    static func make(at chosen: String?) throws(KioskError) -> DemoWorkspace {
        let temporary = FileManager.default.temporaryDirectory.path
        sweep(temporary)
        let path = chosen.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            ?? temporary + "/" + prefix + UUID().uuidString.prefix(8).lowercased()
        var madeDirectory = true
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: path) {
            if entries.contains(marker), isStale(path) {
                clear(path)
            } else if !entries.isEmpty {
                throw .directoryNotEmpty(path: path)
            }
            madeDirectory = false
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
            try Data("\(getpid())\n".utf8).write(to: URL(fileURLWithPath: path + "/" + marker))
        } catch {
            throw .fileFailure(path: path, detail: error.localizedDescription)
        }
        return DemoWorkspace(path: path, madeDirectory: madeDirectory)
    }

    func remove() {
        if madeDirectory {
            try? FileManager.default.removeItem(atPath: path)
        } else {
            Self.clear(path)
        }
    }

    /// Removes the demo directories under `temporary` whose process is gone.
    static func sweep(_ temporary: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where name.hasPrefix(prefix) {
            let path = temporary + "/" + name
            if isStale(path) { try? FileManager.default.removeItem(atPath: path) }
        }
    }

    /// A demo directory of this user whose process no longer runs.
    private static func isStale(_ path: String) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == getuid(),
              let text = try? String(contentsOfFile: path + "/" + marker, encoding: .utf8),
              let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return false }
        return pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH
    }

    private static func clear(_ path: String) {
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            try? FileManager.default.removeItem(atPath: path + "/" + entry)
        }
    }
}
