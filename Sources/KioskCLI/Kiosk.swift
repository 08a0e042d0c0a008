import ArgumentParser
import KioskCommandLine

@main
struct Kiosk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosk",
        abstract: "Pension certification kiosk for community service points (养老保险待遇资格认证).",
        discussion: """
            Every command reads /etc/kiosk (installed) or kiosk-config/ (a checkout), or --config DIR, or KIOSK_CONFIG, and the data directory it names
            (or --data-dir DIR, or KIOSK_DATA_DIR). Commands that change data, or show personal data in bulk,
            need a signed-in staff member: --staff NAME (or KIOSK_STAFF) and a password from --password-file FILE,
            KIOSK_PASSWORD, or the terminal. KIOSK_TODAY=YYYY-MM-DD[THH:MM] fixes the date, only for a data directory
            made for tests or demos with kiosk init --test-clock (shown as TEST on screens, receipts and exports).

            Exit codes: 0 done; 1 failure; 2 audit log broken (or a record, a test-clock mark, the append-only \
            triggers, the log's length or the resident table changed outside the kiosk: refused); 3 refused by the rules (status, \
            duplicate report, duplicate finger, prints from another reader); 4 not found; 5 fingerprint not matched \
            (use the fallback) or touch-and-go identification expired; 6 reader problem (unplugged, timed out, busy...); 64 bad arguments; 65 bad input \
            data; 66 input missing; 73 output file exists; 75 another roster import is running; 77 sign-in or permission refused; 78 configuration error (including a print \
            key, data directory or database readable by others, KIOSK_TODAY set for a data directory not made with \
            --test-clock, and a clock earlier than the audit log's latest entry, i.e. turned back).
            """,
        version: "0.5.0",
        subcommands: KioskCommands.all
    )
}
