import Desk
import Domain

/// Touch and go (T on the home screen): the resident presses a finger, with no ID card; one scan
/// is identified among every print enrolled on this reader, and their card opens ready to certify
/// on Enter. No match, no finger, or a reader that cannot identify: the ID number entry, with the
/// scan's outcome said. The countdown covers the wait for the finger only, never the matching.
struct TouchAndGoScreen: Screen {
    var scan = ScanState()
    var started = false
    var cancelling = false
    /// The answer came: nothing left to cancel.
    var done = false

    var isScanning: Bool { started && !done }
    var ticks: Bool { isScanning }

    func title(_ context: AppContext) -> String { context.text(.touchAndGo) }

    func keys(_ context: AppContext) -> [KeyHint] { [KeyHint("Esc", .cancelScan)] }

    mutating func appear(_ context: AppContext) -> [Action] {
        guard !started else { return [] }
        started = true
        scan.startedAt = context.uptime
        return [.perform(.identify), .perform(.speak(.placeFinger(nil, context.scanType)))]
    }

    mutating func handle(_ key: Key, _ context: AppContext) -> [Action]? {
        switch key {
        case .escape where cancelling || done: return [.pop]
        case .escape:
            cancelling = true
            return [.perform(.cancelScan)]
        case .function(10), .function(2), .function(3): return nil
        default: return [] // nothing else while the reader works
        }
    }

    mutating func receive(_ reply: Reply, _ context: AppContext) -> [Action] {
        switch reply {
        case .progress(let progress):
            return scan.apply(progress, context)
        case .identified(let identification):
            done = true
            return [.pop, .push(CertifyScreen(identification, context))]
        case .failed(.reader(.cancelled)):
            done = true
            return [.pop]
        case .failed(let error):
            done = true
            var entry = FindResidentScreen(purpose: .certify)
            entry.problem = .screen(.touchAndGoFallback(error))
            return [.perform(.bell), .pop, .push(entry)]
        default:
            return []
        }
    }

    func draw(_ canvas: inout Canvas, _ area: Area, _ context: AppContext) {
        canvas.cursor = nil
        let rows = canvas.paragraph(context.text(.touchAndGoPrompt), row: area.top, column: area.left, width: area.columns, maxRows: 2, style: .label)
        scan.draw(&canvas, area.below(rows + 1), context, cancelling: cancelling)
    }
}
