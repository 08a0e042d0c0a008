// swift-tools-version:6.1
import PackageDescription

// Dependencies point one way: Domain <- KioskConfig, Store, Reader, ImageFiles, Photos <- Desk <- TUI <- KioskCommandLine
// <- KioskCLI (the `kiosk` executable) and KioskTools (`kiosk-tools`: benchmarks, roster generator, demo).
// Domain holds the bureau's rules and the records' shapes, and must never import SQLite, libfprint or
// curses. Store keeps the records: the schema and its migrations, the audit chain, sealing, the
// roster import engine, backups, and the queries that read records back. Desk is the application:
// one desk per task, for the staff member signed in, whose every action checks its rules inside
// the write transaction that records it (GRDB's, opened by the desk); the screen (TUI) and the
// command line reach the application only through it. Only
// KioskCommandLine puts the live reader (libfprint) together with the rest. `make test` checks the imports
// (scripts/check-layers), since SwiftPM lets a target import whatever its dependencies bring.
// Matcher (the kiosk's own 1:N fingerprint search, pure Swift, no I/O) depends on nothing; Reader uses it.
// Hub (the city hub on PostgreSQL, postgres-nio) knows only the domain's shapes: the desk syncs through the
// HubClient interface in Domain, and only KioskCommandLine connects the live client. The bureau's city-wide
// duplicate-finger check runs in Hub, with Matcher's search over the minutiae it opens with the bureau's key.
let package = Package(
    name: "kiosk",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kiosk", targets: ["KioskCLI"]),
        // Benchmarks, the roster generator, the demo service point: for developers, not installed.
        .executable(name: "kiosk-tools", targets: ["KioskTools"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(name: "Domain"),
        .systemLibrary(name: "CLibfprint", pkgConfig: "libfprint-2", providers: [.apt(["libfprint-2-dev"])]),
        .systemLibrary(name: "CImageFiles", pkgConfig: "libpng", providers: [.apt(["libpng-dev", "libtiff-dev"])]),
        .systemLibrary(name: "CNcurses", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        // The process calls Swift cannot make (variadic prctl).
        .systemLibrary(name: "CProcess"),
        .target(name: "Matcher"),
        .target(name: "Reader", dependencies: ["Domain", "Matcher", "CLibfprint"]),
        .target(name: "ImageFiles", dependencies: ["Domain", "CImageFiles"]),
        // Photos through ffmpeg (camera capture, checking and re-encoding), all in memory.
        .target(name: "Photos", dependencies: ["Domain"]),
        // Files that hold personal data, written whole and readable by the kiosk's user only.
        .target(name: "Files", dependencies: ["Domain"]),
        // The baseline `kiosk bench verify` compares the kiosk's verify with: plain libfprint in C.
        .executableTarget(name: "VerifyBaseline", dependencies: ["CLibfprint"]),
        .target(
            name: "KioskConfig",
            dependencies: ["Domain", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "Store",
            dependencies: [
                "Domain", "Files",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // The city hub on PostgreSQL: the live HubClient a kiosk syncs through, and the bureau's
        // administration of the hub (schema, roles, service points, city reports).
        .target(name: "Hub", dependencies: [
            "Domain", "Matcher", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"), .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "Desk", dependencies: [
            "Domain", "Store", "Files",
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "TUI", dependencies: ["Domain", "Desk", "Photos", "CNcurses"]),
        // The product's commands, a library so that the developers' tools reuse its sign-in and screen.
        .target(
            name: "KioskCommandLine",
            dependencies: [
                "Domain", "KioskConfig", "Store", "Reader", "Matcher", "ImageFiles", "Photos", "Files", "Desk", "TUI", "Hub", "CProcess",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "KioskCLI",
            dependencies: ["KioskCommandLine", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "KioskTools",
            dependencies: [
                "KioskCommandLine", "Domain", "KioskConfig", "Reader", "Matcher", "ImageFiles", "Files", "Desk", "TUI", "Hub",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "DomainTests", dependencies: ["Domain"]),
        .testTarget(name: "KioskConfigTests", dependencies: ["KioskConfig", "Domain"]),
        // The store's own tests; they set records up through the desk, as staff would.
        .testTarget(name: "StoreTests", dependencies: [
            "Store", "Desk", "Domain", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(name: "MatcherTests", dependencies: ["Matcher"]),
        .testTarget(name: "ReaderTests", dependencies: ["Reader", "Domain", "Matcher"]),
        .testTarget(name: "PhotosTests", dependencies: ["Photos", "Domain"]),
        // The desk's flows in-process: real SQLite in memory, the reader's scripted test value.
        .testTarget(name: "DeskTests", dependencies: ["Desk", "Store", "Domain", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "TUITests", dependencies: ["TUI", "Desk", "Domain"]),
        .testTarget(name: "KioskCLITests", dependencies: ["Domain", "Reader", "ImageFiles"]),
        // The hub against a real PostgreSQL (scripts/test-postgres), with kiosks' desks in process.
        .testTarget(name: "HubTests", dependencies: [
            "Hub", "Desk", "Store", "Domain", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
    ]
)
