import Desk
import Domain

/// Enrols a resident's fingers: pick a finger, as many scans as the reader asks, then the check
/// against everyone else's prints (a match is refused and raises a fraud alert).
struct EnrolScreen: Screen {
    enum Phase {
        case choosing
        case scanning
        case cancelling
        case enrolled(Finger)
        case failed(KioskError)
    }

    var record: ResidentRecord
    var card: ResidentCard
    var phase: Phase = .choosing
    var selected: Int
    var scan = ScanState()

    /// The order fingers are offered in: index fingers first, they read best.
    static let order: [Finger] = [.rightIndex, .leftIndex, .rightMiddle, .leftMiddle, .rightThumb, .leftThumb,
                                  .rightRing, .leftRing, .rightLittle, .leftLittle]

    init(_ record: ResidentRecord, _ context: AppContext) {
        self.record = record
        card = ResidentCard(record)
        selected = Self.order.firstIndex { !record.fingers.contains($0) } ?? 0
    }

    var isScanning: Bool {
        switch phase {
        case .scanning, .cancelling: true
        default: false
        }
    }

    var ticks: Bool { isScanning }

    func title(_ context: AppContext) -> String { context.text(.menuEnrol) }

    func keys(_ context: AppContext) -> [KeyHint] {
        switch phase {
        case .choosing: return [KeyHint("↑↓", .chooseFinger), KeyHint("Enter", .startScan), KeyHint("Esc", .back)]
        case .scanning, .cancelling: return [KeyHint("Esc", .cancelScan)] + CertifyScreen.demoKeys(context)
        case .enrolled, .failed: return [KeyHint("Enter", .enrolAnother), KeyHint("Esc", .back)]
        }
    }

    mutating func handle(_ key: Key, _ context: AppContext) -> [Action]? {
        switch (phase, key) {
        case (.choosing, .up):
            selected = (selected + Self.order.count - 1) % Self.order.count
            return []
        case (.choosing, .down), (.choosing, .tab):
            selected = (selected + 1) % Self.order.count
            return []
        case (.choosing, .enter):
            let finger = Self.order[selected]
            if record.fingers.contains(finger) {
                return [.push(ConfirmScreen(question: .confirmReenrol(finger), answer: "enrol"))]
            }
            return start(finger, context)
        case (.enrolled, .enter), (.failed, .enter):
            phase = .choosing
            scan = ScanState()
            return []
        case (.enrolled, _), (.failed, _):
            return Action.nextResident(typing: key)
        case (.scanning, .escape):
            phase = .cancelling
            return [.perform(.cancelScan)]
        case (.cancelling, .escape):
            return [.pop]
        case (.scanning, .function(let number)) where context.demo != nil && (5...7).contains(number):
            return [.perform(.demo(CertifyScreen.demoPress(number, resident: record.id, finger: Self.order[selected])))]
        case (.scanning, _), (.cancelling, _):
            return key == .function(10) || key == .function(2) || key == .function(3) ? nil : []
        default:
            return nil
        }
    }

    mutating func confirmed(_ answer: String, _ context: AppContext) -> [Action] {
        answer == "enrol" ? start(Self.order[selected], context) : []
    }

    private mutating func start(_ finger: Finger, _ context: AppContext) -> [Action] {
        phase = .scanning
        scan = ScanState()
        scan.finger = finger
        scan.startedAt = context.uptime
        return [.perform(.enroll(record.id, finger))]
    }

    mutating func receive(_ reply: Reply, _ context: AppContext) -> [Action] {
        switch reply {
        case .progress(let progress):
            return scan.apply(progress, context)
        case .enrolled(let print, let fingers):
            record.fingers = fingers
            card = ResidentCard(record)
            phase = .enrolled(print.finger)
            selected = Self.order.firstIndex { !fingers.contains($0) } ?? selected
            return [.perform(.bell)]
        case .failed(.reader(.cancelled)):
            phase = .choosing
            return []
        case .failed(let error):
            phase = .failed(error)
            return [.perform(.bell)]
        default:
            return []
        }
    }

    func residentView(_ context: AppContext) -> ResidentView? {
        switch phase {
        case .scanning: ResidentView.scan(scan, context)
        case .enrolled: ResidentView(lines: [ResidentView.Line(block: .blockEnrolled, style: .good)], words: nil)
        default: nil
        }
    }

    func draw(_ canvas: inout Canvas, _ area: Area, _ context: AppContext) {
        canvas.cursor = nil
        let blocks = context.blockText != nil && !{ if case .choosing = phase { true } else { false } }()
        let cardRows = card.drawCompact(&canvas, area, context, maxRows: blocks ? 1 : context.largeText ? 4 : 5)
        let below = area.below(cardRows + 1)
        switch phase {
        case .choosing:
            canvas.text(context.text(.chooseFingerPrompt(enrolled: record.fingers.count, of: context.fingerprintPolicy.fingersPerResident)),
                        row: below.top, column: below.left, style: .label, width: below.columns)
            let perColumn = min(Self.order.count, max(1, below.rows - 2))
            for (index, finger) in Self.order.enumerated() {
                let row = below.top + 1 + index % perColumn
                let column = below.left + (index / perColumn) * 26
                let style: Style = index == selected ? .selected : .normal
                let mark = record.fingers.contains(finger) ? "✓ " : "  "
                canvas.fill(row: row, column: column, width: 24, style: style)
                canvas.text(mark + context.text(.finger(finger)), row: row, column: column, style: style, width: 24)
            }
        case .scanning, .cancelling:
            scan.draw(&canvas, below, context, cancelling: { if case .cancelling = phase { true } else { false } }())
        case .enrolled(let finger):
            var row = below.top
            if let used = BlockText.draw(context.text(.blockEnrolled), context.blockText, &canvas, row: row, below, maxRows: 8, style: .good) {
                canvas.text(context.text(.enrolledBanner(finger)), row: row + used + 1, column: below.left, style: .good, width: below.columns)
                row += used + 3
            } else {
                row += Prompt.draw(context.text(.enrolledBanner(finger)), &canvas, row: row, below, large: context.largeText, style: .good) + 1
            }
            canvas.text(context.text(.enrolledCount(record.fingers.count, of: context.fingerprintPolicy.fingersPerResident)),
                        row: row, column: below.left, style: .label, width: below.columns)
            // What the duplicate check could not cover, said plainly.
            if let note = scan.lastFailure {
                canvas.paragraph(context.text(note), row: row + 2, column: below.left, width: below.columns, maxRows: 3, style: .warning)
            } else if let checked = scan.checking {
                canvas.text(context.text(.duplicateCheckPassed(checked)), row: row + 2, column: below.left, style: .good, width: below.columns)
            }
        case .failed(let error):
            canvas.paragraph(context.text(.error(error)), row: below.top, column: below.left, width: below.columns, maxRows: 4, style: .bad)
        }
    }
}
