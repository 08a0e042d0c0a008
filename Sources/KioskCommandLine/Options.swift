import ArgumentParser
import Domain

/// Options every command takes.
package struct GlobalOptions: ParsableArguments {
    package init() {}

    @Option(name: .customLong("config"), help: "Configuration directory (default: KIOSK_CONFIG, else /etc/kiosk for the installed package, kiosk-config in a checkout).")
    package var configDirectory: String?

    @Option(name: .customLong("data-dir"), help: "Data directory (default: KIOSK_DATA_DIR, else data_dir in service-point.yaml).")
    package var dataDirectory: String?

    @Option(name: .customLong("lang"), help: "Language of messages: zh or en (default: locale in service-point.yaml).")
    package var language: String?

    package func validate() throws {
        if let language, Language(locale: language) == nil { throw refuse(.unknownLanguage(language)) }
    }

    /// The language of messages before a session exists: --lang, else the configuration's locale.
    var messageLanguage: Language {
        language.flatMap(Language.init(locale:)) ?? (try? Session.settings(self))?.language ?? .chinese
    }
}

/// How a staff member signs in for a command that changes data.
/// `--json`, the same on every command that has it: the output for scripts.
package struct OutputOptions: ParsableArguments {
    package init() {}

    @Flag(help: "Print JSON, for scripts.") package var json = false
}

package struct SignInOptions: ParsableArguments {
    package init() {}

    @Option(name: .customLong("staff"), help: "Staff member signing in (default: KIOSK_STAFF).")
    package var staff: String?

    @Option(name: .customLong("password-file"), help: "File whose first line is the password (else KIOSK_PASSWORD, else a prompt).")
    package var passwordFile: String?
}

/// How a report is printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, csv, json
}
