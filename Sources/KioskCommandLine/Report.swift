import ArgumentParser
import Domain

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lists for staff: due (with phones for reminder calls), overdue, suspended, referred, today.",
        discussion: "Reports show personal data, so they need a signed-in supervisor or admin and are audited. ID numbers stay masked.")

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case due, overdue, suspended, referred, today
    }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var signIn: SignInOptions
    @Argument(help: "Which list: due, overdue, suspended, referred or today.") var kind: Kind
    @Option(help: "For due: the recommended month, YYYY-MM (default: this month).") var month: YearMonth?
    @Flag(help: "Print CSV.") var csv = false
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if csv && output.json { throw global.refuse(.conflictingFormats) }
        if month != nil, kind != .due { throw global.refuse(.monthOnlyForDue) }
    }

    func run() throws {
        try Session.run(global) { session throws(KioskError) in
            let month = month ?? session.clock.today.yearMonth
            let (desk, staff) = try session.signIn(signIn)
            let reports = desk.reports(staff)
            if kind == .today {
                let lines = try reports.today()
                let rows = lines.map { TodayRow(certification: $0.certification, resident: $0.resident, session: session) }
                return try emit(rows, title: .today(session.clock.today), session: session)
            }
            let lines: [ResidentReportLine]
            let title: Message.ReportTitle
            switch kind {
            case .due: (lines, title) = (try reports.due(in: month), .due(month))
            case .overdue: (lines, title) = (try reports.overdue(), .overdue)
            case .suspended: (lines, title) = (try reports.suspended(), .suspended)
            case .referred: (lines, title) = (try reports.referred(), .referred)
            case .today: return
            }
            try emit(lines.map { ReportRow($0, session: session) }, title: title, session: session)
        }
    }

    private func emit<Row: ReportPrintable>(_ rows: [Row], title: Message.ReportTitle, session: Session) throws(KioskError) {
        if output.json { return try JSONOutput.print(rows) }
        if csv {
            session.say(Row.csvHeader)
            for row in rows { session.say(row.csvFields.map(CSVField.escape).joined(separator: ",")) }
            return
        }
        session.say(.reportTitle(title, count: rows.count))
        guard !rows.isEmpty else { return session.say(.reportEmpty) }
        session.say(Terminal.table([Row.tableHeader(session)] + rows.map(\.tableCells)))
    }
}

protocol ReportPrintable: Encodable {
    static var csvHeader: String { get }
    static func tableHeader(_ session: Session) -> [String]
    var csvFields: [String] { get }
    var tableCells: [String] { get }
}

/// A resident on a report.
struct ReportRow: ReportPrintable {
    var idNumber: String
    var name: String
    var phone: String?
    var community: String?
    var address: String?
    var mobility: Mobility?
    var status: ResidentStatus.Code
    var statusText: String
    var recommendedMonth: YearMonth?
    var deadline: CivilDate?
    var suspendedSince: YearMonth?
    var monthsSuspended: Int?
    var resumesIn: YearMonth?
    var backPay: Money?

    enum CodingKeys: String, CodingKey {
        case idNumber = "id_number", name, phone, community, address, mobility, status, statusText = "status_text"
        case recommendedMonth = "recommended_month", deadline, suspendedSince = "suspended_since", monthsSuspended = "months_suspended"
        case resumesIn = "resumes_in", backPay = "back_pay"
    }

    init(_ line: ResidentReportLine, session: Session) {
        let resident = line.resident
        idNumber = resident.id.masked
        name = resident.name
        phone = resident.phone
        community = resident.community
        address = resident.address
        mobility = resident.mobility
        status = line.status.code
        statusText = session.text(.statusLine(line.status, session.policy))
        switch line.status {
        case .due(let due):
            recommendedMonth = due.cycle.recommendedMonth
            deadline = due.cycle.deadline
        case .overdue(let overdue):
            recommendedMonth = overdue.cycle.recommendedMonth
            deadline = overdue.cycle.deadline
        case .suspended(let suspended):
            suspendedSince = suspended.since
            monthsSuspended = suspended.monthsSuspended
            resumesIn = suspended.ifCertifiedNow.resumesIn
            backPay = suspended.ifCertifiedNow.backPay
        case .referToCityBureau(let referral):
            suspendedSince = referral.suspendedSince
            monthsSuspended = referral.monthsSuspended
        default:
            break
        }
    }

    static let csvHeader = "id_number,name,phone,community,address,mobility,status,recommended_month,deadline,suspended_since,months_suspended,resumes_in,back_pay"

    var csvFields: [String] {
        [idNumber, name, phone ?? "", community ?? "", address ?? "", mobility?.rawValue ?? "", status.rawValue,
         recommendedMonth?.description ?? "", deadline?.description ?? "", suspendedSince?.description ?? "",
         monthsSuspended.map(String.init) ?? "", resumesIn?.description ?? "", backPay?.description ?? ""]
    }

    static func tableHeader(_ session: Session) -> [String] {
        [Message.Label.idNumber, .name, .phone, .community, .status].map { session.text(.label($0)) }
    }

    var tableCells: [String] { [idNumber, name, phone ?? "", community ?? "", statusText] }
}

/// A certification on today's report.
struct TodayRow: ReportPrintable {
    var time: String
    var idNumber: String
    var name: String
    var method: CertificationMethod
    var staff: String
    var certificationID: String
    private var methodText: String

    enum CodingKeys: String, CodingKey {
        case time, idNumber = "id_number", name, method, staff, certificationID = "certification_id"
    }

    init(certification: KioskCertification, resident: Resident, session: Session) {
        time = String(certification.certifiedAt.description.suffix(8))
        idNumber = resident.id.masked
        name = resident.name
        method = certification.method
        staff = certification.staffName
        certificationID = certification.id
        methodText = session.text(.method(certification.method))
    }

    static let csvHeader = "time,id_number,name,method,staff,certification_id"
    var csvFields: [String] { [time, idNumber, name, method.rawValue, staff, certificationID] }

    static func tableHeader(_ session: Session) -> [String] {
        [Message.Label.time, .idNumber, .name, .method, .staff, .certificationID].map { session.text(.label($0)) }
    }

    var tableCells: [String] { [time, idNumber, name, methodText, staff, certificationID] }
}
