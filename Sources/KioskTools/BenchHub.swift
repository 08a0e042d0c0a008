import ArgumentParser
import Domain
import Files
import Foundation
import Hub
import KioskCommandLine
import Synchronization

struct HubBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub",
        abstract: "The city hub under a day's work: service points pushing and pulling at once on one PostgreSQL.",
        discussion: """
            Makes a database of its own on the server (dropped afterwards, with the points' roles), with the schema, \
            --points service points (each its own role over TLS, serving one of Harbin's 18 districts) and a year of \
            history: one certification for each of --residents residents. Then every point, at once, as its own client \
            on this machine, works a day compressed into --rounds syncs about --interval seconds apart: each sync pushes \
            its new certifications (--certifications a day, each with its audit entry, the chain linked) and pulls what \
            the other points of its district certified; after the day, each point pulls until it has all of them (for at \
            most 60 s). Prints records pushed per second, the sync lag (from a record's \
            push committing to its pull by each other point of the district) p50 and p99, whether every record reached \
            every point that should have it, and the hub's CPU (every postgres process) and peak memory (their PSS). Then the \
            city roster's load (--roster-rows, generated) against plain COPY, as `bench hub-roster` measures it. \
            Connects as the server's administrator: --host etc., or KIOSK_TEST_PG as scripts/test-postgres sets it.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Residents of the city, each with a year-old certification on the hub.") var residents = 1_000_000
    @Option(help: "Service points syncing at once.") var points = 300
    @Option(help: "Certifications each point makes in the day.") var certifications = 60
    @Option(help: "Syncs each point makes in the day.") var rounds = 8
    @Option(help: "Seconds between a point's syncs (the day, compressed).") var interval = 1.0
    @Option(name: .customLong("roster-rows"), help: "Rows of the city roster loaded, after the day, against plain COPY (0: none).") var rosterRows = 1_000_000
    @OptionGroup var serverOptions: BenchServerOptions

    mutating func validate() throws {
        guard residents > 0, points > 0, certifications > 0, rounds > 0, interval >= 0, rosterRows >= 0 else { throw ValidationError("every count must be at least 1") }
    }

    /// How long the points pull after the day for what has not come yet.
    static let drainSeconds = 60.0

    /// Harbin's districts and counties (region codes): each point serves one.
    static let districts = ["230102", "230103", "230104", "230108", "230109", "230110", "230111", "230112", "230113",
                            "230123", "230124", "230125", "230126", "230127", "230128", "230129", "230183", "230184"]

    func run() async throws {
        try await Session.run(global) { session async throws(KioskError) in
            let server = try serverOptions.server()
            let work = try BenchDirectory.make(keep: nil)
            defer { try? FileManager.default.removeItem(atPath: work) }
            let name = "bench_hub_\(getpid())"
            let admin = try await hub { () async throws(HubFailure) in try await server.open(database: "postgres") }
            let setup = HubBenchSetup(admin)
            try await hub { () async throws(HubFailure) in try await setup.createDatabase(name) }
            var roles: [String] = []
            do throws(KioskError) {
                roles = try await runDay(session, server: server, database: name, work: work)
            } catch {
                _ = try? await hub { () async throws(HubFailure) in try await setup.dropDatabase(name, roles: []) }
                await admin.close()
                throw error
            }
            try await hub { () async throws(HubFailure) in try await setup.dropDatabase(name, roles: roles) }
            await admin.close()
            if rosterRows > 0 { try await loadRoster(session, server: server, work: work) }
        }
    }

    /// The city roster's load, as `bench hub-roster` measures it, in this run.
    private func loadRoster(_ session: Session, server: BenchServerOptions.Server, work: String) async throws(KioskError) {
        var generator = RosterGenerator(seed: 7, today: session.clock.today, policy: session.settings.policy)
        let csv = work + "/city-roster.csv"
        try generator.write(rows: rosterRows, badRows: 0, to: csv)
        var connection = HubConnectionOptions()
        (connection.host, connection.port, connection.database, connection.user) = (server.host, server.port, "postgres", server.user)
        (connection.passwordFile, connection.caFile) = (server.passwordFile, server.caFile)
        let figures = try await HubRosterBench.measure(csv: csv, connection: connection, policy: session.settings.policy,
                                                       clock: session.clock, work: work)
        session.say(figures.line)
    }

    /// The schema, the points and the history; the day; the figures. Returns the roles made.
    private func runDay(_ session: Session, server: BenchServerOptions.Server, database: String, work: String) async throws(KioskError) -> [String] {
        let owner = try await hub { () async throws(HubFailure) in try await server.open(database: database) }
        let prepared: Prepared
        do throws(KioskError) {
            prepared = try await prepare(on: owner, database: database, server: server, work: work)
        } catch {
            await owner.close()
            throw error
        }
        await owner.close()
        let (simulated, days, start, plan) = (prepared.points, prepared.days, prepared.start, prepared.plan)
        session.say(.benchLine(.hubSetup(points: points, residents: residents, seconds: prepared.seconds)))

        // Every point connected before the day starts, so the hub's CPU is measured over the day alone.
        var clients: [HubClient] = []
        for point in simulated {
            clients.append(try await hub { () async throws(HubFailure) in HubClient.live(try await HubConnection.open(point.settings)) })
        }
        let journal = DayJournal(points: points)
        let before = PostgresUsage.sample()
        let peak = Mutex<Double>(before.megabytes)
        let watcher = Task {
            while !Task.isCancelled {
                let now = PostgresUsage.sample().megabytes
                peak.withLock { $0 = max($0, now) }
                try? await Task.sleep(for: .milliseconds(250))
            }
        }
        let ownCPUBefore = PostgresUsage.ownCPUSeconds()
        let dayStart = DispatchTime.now().uptimeNanoseconds
        let failures = await withTaskGroup(of: String?.self) { group in
            for (index, point) in simulated.enumerated() {
                let client = clients[index], day = days[index]
                group.addTask { await point.work(plan, rounds: day, client: client, from: start, journal: journal) }
            }
            var failures: [String] = []
            for await failure in group { if let failure { failures.append(failure) } }
            return failures
        }
        let daySeconds = Double(DispatchTime.now().uptimeNanoseconds - dayStart) / 1e9
        watcher.cancel()
        let after = PostgresUsage.sample()
        let ownCPU = PostgresUsage.ownCPUSeconds() - ownCPUBefore
        for client in clients { await client.close() }
        if let first = failures.first { session.say(.benchLine(.firstFailure("\(failures.count): \(first)"))) }

        let outcome = journal.outcome(pointsPerDistrict: Dictionary(grouping: simulated, by: \.district).mapValues(\.count))
        session.say(.benchLine(.hubDay(records: outcome.pushed, seconds: daySeconds, points: points, rounds: rounds, interval: interval)))
        session.say(.benchLine(.hubLag(p50Milliseconds: outcome.lagP50 * 1000, p99Milliseconds: outcome.lagP99 * 1000,
                                       deliveries: outcome.delivered, expected: outcome.expected, duplicates: outcome.duplicates)))
        session.say(.benchLine(.hubResources(cpuSeconds: after.cpuSeconds(since: before), seconds: daySeconds,
                                             cores: ProcessInfo.processInfo.activeProcessorCount, peakMegabytes: peak.withLock { $0 },
                                             processes: after.processes, clientCPUSeconds: ownCPU)))
        return simulated.map(\.settings.user)
    }

    struct Prepared {
        var points: [SimulatedPoint]
        var days: [[[(entry: HubEntry, record: HubRecord)]]]
        var start: HubCursor
        var plan: DayPlan
        var seconds: Double
    }

    /// The schema, the points (each its role and password file), a year of history, and each
    /// point's day made ready; where the day's pulls start.
    private func prepare(on owner: HubConnection, database: String, server: BenchServerOptions.Server, work: String) async throws(KioskError) -> Prepared {
        let admin = HubAdmin(owner), setup = HubBenchSetup(owner)
        var simulated: [SimulatedPoint] = []
        let seconds = try await Stopwatch.time { () async throws(KioskError) in
            try await hub { () async throws(HubFailure) in try await admin.createSchema() }
            for index in 0..<points {
                let code = "BENCH-\(index)", district = Self.districts[index % Self.districts.count]
                let registration = try await hub { () async throws(HubFailure) in
                    try await admin.register(code: code, name: "bench \(index)", districts: [district])
                }
                let file = work + "/\(code).password"
                try PrivateFile.write(Data(registration.password.utf8), to: file)
                let settings = HubSettings(host: server.host, port: server.port, database: database, user: registration.role,
                                           passwordFile: file, caFile: server.caFile, staleAfterHours: 24)
                simulated.append(SimulatedPoint(index: index, code: code, district: district, settings: settings))
            }
            try await hub { () async throws(HubFailure) in
                try await setup.seedHistory(residents: residents, points: simulated.map { ($0.code, $0.district) })
            }
        }
        var days: [[[(entry: HubEntry, record: HubRecord)]]] = []
        let plan = DayPlan(certifications: certifications, rounds: rounds, interval: interval, residents: residents)
        for point in simulated {
            days.append(try await hub { () async throws(HubFailure) in
                try await point.day(plan) { (entry: HubEntry) async throws(HubFailure) -> String in
                    try await setup.entryHash(entry, servicePoint: point.code)
                }
            })
        }
        let start = try await hub { () async throws(HubFailure) in try await setup.latestCursor() }
        return Prepared(points: simulated, days: days, start: start, plan: plan, seconds: seconds)
    }

    private func hub<T>(_ body: () async throws(HubFailure) -> T) async throws(KioskError) -> T {
        do { return try await body() } catch { throw .hub(error) }
    }
}

/// What each point does in the bench's day.
struct DayPlan: Sendable {
    var certifications: Int
    var rounds: Int
    var interval: Double
    var residents: Int
}

/// A service point of the bench: a chain of its own, linked as a kiosk's is.
struct SimulatedPoint: Sendable {
    let index: Int
    let code: String
    let district: String
    let settings: HubSettings

    /// The day's batches, one a round, made before the day starts: each certification with its
    /// audit entry, the chain linked and each entry hashed as a kiosk hashes it (`hash`, which the
    /// hub computes, as it checks every entry it stores).
    func day(_ plan: DayPlan, hash: (HubEntry) async throws(HubFailure) -> String) async throws(HubFailure) -> [[(entry: HubEntry, record: HubRecord)]] {
        var random = SplitMix64(seed: UInt64(index) &+ 1)
        var previous = String(repeating: "0", count: 64), seq: Int64 = 0
        var rounds: [[(entry: HubEntry, record: HubRecord)]] = []
        for round in 0..<plan.rounds {
            var batch: [(entry: HubEntry, record: HubRecord)] = []
            for _ in 0..<(plan.certifications * (round + 1) / plan.rounds - Int(seq)) {
                seq += 1
                let id = "\(code)-cert-\(seq)"
                let resident = district + String(1 + random.below(plan.residents)).leftPadded(to: 11) + "X"
                let at = Int64(Date().timeIntervalSince1970 * 1000)
                let body = #"{"id":"\#(id)","resident_id":"\#(resident)","method":"fingerprint","cycle":2026,"receipt":"\#(code)-\#(seq)","staff_id":"1","certified_at":\#(at)}"#
                var entry = HubEntry(seq: seq, id: "\(id)-entry", recordedAt: at, staffID: "1", action: "resident.certify",
                                     subjectTable: "certification", subjectID: id, recordDigest: nil, residentDigest: "bench",
                                     detail: "method=fingerprint", prevHash: previous, hash: "")
                entry.hash = try await hash(entry)
                previous = entry.hash
                batch.append((entry, HubRecord(kind: "certification", id: id, residentID: resident, residentRegion: district, at: at,
                                               auditSeq: seq, body: body)))
            }
            rounds.append(batch)
        }
        return rounds
    }

    /// The day: one sync a round, each pushing that round's batch and pulling everything new.
    /// Returns what went wrong, if anything did.
    func work(_ plan: DayPlan, rounds: [[(entry: HubEntry, record: HubRecord)]], client: HubClient, from start: HubCursor,
              journal: DayJournal) async -> String? {
        var random = SplitMix64(seed: UInt64(index) &+ 7)
        var head = HubHead.empty, cursor = start
        do throws(HubFailure) {
            for made in rounds {
                // Points do not sync in step: each waits its own while before each sync.
                let wait = plan.interval * Double(random.below(1000)) / 1000
                try? await Task.sleep(for: .milliseconds(Int(wait * 1000)))
                let batch = HubBatch(entries: made.map(\.entry), records: made.map(\.record), sentAt: Int64(Date().timeIntervalSince1970 * 1000))
                if !batch.entries.isEmpty {
                    head = try await client.push(head, batch)
                    journal.pushed(batch.records.map(\.id), by: code, district: district)
                }
                while true {
                    let pulled = try await client.pull(cursor, 1000)
                    journal.pulled(pulled.records.map(\.id), by: code)
                    cursor = pulled.next
                    if pulled.records.count < 1000 { break }
                }
            }
            // After every point has pushed, pulls until everything due here has come, or the drain's
            // deadline: a pull sees only rows older than every transaction still running on the
            // server, so a write elsewhere holds the last records back for a while; what is still
            // missing at the deadline is counted as lost.
            await journal.dayEnded(expecting: journal.pointsAtWork)
            let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(HubBench.drainSeconds * 1e9)
            while !journal.hasEverything(for: code, district: district) && DispatchTime.now().uptimeNanoseconds < deadline {
                let pulled = try await client.pull(cursor, 1000)
                journal.pulled(pulled.records.map(\.id), by: code)
                cursor = pulled.next
                if pulled.records.isEmpty { try? await Task.sleep(for: .milliseconds(50)) }
            }
            return nil
        } catch {
            await journal.dayEnded(expecting: journal.pointsAtWork)
            return "\(code): \(error)"
        }
    }
}

/// When each record's push committed and when each point pulled it, for the lag and the count.
final class DayJournal: Sendable {
    private struct State {
        var committed: [String: (at: UInt64, district: String)] = [:]
        var pulls: [(id: String, point: String, at: UInt64)] = []
        var finished = 0
        /// Records pushed per district, and per point by itself; records each point pulled.
        var due: [String: Int] = [:]
        var dueExcept: [String: Int] = [:]
        var received: [String: Int] = [:]
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    let pointsAtWork: Int

    init(points: Int) { pointsAtWork = points }

    func pushed(_ ids: [String], by point: String, district: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        state.withLock { state in
            for id in ids { state.committed[id] = (now, district) }
            state.due[district, default: 0] += ids.count
            state.dueExcept[point, default: 0] += ids.count
        }
    }

    /// Whether `point` has pulled every record the other points of its district pushed.
    func hasEverything(for point: String, district: String) -> Bool {
        state.withLock { state in
            state.received[point, default: 0] >= state.due[district, default: 0] - state.dueExcept[point, default: 0]
        }
    }

    func pulled(_ ids: [String], by point: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        state.withLock { state in
            for id in ids { state.pulls.append((id, point, now)) }
            state.received[point, default: 0] += ids.count
        }
    }

    /// Waits until every point has pushed its whole day.
    func dayEnded(expecting points: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready: [CheckedContinuation<Void, Never>] = state.withLock { state in
                state.finished += 1
                state.waiting.append(continuation)
                guard state.finished >= points else { return [] }
                defer { state.waiting.removeAll() }
                return state.waiting
            }
            for waiter in ready { waiter.resume() }
        }
    }

    struct Outcome {
        var pushed: Int
        var delivered: Int
        var expected: Int
        var duplicates: Int
        var lagP50: Double
        var lagP99: Double
    }

    func outcome(pointsPerDistrict: [String: Int]) -> Outcome {
        state.withLock { state in
            var seen = Set<String>(), duplicates = 0, lags: [Double] = []
            for pull in state.pulls {
                guard let committed = state.committed[pull.id] else { continue }
                guard seen.insert(pull.point + "\u{0}" + pull.id).inserted else { duplicates += 1; continue }
                // A pull can beat the pusher's own note of the commit by a moment: no lag then.
                lags.append(pull.at > committed.at ? Double(pull.at - committed.at) / 1e9 : 0)
            }
            lags.sort()
            let expected = state.committed.values.reduce(0) { $0 + (pointsPerDistrict[$1.district] ?? 1) - 1 }
            func percentile(_ p: Int) -> Double { lags.isEmpty ? 0 : lags[min(lags.count - 1, lags.count * p / 100)] }
            return Outcome(pushed: state.committed.count, delivered: seen.count, expected: expected, duplicates: duplicates,
                           lagP50: percentile(50), lagP99: percentile(99))
        }
    }
}

/// The hub's processes (every `postgres` on this machine), read from /proc: CPU time, and memory
/// as the sum of their proportional set sizes (shared buffers counted once between them).
struct PostgresUsage {
    var cpuTicks: [Int32: UInt64]
    var megabytes: Double
    var processes: Int

    static func sample() -> PostgresUsage {
        var ticks: [Int32: UInt64] = [:], kilobytes = 0.0
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry), let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8),
                  comm.trimmingCharacters(in: .whitespacesAndNewlines) == "postgres" else { continue }
            if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
               let close = stat.lastIndex(of: ")") {
                // Fields after the command: state is 3rd; utime, stime, cutime, cstime are 14th to 17th.
                let fields = stat[stat.index(after: close)...].split(separator: " ")
                if fields.count > 14 {
                    ticks[pid] = fields[11...14].compactMap { UInt64($0) }.reduce(0, +)
                }
            }
            if let rollup = try? String(contentsOfFile: "/proc/\(pid)/smaps_rollup", encoding: .utf8),
               let line = rollup.split(separator: "\n").first(where: { $0.hasPrefix("Pss:") }),
               let value = Double(line.split(separator: " ").dropFirst().first ?? "") {
                kilobytes += value
            }
        }
        return PostgresUsage(cpuTicks: ticks, megabytes: kilobytes / 1024, processes: ticks.count)
    }

    /// CPU seconds the hub's processes used since `earlier` (children that ended count through
    /// the postmaster, which reaps them).
    func cpuSeconds(since earlier: PostgresUsage) -> Double {
        let ticks = cpuTicks.reduce(0.0) { sum, process in
            sum + Double(process.value) - Double(earlier.cpuTicks[process.key] ?? 0)
        }
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    static func ownCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

/// The PostgreSQL server a hub benchmark makes its throw-away database on, as its administrator.
struct BenchServerOptions: ParsableArguments {
    @Option(help: "The server's host (default: KIOSK_TEST_PG's).") var host: String?
    @Option(help: "The server's port.") var port: Int?
    @Option(help: "An administrator role of the server.") var user: String?
    @Option(name: .customLong("password-file"), help: "File with its password (mode 0600).") var passwordFile: String?
    @Option(name: .customLong("ca-file"), help: "Certificate authority of the server's TLS certificate.") var caFile: String?

    struct Server {
        var host: String, port: Int, user: String, passwordFile: String, caFile: String

        func open(database: String) async throws(HubFailure) -> HubConnection {
            try await HubConnection.open(host: host, port: port, database: database, user: user, passwordFile: passwordFile, caFile: caFile)
        }
    }

    /// The options given, else scripts/test-postgres's server (KIOSK_TEST_PG).
    func server() throws(KioskError) -> Server {
        var fields: [String: String] = [:]
        for pair in (ProcessInfo.processInfo.environment["KIOSK_TEST_PG"] ?? "").split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        guard let host = host ?? fields["host"], let port = port ?? fields["port"].flatMap(Int.init), let user = user ?? fields["user"],
              let passwordFile = passwordFile ?? fields["password_file"], let caFile = caFile ?? fields["ca_file"] else {
            throw .hub(.unreachable("no server: give --host, --port, --user, --password-file and --ca-file, or run under scripts/test-postgres"))
        }
        return Server(host: host, port: port, user: user, passwordFile: passwordFile, caFile: caFile)
    }
}
