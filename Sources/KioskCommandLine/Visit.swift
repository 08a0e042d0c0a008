import ArgumentParser
import Domain
import Desk

struct Visit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Home visits (FAQ 6): book, see the queue, schedule, print route sheets, record outcomes.",
        discussion: """
            A booking is requested, then scheduled (a day and a staff member), then completed (a certification of method \
            home_visit) or cancelled; a visit that found no-one home or was refused, or that the family moved, goes back \
            to the queue, counted, with its priority raised. Every step is kept and audited.
            """,
        subcommands: [Book.self, Queue.self, Schedule.self, Pin.self, Sheet.self, Reminders.self, Show.self,
                      Complete.self, Missed.self, Reschedule.self, Cancel.self])

    struct Book: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Book a visit for a resident, as the family asks at the desk.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "18-character ID number of the resident to visit.") var id: String
        @Option(help: "Name of the family member booking.") var booker: String
        @Option(help: "Their relation to the resident.") var relation: String
        @Option(help: "Their phone number, to agree the day.") var phone: String
        @Option(help: "Why the resident cannot come.") var reason: VisitReason
        @Option(help: "What was seen at the desk (certificate, hospital note...).") var evidence: String
        @Option(help: "Where to go, if not the roster's address.") var address: String?
        @Option(help: "A preferred date, YYYY-MM-DD (repeat for several).") var prefer: [CivilDate] = []
        @Option(help: "Time of day the family prefers.") var time = VisitTime.any
        @Option(help: "For the visiting staff (\"bedridden, ring twice\").") var notes = ""
        @Option(help: "Why someone under the policy's age is booked as elderly (recorded with the booking).") var ageOverride: String?
        @OptionGroup var output: OutputOptions

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let id = try session.residentID(id)
                let request = VisitRequest(booker: VisitBooker(name: booker, relation: relation, phone: phone), reason: reason.mobility,
                                           evidence: evidence, address: address, preferredDates: prefer, time: time, notes: notes,
                                           ageOverride: ageOverride)
                if let problem = request.problem { throw .entryInvalid(problem) }
                let (desk, staff) = try session.signIn(signIn)
                let visits = desk.visits(staff)
                let booked = try visits.book(id, request)
                let slip = try desk.receipts.issueSlip(try visits.record(booked.booking.id))
                if output.json { return try JSONOutput.print(["id": booked.booking.id, "number": booked.booking.number, "slip": slip.file]) }
                session.say(.visit(.booked(id: booked.booking.number, name: booked.name)))
                session.say(.visit(.slipIssued(file: slip.file, printed: slip.printed)))
            }
        }
    }

    struct Queue: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open bookings, most urgent first, with the points behind each place.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @OptionGroup var output: OutputOptions

        struct Line: Encodable {
            var position: Int
            var id: String
            var number: String
            var idNumber: String
            var name: String
            var community: String
            var points: Int
            var deadline: String
            var reasons: [String: Int]
            var status: String
            var date: String?
            var staff: String?
            var pinned: Bool?
        }

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let (desk, staff) = try session.signIn(signIn)
                let queue = try desk.visits(staff).queue()
                if output.json {
                    return try JSONOutput.print(queue.enumerated().map { index, entry in
                        Line(position: index + 1, id: entry.visit.booking.id, number: entry.visit.booking.number, idNumber: entry.visit.booking.residentID.masked,
                             name: entry.name, community: entry.visit.booking.community,
                             points: entry.priority.points, deadline: entry.priority.deadline.description,
                             reasons: Dictionary(entry.priority.parts.map { (Self.key($0.factor), $0.points) }, uniquingKeysWith: +),
                             status: entry.visit.slot == nil ? VisitStatus.requested.rawValue : VisitStatus.scheduled.rawValue,
                             date: entry.visit.slot?.date.description, staff: entry.visit.slot?.staff, pinned: entry.visit.slot?.pinned)
                    })
                }
                guard !queue.isEmpty else { return session.say(.visit(.queueEmpty)) }
                for (index, entry) in queue.enumerated() {
                    session.say(.visit(.queueLine(position: index + 1, id: entry.visit.booking.number, name: entry.name,
                                                  maskedID: entry.visit.booking.residentID.masked, community: entry.visit.booking.community,
                                                  priority: entry.priority, status: entry.visit.slot == nil ? .requested : .scheduled,
                                                  slot: entry.visit.slot)))
                }
            }
        }

        static func key(_ factor: VisitPriority.Factor) -> String {
            switch factor {
            case .daysLeft: "days_left"
            case .alreadySuspended: "already_suspended"
            case .reason(let reason): "reason_\(reason.rawValue)"
            case .age: "age"
            case .waiting: "waiting"
            case .missedVisits: "missed_visits"
            }
        }
    }

    struct Schedule: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Assign open bookings to days and staff (supervisor). Running it again moves nothing that need not move.",
            discussion: "Staff, their days and daily capacity: home_visit_staff in service-point.yaml.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Option(help: "First day, YYYY-MM-DD (default: tomorrow).") var from: CivilDate?
        @Option(help: "How many days, 1 to 92.") var days = 7

        func validate() throws {
            guard (1...92).contains(days) else { throw global.refuse(.oneOf(["--days 1...92"])) }
        }
        @OptionGroup var output: OutputOptions

        struct Output: Encodable {
            struct Slot: Encodable { var id: String; var date: String; var staff: String; var pinned: Bool }
            var slots: [Slot]
            var late: [String]
            var unscheduled: [String]
            var visitsShort: Int
            var moved: Int
            var dropped: Int
            var trips: Int
            var averageVisitsPerTrip: Double
        }

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let start = from ?? session.clock.today.adding(days: 1)
                let (desk, staff) = try session.signIn(signIn)
                let visits = desk.visits(staff)
                let change = try visits.schedule(from: start, days: days, team: session.settings.visitStaff)
                let outcome = change.outcome
                if output.json {
                    return try JSONOutput.print(Output(
                        slots: outcome.slots.sorted { ($0.value.date, $0.value.staff, $0.key) < ($1.value.date, $1.value.staff, $1.key) }
                            .map { .init(id: $0.key, date: $0.value.date.description, staff: $0.value.staff, pinned: $0.value.pinned) },
                        late: outcome.late, unscheduled: outcome.unscheduled, visitsShort: outcome.visitsShort, moved: change.moved,
                        dropped: change.dropped, trips: outcome.trips, averageVisitsPerTrip: outcome.averageVisitsPerTrip))
                }
                // Names, communities and deadlines of the bookings, as the queue has them.
                let queue = Dictionary(try visits.queue().map { ($0.visit.booking.id, $0) }, uniquingKeysWith: { first, _ in first })
                func who(_ id: String) -> (name: String, masked: String, community: String) {
                    guard let entry = queue[id] else { return ("", "", "") }
                    return (entry.name, entry.visit.booking.residentID.masked, entry.visit.booking.community)
                }
                for (id, slot) in outcome.slots.sorted(by: { ($0.value.date, $0.value.staff, who($0.key).community, $0.key)
                                                            < ($1.value.date, $1.value.staff, who($1.key).community, $1.key) }) {
                    let resident = who(id)
                    session.say(.visit(.scheduleLine(date: slot.date, staff: slot.staff, community: resident.community,
                                                     name: resident.name, maskedID: resident.masked, pinned: slot.pinned)))
                }
                for id in outcome.late {
                    let resident = who(id)
                    session.say(.visit(.late(name: resident.name, maskedID: resident.masked, deadline: queue[id]?.priority.deadline ?? start,
                                             date: outcome.slots[id]!.date)))
                }
                for id in outcome.unscheduled {
                    let resident = who(id)
                    session.say(.visit(.unscheduled(name: resident.name, maskedID: resident.masked, deadline: queue[id]?.priority.deadline ?? start)))
                }
                session.say(.visit(.scheduleSummary(scheduled: outcome.slots.count, moved: change.moved, dropped: change.dropped,
                                                    trips: outcome.trips, visitsPerTrip: outcome.averageVisitsPerTrip)))
                session.say(.visit(.short(visits: outcome.visitsShort)))
            }
        }
    }

    struct Pin: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put a visit on a day with a staff member; the schedule leaves it there.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "The booking's number (or its long id).") var booking: String
        @Option(help: "YYYY-MM-DD.") var date: CivilDate
        @Option(help: "Who goes (a name from home_visit_staff).") var visitor: String

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let (desk, member) = try session.signIn(signIn)
                try desk.visits(member).pin(booking, on: date, with: visitor, team: session.settings.visitStaff)
                session.say(.visit(.pinned(id: booking, date: date, staff: visitor)))
            }
        }
    }

    struct Sheet: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A day's route sheet for one staff member, ready to print.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Option(help: "YYYY-MM-DD.") var date: CivilDate
        @Option(help: "Who goes (default: everyone that day, one sheet each).") var visitor: String?
        @Option(help: "Also write that staff member's field pack for the laptop (needs --visitor; a new file, 0600).") var fieldPack: String?

        func validate() throws {
            if fieldPack != nil, visitor == nil { throw global.refuse(.oneOf(["--field-pack FILE --visitor NAME"])) }
        }

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let day = date
                let (desk, member) = try session.signIn(signIn)
                let stops = try desk.visits(member).stops(on: day, visitor: visitor)
                guard !stops.isEmpty else { return session.say(.visit(.noVisits(day))) }
                let byStaff = Dictionary(grouping: stops, by: \.slot.staff)
                for (index, visitor) in byStaff.keys.sorted().enumerated() {
                    if index > 0 { session.say("\u{0C}") }
                    let route = byStaff[visitor]!
                    session.say(.visit(.sheetTitle(date: day, staff: visitor, visits: route.count)))
                    for (order, stop) in route.enumerated() {
                        session.say(.visit(.sheetStop(order: order + 1, name: stop.residentName, maskedID: stop.booking.residentID.masked,
                                                      address: stop.booking.address, phone: stop.booking.booker.phone,
                                                      booker: stop.booking.booker.name + " " + stop.booking.booker.relation,
                                                      reason: stop.booking.reason, time: stop.booking.preferredTime, notes: stop.booking.notes)))
                    }
                }
                if let fieldPack, let visitor {
                    session.say(.visit(.fieldPacked(try desk.field(member).pack(on: day, visitor: visitor, to: fieldPack))))
                }
            }
        }
    }

    struct Reminders: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Whom to call the day before: the families of a day's visits.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Option(help: "The day of the visits, YYYY-MM-DD (default: tomorrow).") var date: CivilDate?

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let day = date ?? session.clock.today.adding(days: 1)
                let (desk, member) = try session.signIn(signIn)
                let stops = try desk.visits(member).stops(on: day, visitor: nil)
                guard !stops.isEmpty else { return session.say(.visit(.noVisits(day))) }
                for stop in stops {
                    session.say(.visit(.reminder(phone: stop.booking.booker.phone, booker: stop.booking.booker.name, name: stop.residentName,
                                                 date: day, time: stop.booking.preferredTime, staff: stop.slot.staff)))
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A booking and everything that happened to it.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "The booking's number (or its long id).") var booking: String

        struct Output: Encodable {
            struct Event: Encodable { var kind: String; var at: String; var staff: String; var date: String?; var visitor: String?; var detail: String }
            var id: String
            var number: String
            var idNumber: String
            var name: String
            var status: String
            var reason: String
            var address: String
            var date: String?
            var staff: String?
            var missedVisits: Int
            var certificationId: String?
            var history: [Event]
        }

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let (desk, member) = try session.signIn(signIn)
                let record = try desk.visits(member).record(booking)
                try JSONOutput.print(Output(
                    id: record.booking.id, number: record.booking.number, idNumber: record.booking.residentID.masked, name: record.residentName, status: record.status.rawValue,
                    reason: record.booking.reason.rawValue, address: record.booking.address, date: record.slot?.date.description,
                    staff: record.slot?.staff, missedVisits: record.missedVisits, certificationId: record.certificationID,
                    history: record.history.map { .init(kind: $0.kind, at: $0.at.description, staff: $0.staffName, date: $0.slot?.date.description,
                                                        visitor: $0.slot?.staff, detail: $0.detail) }))
            }
        }
    }

    struct Complete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The resident was certified at home: records a home_visit certification by the signed-in staff member.",
            discussion: "On a field laptop (kiosk field load), --evidence fingerprint first verifies the finger on the reader against the packed prints.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "The booking's number (or its long id).") var booking: String
        @Option(help: "fingerprint (portable reader) or photo.") var evidence: VisitEvidence

        func run() async throws {
            guard evidence == .fingerprint else {
                return try Session.run(global) { session throws(KioskError) in
                    let (desk, staff) = try session.signIn(signIn)
                    try done(desk.visits(staff).complete(booking, evidence: evidence), session, desk)
                }
            }
            try await Session.run(global) { session, reader throws(KioskError) in
                let (desk, staff) = try session.signIn(signIn)
                guard try desk.field(staff).isFieldLaptop() else { return try done(desk.visits(staff).complete(booking, evidence: evidence), session, desk) }
                let certified = try await desk.visits(staff).complete(booking, verifyingOn: reader) { progress in
                    switch progress {
                    case .reader: Terminal.error(progress.message.text(session.language))
                    default: session.say(progress.message)
                    }
                }
                try done(certified, session, desk)
            }
        }

        private func done(_ certified: Certified, _ session: Session, _ desk: ServiceDesk) throws(KioskError) {
            session.say(.visit(.completed(id: booking, receipt: certified.receipt.receiptNumber)))
            try session.issueReceipt(of: certified, desk: desk)
        }
    }

    struct Missed: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "No-one home, or the resident refused: back to the queue, counted.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "The booking's number (or its long id).") var booking: String
        @Option(help: "Why no visit took place.") var reason: VisitMiss
        @Option(help: "What happened.") var note = ""

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let (desk, staff) = try session.signIn(signIn)
                let times = try desk.visits(staff).miss(booking, reason, note: note.trimmingSpaces())
                session.say(.visit(.missed(id: booking, times: times)))
            }
        }
    }

    struct Reschedule: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The family asked for another day: back to the queue.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "The booking's number (or its long id).") var booking: String
        @Option(help: "Why.") var note = ""

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let (desk, staff) = try session.signIn(signIn)
                try desk.visits(staff).anotherDay(booking, note: note.trimmingSpaces())
                session.say(.visit(.rescheduled(id: booking)))
            }
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a booking, with the reason.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "The booking's number (or its long id).") var booking: String
        @Option(help: "Why (\"certified by the app\", \"moved away\"...).") var reason: String

        func validate() throws { try global.requireText(reason, option: "--reason") }

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let (desk, staff) = try session.signIn(signIn)
                try desk.visits(staff).cancel(booking, reason: reason.trimmingSpaces())
                session.say(.visit(.cancelled(id: booking)))
            }
        }
    }
}
