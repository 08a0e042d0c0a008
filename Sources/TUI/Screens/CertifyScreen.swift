import Domain
import Desk

/// Certification by fingerprint: the resident's card and status first (no scan for those who must
/// go elsewhere), then the scans with large coaching and the attempt count, then the receipt, or
/// after the last failed attempt, the fallback.
struct CertifyScreen: Screen {
    enum Phase {
        /// The status allows it and fingers are enrolled: Enter starts.
        case ready
        /// The status says this resident certifies elsewhere, or not at all.
        case refused
        /// Certified this cycle already: C certifies again, with a reason typed first.
        case alreadyCertified(CertificationFact)
        case repeatReason(CertificationFact, TextField)
        case noPrints
        case scanning
        case cancelling
        /// Touch and go: the identified resident's certification being recorded (no scan).
        case recording
        case certified(ReceiptPrinter.Issued)
        /// Every attempt failed: photo certification or a home visit.
        case fallback
        case failed(KioskError)
    }

    var record: ResidentRecord
    var card: ResidentCard
    var phase: Phase
    var scan = ScanState()
    /// Attempts this resident has failed in this certification, as the desk last counted them.
    var attemptsFailed = 0
    /// The reason given for a repeat certification, once typed.
    var again: String?
    /// Why the receipt could not be printed again (the certification and its receipt stand).
    var reprintProblem: Message?
    /// Touch and go: who the scan identified; Enter certifies on it without another scan.
    var identification: CertifyDesk.Identification?

    init(_ identification: CertifyDesk.Identification, _ context: AppContext) {
        self.init(identification.record, context)
        self.identification = identification
    }

    init(_ record: ResidentRecord, _ context: AppContext) {
        self.record = record
        card = ResidentCard(record)
        switch record.status.certificationRefusal(again: nil) {
        case .alreadyCertified(let last)?: phase = .alreadyCertified(last)
        case _?: phase = .refused
        case nil: phase = record.fingers.isEmpty ? .noPrints : .ready
        }
    }

    var isScanning: Bool {
        switch phase {
        case .scanning, .cancelling: true
        default: false
        }
    }

    var ticks: Bool { isScanning }

    func title(_ context: AppContext) -> String { context.text(.menuCertify) }

    func keys(_ context: AppContext) -> [KeyHint] {
        switch phase {
        case .ready: return [KeyHint("Enter", identification == nil ? .startScan : .certifyNow), KeyHint(.photoCertification), KeyHint("Esc", .back)]
        case .refused: return Self.nextKeys(context) + [KeyHint("Esc", .back)]
        case .alreadyCertified: return (record.fingers.isEmpty ? [] : [KeyHint(.certifyAgain)]) + Self.nextKeys(context) + [KeyHint("Esc", .back)]
        case .repeatReason: return [KeyHint("Enter", .startScan), KeyHint("Esc", .back)]
        case .noPrints: return (context.may(.enrollFingerprint) ? [KeyHint(.enrol)] : []) + [KeyHint(.photoCertification), KeyHint("Esc", .back)]
        case .scanning, .cancelling: return [KeyHint("Esc", .cancelScan)] + Self.demoKeys(context)
        case .recording: return []
        case .certified: return [KeyHint(.reprintReceipt), KeyHint("Enter", .nextResident)] + Self.nextKeys(context)
        case .fallback: return [KeyHint(.photoCertification), KeyHint("Enter", .nextResident)] + Self.nextKeys(context)
        case .failed: return [KeyHint("Enter", .tryAgain), KeyHint("Esc", .back)]
        }
    }

    /// On a result: touch and go for the next resident (typing their ID number or `/` needs no key of its own).
    static func nextKeys(_ context: AppContext) -> [KeyHint] { context.may(.certify) ? [KeyHint(.touchAndGo)] : [] }

    static func demoKeys(_ context: AppContext) -> [KeyHint] {
        context.demo == nil ? [] : [KeyHint("F5", .demoOwnFinger), KeyHint("F6", .demoWrongFinger), KeyHint("F7", .demoUnplug)]
    }

    mutating func handle(_ key: Key, _ context: AppContext) -> [Action]? {
        switch (phase, key) {
        case (.ready, .enter), (.failed, .enter):
            return start(context)
        case (.alreadyCertified(let last), LetterKey.certifyAgain):
            guard !record.fingers.isEmpty else { return [] }
            phase = .repeatReason(last, TextField(limit: 100))
            return []
        case (.repeatReason(let last, _), .escape):
            phase = .alreadyCertified(last)
            return []
        case (.repeatReason(let last, var reason), let key):
            if key == .enter {
                guard !reason.trimmed.isEmpty else { return [] }
                again = reason.trimmed
                return start(context)
            }
            guard reason.handle(key) else { return nil }
            phase = .repeatReason(last, reason)
            return []
        case (.ready, LetterKey.photoCertification), (.noPrints, LetterKey.photoCertification), (.fallback, LetterKey.photoCertification):
            return [.pop, .push(PhotoCertifyScreen(record, context))]
        case (.noPrints, LetterKey.enrol):
            guard context.may(.enrollFingerprint) else { return [] }
            return [.pop, .push(EnrolScreen(record, context))]
        case (.scanning, .escape):
            phase = .cancelling
            return [.perform(.cancelScan)]
        case (.cancelling, .escape):
            return [.pop]
        case (.scanning, .function(let number)) where context.demo != nil && (5...7).contains(number):
            return [.perform(.demo(Self.demoPress(number, resident: record.id, finger: scan.finger)))]
        case (.certified(let issued), LetterKey.reprintReceipt):
            reprintProblem = nil
            return [.perform(.reprintReceipt(issued.receipt.receiptNumber))]
        case (.certified, .enter), (.fallback, .enter), (.certified, .escape), (.fallback, .escape):
            return [.pop]
        case (.certified, LetterKey.touchAndGo), (.fallback, LetterKey.touchAndGo), (.refused, LetterKey.touchAndGo),
             (.alreadyCertified, LetterKey.touchAndGo):
            // Done with this resident: the next one's finger, from the home screen as T there.
            guard context.may(.certify) else { return [] }
            return [.home, .push(TouchAndGoScreen())]
        case (.certified, _), (.fallback, _), (.refused, _), (.alreadyCertified, _):
            return Action.nextResident(typing: key)
        case (.scanning, _), (.cancelling, _), (.recording, _):
            // Nothing else while the reader works (F10 and the idle lock still cancel the scan).
            return key == .function(10) || key == .function(2) || key == .function(3) ? nil : []
        default:
            return nil
        }
    }

    static func demoPress(_ number: Int, resident: ResidentID, finger: Finger?) -> DemoPress {
        switch number {
        case 5: .ownFinger(resident, finger ?? .rightIndex)
        case 6: .wrongFinger
        default: .unplug
        }
    }

    /// The attempts this resident already failed count on: a scan started again after Esc, or after
    /// the reader broke one off (unplugged, busy), never starts the count afresh.
    private mutating func start(_ context: AppContext) -> [Action] {
        if let identification {
            phase = .recording
            return [.perform(.certifyIdentified(identification, again: again))]
        }
        phase = .scanning
        scan = ScanState()
        scan.startedAt = context.uptime
        return [.perform(.certify(record.id, again: again, attemptsUsed: attemptsFailed))]
    }

    mutating func receive(_ reply: Reply, _ context: AppContext) -> [Action] {
        switch reply {
        case .progress(let progress):
            if case .askFinger(_, let attempt, _) = progress { attemptsFailed = attempt - 1 }
            return scan.apply(progress, context)
        case .certified(let issued, let fresh):
            record = fresh
            card = ResidentCard(fresh)
            phase = .certified(issued)
            return [.perform(.bell), .perform(.speak(.certified))]
        case .receiptReprinted(let issued):
            // What became of this slip at the printer replaces what became of the first.
            phase = .certified(issued)
            return []
        case .failed(let error) where isCertified:
            reprintProblem = .error(error)
            return [.perform(.bell)]
        case .failed(.notMatched):
            phase = .fallback
            return [.perform(.bell), .perform(.speak(.notCertified))]
        case .failed(.reader(.cancelled)):
            phase = .ready
            return []
        case .failed(let error) where identification != nil:
            // Too old, or refused at the record: Enter then asks for the finger as by ID number.
            identification = nil
            phase = .failed(error)
            return [.perform(.bell)]
        case .failed(let error):
            phase = .failed(error)
            return [.perform(.bell)]
        default:
            return []
        }
    }

    func draw(_ canvas: inout Canvas, _ area: Area, _ context: AppContext) {
        canvas.cursor = nil
        if case .certified(let issued) = phase { return Self.drawCertified(issued, card, problem: reprintProblem.map(context.text), &canvas, area, context) }
        let blocks = context.blockText != nil && (isScanning || isFallback)
        let cardRows = card.drawCompact(&canvas, area, context, maxRows: isRefused ? 12 : blocks ? 1 : context.largeText ? 4 : 6)
        let below = area.below(cardRows + 1)
        switch phase {
        case .ready:
            Prompt.draw(context.text(identification == nil ? .pressEnterToScan(record.fingers.count) : .identifiedPressEnter), &canvas,
                        row: below.top, below, large: context.largeText)
        case .refused:
            canvas.paragraph(context.text(.noCertificationHere), row: below.top, column: below.left, width: below.columns, maxRows: 2, style: .bad)
        case .alreadyCertified(let last):
            canvas.paragraph(context.text(.error(.alreadyCertified(last))), row: below.top, column: below.left, width: below.columns,
                             maxRows: 4, style: .warning)
        case .repeatReason(_, let reason):
            let rows = canvas.paragraph(context.text(.repeatReasonHint), row: below.top, column: below.left, width: below.columns,
                                        maxRows: 2, style: .warning)
            let label = context.text(.repeatReason)
            reason.draw(&canvas, row: below.top + rows + 1, column: below.left, labelWidth: TextWidth.of(label),
                        width: below.columns, label: label, focused: true)
        case .noPrints:
            canvas.paragraph(context.text(.noPrintsEnrolHint), row: below.top, column: below.left, width: below.columns, maxRows: 3, style: .warning)
        case .scanning, .cancelling:
            scan.draw(&canvas, below, context, cancelling: isScanning && !isRunning)
        case .certified:
            break
        case .recording:
            canvas.text(context.text(.saving), row: below.top, column: below.left, style: .dim)
        case .fallback:
            var row = below.top
            if let used = BlockText.draw(context.text(.blockNotCertified), context.blockText, &canvas, row: row, below, maxRows: 8, style: .warning) {
                row += used + 1
                canvas.text(context.text(.notCertifiedBanner), row: row - 1, column: below.left, style: .bad, width: below.columns)
                row += 1
            } else {
                row += Prompt.draw(context.text(.notCertifiedBanner), &canvas, row: row, below, large: context.largeText, style: .bad) + 1
            }
            canvas.paragraph(context.text(.fallbackAdvice(attempts: context.fingerprintPolicy.attempts)), row: row,
                             column: below.left, width: below.columns, maxRows: max(1, below.bottom - row), style: .warning)
        case .failed(let error):
            canvas.paragraph(context.text(.error(error)), row: below.top, column: below.left, width: below.columns, maxRows: 4, style: .bad)
        }
    }

    func residentView(_ context: AppContext) -> ResidentView? {
        switch phase {
        case .scanning: ResidentView.scan(scan, context)
        case .certified: ResidentView(lines: [ResidentView.Line(block: .blockCertified, style: .good)], words: nil)
        case .fallback: ResidentView(lines: [ResidentView.Line(block: .blockNotCertified, style: .warning)], words: Message.Spoken.notCertified.mandarin)
        default: nil
        }
    }

    private var isCertified: Bool {
        if case .certified = phase { return true }
        return false
    }

    private var isFallback: Bool {
        if case .fallback = phase { return true }
        return false
    }

    private var isRefused: Bool {
        if case .refused = phase { return true }
        return false
    }

    private var isRunning: Bool {
        if case .scanning = phase { return true }
        return false
    }

    /// "Certified" and the receipt as it was printed, side by side when there is room.
    /// `problem`: why a reprint failed, shown under what became of the receipt.
    static func drawCertified(_ issued: ReceiptPrinter.Issued, _ card: ResidentCard, problem: String?, _ canvas: inout Canvas, _ area: Area,
                              _ context: AppContext) {
        // Large text: the result in block glyphs across the top, the rest below it.
        var area = area
        if let used = BlockText.draw(context.text(.blockCertified), context.blockText, &canvas, row: area.top, area, maxRows: 8, style: .good) {
            area = area.below(used + 1)
        }
        let receiptWidth = (issued.lines.map { TextWidth.of($0) }.max() ?? 32) + 2
        let side = area.columns >= receiptWidth + 36
        let left = side ? Area(top: area.top, left: area.left, rows: area.rows, columns: area.columns - receiptWidth - 2) : area
        var row = area.top + card.drawCompact(&canvas, left, context, maxRows: side ? 6 : 3) + 1
        row += Prompt.draw(context.text(.certifiedBanner), &canvas, row: row, left, large: context.largeText && context.blockText == nil, style: .good) + 1
        canvas.text(context.text(.receiptNumber(issued.receipt.receiptNumber)), row: row, column: left.left, style: .good, width: left.columns)
        row += 2
        row += canvas.paragraph(context.text(.receiptIssued(file: issued.file, printed: issued.printed)), row: row, column: left.left,
                                width: left.columns, maxRows: max(1, area.bottom - row), style: .dim)
        if let problem {
            row += 1 + canvas.paragraph(problem, row: row + 1, column: left.left, width: left.columns, maxRows: max(1, area.bottom - row - 1), style: .bad)
        }
        // The receipt itself, from the top of the screen's area down, as it comes off the printer.
        let top = side ? area.top - 1 : row + 1
        let column = side ? area.right - receiptWidth + 2 : area.left
        for (offset, line) in issued.lines.enumerated() where top + offset < area.bottom {
            canvas.fill(row: top + offset, column: column, width: receiptWidth, style: .paper)
            canvas.text(line, row: top + offset, column: column + 1, style: .paper)
        }
    }
}

/// What the resident at the reader is told during a scan, and the countdown.
struct ScanState {
    var finger: Finger?
    var attempt = 1
    var attempts = 1
    /// The latest coaching from the reader ("press again", "centre the finger").
    var coaching: Message?
    var coachingIsProblem = false
    /// The same coaching in a few words, for block glyphs: press or swipe, lift, again.
    var blockPrompt: Message.ScreenText?
    /// The last failed attempt, or a timeout.
    var lastFailure: Message?
    var startedAt: Double = 0
    /// Enrolment: stages done and needed.
    var stage: (done: Int, of: Int)?
    /// The duplicate check: prints compared.
    var checking: Int?
    /// The finger was read and is being matched: no countdown (the timeout is for the finger only).
    var matching = false

    mutating func apply(_ progress: FingerprintProgress, _ context: AppContext) -> [Action] {
        switch progress {
        case .askFinger(let finger, let attempt, let of):
            self.finger = finger
            self.attempt = attempt
            attempts = of
            coaching = nil
            blockPrompt = .blockPlace(context.scanType)
            startedAt = context.uptime
            return [.perform(.speak(.placeFinger(finger, context.scanType)))]
        case .enrolFinger(let finger, let stages):
            self.finger = finger
            stage = (0, stages)
            blockPrompt = .blockPlace(context.scanType)
            startedAt = context.uptime
            return [.perform(.speak(.placeFinger(finger, context.scanType)))]
        case .reader(let event):
            coaching = .readerEvent(event)
            coachingIsProblem = false
            switch event {
            case .placeFinger(let scanType):
                blockPrompt = .blockPlace(scanType)
                startedAt = context.uptime
                checking = nil
                matching = false
            case .liftFinger:
                blockPrompt = .blockLift
                return [.perform(.speak(.liftFinger))]
            case .retry:
                blockPrompt = .blockRetry
                coachingIsProblem = true
            case .enrollStage(let done, let of):
                if done < of { blockPrompt = .blockLift }
                stage = (done, of)
                startedAt = context.uptime
            case .checking(_, let total):
                checking = total
                matching = true
            case .readerAdded, .readerRemoved: break
            }
            return []
        case .notMatched:
            lastFailure = progress.message
            blockPrompt = .blockRetry
            return [.perform(.bell), .perform(.speak(.notMatched))]
        case .timedOut:
            lastFailure = progress.message
            return [.perform(.bell)]
        case .confirmScan(let gallery):
            coaching = progress.message
            checking = gallery
            blockPrompt = .blockPlace(context.scanType)
            startedAt = context.uptime
            return [.perform(.speak(.placeFinger(finger, context.scanType)))]
        case .duplicateCheckPartial, .duplicateCheckUnavailable:
            lastFailure = progress.message
            return []
        }
    }

    func draw(_ canvas: inout Canvas, _ area: Area, _ context: AppContext, cancelling: Bool) {
        if let font = context.blockText, let finger, !cancelling { return drawBlocks(&canvas, area, context, font: font, finger: finger) }
        var row = area.top
        let large = context.largeText
        if let finger {
            let counter = stage.map { "\($0.done)/\($0.of)" } ?? "\(attempt)/\(attempts)"
            let heading: Message.ScreenText = stage == nil ? .attemptOf(attempt: attempt, of: attempts, finger: finger)
                : .enrolStage(done: stage!.done, of: stage!.of, finger: finger)
            if large {
                let used = Prompt.bigDigits(counter, &canvas, row: row, column: area.left)
                canvas.paragraph(context.text(heading), row: row + 1, column: area.left + used + 2, width: area.columns - used - 2, maxRows: 3, style: .label)
                row += 6
            } else {
                canvas.text(context.text(heading), row: row, column: area.left, style: .label, width: area.columns)
                row += 2
            }
            if let stage, !large { row += drawBar(&canvas, row: row, area, done: stage.done, of: stage.of) }
        }
        let prompt = cancelling ? context.text(.cancellingScan) : coaching.map(context.text) ?? context.text(.waitingForReader)
        row += Prompt.draw(prompt, &canvas, row: row, area, large: large, style: coachingIsProblem ? .selected : .banner) + 1
        if let checking { canvas.text(context.text(.checkingGallery(checking)), row: row, column: area.left, style: .dim); row += 1 }
        if let lastFailure {
            row += canvas.paragraph(context.text(lastFailure), row: row, column: area.left, width: area.columns, maxRows: 2, style: .bad)
        }
        let remaining = max(0, context.fingerprintPolicy.scanTimeoutSeconds - Int(context.uptime - startedAt))
        if !cancelling, !matching, row < area.bottom {
            canvas.text(context.text(.secondsLeft(remaining)), row: area.bottom - 1, column: area.left, style: remaining <= 10 ? .warning : .dim)
        }
    }

    /// Large text in block glyphs: the finger and what to do with it, each eight rows high, under
    /// one line with the attempt and the seconds left; what went wrong last on the line below.
    /// A line the font cannot draw in the width is drawn spaced out instead.
    private func drawBlocks(_ canvas: inout Canvas, _ area: Area, _ context: AppContext, font: BlockFont, finger: Finger) {
        var row = area.top
        let heading: Message.ScreenText = stage.map { .enrolStage(done: $0.done, of: $0.of, finger: finger) }
            ?? .attemptOf(attempt: attempt, of: attempts, finger: finger)
        let remaining = max(0, context.fingerprintPolicy.scanTimeoutSeconds - Int(context.uptime - startedAt))
        // No countdown while the scan is being matched: the time left is for the finger.
        let seconds = matching ? "" : context.text(.secondsLeft(remaining))
        let secondsWidth = TextWidth.of(seconds)
        canvas.text(context.text(heading), row: row, column: area.left, style: .label, width: area.columns - secondsWidth - 2)
        if !matching { canvas.text(seconds, row: row, column: area.right - secondsWidth, style: remaining <= 10 ? .warning : .dim) }
        row += 1
        let note = (lastFailure ?? coaching).map(context.text) ?? checking.map { context.text(.checkingGallery($0)) }
        let blockRows = area.bottom - row - (note == nil ? 0 : 1)
        let fingerRows = BlockText.draw(context.text(.blockFinger(finger)), font, &canvas, row: row, area, maxRows: min(8, blockRows), style: .label)
        row += fingerRows ?? Prompt.draw(context.text(.finger(finger)), &canvas, row: row, area, large: true, style: .label)
        let prompt = context.text(blockPrompt ?? .blockPlace(context.scanType))
        let style: Style = coachingIsProblem ? .warning : .normal
        if let used = BlockText.draw(prompt, font, &canvas, row: row, area, maxRows: min(8, area.bottom - row - (note == nil ? 0 : 1)), style: style) {
            row += used
        } else {
            row += Prompt.draw(coaching.map(context.text) ?? prompt, &canvas, row: row, area, large: true, style: coachingIsProblem ? .selected : .banner)
        }
        if let note, row < area.bottom {
            canvas.text(note, row: area.bottom - 1, column: area.left, style: lastFailure != nil || coachingIsProblem ? .bad : .dim, width: area.columns)
        }
    }

    private func drawBar(_ canvas: inout Canvas, row: Int, _ area: Area, done: Int, of total: Int) -> Int {
        let width = min(area.columns, 40)
        let filled = total > 0 ? width * done / total : 0
        canvas.text(String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled), row: row, column: area.left, style: .good)
        return 2
    }
}
