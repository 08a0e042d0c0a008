import ArgumentParser
import Desk
import Domain
import Foundation
import Files
import ImageFiles
import KioskCommandLine
import Reader

/// A scripted day at the counter: `kiosk run` on a pseudo-terminal, as staff and residents use it.
struct CounterBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "counter",
        abstract: "Keystrokes and seconds per certification at the counter: touch and go, an ID card reader, the ID typed.",
        discussion: """
            Makes a test-clock data directory with 3 × --residents residents due to certify, each with one finger \
            enrolled for real through libfprint's virtual image reader (impressions 1-5 of an FVC finger and a \
            confirming scan; fingers that do not enrol are passed over). Then starts `kiosk run` on a pseudo-terminal \
            of 80×24 on the same reader, signs in, and certifies --residents residents each way, waiting on what \
            the screen draws, never on a timer: touch and go (T on the home screen, the finger, Enter); the ID card \
            reader's burst (its 18 characters and Enter, as a reader in keyboard emulation types them; the first \
            resident from the home screen's 1, the rest straight from the previous result); and the ID number typed \
            key by key, the baseline. The finger is impression 6 of the enrolled finger, sent when the screen asks \
            for it. Per way: keystrokes per certification (the script's keys, not the finger or the card's \
            characters), the keys to get from the result to the next resident's start, seconds from the first \
            key to 认证成功 (p50, p95), and failures (no match, or not certified within 10 s of a step). \
            Target: touch and go ≤ 2 keystrokes beyond the finger.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Residents certified each way.") var residents = 8
    @Option(help: "Folders of <finger>_<impression> images (repeat the option for several).")
    var images: [String] = ["FVC2004_DB2_B", "FVC2002_DB1_B", "FVC2002_DB3_B"].map { "../shared/fingerprints/" + $0 }
    @Option(help: "Keep the files in this directory instead of a temporary one.") var keep: String?

    mutating func validate() throws {
        guard residents > 0 else { throw ValidationError("--residents must be at least 1") }
    }

    func run() async throws {
        try await Session.run(global) { session async throws(KioskError) in
            let work = try BenchDirectory.make(keep: keep)
            defer { if keep == nil { try? FileManager.default.removeItem(atPath: work) } }
            var generator = RosterGenerator(seed: 7, today: session.clock.today, policy: session.settings.policy)
            let database = try BenchDatabase.create(session, at: work + "/data", rows: 0, generator: &generator, csv: "")
            var people: [CounterResident] = []
            let setup = try await Stopwatch.time { () async throws(KioskError) in
                people = try await Self.enrol(count: 3 * residents, in: database, images: images, work: work, today: session.clock.today)
            }
            session.say(.benchLine(.counterSetup(residents: people.count, seconds: setup)))

            let socket = work + "/counter-reader.socket"
            var environment = ["FP_VIRTUAL_IMAGE=" + socket, "FP_DRIVERS_WHITELIST=virtual_image"]
            if let today = ProcessInfo.processInfo.environment["KIOSK_TODAY"] { environment.append("KIOSK_TODAY=" + today) }
            let kiosk = try KioskOnPseudoTerminal(database, environment: environment)
            defer { kiosk.stop() }
            var counter = CounterScript(kiosk: kiosk, socket: socket)
            try counter.signIn(name: "bench", password: database.password)

            var results: [Message.CounterMode: CounterScript.Tally] = [:]
            for (index, mode) in Message.CounterMode.allCases.enumerated() {
                let group = Array(people[(index * residents)..<((index + 1) * residents)])
                let tally = try counter.certify(group, mode)
                results[mode] = tally
                guard !tally.seconds.isEmpty else {
                    session.say(.benchLine(.counterNone(mode, failures: tally.failures, reason: counter.kiosk.failure)))
                    continue
                }
                session.say(.benchLine(.counter(mode, certified: tally.seconds.count, keystrokes: tally.keysPerCertification,
                                                returnKeystrokes: tally.returnKeysPerCertification, cardCharacters: tally.cardCharacters,
                                                fingers: Double(tally.fingers) / Double(tally.seconds.count),
                                                p50Seconds: StartupBench.percentile(tally.seconds, 50),
                                                p95Seconds: StartupBench.percentile(tally.seconds, 95), failures: tally.failures)))
            }
            guard let baseline = results[.typedID], !baseline.seconds.isEmpty else { return }
            for mode in [Message.CounterMode.touchAndGo, .idCard] {
                guard let tally = results[mode], !tally.seconds.isEmpty else { continue }
                session.say(.benchLine(.counterRatio(mode, keystrokes: tally.keysPerCertification / baseline.keysPerCertification,
                                                     seconds: StartupBench.percentile(tally.seconds, 50) / StartupBench.percentile(baseline.seconds, 50))))
            }
        }
    }

    /// `count` residents due to certify, each with one finger enrolled from the images (in this
    /// process, through libfprint's virtual image reader and the enrolment desk, duplicate check included).
    static func enrol(count: Int, in database: BenchDatabase, images: [String], work: String, today: CivilDate) async throws(KioskError) -> [CounterResident] {
        var fingers: [(ImageCollection, String)] = []
        for folder in images {
            let collection = try ImageCollection(directory: folder)
            fingers += collection.fingers.filter { collection.images[$0]?[6] != nil }.map { (collection, $0) }
        }
        // A few fingers more than needed: one that does not enrol is passed over.
        let candidates = fingers.prefix(count + max(2, count / 4))
        let ids = candidates.indices.map { index in Self.residentID(index, month: today.month) }
        let roster = work + "/counter-roster.csv"
        // Certified last year, in this month: due now (the cycle is the calendar year), not yet overdue.
        let lastCertified = String(format: "%04d-%02d-01", today.year - 1, today.month)
        try PrivateFile.write(Data(Self.roster(ids, lastCertified: lastCertified).utf8), to: roster)
        let desk = try ServiceDesk.open(dataDirectory: database.data, settings: database.settings)
        let staff = try desk.signIn(name: "bench", password: database.password)
        let report = try desk.roster(staff).importRoster(path: roster, strict: true)
        guard report.committed, report.inserted == ids.count else { throw .fileFailure(path: roster, detail: "the counter's roster did not import") }

        let rig = VirtualImageRig(directory: work, scanTimeout: 30)
        let enrol = desk.enrol(staff, reader: rig.reader)
        var enrolled: [CounterResident] = []
        for ((collection, finger), id) in zip(candidates, ids) where enrolled.count < count {
            guard try desk.residents(staff).record(id).status.certificationRefusal(again: nil) == nil else {
                throw .fileFailure(path: roster, detail: "a resident of the counter's roster cannot certify today")
            }
            // Five impressions, then the first again for the confirming scan.
            rig.enqueue(try ([1, 2, 3, 4, 5, 1] as [Int]).map { impression throws(KioskError) in try collection.image(finger, impression)! })
            do {
                _ = try await enrol.enroll(id, finger: .rightIndex) { progress in
                    if case .reader(let event) = progress { rig.events(event) }
                }
                enrolled.append(CounterResident(id: id, probes: try (6...8).compactMap { impression throws(KioskError) in
                    try collection.image(finger, impression)
                }))
            } catch {
                rig.discardQueued()
            }
        }
        guard enrolled.count == count else {
            throw .fileFailure(path: images.joined(separator: ", "), detail: "\(enrolled.count) fingers enrolled, \(count) needed")
        }
        return enrolled
    }

    /// The `index`th resident: born in this month (so due now), ID numbers of region 230103.
    static func residentID(_ index: Int, month: Int) -> ResidentID {
        let first17 = "230103" + String(format: "19%02d%02d%02d", 40 + index / 28 % 20, month, 1 + index % 28) + String(format: "%03d", index % 1000)
        return ResidentID(trusted: first17 + String(ResidentID.checkCharacter(for: Array(first17.utf8))))
    }

    static func roster(_ ids: [ResidentID], lastCertified: String) -> String {
        let surnames = Array("王李张刘陈杨赵黄周吴"), given = ["秀英", "建国", "桂兰", "淑珍", "玉兰", "志强", "凤英", "国华"]
        let header = RosterColumn.allCases.map(\.header).joined(separator: ",")
        let rows = ids.enumerated().map { index, id in
            [id.fullNumber, String(surnames[index % surnames.count]) + given[index / surnames.count % given.count], "230103", "normal", "",
             "3000.00", "139" + String(format: "%08d", index), "哈尔滨市南岗区学府路\(index + 1)号", "学府社区", "none",
             lastCertified, "face_app", ""].joined(separator: ",")
        }
        return ([header] + rows).joined(separator: "\n") + "\n"
    }
}

struct CounterResident {
    let id: ResidentID
    /// Later impressions of the enrolled finger (6, 7, 8): what the resident presses at the counter, in turn.
    let probes: [GreyImage]
}

/// Staff at `kiosk run`: keys written to the pseudo-terminal, the finger sent to the virtual
/// image reader when the screen asks for it, each step waiting for what the screen draws.
struct CounterScript {
    struct Tally {
        var seconds: [Double] = []
        var keystrokes = 0
        var returnKeystrokes = 0
        var cardCharacters = 0
        /// Fingers pressed: a verify that does not match asks again, up to three times.
        var fingers = 0
        var failures = 0

        var keysPerCertification: Double { Double(keystrokes) / Double(max(1, seconds.count)) }
        var returnKeysPerCertification: Double { Double(returnKeystrokes) / Double(max(1, seconds.count)) }
    }

    /// Where the last certification left the screen.
    enum Place { case home, result }

    let kiosk: KioskOnPseudoTerminal
    let socket: String
    var place = Place.home
    /// The connection to the kiosk's virtual image reader, made when the first finger is pressed.
    private var feed: VirtualReaders.ImageFeed?

    // What the screen draws (Chinese, the configuration's language), waited for.
    static let home = Message.screen(.homeTitle).text(.chinese)
    static let idEntry = Message.screen(.enterIDNumber).text(.chinese)
    /// The reader's request for the finger, for a press or a swipe reader (libfprint's virtual image reader is a swipe one).
    static let placeFinger = [Message.readerEvent(.placeFinger(.press)).text(.chinese), Message.readerEvent(.placeFinger(.swipe)).text(.chinese)]
    static let identified = Message.screen(.identifiedPressEnter).text(.chinese)
    static let notIdentified = "按指纹未能识别"
    static let certified = Message.screen(.certifiedBanner).text(.chinese)
    static let notMatched = "未能匹配"
    /// The reader's asks to press again (a scan it could not read), within the same attempt.
    static let readAgain = ScanRetry.allCases.map { Message.readerEvent(.retry($0)).text(.chinese) }

    init(kiosk: KioskOnPseudoTerminal, socket: String) {
        self.kiosk = kiosk
        self.socket = socket
    }

    mutating func signIn(name: String, password: String) throws(KioskError) {
        guard kiosk.waitFor(anyOf: ["工作人员登录"], after: 0, seconds: 60) != nil else { throw failed() }
        let mark = kiosk.mark
        kiosk.send(Array(name.utf8) + [0x09] + Array(password.utf8) + [0x0D])
        guard kiosk.waitFor(anyOf: [Self.home], after: mark, seconds: 60) != nil else { throw failed() }
        place = .home
    }

    mutating func certify(_ residents: [CounterResident], _ mode: Message.CounterMode) throws(KioskError) -> Tally {
        var tally = Tally()
        try goHome()
        for resident in residents {
            let start = DispatchTime.now().uptimeNanoseconds
            // Keys are counted for the certifications made: a failure's are not spread over them.
            var attempt = Tally()
            if certify(resident, mode, &attempt) {
                tally.seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                tally.keystrokes += attempt.keystrokes
                tally.returnKeystrokes += attempt.returnKeystrokes
                tally.cardCharacters = attempt.cardCharacters
                tally.fingers += attempt.fingers
            } else {
                tally.failures += 1
                place = .result
                try goHome()
            }
        }
        return tally
    }

    /// One resident, from where the last one left the screen; false when not certified.
    private mutating func certify(_ resident: CounterResident, _ mode: Message.CounterMode, _ tally: inout Tally) -> Bool {
        switch mode {
        case .touchAndGo:
            // T on the home screen, or on the last resident's result.
            guard press(Array("T".utf8), &tally.keystrokes, until: Self.placeFinger) != nil,
                  finger(resident.probes[0], &tally.fingers, until: [Self.identified, Self.notIdentified]) == 0,
                  press([0x0D], &tally.keystrokes, until: [Self.certified]) == 0 else { return false }
        case .idCard, .typedID:
            // Typed by hand, the ID goes into the certify screen's entry (menu key 1); the card
            // reader's burst opens the card from the home screen as from the last result.
            if place == .home, mode == .typedID {
                guard press(Array("1".utf8), &tally.keystrokes, until: [Self.idEntry]) == 0 else { return false }
            }
            let number = Array(resident.id.fullNumber.utf8) + [0x0D]
            // The card, ready for the scan. (Not its masked ID number: the terminal is sent only the
            // characters that changed, and the last resident's card shared most of them.)
            let card = [Message.screen(.pressEnterToScan(1)).text(.chinese)]
            if mode == .idCard {
                // The card reader types the number and Enter in one burst: no key of staff's.
                tally.cardCharacters = number.count
                let mark = kiosk.mark
                kiosk.send(number)
                guard kiosk.waitFor(anyOf: card, after: mark) != nil else { return false }
            } else {
                for key in number.dropLast() { kiosk.send([key]); tally.keystrokes += 1 }
                guard press([0x0D], &tally.keystrokes, until: card) == 0 else { return false }
            }
            guard press([0x0D], &tally.keystrokes, until: Self.placeFinger) != nil else { return false }
            // As at the counter: a finger not certified is pressed again while attempts are left.
            // A second miss redraws only the digits that changed ("未能匹配，还可再试1次"), so a
            // finger the screen does not certify within 5 s counts as missed.
            for (index, probe) in resident.probes.enumerated() {
                let mark = kiosk.mark
                switch finger(probe, &tally.fingers, until: [Self.certified, Self.notMatched], seconds: 5) {
                case 0?:
                    place = .result
                    return true
                case 1?:
                    guard kiosk.waitFor(anyOf: Self.placeFinger, after: mark) != nil else { return false }
                default:
                    if index == resident.probes.count - 1 { return false }
                }
            }
            return false
        }
        place = .result
        return true
    }

    /// Writes a key, counts it, and waits for one of `texts`: which one came (nil: none in time).
    private func press(_ key: [UInt8], _ count: inout Int, until texts: [String]) -> Int? {
        let mark = kiosk.mark
        kiosk.send(key)
        count += 1
        return kiosk.waitFor(anyOf: texts, after: mark)?.index
    }

    /// A finger on the reader, counted, then which of `texts` the screen drew.
    private mutating func finger(_ image: GreyImage, _ count: inout Int, until texts: [String], seconds: Int = 10) -> Int? {
        let mark = kiosk.mark
        count += 1
        do {
            if feed == nil { feed = try VirtualReaders.ImageFeed(socket: socket) }
            try feed?.send(image)
        } catch {
            return nil
        }
        return kiosk.waitFor(anyOf: texts, after: mark, seconds: seconds)?.index
    }

    /// Back to the home screen from wherever a certification stopped (Esc, as staff would).
    private mutating func goHome() throws(KioskError) {
        guard place != .home else { return }
        defer { place = .home }
        for _ in 0..<6 {
            let mark = kiosk.mark
            kiosk.send([0x1B])
            if kiosk.waitFor(anyOf: [Self.home], after: mark, seconds: 3) != nil { return }
        }
        throw failed()
    }

    private func failed() -> KioskError { .fileFailure(path: socket, detail: kiosk.failure) }
}
