/// The one catalogue of user-facing text. Every message has a stable code (for scripts, logs and
/// support) and a Chinese and an English text; the command line and the terminal UI render only
/// from here.
public enum Message: Hashable, Sendable {
    case error(KioskError)
    case rosterProblem(RosterProblem)
    case rosterRejection(line: Int, problems: [RosterProblem])
    case auditFinding(AuditFinding)
    case auditIntact(entries: Int)
    case statusLine(ResidentStatus, CertificationPolicy)
    case nextStep(ResidentStatus, CertificationPolicy)
    case statusName(ResidentStatus.Code)
    case method(CertificationMethod)
    case mobility(Mobility)
    case role(StaffRole)
    case label(Label)
    case route(Jurisdiction.Route, CertificationPolicy)
    case money(Money)
    case month(YearMonth)

    case initialized(dataDirectory: String, admin: String)
    case staffAdded(name: String, role: StaffRole)
    case staffUnlocked(name: String)
    case passwordPrompt(staff: String)
    case importProgress(RosterImportPhase, percent: Int, done: Int, total: Int)
    case importSummary(rows: Int, inserted: Int, updated: Int, unchanged: Int, rejected: Int)
    case importRefusedStrict(rejected: Int)
    case moreRejections(Int)
    case rejectsWritten(path: String)
    case contactChanged(field: Label, old: String?, new: String)
    case deathRecorded
    case exported(rows: Int, path: String, manifest: String, sha256: String)
    case reportTitle(ReportTitle, count: Int)
    case reportEmpty
    case certifiedBy(staff: String)
    case benchLine(BenchFigure)

    public enum RosterImportPhase: Hashable, Sendable { case checking, writing, indexing }

    public enum ReportTitle: Hashable, Sendable {
        case due(YearMonth), overdue, suspended, referred, today(CivilDate)
    }

    public enum BenchFigure: Hashable, Sendable {
        case generated(rows: Int, megabytes: Double, seconds: Double)
        case kioskImport(seconds: Double, peakMegabytes: Double)
        case sqliteImport(seconds: Double, journal: String)
        case ratio(Double, target: Double)
        case lookup(p50Microseconds: Double, p99Microseconds: Double, samples: Int)
        case dueReport(milliseconds: Double, rows: Int)
        case sqliteMissing
    }

    /// Labels of fields and columns.
    public enum Label: String, Hashable, Sendable, CaseIterable {
        case idNumber, name, sex, insuredRegion, community, phone, address, mobility, monthlyPension, status, lastCertification,
             nextStep, cycle, rosterSource, servicePoint, staff, method, time, line, column, problem, record, role, locked,
             active, failedAttempts, deathDate, reporter, certificateNumber, settleBy, documents, office, notRecorded, male, female,
             yes, no, certificationID, evidence
    }

    public func text(_ language: Language) -> String {
        let l = language
        switch self {
        case .error(let error): return Self.text(error, l)
        case .rosterProblem(let problem): return Self.text(problem, l)
        case .rosterRejection(let line, let problems):
            let reasons = problems.map { Self.text($0, l) }.joined(separator: l.pick("；", "; "))
            return l.pick("第\(line)行：\(reasons)", "line \(line): \(reasons)")
        case .auditFinding(let finding): return Self.text(finding, l)
        case .auditIntact(let entries):
            return l.pick("审计日志完好：\(entries)条记录，链条与所覆盖的数据全部核对一致。",
                          "audit log intact: \(entries) entries; the chain and every record it covers check out.")
        case .statusLine(let status, let policy): return Self.statusLine(status, policy, l)
        case .nextStep(let status, let policy): return Self.nextStep(status, policy, l)
        case .statusName(let code): return Self.statusName(code, l)
        case .method(let method): return Self.method(method, l)
        case .mobility(let mobility):
            switch mobility {
            case .none: return l.pick("无", "none")
            case .elderly: return l.pick("高龄", "very old")
            case .disabled: return l.pick("残疾", "disabled")
            case .ill: return l.pick("患病", "ill")
            }
        case .role(let role):
            switch role {
            case .operator: return l.pick("操作员", "operator")
            case .supervisor: return l.pick("主管", "supervisor")
            case .admin: return l.pick("管理员", "admin")
            }
        case .label(let label): return Self.label(label, l)
        case .route(let route, let policy): return Self.route(route, policy, l)
        case .money(let money): return l.pick("\(money)元", "CNY \(money)")
        case .month(let month): return l.pick("\(month.year)年\(month.month)月", month.description)

        case .initialized(let directory, let admin):
            return l.pick("已创建数据目录 \(directory)，首位管理员为 \(admin)。", "Created data directory \(directory) with first admin \(admin).")
        case .staffAdded(let name, let role):
            return l.pick("已添加工作人员 \(name)（\(Message.role(role).text(l))）。", "Added staff member \(name) (\(Message.role(role).text(l))).")
        case .staffUnlocked(let name): return l.pick("已解锁工作人员 \(name)。", "Unlocked staff member \(name).")
        case .passwordPrompt(let staff): return l.pick("工作人员 \(staff) 的密码：", "Password for staff member \(staff): ")
        case .importProgress(let phase, let percent, let done, let total):
            let name = switch phase {
            case .checking: l.pick("检查", "checking")
            case .writing: l.pick("写入", "writing")
            case .indexing: l.pick("建索引", "indexing")
            }
            return "\(name) \(percent)% (\(done)/\(total))"
        case .importSummary(let rows, let inserted, let updated, let unchanged, let rejected):
            return l.pick("花名册共\(rows)行：新增\(inserted)，更新\(updated)，未变\(unchanged)，拒绝\(rejected)。",
                          "Roster of \(rows) rows: \(inserted) inserted, \(updated) updated, \(unchanged) unchanged, \(rejected) rejected.")
        case .importRefusedStrict(let rejected):
            return l.pick("严格模式：有\(rejected)行不合格，本次未导入任何数据。", "--strict: \(rejected) bad rows, so nothing was imported.")
        case .moreRejections(let count): return l.pick("……另有\(count)行被拒绝，见拒绝文件。", "... and \(count) more rejected rows, see the rejects file.")
        case .rejectsWritten(let path): return l.pick("被拒绝的行已写入 \(path)", "Rejected rows written to \(path)")
        case .contactChanged(let field, let old, let new):
            let before = old ?? l.pick("（空）", "(none)")
            return l.pick("已更新\(Self.label(field, l))：\(before) → \(new)", "\(Self.label(field, l)) changed: \(before) → \(new)")
        case .deathRecorded: return l.pick("已登记死亡报告，此人的认证即刻停止。", "Death report recorded; certification for this person stops now.")
        case .exported(let rows, let path, let manifest, let sha256):
            return l.pick("已导出\(rows)条认证记录到 \(path)（SHA-256 \(sha256)），清单 \(manifest)。",
                          "Exported \(rows) certifications to \(path) (SHA-256 \(sha256)); manifest \(manifest).")
        case .reportTitle(let title, let count):
            switch title {
            case .due(let month):
                return l.pick("\(Message.month(month).text(l))待认证（\(count)人）", "Due in \(month) (\(count))")
            case .overdue: return l.pick("逾期未认证（\(count)人）", "Overdue (\(count))")
            case .suspended: return l.pick("暂停发放（\(count)人）", "Suspended (\(count))")
            case .referred: return l.pick("须到市社保局办理（\(count)人）", "Referred to the city bureau (\(count))")
            case .today(let date): return l.pick("\(date) 本服务点认证（\(count)人）", "Certified here on \(date) (\(count))")
            }
        case .reportEmpty: return l.pick("（无）", "(none)")
        case .certifiedBy(let staff): return l.pick("经办人：\(staff)", "by \(staff)")
        case .benchLine(let figure): return Self.bench(figure, l)
        }
    }

    /// A stable code for each message family, for scripts and support.
    public var code: String {
        switch self {
        case .error(let error): "E_" + Self.code(of: error)
        case .rosterProblem, .rosterRejection: "E_ROSTER_ROW"
        case .auditFinding: "E_AUDIT"
        case .auditIntact: "AUDIT_OK"
        case .statusLine(let status, _), .nextStep(let status, _): "STATUS_" + status.code.rawValue.uppercased()
        default: "MSG"
        }
    }

    static func code(of error: KioskError) -> String {
        switch error {
        case .config: "CONFIG"
        case .rosterFile: "ROSTER_FILE"
        case .residentID: "ID_NUMBER"
        case .usage: "USAGE"
        case .notInitialized: "NOT_INITIALIZED"
        case .alreadyInitialized: "ALREADY_INITIALIZED"
        case .wrongServicePoint: "WRONG_SERVICE_POINT"
        case .databaseTooNew: "DATABASE_TOO_NEW"
        case .databaseFailure: "DATABASE"
        case .fileFailure: "FILE"
        case .directoryNotEmpty: "DIRECTORY_NOT_EMPTY"
        case .noCredentials: "NO_CREDENTIALS"
        case .passwordFileUnreadable: "PASSWORD_FILE_UNREADABLE"
        case .signInFailed: "SIGN_IN_FAILED"
        case .accountLocked: "ACCOUNT_LOCKED"
        case .accountDisabled: "ACCOUNT_DISABLED"
        case .notPermitted: "NOT_PERMITTED"
        case .staffNameTaken: "STAFF_NAME_TAKEN"
        case .staffNameInvalid: "STAFF_NAME_INVALID"
        case .staffNotFound: "STAFF_NOT_FOUND"
        case .passwordTooShort: "PASSWORD_TOO_SHORT"
        case .residentNotFound: "RESIDENT_NOT_FOUND"
        case .refusedByStatus: "REFUSED_BY_STATUS"
        case .deathAlreadyReported: "DEATH_ALREADY_REPORTED"
        case .deathDateInvalid: "DEATH_DATE_INVALID"
        case .contactUnchanged: "CONTACT_UNCHANGED"
        case .strictImportRefused: "STRICT_IMPORT_REFUSED"
        case .auditUnreadable: "AUDIT_UNREADABLE"
        }
    }
}

extension Language {
    /// The Chinese or the English of a pair, for punctuation and other short forms.
    public func pick(_ chinese: String, _ english: String) -> String {
        switch self {
        case .chinese: chinese
        case .english: english
        }
    }
}
