import Domain
import Foundation
import KioskCommandLine

/// Invents a roster with valid ID numbers and a realistic mix: most certified this cycle, some due
/// or overdue, some suspended (a few for over two years), some terminated, some insured elsewhere
/// or living abroad. The place of birth in an ID number is chosen apart from the insured place,
/// as in life. Seeded, so the same seed gives the same file.
struct RosterGenerator {
    private var random: SplitMix64
    let today: CivilDate
    let policy: CertificationPolicy
    /// Up to `sampleSize` ID numbers of generated rows, for benchmarks to look up.
    private(set) var sample: [String] = []
    static let sampleSize = 10_000

    init(seed: UInt64, today: CivilDate, policy: CertificationPolicy) {
        random = SplitMix64(seed: seed)
        self.today = today
        self.policy = policy
    }

    static let harbinDistricts = [("230102", "道里区"), ("230103", "南岗区"), ("230104", "道外区"), ("230108", "平房区"), ("230109", "松北区"),
                                  ("230110", "香坊区"), ("230111", "呼兰区"), ("230112", "阿城区"), ("230113", "双城区")]
    static let birthRegions = ["230102", "230103", "230104", "230110", "230182", "230221", "230602", "220102", "210102", "370102", "410102"]
    static let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭")
    static let givenNames = Array("建国秀英桂兰淑珍玉兰凤英志强海燕文明春华德福振华国庆淑芬丽华宝山金凤永胜素梅长海玉芝")
    static let streets = ["学府路", "西大直街", "中山路", "红旗大街", "和兴路", "哈平路", "公滨路", "通江街", "友谊路", "安静街"]
    static let communities = ["学府社区", "和兴社区", "红旗社区", "中山社区", "通达社区", "文化社区", "安静社区", "建设社区", "靖宇社区", "新春社区"]
    static let methods: [(CertificationMethod, Int)] = [(.faceApp, 45), (.silent, 25), (.fingerprint, 15), (.photo, 8), (.homeVisit, 7)]

    /// Writes `rows` good rows and `badRows` rows with one mistake each to `path`.
    mutating func write(rows: Int, badRows: Int, to path: String) throws(KioskError) {
        _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        guard let handle = FileHandle(forWritingAtPath: path) else { throw .fileFailure(path: path, detail: "cannot create") }
        defer { try? handle.close() }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 22)
        func flush(force: Bool = false) throws(KioskError) {
            guard force || buffer.count >= 1 << 22 else { return }
            do { try handle.write(contentsOf: buffer) } catch { throw .fileFailure(path: path, detail: error.localizedDescription) }
            buffer.removeAll(keepingCapacity: true)
        }
        buffer.append(contentsOf: (RosterColumn.allCases.map(\.header).joined(separator: ",") + "\n").utf8)
        var seen = Set<String>(minimumCapacity: rows)
        var written: [String] = []
        for index in 0..<rows {
            let fields = row(unique: &seen)
            if index < Self.sampleSize { sample.append(fields[0]) } else if random.below(index) < Self.sampleSize {
                sample[random.below(Self.sampleSize)] = fields[0]
            }
            if index < badRows { written.append(fields[0]) }
            buffer.append(contentsOf: (fields.map(CSVField.escape).joined(separator: ",") + "\n").utf8)
            try flush()
        }
        for index in 0..<badRows {
            var fields = row(unique: &seen)
            spoil(&fields, kind: index, duplicateOf: written.isEmpty ? nil : written[index % written.count])
            buffer.append(contentsOf: (fields.map(CSVField.escape).joined(separator: ",") + "\n").utf8)
            try flush()
        }
        try flush(force: true)
    }

    /// One valid row, as the 13 roster fields.
    private mutating func row(unique seen: inout Set<String>) -> [String] {
        var id: String
        var birth: CivilDate
        repeat {
            let age = 55 + random.below(46)
            let month = 1 + random.below(12)
            birth = CivilDate(year: today.year - age, month: month, day: 1 + random.below(CivilDate.daysIn(year: today.year - age, month: month)))!
            let region = random.below(10) < 7 ? Self.harbinDistricts[random.below(Self.harbinDistricts.count)].0 : Self.birthRegions[random.below(Self.birthRegions.count)]
            let sequence = random.below(1000)
            let first17 = region + birth.description.filter(\.isNumber) + String(1000 + sequence).dropFirst()
            id = first17 + String(ResidentID.checkCharacter(for: Array(first17.utf8)))
        } while !seen.insert(id).inserted

        let district = Self.harbinDistricts[random.below(Self.harbinDistricts.count)]
        let place = random.below(1000)
        let insured = place < 970 ? district.0 : place < 985 ? "230602" : place < 995 ? "220102" : district.0
        // Insured here, most live here; some moved to their children elsewhere in China or abroad.
        let residence = place >= 995 ? "abroad" : place >= 940 && place < 970 ? "elsewhere" : "harbin"

        var status = "normal", suspendedSince = "", lastCertified = "", lastMethod = ""
        let cycle = CertificationCycle.containing(today, birthMonth: birth.month, kind: policy.cycle)
        let roll = random.below(100)
        if roll < 91 {
            let kind = random.below(100)
            if kind < 60 {
                lastCertified = randomDate(from: cycle.firstMonth.firstDay, to: today).description
            } else if kind < 85 {
                lastCertified = randomDate(from: cycle.previous.firstMonth.firstDay, to: cycle.previous.deadline).description
            } else if kind < 90 {
                lastCertified = randomDate(from: cycle.previous.previous.firstMonth.firstDay, to: cycle.previous.previous.deadline).description
            }
        } else if roll < 98 {
            status = "suspended"
            let since = today.yearMonth.adding(months: -(1 + random.below(36)))
            suspendedSince = since.description
            if random.below(2) == 0 {
                lastCertified = randomDate(from: since.adding(months: -24).firstDay, to: since.adding(months: -13).lastDay).description
            }
        } else {
            status = "terminated"
        }
        if !lastCertified.isEmpty {
            if CivilDate(lastCertified)! < birth { lastCertified = "" } else { lastMethod = pickMethod(abroad: residence == "abroad").rawValue }
        }

        let age = today.year - birth.year
        let mobility: String = switch random.below(100) {
        case ..<5: "disabled"
        case ..<9: "ill"
        case ..<40 where age >= 85: "elderly"
        case ..<80: "none"
        default: ""
        }
        let phoneRoll = random.below(100)
        let phone = phoneRoll < 92 ? "1" + ["3", "5", "8", "9"][random.below(4)] + digits(9)
            : phoneRoll < 97 ? "0451-8" + digits(7) : ""
        var address = "哈尔滨市\(district.1)\(Self.streets[random.below(Self.streets.count)])\(1 + random.below(400))号\(1 + random.below(30))栋\(1 + random.below(6))单元\(101 + random.below(2700))室"
        if random.below(50) == 0 { address += ", 近\(Self.streets[random.below(Self.streets.count)])" }
        let name = String(Self.surnames[random.below(Self.surnames.count)]) + String(Self.givenNames[random.below(Self.givenNames.count)])
            + (random.below(3) == 0 ? "" : String(Self.givenNames[random.below(Self.givenNames.count)]))
        let pension = String(1800 + random.below(6200)) + "." + String(100 + random.below(100)).dropFirst()
        return [id, name, insured, status, suspendedSince, pension, phone, address,
                Self.communities[random.below(Self.communities.count)], mobility, lastCertified, lastMethod, residence]
    }

    /// One deliberate mistake per bad row, cycling through the kinds a bureau export can contain.
    private mutating func spoil(_ fields: inout [String], kind: Int, duplicateOf: String?) {
        switch kind % 11 {
        case 0: fields[0] = String(fields[0].dropLast()) + (fields[0].last == "0" ? "1" : "0")
        case 1: fields[0] = "230102190002291234"
        case 2: fields[3] = "active"
        case 3: fields[3] = "suspended"; fields[4] = "2026/01"
        case 4: fields[5] = "3,200.00"
        case 5: fields[6] = "not-a-phone"
        case 6: fields[1] = ""
        case 7: fields[10] = ""; fields[11] = "fingerprint"
        case 8: fields[9] = "bedridden"
        case 9: fields.removeLast()
        default: if let duplicateOf { fields[0] = duplicateOf }
        }
    }

    private mutating func pickMethod(abroad: Bool) -> CertificationMethod {
        if abroad { return .consulate }
        var roll = random.below(100)
        for (method, weight) in Self.methods {
            if roll < weight { return method }
            roll -= weight
        }
        return .faceApp
    }

    private mutating func randomDate(from start: CivilDate, to end: CivilDate) -> CivilDate {
        let last = min(end, today)
        guard last >= start else { return start }
        return CivilDate(dayNumber: start.dayNumber + random.below(last.dayNumber - start.dayNumber + 1))
    }

    private mutating func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(UnicodeScalar(UInt8(48 + random.below(10)))) })
    }
}

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
