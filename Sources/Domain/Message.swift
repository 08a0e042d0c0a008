/// The one catalogue of user-facing text. Every message has a stable code (for scripts, logs and
/// support) and a Chinese and an English text; the command line and the terminal UI render only
/// from here.
public enum Message: Hashable, Sendable {
    case error(KioskError)
    case rosterProblem(RosterProblem)
    case rosterRejection(line: Int, problems: [RosterProblem])
    case auditFinding(AuditFinding)
    case auditIntact(entries: Int)
    case clockAccepted(from: LocalDateTime, now: LocalDateTime)
    case clockNotBehind
    case statusLine(ResidentStatus, CertificationPolicy)
    case nextStep(ResidentStatus, CertificationPolicy, livesIn: Residence?)
    case residence(Residence)
    case statusName(ResidentStatus.Code)
    case method(CertificationMethod)
    case mobility(Mobility)
    case role(StaffRole)
    case label(Label)
    case route(Jurisdiction.Route, CertificationPolicy)
    case money(Money)
    case month(YearMonth)

    case initialized(dataDirectory: String, admin: String)
    case backupWritten(BackupSummary)
    case backupPhotoMissing(hash: String)
    case restored(RestoreSummary)
    case staffAdded(name: String, role: StaffRole)
    case staffUnlocked(name: String)
    case passwordPrompt(staff: String)
    case importProgress(RosterImportProgress.Phase, percent: Int, done: Int, total: Int)
    case importSummary(rows: Int, inserted: Int, updated: Int, unchanged: Int, rejected: Int)
    case importRefusedStrict(rejected: Int)
    case moreRejections(Int)
    /// Rows of an old roster that coded living abroad as an insured region (first lines, all counted).
    case legacyAbroadRows(count: Int, firstLines: [Int], insuredRegion: String)
    case rejectsWritten(path: String)
    /// What interrupted work had left in the data directory, removed when the database was opened.
    case interruptedWorkSwept(InterruptedWorkSweep)
    case contactChanged(field: Label, old: String?, new: String)
    case deathRecorded
    case exported(rows: Int, path: String, manifest: String, sha256: String)
    case reportTitle(ReportTitle, count: Int)
    case reportEmpty
    case certifiedBy(staff: String)
    case benchLine(BenchFigure)
    case readerEvent(ReaderEvent)
    case readerFailure(ReaderFailure)
    case imageSaved(path: String, width: Int, height: Int)
    case storedPrints(count: Int)
    case storageCleared(forgotten: Int)
    case confirmScan(gallery: Int)
    case duplicateCheckPartial(unchecked: Int)
    case duplicateCheckUnavailable(gallery: Int)
    case enrolFinger(Finger, stages: Int)
    case enrolled(Finger, fingers: Int, of: Int)
    case askFinger(Finger, attempt: Int, of: Int)
    case notMatchedTryAgain(remaining: Int)
    case certifiedByFingerprint(receipt: String, certificationID: String)
    case notIdentified
    case identified(name: String, id: String)
    case unenrolled(Finger)
    case alertLine(id: String, raisedAt: LocalDateTime, resident: String, finger: Finger?, posthumous: PosthumousCertification?, samePhoto: Bool,
                   matched: String?, status: String)
    case posthumousCertification(PosthumousCertification)
    /// The photo taken for one resident is the very photo submitted for `matched` (masked).
    case samePhotoAs(matched: String)
    case alertResolved(id: String)
    case commissionEnrol(stages: Int)
    case commissionVerify
    case commissioned(reader: String)
    case receiptIssued(file: String, printed: Receipt.Printed)
    case screen(ScreenText)
    case visit(VisitText)
    case hub(HubText)
    case photo(PhotoText)


    public enum ReportTitle: Hashable, Sendable {
        case due(YearMonth), overdue, suspended, referred, today(CivilDate)
    }

    public enum BenchFigure: Hashable, Sendable {
        case generated(rows: Int, megabytes: Double, seconds: Double)
        case kioskImport(seconds: Double, peakMegabytes: Double)
        case sqliteImport(seconds: Double, journal: String)
        case ratio(Double, baseline: String, target: Double)
        case lookup(p50Microseconds: Double, p99Microseconds: Double, samples: Int)
        case dueReport(milliseconds: Double, rows: Int)
        /// Contact changes at the counter, timed with no import running and during a re-import.
        case counterDuringImport(idleMilliseconds: Double, p50Milliseconds: Double, p99Milliseconds: Double, longestMilliseconds: Double,
                                 writes: Int, failed: Int, importSeconds: Double)
        case firstFailure(String)
        /// `bench hub`: the hub made, the day's pushes and pulls, and what the hub's processes used.
        case hubSetup(points: Int, residents: Int, seconds: Double)
        case hubDay(records: Int, seconds: Double, points: Int, rounds: Int, interval: Double)
        case hubLag(p50Milliseconds: Double, p99Milliseconds: Double, deliveries: Int, expected: Int, duplicates: Int)
        case hubResources(cpuSeconds: Double, seconds: Double, cores: Int, peakMegabytes: Double, processes: Int, clientCPUSeconds: Double)
        case sqliteMissing
        /// The city roster loaded into the hub, against psql's \copy of the same file.
        case hubRoster(rows: Int, checkSeconds: Double, loadSeconds: Double, reloadSeconds: Double, sameTableCopySeconds: Double, plainCopySeconds: Double)
        /// `bench hub-duplicates`: the prints on the hub, the check over them, and the every-pair baseline.
        case duplicatesSetup(prints: Int, points: Int, mates: Int, withoutMate: Int, sealSeconds: Double, storeSeconds: Double)
        case duplicatesCheck(prints: Int, checked: Int, openSeconds: Double, searchSeconds: Double, indexMegabytes: Double, peakMegabytes: Double)
        case duplicatesDecisions(found: Int, expected: Int, otherPairs: Int, kin: Int)
        case duplicatesBaseline(perPrintMilliseconds: Double, prints: Int, pairsTimed: Int, checkPerPrintMilliseconds: Double)
        case accuracyHeader(folder: String, fingers: Int, images: Int)
        case accuracy(AccuracyRow, matcher: BenchMatcher, fnmr: Int, genuine: Int, fmr: Int, impostor: Int)
        case matcherScores(genuineLowest: Double, impostorHighest: Double, threshold: Double)
        case identifyGallery(prints: Int, enrolled: Int, synthetic: Int, buildSeconds: Double, megabytes: Double, lockedInMemory: Bool, residentMegabytes: Double)
        case identifyTime(BenchMatcher, prints: Int, p50Milliseconds: Double, p95Milliseconds: Double, probes: Int, extrapolated: Bool)
        case identifyDecisions(BenchMatcher, prints: Int, found: Int, genuine: Int, wrong: Int, falseMatches: Int, absent: Int)
        case verify(kioskMilliseconds: Double, baselineMilliseconds: Double, rounds: Int)
        case identify(gallery: Int, milliseconds: Double, perPrintMicroseconds: Double)
        case identifyMarginal(microsecondsPerPrint: Double)
        case processStart(milliseconds: Double, runs: Int)
        case startup(residents: Int, coldMilliseconds: Double, coldWorstMilliseconds: Double, warmMilliseconds: Double, runs: Int, target: Double)
        case startupRatio(Double, residents: Int)
        case dashboard(milliseconds: Double, residents: Int, due: Int, overdue: Int)
        case keystroke(KeystrokeKind, p50Milliseconds: Double, p99Milliseconds: Double, samples: Int)
        case visitsHeader(bookings: Int, staff: Int, days: Int, capacity: Int)
        case visitsSchedule(name: String, milliseconds: Double, scheduled: Int, deadlinesMissed: Int, visitsPerTrip: Double, target: Double)
        case visitsRatio(Double)
        /// A scripted day at the counter: residents enrolled for it, then one line per way of finding the resident.
        case counterSetup(residents: Int, seconds: Double)
        case counter(CounterMode, certified: Int, keystrokes: Double, returnKeystrokes: Double, cardCharacters: Int, fingers: Double,
                     p50Seconds: Double, p95Seconds: Double, failures: Int)
        case counterRatio(CounterMode, keystrokes: Double, seconds: Double)
        /// Not one resident certified that way: the last thing the script waited for in vain.
        case counterNone(CounterMode, failures: Int, reason: String)
    }

    /// How the counter finds the resident: a finger on the home screen, the ID card reader's burst, or the ID typed.
    public enum CounterMode: Hashable, Sendable, CaseIterable { case touchAndGo, idCard, typedID }

    public enum KeystrokeKind: Hashable, Sendable { case typing, wholeScreen }

    public enum AccuracyRow: Hashable, Sendable { case oneAttempt, threeAttempts, twoFingers, imagePairs }

    /// Whose matcher a benchmark figure is for: libfprint's (NBIS/bozorth3) or the kiosk's own.
    public enum BenchMatcher: Hashable, Sendable { case libfprint, kiosk }

    /// Labels of fields and columns.
    public enum Label: String, Hashable, Sendable, CaseIterable {
        case idNumber, name, sex, insuredRegion, residence, community, phone, address, mobility, monthlyPension, status, lastCertification,
             nextStep, cycle, rosterSource, servicePoint, staff, method, time, line, column, problem, record, role, locked,
             active, failedAttempts, deathDate, reporter, certificateNumber, settleBy, documents, office, notRecorded, male, female,
             yes, no, certificationID, evidence, receiptNumber, receiptTitle, receiptTestClock, receiptKeep, fraudAlert
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
        case .clockAccepted(let from, let now):
            return l.pick("已记录时钟校正：审计日志最后一条记录的时间 \(from)，现在 \(now)。此后的记录从现在起计时。",
                          "Clock correction recorded: the audit log's latest entry was at \(from), it is now \(now). Records are dated from now on.")
        case .clockNotBehind: return l.pick("时钟不早于审计日志最后一条记录：无需校正，未写入任何内容。", "The clock is not behind the audit log's latest entry: nothing to accept, nothing written.")
        case .auditIntact(let entries):
            return l.pick("审计日志完好：\(entries)条记录，链条与所覆盖的数据全部核对一致。",
                          "audit log intact: \(entries) entries; the chain and every record it covers check out.")
        case .statusLine(let status, let policy): return Self.statusLine(status, policy, l)
        case .nextStep(let status, let policy, let residence): return Self.nextStep(status, policy, livesIn: residence, l)
        case .residence(let residence): return Self.residence(residence, l)
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
        case .backupWritten(let summary):
            return l.pick("已备份到 \(summary.path)：审计记录\(summary.auditEntries)条，指纹\(summary.prints)枚，照片\(summary.photos)张（均保持加密；指纹密钥不在备份中）。",
                          "Backed up to \(summary.path): \(summary.auditEntries) audit entries, \(summary.prints) prints, \(summary.photos) photos (all still sealed; the print key is not in the backup).")
        case .backupPhotoMissing(let hash):
            return l.pick("警告：记录中的照片 \(hash.prefix(12))… 不在数据目录中，备份里只有其记录。",
                          "Warning: photo \(hash.prefix(12))... named by a record is not in the data directory; the backup holds its record only.")
        case .restored(let summary):
            return l.pick("已恢复服务点 \(summary.servicePoint) 的数据到 \(summary.dataDirectory)：审计链完好（\(summary.auditEntries)条），指纹\(summary.prints)枚、照片\(summary.photos)张可用本机密钥打开。",
                          "Restored service point \(summary.servicePoint) into \(summary.dataDirectory): the audit chain verifies (\(summary.auditEntries) entries), and this machine's key opens its \(summary.prints) prints and \(summary.photos) photos.")
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
        case .legacyAbroadRows(let count, let firstLines, let region):
            let lines = firstLines.map(String.init).joined(separator: l.pick("、", ", ")) + (count > firstLines.count ? l.pick("等", ", ...") : "")
            return l.pick("注意：\(count)行（第\(lines)行）的参保地是旧的“居住境外”代码：已按居住地“境外”、参保地\(region)导入。请社保局改用residence（居住地）列，并填写真实参保地。",
                          "Warning: \(count) rows (lines \(lines)) use the old insured_region code for living abroad: imported as residence abroad, insured in \(region). The bureau should send the residence column and the real insured place instead.")
        case .rejectsWritten(let path): return l.pick("被拒绝的行已写入 \(path)", "Rejected rows written to \(path)")
        case .interruptedWorkSwept(let sweep):
            return l.pick("已清理中断的操作留下的文件：未完成的文件\(sweep.partialFiles)个，没有记录的加密照片\(sweep.unrecordedPhotos)张，未完成的名册导入\(sweep.abandonedImports)个；补写了已认证但缺少的回执\(sweep.receiptsWritten)份。",
                          "Removed what interrupted work left: \(sweep.partialFiles) unfinished files, \(sweep.unrecordedPhotos) sealed photos with no record, \(sweep.abandonedImports) unfinished roster imports; wrote \(sweep.receiptsWritten) missing receipts of recorded certifications.")
        case .contactChanged(let field, let old, let new):
            let before = old ?? l.pick("（空）", "(none)")
            return l.pick("已在本服务点记录\(Self.label(field, l))：\(before) → \(new)。社保局的记录须本人在“龙江人社”APP“联系信息修改”中修改（可帮助操作）。",
                          "\(Self.label(field, l)) recorded at this service point: \(before) → \(new). The bureau's own record is changed in the app 龙江人社 → 联系信息修改 (staff can help).")
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
        case .readerEvent(let event): return Self.event(event, l)
        case .readerFailure(let failure): return Self.failure(failure, l)
        case .imageSaved(let path, let width, let height):
            return l.pick("已保存指纹图像 \(path)（\(width)×\(height)，仅本用户可读）", "Saved the fingerprint image \(path) (\(width)×\(height), readable by this user only)")
        case .storedPrints(let count): return l.pick("读取器芯片中存有\(count)枚指纹", "The reader's chip holds \(count) prints")
        case .confirmScan(let gallery):
            return l.pick("确认并查重：请再按一次同一枚手指（与其他人员已录入的\(gallery)枚指纹比对）",
                          "Confirm and check for duplicates: the same finger once more (compared with \(gallery) prints of other people)")
        case .duplicateCheckPartial(let unchecked):
            return l.pick("注意：有\(unchecked)枚指纹是在其他读取器上录入的，无法与之查重；这些人员应在本读取器上重新录入",
                          "Note: \(unchecked) prints were enrolled on other readers and cannot be checked against; those residents should enrol again on this reader")
        case .duplicateCheckUnavailable(let gallery):
            return l.pick("注意：这台读取器不能一次比对多枚指纹，未与其他人员的\(gallery)枚指纹查重", "Note: this reader cannot compare against many prints at once, so the \(gallery) prints of other people were not checked")
        case .enrolFinger(let finger, let stages):
            return l.pick("录入\(Message.finger(finger, l))：需要按\(stages)次", "Enrolling the \(Message.finger(finger, l)): \(stages) scans")
        case .enrolled(let finger, let fingers, let total):
            return l.pick("已录入\(Message.finger(finger, l))（已录\(fingers)枚，规定\(total)枚）", "Enrolled the \(Message.finger(finger, l)) (\(fingers) of \(total) fingers)")
        case .askFinger(let finger, let attempt, let total):
            return l.pick("第\(attempt)次（共\(total)次）：请按\(Message.finger(finger, l))", "Attempt \(attempt) of \(total): the \(Message.finger(finger, l)), please")
        case .notMatchedTryAgain(let remaining):
            return l.pick("未能匹配，还可再试\(remaining)次", "No match; \(remaining) more tries")
        case .certifiedByFingerprint(let receipt, let certificationID):
            return l.pick("认证成功。回执号 \(receipt)（认证编号 \(certificationID)）", "Certified. Receipt \(receipt) (certification \(certificationID))")
        case .notIdentified: return l.pick("没有找到匹配的已录入指纹", "No enrolled print matches")
        case .identified(let name, let id): return l.pick("识别为：\(name)（\(id)）", "Identified: \(name) (\(id))")
        case .unenrolled(let finger): return l.pick("已删除\(Message.finger(finger, l))", "Removed the \(Message.finger(finger, l))")
        case .alertLine(let id, let raisedAt, let resident, let finger, let posthumous, let samePhoto, let matched, let status):
            if let posthumous {
                return "\(id)  \(raisedAt)  \(resident): \(Message.posthumousCertification(posthumous).text(l))  [\(status)]"
            }
            if samePhoto, let matched {
                return "\(id)  \(raisedAt)  \(resident): \(Message.samePhotoAs(matched: matched).text(l))  [\(status)]"
            }
            let other = matched ?? l.pick("读取器芯片中的未知身份", "an unknown identity on the reader's chip")
            let which = finger.map { Message.finger($0, l) } ?? ""
            return l.pick("\(id)  \(raisedAt)  \(resident) 的\(which)与 \(other) 相同  [\(status)]",
                          "\(id)  \(raisedAt)  \(resident)'s \(which) matches \(other)  [\(status)]")
        case .samePhotoAs(let matched):
            return l.pick("提交的照片与为 \(matched) 提交的照片完全相同，已报主管核查",
                          "the very photo submitted for \(matched): a supervisor is alerted")
        case .posthumousCertification(let found):
            return l.pick("去世（\(found.diedOn)）后仍有认证记录（\(found.certifiedOn)），已报主管核查",
                          "certified on \(found.certifiedOn), after the death on \(found.diedOn): a supervisor is alerted")
        case .commissionEnrol(let stages):
            return l.pick("读取器测试：请一位工作人员录入一枚手指（按\(stages)次，不会保存）", "Reader test: a staff member enrols one finger (\(stages) scans; nothing is kept)")
        case .commissionVerify: return l.pick("请再按同一枚手指验证", "Now the same finger again, to verify")
        case .commissioned(let reader): return l.pick("读取器 \(reader) 测试通过，可以使用", "Reader \(reader) passed its test and is ready")
        case .screen(let text): return Self.screen(text, l)
        case .visit(let text): return Self.visit(text, l)
        case .hub(let text): return Self.hub(text, l)
        case .photo(let text): return Self.photo(text, l)
        case .receiptIssued(let file, let printed):
            return Self.printed(printed, saved: l.pick("回执已保存：\(file)", "Receipt saved: \(file)"), l)
        case .alertResolved(let id): return l.pick("警报 \(id) 已处理", "Alert \(id) resolved")
        case .storageCleared(let forgotten):
            return l.pick("已清空读取器芯片中的指纹；\(forgotten)条录入记录随之删除，相关人员须重新录入",
                          "The reader's chip storage is cleared; \(forgotten) enrolments went with it and those residents must enrol again")
        }
    }

    /// A stable code for each message family, for scripts and support.
    public var code: String {
        switch self {
        case .error(let error): "E_" + Self.code(of: error)
        case .rosterProblem, .rosterRejection: "E_ROSTER_ROW"
        case .auditFinding: "E_AUDIT"
        case .auditIntact: "AUDIT_OK"
        case .clockAccepted: "CLOCK_ACCEPTED"
        case .clockNotBehind: "CLOCK_NOT_BEHIND"
        case .statusLine(let status, _), .nextStep(let status, _, _): "STATUS_" + status.code.rawValue.uppercased()
        default: "MSG"
        }
    }

    static func code(of error: KioskError) -> String {
        switch error {
        case .config: "CONFIG"
        case .rosterFile: "ROSTER_FILE"
        case .residentID: "ID_NUMBER"
        case .invalidKioskToday: "KIOSK_TODAY"
        case .kioskTodayNotAllowed: "KIOSK_TODAY_NOT_ALLOWED"
        case .testClockMarkAltered: "TEST_CLOCK_MARK_ALTERED"
        case .clockBehindAuditLog: "CLOCK_BEHIND_AUDIT_LOG"
        case .terminalNeeded: "TERMINAL_NEEDED"
        case .notInitialized: "NOT_INITIALIZED"
        case .alreadyInitialized: "ALREADY_INITIALIZED"
        case .wrongServicePoint: "WRONG_SERVICE_POINT"
        case .databaseTooNew: "DATABASE_TOO_NEW"
        case .databaseFailure: "DATABASE"
        case .fileFailure: "FILE"
        case .directoryNotEmpty: "DIRECTORY_NOT_EMPTY"
        case .alreadyCertified: "ALREADY_CERTIFIED"
        case .fileExists: "FILE_EXISTS"
        case .backupRefused: "BACKUP_REFUSED"
        case .imageUnreadable: "IMAGE_UNREADABLE"
        case .printUnreadable: "PRINT_UNREADABLE"
        case .printNotEnrolled: "PRINT_NOT_ENROLLED"
        case .tooManyFingers: "TOO_MANY_FINGERS"
        case .alertNotFound: "ALERT_NOT_FOUND"
        case .alertAlreadyResolved: "ALERT_ALREADY_RESOLVED"
        case .reader: "READER"
        case .noPrintsEnrolled: "NO_PRINTS_ENROLLED"
        case .printsFromAnotherReader: "PRINTS_FROM_ANOTHER_READER"
        case .duplicateFinger: "DUPLICATE_FINGER"
        case .notMatched: "NOT_MATCHED"
        case .notIdentified: "NOT_IDENTIFIED"
        case .identificationExpired: "IDENTIFICATION_EXPIRED"
        case .commissionFailed: "COMMISSION_FAILED"
        case .enrolmentNotConfirmed: "ENROLMENT_NOT_CONFIRMED"
        case .keyFileMissing: "KEY_FILE_MISSING"
        case .keyFileTooOpen: "KEY_FILE_TOO_OPEN"
        case .keyFileInvalid: "KEY_FILE_INVALID"
        case .bureauKeyInvalid: "BUREAU_KEY_INVALID"
        case .dataTooOpen: "DATA_TOO_OPEN"
        case .noCredentials: "NO_CREDENTIALS"
        case .passwordFileUnreadable: "PASSWORD_FILE_UNREADABLE"
        case .signInFailed: "SIGN_IN_FAILED"
        case .accountLocked: "ACCOUNT_LOCKED"
        case .accountDisabled: "ACCOUNT_DISABLED"
        case .recordChangedOutsideKiosk: "RECORD_CHANGED_OUTSIDE"
        case .auditLogBehindAnchor: "AUDIT_LOG_BEHIND_ANCHOR"
        case .appendOnlyGuardMissing: "APPEND_ONLY_GUARD_MISSING"
        case .residentsChangedOutsideKiosk: "RESIDENTS_CHANGED_OUTSIDE"
        case .rosterImportRunning: "ROSTER_IMPORT_RUNNING"
        case .hub(.unreachable): "HUB_UNREACHABLE"
        case .hub(.refused): "HUB_REFUSED"
        case .hub(.moved): "HUB_MOVED"
        case .hub(.rejected): "HUB_REJECTED"
        case .hubNotConfigured: "HUB_NOT_CONFIGURED"
        case .hubChainDiverged: "HUB_CHAIN_DIVERGED"
        case .hubAheadOfKiosk: "HUB_AHEAD_OF_KIOSK"
        case .hubChainNotThisKiosks: "HUB_CHAIN_NOT_THIS_KIOSKS"
        case .hubSyncStale: "HUB_SYNC_STALE"
        case .notEnoughSpaceToImport: "NOT_ENOUGH_SPACE_TO_IMPORT"
        case .notPermitted: "NOT_PERMITTED"
        case .staffNameTaken: "STAFF_NAME_TAKEN"
        case .staffNameInvalid: "STAFF_NAME_INVALID"
        case .staffNotFound: "STAFF_NOT_FOUND"
        case .passwordTooShort: "PASSWORD_TOO_SHORT"
        case .residentNotFound: "RESIDENT_NOT_FOUND"
        case .refusedByStatus: "REFUSED_BY_STATUS"
        case .deathAlreadyReported: "DEATH_ALREADY_REPORTED"
        case .deathDateInvalid: "DEATH_DATE_INVALID"
        case .entryInvalid: "ENTRY_INVALID"
        case .storedValueUnknown: "STORED_VALUE_UNKNOWN"
        case .contactUnchanged: "CONTACT_UNCHANGED"
        case .visitRefused: "VISIT_REFUSED"
        case .visitNotFound: "VISIT_NOT_FOUND"
        case .visitNotOpen: "VISIT_NOT_OPEN"
        case .visitNotScheduled: "VISIT_NOT_SCHEDULED"
        case .visitStaffUnknown: "VISIT_STAFF_UNKNOWN"
        case .fieldFileRefused: "FIELD_FILE_REFUSED"
        case .fieldResultsPending: "FIELD_RESULTS_PENDING"
        case .fieldPackNotForThisDirectory: "FIELD_PACK_NOT_FOR_THIS_DIRECTORY"
        case .fieldStaffUnknown: "FIELD_STAFF_UNKNOWN"
        case .photoRejected: "PHOTO_REJECTED"
        case .photoReviewNotFound: "PHOTO_REVIEW_NOT_FOUND"
        case .photoOwnReview: "PHOTO_OWN_REVIEW"
        case .photoAlreadyReviewed: "PHOTO_ALREADY_REVIEWED"
        case .photoPendingLimit: "PHOTO_PENDING_LIMIT"
        case .photoMissing: "PHOTO_MISSING"
        case .photoSharedWithAnother: "PHOTO_SHARED_WITH_ANOTHER"
        case .receiptNotFound: "RECEIPT_NOT_FOUND"
        case .strictImportRefused: "STRICT_IMPORT_REFUSED"
        case .hubRosterRefused: "HUB_ROSTER_REFUSED"
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

extension Message {
    /// What became of a slip at the printer, then where its file is (receipts, booking slips). The
    /// printer comes first: a long path must not push it out of sight.
    static func printed(_ printed: Receipt.Printed, saved: String, _ l: Language) -> String {
        switch printed {
        case .noPrinter: saved
        case .sent(let printer): l.pick("已送打印机 \(printer)。", "Sent to printer \(printer). ") + saved
        case .failed(let printer, let detail):
            l.pick("打印机 \(printer) 未能打印（\(detail)），请稍后补打。", "Printer \(printer) did not print (\(detail)): print it again later. ") + saved
        }
    }
}
