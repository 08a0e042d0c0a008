import Domain

/// The reader as the desk uses it: the first reader present, and reader failures as the kiosk's errors.
public enum ReaderCalls {
    /// The reader operations use: the first one present.
    public static func firstReader(_ reader: ReaderClient) async throws(KioskError) -> ReaderInfo {
        guard let first = try await reading({ () throws(ReaderFailure) in try await reader.readers() }).first else {
            throw .reader(.noReader)
        }
        return first
    }

    /// A reader call, its failure as the kiosk's error.
    public static func reading<T>(_ body: () async throws(ReaderFailure) -> T) async throws(KioskError) -> T {
        do {
            return try await body()
        } catch {
            throw .reader(error)
        }
    }
}
