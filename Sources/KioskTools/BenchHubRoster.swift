import ArgumentParser
import Desk
import Domain
import Files
import Foundation
import Hub
import KioskCommandLine

/// `kiosk-tools bench hub-roster`: the city roster's load into the hub against plain COPY.
struct HubRosterBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub-roster",
        abstract: "The city roster's load into the hub (`kiosk hub roster import`) against psql's \\copy of the same file, in the same run.",
        discussion: """
            Generates a valid roster, creates a throw-away database on the hub's server (the connection options' user \
            must be allowed to), and times in it: the check of the file by the kiosk's rules, the load (COPY into a \
            temporary table, then the delta applied to city.resident, one transaction), the same file loaded again \
            (a delta that changes nothing), the same checked rows COPYed straight into an empty table made like \
            city.resident (keys, checks and indexes; no delta), and psql's `\\copy ... (FORMAT csv, HEADER)` of the same file into a table \
            of text columns without keys or checks. The database is dropped afterwards. Needs psql.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var connection: HubConnectionOptions
    @Option(help: "Rows to generate.") var rows = 100_000
    @Option(help: "Keep the files in this directory instead of a temporary one.") var keep: String?

    func run() async throws {
        try await Session.run(global) { session async throws(KioskError) in
            let work = try BenchDirectory.make(keep: keep)
            defer { if keep == nil { try? FileManager.default.removeItem(atPath: work) } }
            var generator = RosterGenerator(seed: 7, today: session.clock.today, policy: session.settings.policy)
            let csv = work + "/city-roster.csv"
            let started = DispatchTime.now()
            try generator.write(rows: rows, badRows: 0, to: csv)
            let size = (try? FileManager.default.attributesOfItem(atPath: csv)[.size] as? Int) ?? 0
            session.say(.benchLine(.generated(rows: rows, megabytes: Double(size) / 1_048_576, seconds: Self.seconds(since: started))))
            let figures = try await Self.measure(csv: csv, connection: connection, policy: session.settings.policy, clock: session.clock, work: work)
            session.say(figures.line)
        }
    }

    struct Figures {
        var rows: Int
        var checkSeconds: Double
        var loadSeconds: Double
        var reloadSeconds: Double
        var sameTableCopySeconds: Double
        var plainCopySeconds: Double

        /// The figures as the bench prints them (here and after `bench hub`'s day).
        var line: Message {
            .benchLine(.hubRoster(rows: rows, checkSeconds: checkSeconds, loadSeconds: loadSeconds, reloadSeconds: reloadSeconds,
                                  sameTableCopySeconds: sameTableCopySeconds, plainCopySeconds: plainCopySeconds))
        }
    }

    /// Loads `csv` into a new database on the hub's server as `kiosk hub roster import` does, then
    /// again, then the same rows by plain COPY into a table like city.resident, then with psql's
    /// \copy into a table without checks; drops the database.
    static func measure(csv: String, connection: HubConnectionOptions, policy: CertificationPolicy, clock: KioskClock,
                        work: String) async throws(KioskError) -> Figures {
        guard let psql = ChildProcess.find("psql") else { throw .fileFailure(path: "psql", detail: "not found on PATH") }
        let database = "kiosk_bench_\(getpid())"
        // psql reads the password from a file of its own format, which nobody else may read either.
        let password: String
        do { password = try String(contentsOfFile: connection.passwordFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) }
        catch { throw .fileFailure(path: connection.passwordFile, detail: error.localizedDescription) }
        let passFile = work + "/pgpass"
        try PrivateFile.write(Data("*:*:*:\(connection.user):\(password)\n".utf8), to: passFile)
        setenv("PGPASSFILE", passFile, 1)
        func psqlRun(_ database: String, _ command: String) throws(KioskError) -> Double {
            let conninfo = "host=\(connection.host) port=\(connection.port) dbname=\(database) user=\(connection.user) "
                + "sslmode=verify-full sslrootcert=\(connection.caFile)"
            let run = try ChildProcess.run(psql, ["-X", "-q", "-v", "ON_ERROR_STOP=1", conninfo, "-c", command])
            guard run.status == 0 else { throw .fileFailure(path: psql, detail: "\(command.prefix(60)): exit \(run.status)") }
            return run.seconds
        }
        _ = try psqlRun(connection.database, "CREATE DATABASE \(database)")
        do throws(KioskError) {
            var target = connection
            target.database = database
            let hub = try await target.open()
            let roster: CheckedCityRoster, checkSeconds: Double, loadSeconds: Double, reloadSeconds: Double, sameTableSeconds: Double
            do throws(KioskError) {
                try await call { () async throws(HubFailure) in try await HubAdmin(hub).createSchema() }
                var started = DispatchTime.now()
                roster = try CityRosterCheck.check(path: csv, policy: policy, clock: clock)
                checkSeconds = seconds(since: started)
                started = DispatchTime.now()
                _ = try await call { () async throws(HubFailure) in try await HubAdmin(hub).importRoster(roster) }
                loadSeconds = seconds(since: started)
                started = DispatchTime.now()
                _ = try await call { () async throws(HubFailure) in try await HubAdmin(hub).importRoster(roster) }
                reloadSeconds = seconds(since: started)
                sameTableSeconds = try await call { () async throws(HubFailure) in try await HubBenchSetup(hub).plainCopy(roster) }
            } catch {
                await hub.close()
                throw error
            }
            await hub.close()
            let header = (try? String(contentsOfFile: csv, encoding: .utf8).prefix { $0 != "\n" }) ?? ""
            let columns = header.split(separator: ",").map { "\($0) text" }.joined(separator: ", ")
            _ = try psqlRun(database, "CREATE TABLE roster_plain (\(columns))")
            let plainCopySeconds = try psqlRun(database, "\\copy roster_plain FROM '\(csv)' WITH (FORMAT csv, HEADER)")
            _ = try psqlRun(connection.database, "DROP DATABASE \(database)")
            return Figures(rows: roster.rows.count, checkSeconds: checkSeconds, loadSeconds: loadSeconds, reloadSeconds: reloadSeconds,
                           sameTableCopySeconds: sameTableSeconds, plainCopySeconds: plainCopySeconds)
        } catch {
            _ = try? psqlRun(connection.database, "DROP DATABASE IF EXISTS \(database)")
            throw error
        }
    }

    static func seconds(since start: DispatchTime) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }

    private static func call<T>(_ body: () async throws(HubFailure) -> T) async throws(KioskError) -> T {
        do { return try await body() } catch { throw .hub(error) }
    }
}
