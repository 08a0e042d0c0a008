import Domain
import Foundation

/// A resident's file as staff see it, on the screen and from `kiosk resident show`: labelled rows
/// for people, JSON for scripts. The ID number and phone are masked unless revealed.
public struct ResidentSummary: Encodable, Sendable {
    public struct Certification: Encodable, Sendable {
        var date: CivilDate
        var time: String?
        var method: CertificationMethod?
        var servicePoint: String?
        var staff: String?
        var source: CertificationFact.Source

        enum CodingKeys: String, CodingKey { case date, time, method, servicePoint = "service_point", staff, source }
    }

    public struct Death: Encodable, Sendable {
        var dateOfDeath: CivilDate
        var reportedAt: LocalDateTime
        var reporter: String
        var relation: String
        var certificateNumber: String
        var settleBy: CivilDate?
        var monthsPaidAfterDeath: Int?
        var amountPaidAfterDeath: Money?
        var documents: String
        var office: String
        /// Certifications dated after the death, each a fraud alert for a supervisor.
        var certifiedAfterDeath: [CivilDate]

        enum CodingKeys: String, CodingKey {
            case dateOfDeath = "date_of_death", reportedAt = "reported_at", reporter, relation, certificateNumber = "certificate_number"
            case settleBy = "settle_by", monthsPaidAfterDeath = "months_paid_after_death", amountPaidAfterDeath = "amount_paid_after_death"
            case documents, office, certifiedAfterDeath = "certified_after_death"
        }
    }

    public var idNumber: String
    public var name: String
    public var sex: ResidentID.Sex
    public var insuredRegion: String
    public var route: Jurisdiction.Route
    public var residence: Residence?
    public var community: String?
    public var phone: String?
    public var address: String?
    public var mobility: Mobility?
    public var monthlyPension: Money?
    public var rosterStatus: RosterStatus
    public var status: ResidentStatus.Code
    public var statusText: String
    public var nextStep: String
    public var detail: StatusDetail
    public var lastCertification: Certification?
    public var death: Death?

    enum CodingKeys: String, CodingKey {
        case idNumber = "id_number", name, sex, insuredRegion = "insured_region", route, residence, community, phone, address, mobility
        case monthlyPension = "monthly_pension", rosterStatus = "roster_status", status, statusText = "status_text"
        case nextStep = "next_step", detail, lastCertification = "last_certification", death
    }

    private let language: Language

    public init(file: ResidentFile, status: ResidentStatus, reveal: Bool, policy: CertificationPolicy, language: Language) {
        let resident = file.resident
        self.language = language
        idNumber = reveal ? resident.id.fullNumber : resident.id.masked
        name = resident.name
        sex = resident.id.sex
        insuredRegion = resident.insuredRegion
        route = policy.jurisdiction.route(insuredRegion: resident.insuredRegion)
        residence = policy.jurisdiction.residence(of: resident)
        community = resident.community
        phone = reveal ? resident.phone : resident.phone.map(Self.maskPhone)
        address = resident.address
        mobility = resident.mobility
        monthlyPension = resident.monthlyPension
        rosterStatus = resident.rosterStatus
        self.status = status.code
        statusText = Message.statusLine(status, policy).text(language)
        nextStep = Message.nextStep(status, policy, livesIn: residence).text(language)
        detail = StatusDetail(status)
        let latest = CertificationFact.latest(file.certificationFact, resident.rosterCertifiedOn.map {
            CertificationFact(date: $0, method: resident.rosterCertificationMethod, servicePoint: nil, source: .roster)
        })
        lastCertification = latest.map { fact in
            let kiosk = fact.source == .kiosk ? file.lastCertification : nil
            return Certification(date: fact.date, time: kiosk.map { String($0.certifiedAt.description.suffix(8)) }, method: fact.method,
                                 servicePoint: fact.servicePoint, staff: kiosk?.staffName, source: fact.source)
        }
        death = file.death.map { report in
            var deceased: ResidentStatus.Deceased?
            if case .deceased(let value) = status { deceased = value }
            return Death(dateOfDeath: report.dateOfDeath, reportedAt: report.reportedAt, reporter: report.reporterName,
                         relation: report.reporterRelation, certificateNumber: report.certificateNumber, settleBy: deceased?.settleBy,
                         monthsPaidAfterDeath: deceased?.monthsPaidAfterDeath, amountPaidAfterDeath: deceased?.amountPaidAfterDeath,
                         documents: policy.death.documents.text(language), office: policy.death.office.text(language),
                         certifiedAfterDeath: file.posthumous.map(\.certifiedOn))
        }
    }

    /// `139****5678`: the first three and last four digits.
    public static func maskPhone(_ phone: String) -> String { PhoneMask.mask(phone) }

    /// Label and value, in the order staff read them.
    public var rows: [(label: String, value: String)] {
        let l = language
        func label(_ label: Message.Label) -> String { Message.label(label).text(l) }
        let sexText = label(sex == .male ? .male : .female)
        var rows: [(label: String, value: String)] = [
            (label(.idNumber), idNumber),
            (label(.name), name + l.pick("（\(sexText)）", " (\(sexText))")),
            (label(.insuredRegion), insuredRegion),
        ]
        if let residence { rows.append((label(.residence), Message.residence(residence).text(l))) }
        if let community { rows.append((label(.community), community)) }
        rows.append((label(.phone), phone ?? label(.notRecorded)))
        if let address { rows.append((label(.address), address)) }
        if let mobility, mobility != .none { rows.append((label(.mobility), Message.mobility(mobility).text(l))) }
        if let monthlyPension { rows.append((label(.monthlyPension), Message.money(monthlyPension).text(l))) }
        rows.append((label(.status), statusText))
        if let last = lastCertification {
            var parts = [last.date.description + (last.time.map { " " + $0 } ?? "")]
            if let method = last.method { parts.append(Message.method(method).text(l)) }
            parts.append(last.servicePoint ?? label(.rosterSource))
            if let staff = last.staff { parts.append(Message.certifiedBy(staff: staff).text(l)) }
            rows.append((label(.lastCertification), parts.joined(separator: " · ")))
        } else {
            rows.append((label(.lastCertification), label(.notRecorded)))
        }
        if let death {
            rows.append((label(.deathDate), death.dateOfDeath.description))
            rows.append((label(.reporter), death.reporter + l.pick("（\(death.relation)） ", " (\(death.relation)) ") + death.reportedAt.description))
            rows.append((label(.certificateNumber), death.certificateNumber))
            for certified in death.certifiedAfterDeath {
                rows.append((label(.fraudAlert), Message.posthumousCertification(PosthumousCertification(certifiedOn: certified, diedOn: death.dateOfDeath))
                    .text(l)))
            }
        }
        rows.append((label(.nextStep), nextStep))
        return rows
    }
}

/// The status's own figures (cycle, deadlines, resumption month, back pay...), for scripts.
public struct StatusDetail: Encodable, Sendable {
    let status: ResidentStatus

    init(_ status: ResidentStatus) { self.status = status }

    public func encode(to encoder: any Encoder) throws {
        switch status {
        case .certified(let value): try value.encode(to: encoder)
        case .due(let value): try value.encode(to: encoder)
        case .overdue(let value): try value.encode(to: encoder)
        case .suspended(let value): try value.encode(to: encoder)
        case .referToCityBureau(let value): try value.encode(to: encoder)
        case .deceased(let value): try value.encode(to: encoder)
        case .notServedHere(let route):
            var container = encoder.container(keyedBy: RouteKey.self)
            try container.encode(route, forKey: .route)
        }
    }

    enum RouteKey: String, CodingKey { case route }
}
