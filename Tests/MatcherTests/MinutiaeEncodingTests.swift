@testable import Matcher
import Testing

/// The minutiae's bytes as they are sealed to the bureau for the city-wide duplicate check.
@Suite("Minutiae encoding")
struct MinutiaeEncodingTests {
    let finger = FingerMinutiae(impressions: [MatcherTests.finger(7), MatcherTests.finger(8, count: 30)])

    @Test func minutiaeComeBackAsTheyWere() {
        let bytes = finger.encoded
        #expect(bytes.count == 2 + 2 * 2 + 4 * (45 + 30))
        #expect(FingerMinutiae(encoded: bytes) == finger)
    }

    @Test func bytesItDidNotWriteAreRefused() {
        let bytes = finger.encoded
        #expect(FingerMinutiae(encoded: Array(bytes.dropLast())) == nil, "cut short")
        #expect(FingerMinutiae(encoded: bytes + [0]) == nil, "something left over")
        var otherVersion = bytes
        otherVersion[0] = 2
        #expect(FingerMinutiae(encoded: otherVersion) == nil, "a version it does not know")
        #expect(FingerMinutiae(encoded: []) == nil)
    }
}
