import Domain
import Foundation
import Logging
import NIOSSL
import PostgresNIO
import Synchronization

/// One connection to the city hub, over TLS verified against the configured certificate authority,
/// as the service point's own role (or, for the bureau's `kiosk hub` commands, the hub's admin).
public final class HubConnection: Sendable {
    let connection: PostgresConnection
    let logger: Logger

    private init(_ connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Connects with a password read from `passwordFile`, which nobody but this user may read.
    public static func open(host: String, port: Int, database: String, user: String, passwordFile: String,
                            caFile: String) async throws(HubFailure) -> HubConnection {
        let password = try readPassword(passwordFile)
        let tls: PostgresConnection.Configuration.TLS
        do {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            configuration.certificateVerification = .fullVerification
            tls = .require(try NIOSSLContext(configuration: configuration))
        } catch {
            throw .refused("TLS: \(caFile): \(error)")
        }
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        // The hub's side of a cut link: a session whose kiosk went silent inside a transaction (the
        // push holds the point's head locked) is ended and rolled back, so the next sync is not kept
        // waiting for the lock; one whose packets go unacknowledged is dropped.
        configuration.options.additionalStartupParameters = [
            ("idle_in_transaction_session_timeout", "\(Self.silentKioskTimeout.components.seconds * 1000)"),
            ("tcp_user_timeout", "\(Self.silentKioskTimeout.components.seconds * 1000)"),
        ]
        // The driver's own log would carry queries and their values: personal data stays out of it.
        let logger = Logger(label: "kiosk.hub", factory: { _ in SwiftLogNoOpLogHandler() })
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
            return HubConnection(connection, logger: logger)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "28P01" || error.serverInfo?[.sqlState] == "28000" {
            throw .refused(error.serverInfo?[.message] ?? "authentication failed")
        } catch {
            throw .unreachable(Self.describe(error))
        }
    }

    public static func open(_ settings: HubSettings) async throws(HubFailure) -> HubConnection {
        try await open(host: settings.host, port: settings.port, database: settings.database, user: settings.user,
                       passwordFile: settings.passwordFile, caFile: settings.caFile)
    }

    public func close() async {
        try? await connection.close()
    }

    /// How long a transaction may wait for the hub's answers. A link cut without a word (no reset
    /// ever arrives) would otherwise keep a sync waiting forever; past it the connection is closed
    /// and given up, and nothing the transaction did is committed.
    static let answerTimeout: Duration = .seconds(30)
    /// How long the hub keeps a session whose kiosk has gone silent mid-transaction (then rolls it back).
    static let silentKioskTimeout: Duration = .seconds(10)

    /// Runs `body` in one transaction, mapping the server's refusals to the kiosk's failures. `limit`
    /// is longer only for the bureau's bulk work (a city roster streams for minutes).
    func transaction<T: Sendable>(within limit: Duration = answerTimeout,
                                  _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws(HubFailure) -> T {
        // A query sent on a connection the hub already closed is never answered (postgres-nio 1.33).
        guard !connection.isClosed else { throw .unreachable("the connection to the hub was closed") }
        do {
            return try await answered(within: limit) { [connection, logger] in
                try await connection.withTransaction(logger: logger) { try await body($0) }
            }
        } catch let error as PostgresTransactionError {
            throw Self.failure(error.closureError ?? error.commitError ?? error.beginError ?? error)
        } catch {
            throw Self.failure(error)
        }
    }

    /// `work`'s result, or `.unreachable` once `limit` has passed, when the connection is closed and
    /// `work` left behind: a task waiting on a dead channel may never return, so it is not awaited.
    private func answered<T: Sendable>(within limit: Duration, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let pending = Mutex<CheckedContinuation<T, any Error>?>(nil)
        let connection = connection
        return try await withCheckedThrowingContinuation { continuation in
            pending.withLock { $0 = continuation }
            /// The first to finish resumes the caller; whoever comes second finds nothing to resume.
            let finish: @Sendable (Result<T, any Error>) -> Bool = { result in
                pending.withLock { waiting in
                    guard let caller = waiting else { return false }
                    waiting = nil
                    caller.resume(with: result)
                    return true
                }
            }
            let timer = Task {
                try await Task.sleep(for: limit)
                if finish(.failure(HubFailure.unreachable("no answer within \(limit)"))) { try? await connection.close() }
            }
            Task {
                do { _ = finish(.success(try await work())) } catch { _ = finish(.failure(error)) }
                timer.cancel()
            }
        }
    }

    static func failure(_ error: any Error) -> HubFailure {
        if let failure = error as? HubFailure { return failure }
        if let error = error as? PSQLError {
            switch error.code {
            case .server:
                let state = error.serverInfo?[.sqlState] ?? ""
                let message = error.serverInfo?[.message] ?? "\(error)"
                // 42501 insufficient privilege (row-level security included), 28xxx authorization.
                if state == "42501" || state.hasPrefix("28") { return .refused(message) }
                return .rejected("\(state) \(message)")
            default:
                return .unreachable(describe(error))
            }
        }
        return .unreachable(describe(error))
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError { return "\(error.code)" + (error.underlying.map { ": \($0)" } ?? "") }
        return "\(error)"
    }

    private static func readPassword(_ path: String) throws(HubFailure) -> String {
        var status = stat()
        guard stat(path, &status) == 0 else { throw .refused("\(path): \(String(cString: strerror(errno)))") }
        guard status.st_mode & 0o077 == 0 else {
            throw .refused("\(path) may be read by others (mode \(String(status.st_mode & 0o777, radix: 8))): chmod 600 it")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw .refused("\(path): unreadable") }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Rows as one JSON array, for a statement that takes a whole batch through `jsonb_to_recordset`
/// (JSON's null is SQL's NULL): one round trip however many rows.
func jsonArray(_ rows: [[String: Any]]) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: rows), as: UTF8.self)
}
