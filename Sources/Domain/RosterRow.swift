/// The columns of the bureau's roster CSV, in the order the header names them.
public enum RosterColumn: Int, Hashable, Sendable, CaseIterable, Codable {
    case idNumber, name, insuredRegion, status, suspendedSince, monthlyPension, phone, address, community,
         mobility, lastCertified, lastMethod, residence

    public var header: String {
        switch self {
        case .idNumber: "id_number"
        case .name: "name"
        case .insuredRegion: "insured_region"
        case .status: "status"
        case .suspendedSince: "suspended_since"
        case .monthlyPension: "monthly_pension"
        case .phone: "phone"
        case .address: "address"
        case .community: "community"
        case .mobility: "mobility"
        case .lastCertified: "last_certified"
        case .lastMethod: "last_method"
        case .residence: "residence"
        }
    }

    /// Whether a roster must have the column. A column added after rosters were in use is optional,
    /// so the bureau's older exports still import.
    public var isRequired: Bool { self != .residence }

    /// The header a Chinese bureau export uses for the same column.
    public var chineseHeaders: [String] {
        switch self {
        case .idNumber: ["身份证号", "身份证号码", "公民身份号码"]
        case .name: ["姓名"]
        case .insuredRegion: ["参保地", "参保地区划"]
        case .status: ["状态", "待遇状态"]
        case .suspendedSince: ["暂停年月", "停发年月"]
        case .monthlyPension: ["月养老金", "养老金"]
        case .phone: ["电话", "联系电话"]
        case .address: ["地址", "居住地址"]
        case .community: ["社区"]
        case .mobility: ["行动能力", "行动不便原因"]
        case .lastCertified: ["上次认证日期"]
        case .lastMethod: ["上次认证方式"]
        case .residence: ["居住地", "居住地类型"]
        }
    }

    public init?(header: String) {
        let trimmed = header.trimmingSpaces()
        guard let column = RosterColumn.allCases.first(where: { $0.header == trimmed.lowercased() || $0.chineseHeaders.contains(trimmed) }) else {
            return nil
        }
        self = column
    }

    /// Longest accepted value in bytes for free-text columns.
    var maximumBytes: Int {
        switch self {
        case .name: 90
        case .address: 600
        case .community: 300
        default: 64
        }
    }
}

/// One thing wrong with one roster row.
public struct RosterProblem: Hashable, Sendable, Error {
    public enum Reason: Hashable, Sendable {
        case wrongFieldCount(expected: Int, found: Int)
        case unterminatedQuote
        case textAfterClosingQuote
        case notUTF8
        case identity(ResidentIDError)
        case required
        case tooLong(maximumBytes: Int)
        case controlCharacter
        case notARegionCode
        case unknownValue(accepted: String)
        case notAMonth
        case notADate
        case inTheFuture
        case beforeBirth
        case suspendedSinceRequired
        case suspendedSinceWithoutSuspension
        case notAnAmount
        case amountTooLarge
        case notAPhoneNumber
        case methodWithoutDate
        /// A residence other than abroad on a row whose insured region is the old code for abroad.
        case contradictsAbroadCode
        case duplicate(firstLine: Int)
    }

    /// nil for problems of the whole row (field count, quoting, encoding, duplicates).
    public var column: RosterColumn?
    public var reason: Reason

    public init(_ column: RosterColumn?, _ reason: Reason) {
        self.column = column
        self.reason = reason
    }
}

/// A roster row that passed every rule, with its typed values. Free-text columns stay with the
/// caller (as byte ranges of the file) and are only checked here.
public struct RosterValues: Hashable, Sendable {
    public var id: ResidentID
    public var status: RosterStatus
    public var suspendedSince: YearMonth?
    public var monthlyPension: Money?
    public var mobility: Mobility?
    public var lastCertified: CivilDate?
    public var lastMethod: CertificationMethod?
    public var residence: Residence?
    /// The insured region was an old roster's code for living abroad: the row stands for
    /// `Jurisdiction.legacyAbroadInsuredRegion` and residence abroad, and the import warns.
    public var legacyAbroadCode: Bool
}

/// The row rules of the roster, on the UTF-8 bytes of each (already unquoted and trimmed) field.
public struct RosterRowValidator: Sendable {
    public let today: CivilDate
    /// `Jurisdiction.legacyAbroadRegionCodes`, as UTF-8.
    private let legacyAbroadCodes: [[UInt8]]
    public static let maximumMonthlyPension = Money(fen: 100_000_00)

    public init(today: CivilDate, legacyAbroadRegionCodes: [String] = []) {
        self.today = today
        legacyAbroadCodes = legacyAbroadRegionCodes.map { Array($0.utf8) }
    }

    public enum Check: Sendable {
        case valid(RosterValues)
        case invalid([RosterProblem])
    }

    /// Checks one row; on failure returns every problem found, so the bureau can fix a row in one go.
    public func validate(_ fields: [UnsafeBufferPointer<UInt8>]) -> Check {
        var problems: [RosterProblem] = []
        func text(_ column: RosterColumn) -> UnsafeBufferPointer<UInt8> { fields[column.rawValue] }
        func vocabulary<V: RosterVocabulary>(_ column: RosterColumn, _: V.Type, required: Bool) -> V? {
            let bytes = text(column)
            if bytes.isEmpty {
                if required { problems.append(.init(column, .required)) }
                return nil
            }
            guard let value = V(rosterBytes: bytes) else {
                problems.append(.init(column, .unknownValue(accepted: V.acceptedValues)))
                return nil
            }
            return value
        }

        var id: ResidentID?
        do throws(ResidentIDError) {
            id = try text(.idNumber).isEmpty ? nil : ResidentID.validate(text(.idNumber), today: today)
            if id == nil { problems.append(.init(.idNumber, .required)) }
        } catch {
            problems.append(.init(.idNumber, .identity(error)))
        }

        for column in [RosterColumn.name, .address, .community] {
            let bytes = text(column)
            if bytes.count > column.maximumBytes {
                problems.append(.init(column, .tooLong(maximumBytes: column.maximumBytes)))
            } else if bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
                problems.append(.init(column, .controlCharacter))
            }
        }
        if text(.name).isEmpty { problems.append(.init(.name, .required)) }

        let region = text(.insuredRegion)
        if region.isEmpty {
            problems.append(.init(.insuredRegion, .required))
        } else if region.count != 6 || !region.allSatisfy({ (48...57).contains($0) }) {
            problems.append(.init(.insuredRegion, .notARegionCode))
        }
        let legacyAbroadCode = legacyAbroadCodes.contains { $0.elementsEqual(region) }
        let residence: Residence? = vocabulary(.residence, Residence.self, required: false)
        if legacyAbroadCode, let residence, residence != .abroad {
            problems.append(.init(.residence, .contradictsAbroadCode))
        }

        let status: RosterStatus? = vocabulary(.status, RosterStatus.self, required: true)

        var suspendedSince: YearMonth?
        if !text(.suspendedSince).isEmpty {
            if let month = YearMonth(utf8: text(.suspendedSince)) {
                if month > today.yearMonth {
                    problems.append(.init(.suspendedSince, .inTheFuture))
                } else if let id, month < id.birthDate.yearMonth {
                    problems.append(.init(.suspendedSince, .beforeBirth))
                } else {
                    suspendedSince = month
                }
            } else {
                problems.append(.init(.suspendedSince, .notAMonth))
            }
        }
        if status == .suspended, text(.suspendedSince).isEmpty {
            problems.append(.init(.suspendedSince, .suspendedSinceRequired))
        } else if status == .normal, !text(.suspendedSince).isEmpty {
            problems.append(.init(.suspendedSince, .suspendedSinceWithoutSuspension))
        }

        var pension: Money?
        if !text(.monthlyPension).isEmpty {
            if let amount = Money(yuan: text(.monthlyPension)) {
                if amount > Self.maximumMonthlyPension {
                    problems.append(.init(.monthlyPension, .amountTooLarge))
                } else {
                    pension = amount
                }
            } else {
                problems.append(.init(.monthlyPension, .notAnAmount))
            }
        }

        if !text(.phone).isEmpty, !Self.isPhoneNumber(text(.phone)) {
            problems.append(.init(.phone, .notAPhoneNumber))
        }

        let mobility: Mobility? = vocabulary(.mobility, Mobility.self, required: false)

        var lastCertified: CivilDate?
        if !text(.lastCertified).isEmpty {
            if let date = CivilDate(utf8: text(.lastCertified)) {
                if date > today {
                    problems.append(.init(.lastCertified, .inTheFuture))
                } else if let id, date < id.birthDate {
                    problems.append(.init(.lastCertified, .beforeBirth))
                } else {
                    lastCertified = date
                }
            } else {
                problems.append(.init(.lastCertified, .notADate))
            }
        }
        let method: CertificationMethod? = vocabulary(.lastMethod, CertificationMethod.self, required: false)
        if method != nil, text(.lastCertified).isEmpty {
            problems.append(.init(.lastMethod, .methodWithoutDate))
        }

        guard problems.isEmpty, let id, let status else { return .invalid(problems) }
        return .valid(RosterValues(id: id, status: status, suspendedSince: suspendedSince, monthlyPension: pension,
                                     mobility: mobility, lastCertified: lastCertified, lastMethod: method,
                                     residence: legacyAbroadCode ? .abroad : residence, legacyAbroadCode: legacyAbroadCode))
    }

    /// Seven to fifteen digits, optionally with `+`, `-` and spaces (mobile 13912345678, landline
    /// 0451-86123456, +86 139 1234 5678).
    public static func isPhoneNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var digits = 0
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case 48...57: digits += 1
            case UInt8(ascii: "+") where index == 0: continue
            case UInt8(ascii: "-"), UInt8(ascii: " "): continue
            default: return false
            }
        }
        return (7...15).contains(digits)
    }

    public static func isPhoneNumber(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isPhoneNumber($0) }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and full-width spaces.
    public func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{3000}" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
