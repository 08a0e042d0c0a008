import ArgumentParser
import Domain

// Values the commands take, parsed by ArgumentParser before `run()`: a bad one stops the command
// with the option named and, for a choice, the values allowed (exit 64). ID numbers are the
// exception: they are parsed by the session against the kiosk's clock, so that the message says
// which rule the number breaks, in the user's language, without echoing it.

extension CivilDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension YearMonth: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension AuditAnchor: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension Finger: ExpressibleByArgument {}
extension VisitTime: ExpressibleByArgument {}
extension VisitEvidence: ExpressibleByArgument {}
extension VisitMiss: ExpressibleByArgument {}

/// Why a visit is booked: the kinds of mobility that qualify (FAQ 6).
enum VisitReason: String, ExpressibleByArgument, CaseIterable {
    case elderly, disabled, ill

    var mobility: Mobility {
        switch self {
        case .elderly: .elderly
        case .disabled: .disabled
        case .ill: .ill
        }
    }
}

/// What is wrong with a command's arguments beyond their types (an empty reason, two flags that
/// exclude each other), found by `validate()` before anything runs.
enum UsageProblem {
    case emptyValue(option: String)
    case monthOnlyForDue
    case conflictingFormats
    case confirmationNeeded(option: String)
    case methodNeeded
    case oneOf([String])
    case unknownLanguage(String)

    func text(_ l: Language) -> String {
        switch self {
        case .emptyValue(let option): l.pick("\(option) 不能为空", "\(option) cannot be empty")
        case .methodNeeded: l.pick("请指明认证方式：--fingerprint 或 --photo", "Say how to certify: --fingerprint or --photo")
        case .oneOf(let options): l.pick("请从以下选一个：\(options.joined(separator: "、"))", "Give one of: \(options.joined(separator: ", "))")
        case .confirmationNeeded(let option): l.pick("此操作无法撤销：请加上 \(option) 确认", "This cannot be undone: add \(option) to confirm")
        case .conflictingFormats: l.pick("--csv 与 --json 只能选一个", "--csv and --json exclude each other")
        case .monthOnlyForDue: l.pick("--month 只适用于 due 报表", "--month only applies to the due report")
        case .unknownLanguage(let value): l.pick("未知语言“\(value)”：应为 zh 或 en", "Unknown language \"\(value)\": use zh or en")
        }
    }
}

extension GlobalOptions {
    /// ArgumentParser prints it with the command's usage and exits 64, before `run()`.
    func refuse(_ problem: UsageProblem) -> ValidationError {
        ValidationError(problem.text(messageLanguage))
    }

    /// A text given where one is needed must say something.
    func requireText(_ value: String?, option: String) throws {
        if let value, value.trimmingSpaces().isEmpty { throw refuse(.emptyValue(option: option)) }
    }
}
