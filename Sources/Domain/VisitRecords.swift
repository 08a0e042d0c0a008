import Foundation

/// Home visits as the store keeps them and the desk hands them out: plain values, no I/O.

/// A booking with its whole history and where it stands.
public struct VisitRecord: Sendable {
    public struct Event: Sendable {
        public var kind: String
        public var at: LocalDateTime
        public var staffName: String
        public var slot: VisitSlot?
        public var detail: String

        public init(kind: String, at: LocalDateTime, staffName: String, slot: VisitSlot? = nil, detail: String) {
            self.kind = kind
            self.at = at
            self.staffName = staffName
            self.slot = slot
            self.detail = detail
        }
    }

    public var booking: VisitBooking
    public var residentName: String
    public var bookedBy: String
    public var status: VisitStatus
    public var slot: VisitSlot?
    public var missedVisits: Int
    public var history: [Event]
    /// The certification a completed visit made.
    public var certificationID: String?

    public init(booking: VisitBooking, residentName: String, bookedBy: String, status: VisitStatus, slot: VisitSlot? = nil, missedVisits: Int, history: [Event], certificationID: String? = nil) {
        self.booking = booking
        self.residentName = residentName
        self.bookedBy = bookedBy
        self.status = status
        self.slot = slot
        self.missedVisits = missedVisits
        self.history = history
        self.certificationID = certificationID
    }
}

/// One line of a route sheet or a reminders list.
public struct VisitStop: Sendable {
    public var booking: VisitBooking
    public var residentName: String
    public var slot: VisitSlot

    public init(booking: VisitBooking, residentName: String, slot: VisitSlot) {
        self.booking = booking
        self.residentName = residentName
        self.slot = slot
    }
}

/// A line of the visit queue: the booking, its points and the resident's name.
public struct QueuedVisit: Sendable {
    public var visit: OpenVisit
    public var priority: VisitPriority
    public var name: String

    public init(visit: OpenVisit, priority: VisitPriority, name: String) {
        self.visit = visit
        self.priority = priority
        self.name = name
    }
}

/// How many homes one staff member visits in one community on one day.
public struct VisitLoad: Hashable, Sendable {
    public var date: CivilDate
    public var staff: String
    public var community: String
    public var homes: Int

    public init(date: CivilDate, staff: String, community: String, homes: Int) {
        self.date = date
        self.staff = staff
        self.community = community
        self.homes = homes
    }
}

/// What re-running the schedule changed.
public struct ScheduleChange: Sendable {
    public var outcome: VisitScheduler.Outcome
    /// Bookings given a new day or staff member.
    public var moved: Int
    /// Bookings that had a day and now have none (no room left for them).
    public var dropped: Int

    public init(outcome: VisitScheduler.Outcome, moved: Int, dropped: Int) {
        self.outcome = outcome
        self.moved = moved
        self.dropped = dropped
    }
}

/// What the visiting staff used to certify at home.
public enum VisitEvidence: String, Hashable, Sendable, CaseIterable {
    /// On a portable reader.
    case fingerprint
    case photo
}
