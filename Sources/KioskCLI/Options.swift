import ArgumentParser
import Domain

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "Configuration directory (default: KIOSK_CONFIG, else /etc/kiosk for the installed package, kiosk-config in a checkout).")
    var configDirectory: String?

    @Option(name: .customLong("data-dir"), help: "Data directory (default: KIOSK_DATA_DIR, else data_dir in service-point.yaml).")
    var dataDirectory: String?

    @Option(name: .customLong("lang"), help: "Language of messages: zh or en (default: locale in service-point.yaml).")
    var language: String?
}

/// How a staff member signs in for a command that changes data.
/// `--json`, the same on every command that has it: the output for scripts.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON, for scripts.") var json = false
}

struct SignInOptions: ParsableArguments {
    @Option(name: .customLong("staff"), help: "Staff member signing in (default: KIOSK_STAFF).")
    var staff: String?

    @Option(name: .customLong("password-file"), help: "File whose first line is the password (else KIOSK_PASSWORD, else a prompt).")
    var passwordFile: String?
}

/// How a report is printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, csv, json
}
