import Domain

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
