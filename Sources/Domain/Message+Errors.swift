extension Message {
    static func text(_ error: KioskError, _ l: Language) -> String {
        switch error {
        case .config(let problem): return text(problem, l)
        case .rosterFile(let problem): return text(problem, l)
        case .residentID(let problem, let argument):
            let shown = ResidentID.mask(argument)
            return l.pick("身份证号 \(shown) 有误：\(text(problem, l))", "ID number \(shown) is invalid: \(text(problem, l))")
        case .invalidKioskToday(let value):
            return l.pick("环境变量 KIOSK_TODAY=“\(value)”应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM", "KIOSK_TODAY=\"\(value)\" must be YYYY-MM-DD or YYYY-MM-DDTHH:MM")
        case .kioskTodayNotAllowed(let directory):
            return l.pick("KIOSK_TODAY 只能用于以 kiosk init --test-clock 创建的测试或演示数据目录；\(directory) 不是。请取消 KIOSK_TODAY 后再试，未写入任何内容。",
                          "KIOSK_TODAY works only for a test or demo data directory made with kiosk init --test-clock; \(directory) is not one. Unset KIOSK_TODAY; nothing was written.")
        case .testClockMarkAltered(let directory):
            return l.pick("数据目录 \(directory) 的测试时钟标记（kiosk_meta）与审计日志第一条不一致：数据库在 kiosk 之外被改动。请管理员检查。",
                          "The test-clock mark of data directory \(directory) (kiosk_meta) disagrees with the audit log's first entry: the database was changed outside the kiosk. An admin must look into it.")
        case .clockBehindAuditLog(let latest, let now):
            return l.pick("系统时间 \(now) 早于审计日志最后一条记录的时间 \(latest)：时钟被调回了。请校正时钟，未写入任何内容。若是之前的时间设快了、现在的才对，请管理员运行 kiosk audit accept-clock。",
                          "The clock says \(now), earlier than the audit log's latest entry at \(latest): the clock was turned back. Set it right; nothing was written. If it was the earlier time that was wrong (set ahead) and now is right, an admin runs kiosk audit accept-clock.")
        case .terminalNeeded: return l.pick("kiosk run 需要在终端中运行", "kiosk run needs a terminal")
        case .notInitialized(let directory):
            return l.pick("数据目录 \(directory) 中没有数据库。请先运行 kiosk init。", "No database in data directory \(directory). Run kiosk init first.")
        case .alreadyInitialized(let directory):
            return l.pick("数据目录 \(directory) 已初始化，不会覆盖。", "Data directory \(directory) is already initialised; it will not be overwritten.")
        case .wrongServicePoint(let database, let config):
            return l.pick("此数据目录属于服务点 \(database)，而配置为 \(config)。请检查 --config 与 --data-dir。",
                          "This data directory belongs to service point \(database), but the configuration says \(config). Check --config and --data-dir.")
        case .databaseTooNew(let path):
            return l.pick("数据库 \(path) 由更新版本的 kiosk 创建，请升级后再使用。", "Database \(path) was written by a newer kiosk; upgrade before using it.")
        case .databaseFailure(let path, let detail):
            return l.pick("数据库 \(path) 出错：\(detail)。未保存任何更改。", "Database \(path) failed: \(detail). No change was saved.")
        case .printUnreadable(let id, let finger):
            return l.pick("\(id.masked) 的\(Message.finger(finger, l))指纹无法解密：记录被改动或密钥不对", "The \(Message.finger(finger, l)) print of \(id.masked) cannot be opened: the record was altered or the key is wrong")
        case .printNotEnrolled(let finger): return l.pick("没有录入\(Message.finger(finger, l))", "No \(Message.finger(finger, l)) is enrolled")
        case .tooManyFingers(let allowed):
            return l.pick("已录入\(allowed)枚手指（规定上限）：如需更换，请先删除一枚", "\(allowed) fingers are enrolled, the policy's limit: remove one first to enrol another")
        case .alertNotFound(let id): return l.pick("没有编号为 \(id) 的警报", "No alert \(id)")
        case .alertAlreadyResolved(let id): return l.pick("警报 \(id) 已处理过", "Alert \(id) was already resolved")
        case .reader(let failure): return Message.failure(failure, l)
        case .noPrintsEnrolled:
            return l.pick("此人还没有录入指纹：请先录入（kiosk enroll），或改用照相认证、预约上门认证", "No fingerprints are enrolled for this person: enrol first (kiosk enroll), or use photo certification or a home visit")
        case .printsFromAnotherReader(let enrolledOn, let reader):
            return l.pick("此人的指纹是在另一台读取器（\(enrolledOn.joined(separator: "、"))）上录入的，本读取器为 \(reader)：请在本读取器上重新录入",
                          "This person's prints were enrolled on another reader (\(enrolledOn.joined(separator: ", "))); this reader is \(reader): enrol again on this reader")
        case .duplicateFinger(let alertID):
            return l.pick("这枚手指已登记在另一个身份名下：录入已拒绝，并已生成待主管处理的警报 \(alertID)", "This finger is already enrolled under another identity: enrolment refused, and alert \(alertID) raised for a supervisor")
        case .notIdentified: return Message.notIdentified.text(l)
        case .identificationExpired(let seconds):
            return l.pick("指纹识别已超过\(seconds)秒（或不是本人操作的识别）：请重新按手指", "The fingerprint identification is over \(seconds) seconds old (or another staff member's): press the finger again")
        case .enrolmentNotConfirmed:
            return l.pick("确认扫描与刚录入的手指不符：没有保存，请重新录入", "The confirming scan did not match the finger just enrolled: nothing was saved; enrol again")
        case .commissionFailed:
            return l.pick("读取器测试未通过：刚录入的手指没有验证成功。请检查读取器后重试", "The reader failed its test: the finger just enrolled did not verify. Check the reader and try again")
        case .notMatched(let attempts):
            return l.pick("指纹\(attempts)次均未能匹配：请改用照相（视频）认证；行动不便者可预约上门认证", "The fingerprint did not match in \(attempts) attempts: use photo (video) certification, or book a home visit")
        case .keyFileMissing(let path):
            return l.pick("指纹加密密钥文件 \(path) 不存在，kiosk 不会启动。", "The fingerprint key file \(path) is missing; the kiosk will not start.")
        case .keyFileTooOpen(let path, let mode):
            let octal = String(mode, radix: 8)
            return l.pick("指纹加密密钥文件 \(path) 的权限为 \(octal)，其他用户可读；请执行 chmod 600 \(path) 后再启动。",
                          "The fingerprint key file \(path) has mode \(octal), readable by others; run chmod 600 \(path) and start again.")
        case .dataTooOpen(let path, let mode, let required):
            let found = String(mode, radix: 8), wanted = String(required, radix: 8)
            return l.pick("\(path) 的权限为 \(found)，其他用户也能访问其中的个人数据，kiosk 不会启动；请执行 chmod \(wanted) \(path) 后再启动。",
                          "\(path) has mode \(found), which lets other users reach the personal data in it, so the kiosk will not start; run chmod \(wanted) \(path) and start again.")
        case .keyFileInvalid(let path):
            return l.pick("指纹加密密钥文件 \(path) 已损坏（应为32字节）。", "The fingerprint key file \(path) is damaged (it must hold 32 bytes).")
        case .bureauKeyInvalid(let path):
            return l.pick("社保局密钥文件 \(path) 不存在或格式不对（应为 kiosk hub bureau-key 生成的一行 base64，32字节）。",
                          "The bureau key file \(path) is missing or not a key made by kiosk hub bureau-key (one line of base64, 32 bytes).")
        case .imageUnreadable(let path):
            return l.pick("\(path) 不是可读取的8位灰度PNG或TIFF图像。", "\(path) is not a readable 8-bit grey PNG or TIFF image.")
        case .directoryNotEmpty(let path):
            return l.pick("目录 \(path) 不为空，不会覆盖其中的文件。", "Directory \(path) is not empty; nothing in it will be overwritten.")
        case .fileExists(let path):
            return l.pick("文件 \(path) 已存在，不会覆盖：请换一个文件名。", "File \(path) already exists and will not be overwritten: choose another name.")
        case .backupRefused(let path, let problem):
            let reason: String = switch problem {
            case .notABackup: l.pick("这不是 kiosk backup 生成的备份文件", "it is not a file kiosk backup wrote")
            case .damaged(let detail): l.pick("文件已损坏（\(detail)）", "the file is damaged (\(detail))")
            case .auditBroken(let finding): l.pick("其审计链不完整：\(Message.auditFinding(finding).text(l))", "its audit chain does not verify: \(Message.auditFinding(finding).text(l))")
            case .keyDoesNotOpen(let keyFile):
                l.pick("本机的指纹密钥 \(keyFile) 打不开其中的指纹或照片：请从原机器复制 prints.key（权限0600）", "this machine's print key \(keyFile) does not open its prints or photos: copy prints.key from the old machine (mode 0600)")
            case .notAnAdmin(let name): l.pick("\(name) 不是该服务点的管理员", "\(name) is not an admin of that service point")
            }
            return l.pick("不能从 \(path) 恢复：\(reason)。未改动任何数据。", "Cannot restore from \(path): \(reason). Nothing was changed.")
        case .fileFailure(let path, let detail):
            return l.pick("无法写入或读取 \(path)：\(detail)", "Cannot read or write \(path): \(detail)")
        case .noCredentials:
            return l.pick("此操作需要工作人员登录：请用 --staff 指定姓名，并用 --password-file、KIOSK_PASSWORD 或终端输入密码。",
                          "This needs a signed-in staff member: give --staff NAME and a password with --password-file, KIOSK_PASSWORD or at the prompt.")
        case .passwordFileUnreadable(let path):
            return l.pick("无法读取密码文件 \(path)。", "Cannot read the password file \(path).")
        case .signInFailed: return l.pick("工作人员姓名或密码错误。", "Wrong staff name or password.")
        case .accountLocked(let until):
            return l.pick("密码错误次数过多，账号已锁定至 \(until)。可等待或请管理员解锁。",
                          "Too many wrong passwords: the account is locked until \(until). Wait, or ask an admin to unlock it.")
        case .accountDisabled: return l.pick("该工作人员账号已停用。", "This staff account is disabled.")
        case .recordChangedOutsideKiosk(let table, let id, let seq):
            let entry = seq == 0 ? l.pick("没有任何审计记录", "no audit entry") : l.pick("第\(seq)条审计记录", "audit entry \(seq)")
            return l.pick("\(table) 记录 \(id) 与\(entry)不符：它在系统之外被修改过。系统不会在其上再写入任何内容；请管理员运行 kiosk audit verify 核查，并从备份恢复。",
                          "The \(table) record \(id) does not match \(entry): it was changed outside the kiosk. Nothing more is written over it; an admin must check it (kiosk audit verify) and restore from a backup.")
        case .auditLogBehindAnchor(let seq, let file):
            return l.pick("审计日志没有 \(file) 中记下的第\(seq)条记录：数据库被换成了旧副本，或最后的记录被删除。请管理员核查并从备份恢复。",
                          "The audit log lacks entry \(seq), written down in \(file): the database was replaced with an older copy or its last entries were removed. An admin must check it and restore from a backup.")
        case .appendOnlyGuardMissing(let table):
            return l.pick("\(table) 表的只增保护（触发器）被删除：记录可能已被改写。请管理员运行 kiosk audit verify 核查，并从备份恢复。",
                          "The append-only guard (triggers) of the \(table) table was removed: records may have been rewritten. An admin must check it (kiosk audit verify) and restore from a backup.")
        case .residentsChangedOutsideKiosk(let seq):
            return l.pick("居民表与第\(seq)条审计记录不符：它在系统之外被修改过。不会在其上导入名册；请管理员运行 kiosk audit verify 核查，并从备份恢复。",
                          "The resident table does not match audit entry \(seq): it was changed outside the kiosk. No roster is imported over it; an admin must check it (kiosk audit verify) and restore from a backup.")
        case .notEnoughSpaceToImport(let directory, let needed, let free):
            return l.pick("\(directory) 的磁盘空间不够导入这份名册：约需 \(needed) MB，只剩 \(free) MB。什么都没有写入；请腾出空间后再导入。",
                          "Not enough disk space in \(directory) to import this roster: about \(needed) MB needed, \(free) MB free. Nothing was written; free some space and import again.")
        case .hub(.unreachable(let detail)):
            return l.pick("无法连接全市数据中心（\(detail)）：本机照常工作，稍后再同步。", "The city hub cannot be reached (\(detail)): this kiosk works as usual; sync again later.")
        case .hub(.refused(let detail)):
            return l.pick("全市数据中心拒绝了本服务点的连接（\(detail)）：凭据错误或服务点已被注销，请联系区人社局。",
                          "The city hub refused this service point (\(detail)): wrong credentials, or the service point was revoked; contact the district bureau.")
        case .hub(.moved):
            return l.pick("另一次同步同时在进行：请稍后再同步。", "Another sync of this service point is under way: sync again later.")
        case .hub(.rejected(let detail)):
            return l.pick("全市数据中心拒收了本机的记录（\(detail)）：未改动任何内容，请联系管理员。", "The city hub rejected this kiosk's records (\(detail)): nothing was changed; contact an admin.")
        case .hubNotConfigured(let file):
            return l.pick("\(file) 中没有 hub 一节：本机未接入全市数据中心。", "\(file) has no hub section: this kiosk is not connected to a city hub.")
        case .hubChainDiverged(let seq):
            return l.pick("全市数据中心保存的本服务点第 \(seq) 条审计记录与本机不同：本机或是从较早的备份恢复后又有了新记录，或不是数据中心一直接收的那个数据库（从别的机器复制来的，或被改动过）。已停止上传。若本机确实是从备份恢复的，请主管运行 kiosk sync --after-restore；否则请管理员检查。",
                          "The city hub's entry \(seq) of this service point's audit log differs from this kiosk's: either the kiosk was restored from an older backup and has recorded since, or this database is not the one the hub has been receiving (copied from another machine, or edited). Pushing stopped. If the kiosk was restored from a backup, a supervisor runs kiosk sync --after-restore; otherwise an admin must look into it.")
        case .hubAheadOfKiosk(let hubSeq, let kioskSeq):
            return l.pick("全市数据中心已有本服务点到第 \(hubSeq) 条的审计记录，本机只到第 \(kioskSeq) 条：本机是从较早的备份恢复的。数据中心的记录没有丢失；已停止上传。请主管运行 kiosk sync --after-restore：数据中心把多出的记录另存为分支，本机取回其中本服务点的认证、死亡登记和联系方式变更，之后照常同步。",
                          "The city hub holds this service point's audit log up to entry \(hubSeq) and this kiosk's ends at \(kioskSeq): the kiosk was restored from an older backup. The hub's records are not lost; pushing stopped. A supervisor runs kiosk sync --after-restore: the hub sets its newer entries aside as a fork, this kiosk takes back its own certifications, death reports and contact changes from them, and syncs as usual from then on.")
        case .hubChainNotThisKiosks:
            return l.pick("本机的审计链从第 1 条起就与全市数据中心保存的本服务点审计链不同：本机数据库不是这个服务点的（从别的机器复制来的，或被改动过），不是从它的备份恢复的。未另存任何记录，已停止同步，请管理员检查。",
                          "This kiosk's audit log differs from the hub's copy of this service point's from the first entry on: this database is not this service point's (copied from another machine, or edited), nor restored from its backup. Nothing was set aside; sync stopped; an admin must look into it.")
        case .hubSyncStale(let last, let hours):
            let when = last.map { l.pick("上次同步在 \($0)", "the last sync was at \($0)") } ?? l.pick("从未同步", "it has never synced")
            return l.pick("本机已超过\(hours)小时未与全市数据中心同步（\(when)）：暂停录入指纹，以免漏查其他服务点录入的重复指纹；认证照常。请先同步（kiosk sync）。",
                          "This kiosk has not synced with the city hub for over \(hours) hours (\(when)): enrolment is paused, since the duplicate check would miss prints enrolled elsewhere; certification goes on. Sync first (kiosk sync).")
        case .rosterImportRunning:
            return l.pick("另一个名册导入正在进行，请等它结束后再导入。", "Another roster import is running; import again when it has finished.")
        case .notPermitted(let role, let action):
            return l.pick("\(Message.role(role).text(l))无权执行此操作（需要\(Message.role(action.minimumRole).text(l))）。",
                          "The \(Message.role(role).text(l)) role may not do this (it needs \(Message.role(action.minimumRole).text(l)) or above).")
        case .staffNameTaken(let name): return l.pick("工作人员 \(name) 已存在。", "Staff member \(name) already exists.")
        case .staffNameInvalid(let name):
            return l.pick("工作人员姓名“\(name)”无效：2至32个字母、数字、点、连字符或下划线。",
                          "Staff name \"\(name)\" is invalid: 2 to 32 letters, digits, dots, hyphens or underscores.")
        case .staffNotFound(let name): return l.pick("没有工作人员 \(name)。", "No staff member \(name).")
        case .passwordTooShort(let minimum): return l.pick("密码至少需要\(minimum)个字符。", "A password needs at least \(minimum) characters.")
        case .residentNotFound(let id):
            return l.pick("花名册中没有身份证号为 \(id.masked) 的人员。", "No pensioner with ID number \(id.masked) on the roster.")
        case .alreadyCertified(let last):
            let how = last.method.map { method($0, l) } ?? l.pick("方式未知", "method unknown")
            let place = last.servicePoint ?? l.pick("社保局花名册", "the bureau's roster")
            return l.pick("此人本周期已于\(last.date)认证（方式：\(how)；\(place)），不必再认证。确需再次认证的，须说明原因（命令行 --again 原因；屏幕上按C），将记为再次认证。",
                          "Already certified this cycle on \(last.date) (method: \(how); \(place)): nothing more is needed. To certify again, give the reason (--again REASON; C on the screen); it is recorded as a repeat.")
        case .refusedByStatus(let code):
            return l.pick("此人当前状态为“\(statusName(code, l))”，本服务点不能办理此项业务。",
                          "This person's status is \"\(statusName(code, l))\": the service point cannot do this for them.")
        case .deathAlreadyReported(let date):
            return l.pick("此人的死亡已于 \(date) 登记。", "A death was already reported for this person on \(date).")
        case .deathDateInvalid(.inTheFuture): return l.pick("死亡日期不能晚于今天。", "The date of death cannot be after today.")
        case .deathDateInvalid(.beforeBirth): return l.pick("死亡日期不能早于出生日期。", "The date of death cannot be before the date of birth.")
        case .entryInvalid(let problem): return text(problem, l)
        case .storedValueUnknown(let table, let column, let value):
            return l.pick("数据库中 \(table).\(column) 的值“\(value)”不是本版本认识的值：数据库可能在本程序之外被修改，或来自更新的版本。请运行 kiosk audit verify 并联系管理员。",
                          "The database holds \(table).\(column) = \"\(value)\", a value this version does not know: it was changed outside the kiosk, or written by a newer version. Run kiosk audit verify and call an admin.")
        case .contactUnchanged: return l.pick("联系方式与现有的一致，无需更改。", "The contact details are the same as before; nothing to change.")
        case .visitRefused(let refusal): return Self.visitRefusal(refusal, l)
        case .photoRejected(let problem, let source): return Self.photoProblem(problem, source: source, l)
        case .photoReviewNotFound(let id): return l.pick("没有待审核的照相认证 \(id)。", "There is no photo certification \(id).")
        case .photoOwnReview(let id):
            return l.pick("照相认证 \(id) 须由拍照人以外的主管审核。", "Photo certification \(id) must be reviewed by a supervisor other than the one who took it.")
        case .photoAlreadyReviewed(let id, let status):
            return l.pick("照相认证 \(id) 已审核（\(status == .approved ? "通过" : "退回")）。", "Photo certification \(id) was already reviewed (\(status.rawValue)).")
        case .photoPendingLimit(let limit):
            return l.pick("待审核的照相认证已达上限（\(limit)张）：请主管先审核。", "\(limit) photo certifications are waiting for review, the most allowed: a supervisor must review them first.")
        case .photoMissing(let hash):
            return l.pick("照片文件缺失或已损坏（\(hash.prefix(12))）。", "The photo file is missing or damaged (\(hash.prefix(12))).")
        case .photoSharedWithAnother(let id):
            return l.pick("照相认证 \(id) 的照片与另一位居民提交的照片完全相同，已生成预警：请主管先在“指纹预警”中核查处理（确认为误判后才能通过）。",
                          "The photo of photo certification \(id) is the very same photo submitted for another resident, and an alert was raised: a supervisor settles it first (under alerts; it can be approved only once found a false match).")
        case .receiptNotFound(let number):
            return l.pick("本服务点没有回执号为 \(number) 的认证。", "No certification made at this service point has receipt \(number).")
        case .visitNotFound(let id): return l.pick("没有上门预约 \(id)。", "There is no home-visit booking \(id).")
        case .visitNotOpen(let id, let status):
            return l.pick("预约 \(id) 已\(Message.visitStatus(status, l))，不能再更改。", "Booking \(id) is \(Message.visitStatus(status, l)); it cannot change any more.")
        case .visitNotScheduled(let id):
            return l.pick("预约 \(id) 尚未排定日期和人员：先排班（kiosk visit schedule）或指定（kiosk visit pin）。",
                          "Booking \(id) has no day and staff member yet: schedule it (kiosk visit schedule) or pin it (kiosk visit pin).")
        case .visitStaffUnknown(let name):
            return l.pick("\(name) 不在上门人员名单中（service-point.yaml 的 home_visit_staff）。",
                          "\(name) is not among the home-visit staff (home_visit_staff in service-point.yaml).")
        case .fieldFileRefused(let path, let problem):
            let reason: String = switch problem {
            case .notAFieldFile: l.pick("这不是 kiosk 写的外出包或结果文件", "it is not a field pack or results file kiosk wrote")
            case .otherKind: l.pick("这是另一种文件（外出包与结果文件不能互换）", "it is the other kind of file (a pack is not a results file, nor the reverse)")
            case .doesNotOpen: l.pick("本服务点的指纹密钥打不开它：文件被改动过，或是别的服务点做的", "this service point's print key does not open it: it was altered, or made by another service point")
            }
            return l.pick("拒绝文件 \(path)：\(reason)。未写入任何内容。", "Refused \(path): \(reason). Nothing was written.")
        case .fieldResultsPending(let outcomes):
            return l.pick("这台电脑上还有 \(outcomes) 条上门结果未导出：先运行 kiosk field results --out 文件，带回服务点，再装入新的外出包。",
                          "This laptop has \(outcomes) visit outcomes not yet written out: run kiosk field results --out FILE and take it back first, then load the new pack.")
        case .fieldPackNotForThisDirectory:
            return l.pick("此数据目录已有本服务点自己的记录（居民、指纹或预约）：外出包只能装入笔记本电脑用 kiosk init 新建的数据目录。",
                          "This data directory holds the service point's own records (residents, prints or bookings): a field pack loads only into the laptop's own data directory, made with kiosk init.")
        case .fieldStaffUnknown(let name):
            return l.pick("结果中的上门人员 \(name) 在本服务点没有有效账号：先建账号（kiosk staff add），再导入。未写入任何内容。",
                          "The visiting staff member \(name) in the results has no active account here: add one (kiosk staff add), then return the file. Nothing was written.")
        case .strictImportRefused(let rejected): return Message.importRefusedStrict(rejected: rejected).text(l)
        case .hubRosterRefused(let file, let rejected): return Message.hub(.rosterRefused(file: file, rejected: rejected)).text(l)
        }
    }

    static func text(_ problem: EntryProblem, _ l: Language) -> String {
        switch problem {
        case .required(let field): l.pick("请填写\(entryField(field, l))。", "The \(entryField(field, l)) is required.")
        case .notAPhoneNumber(let field):
            l.pick("\(entryField(field, l))不是有效的电话号码（7到15位数字，可含 + - 和空格）。",
                   "The \(entryField(field, l)) is not a phone number (7 to 15 digits, with + - and spaces allowed).")
        case .nothingToChange: l.pick("请填写新电话或新地址。", "Give a new phone number or a new address.")
        case .notASearch:
            l.pick("请输入姓名中的汉字、姓名拼音首字母（至少2个，如 wjg）或电话、身份证号的后几位（至少4位）。",
                   "Type characters of the name, its pinyin initials (2 or more, such as wjg), or the last digits of the phone or ID number (4 or more).")
        case .notADate(let field, let value): l.pick("\(entryField(field, l))“\(value)”不是日期 YYYY-MM-DD。", "The \(entryField(field, l)) \"\(value)\" is not a date, YYYY-MM-DD.")
        }
    }

    static func entryField(_ field: EntryField, _ l: Language) -> String {
        switch field {
        case .reporterName: l.pick("报告人姓名", "reporter's name")
        case .reporterRelation: l.pick("与死者关系", "reporter's relation to the deceased")
        case .certificateNumber: l.pick("死亡证明编号", "death certificate number")
        case .phone: l.pick("电话", "phone number")
        case .address: l.pick("地址", "address")
        case .bookerName: l.pick("预约人姓名", "name of the person booking")
        case .bookerRelation: l.pick("预约人与居民关系", "relation of the person booking")
        case .bookerPhone: l.pick("预约人电话", "phone number of the person booking")
        case .visitEvidence: l.pick("行动不便的证明", "evidence seen at the desk")
        case .visitAddress: l.pick("上门地址（本人登记地址为空时必填）", "visit address (needed when none is on record)")
        case .ageOverride: l.pick("按高龄预约的理由", "reason for booking as elderly")
        case .dateOfDeath: l.pick("死亡日期", "date of death")
        case .preferredDate: l.pick("希望日期", "preferred date")
        }
    }

    static func text(_ problem: ResidentIDError, _ l: Language) -> String {
        switch problem {
        case .wrongLength(let count): return l.pick("应为18位，实为\(count)位", "it must have 18 characters, it has \(count)")
        case .notADigit(let position): return l.pick("第\(position)位应为数字", "character \(position) must be a digit")
        case .badCheckCharacterForm: return l.pick("第18位校验码应为数字或X", "the 18th character (check character) must be a digit or X")
        case .unknownProvince(let code):
            return l.pick("前两位\(code)不是省级行政区划代码", "the first two digits \(code) are not a province code")
        case .impossibleBirthDate(let text):
            return l.pick("出生日期\(text)不是真实存在的日期", "the birth date \(text) is not a real calendar date")
        case .birthDateTooEarly(let text): return l.pick("出生日期\(text)早于1900年", "the birth date \(text) is before 1900")
        case .birthDateInFuture(let text): return l.pick("出生日期\(text)晚于今天", "the birth date \(text) is in the future")
        case .wrongCheckCharacter(let expected, let found):
            return l.pick("校验码应为\(expected)，实为\(found)（号码可能输错）",
                          "the check character should be \(expected), not \(found) (a digit may be mistyped)")
        }
    }

    static func text(_ problem: RosterProblem, _ l: Language) -> String {
        let reason: String
        switch problem.reason {
        case .wrongFieldCount(let expected, let found): reason = l.pick("应有\(expected)列，实有\(found)列", "expected \(expected) fields, found \(found)")
        case .unterminatedQuote: reason = l.pick("引号没有闭合", "a quoted field is not closed")
        case .textAfterClosingQuote: reason = l.pick("右引号后有多余字符", "text after a closing quote")
        case .notUTF8: reason = l.pick("不是UTF-8编码", "not UTF-8")
        case .identity(let error): reason = text(error, l)
        case .required: reason = l.pick("不能为空", "is required")
        case .tooLong(let maximum): reason = l.pick("过长（最多\(maximum)字节）", "too long (at most \(maximum) bytes)")
        case .controlCharacter: reason = l.pick("含有控制字符", "contains a control character")
        case .notARegionCode: reason = l.pick("应为6位行政区划代码", "must be a 6-digit region code")
        case .unknownValue(let accepted): reason = l.pick("取值无效，应为 \(accepted)", "unknown value; accepted: \(accepted)")
        case .notAMonth: reason = l.pick("应为年月 YYYY-MM", "must be a month, YYYY-MM")
        case .notADate: reason = l.pick("应为真实日期 YYYY-MM-DD", "must be a real date, YYYY-MM-DD")
        case .inTheFuture: reason = l.pick("不能晚于今天", "cannot be in the future")
        case .beforeBirth: reason = l.pick("不能早于出生日期", "cannot be before the birth date")
        case .suspendedSinceRequired: reason = l.pick("状态为暂停时必须填写暂停年月", "is required when the status is suspended")
        case .suspendedSinceWithoutSuspension: reason = l.pick("状态为正常时不应填写暂停年月", "must be empty when the status is normal")
        case .notAnAmount: reason = l.pick("应为金额（元，最多两位小数）", "must be an amount in yuan with at most two decimals")
        case .amountTooLarge: reason = l.pick("金额超出合理范围", "is implausibly large")
        case .notAPhoneNumber: reason = l.pick("不是有效的电话号码", "is not a phone number")
        case .methodWithoutDate: reason = l.pick("填写了认证方式却没有认证日期", "is given without last_certified")
        case .contradictsAbroadCode:
            reason = l.pick("与参保地的旧“居住境外”代码矛盾（应为境外，或填写真实参保地）",
                            "contradicts insured_region, the old code for living abroad (say abroad, or give the real insured place)")
        case .duplicate(let firstLine): reason = l.pick("身份证号与第\(firstLine)行重复", "same ID number as line \(firstLine)")
        }
        guard let column = problem.column else { return reason }
        return "\(column.header)\(l.pick("：", ": "))\(reason)"
    }

    static func text(_ problem: ConfigProblem, _ l: Language) -> String {
        let place = problem.line.map { l.pick("\(problem.file) 第\($0)行", "\(problem.file):\($0)") } ?? problem.file
        let key = problem.key.map { l.pick("，键 \($0)", ", key \($0)") } ?? ""
        let what: String
        switch problem.kind {
        case .missingFile: what = l.pick("配置文件不存在", "the configuration file does not exist")
        case .unreadable(let detail): what = l.pick("无法读取：\(detail)", "cannot be read: \(detail)")
        case .syntax(let detail): what = l.pick("YAML语法错误：\(detail)", "YAML syntax error: \(detail)")
        case .unknownKey(let suggestion):
            what = l.pick("未知的键", "unknown key") + (suggestion.map { l.pick("（是否应为 \($0)？）", " (did you mean \($0)?)") } ?? "")
        case .missingKey: what = l.pick("缺少此键", "this key is missing")
        case .wrongType(let expected): what = l.pick("类型错误，应为", "wrong type; expected ") + expectation(expected, l)
        case .invalidValue(let expected): what = l.pick("取值无效，应为", "invalid value; expected ") + expectation(expected, l)
        }
        return l.pick("配置错误：\(place)\(key)：\(what)", "configuration error: \(place)\(key): \(what)")
    }

    static func expectation(_ expected: ConfigExpectation, _ l: Language) -> String {
        switch expected {
        case .mapping: l.pick("键值映射", "a mapping")
        case .text: l.pick("文本", "text")
        case .nonEmptyText: l.pick("非空文本", "non-empty text")
        case .list: l.pick("列表", "a list")
        case .integer(let range): l.pick("\(range.lowerBound)到\(range.upperBound)之间的整数", "an integer from \(range.lowerBound) to \(range.upperBound)")
        case .oneOf(let values): l.pick("以下之一：", "one of: ") + values.joined(separator: ", ")
        case .timeOfDay: l.pick("24小时制时间 \"HH:MM\"", "a 24-hour time \"HH:MM\"")
        case .timeZone: l.pick("IANA时区名，如 Asia/Shanghai", "an IANA time zone such as Asia/Shanghai")
        case .regionPrefix: l.pick("行政区划代码（前缀）数字", "digits of a region code (prefix)")
        case .localizedText: l.pick("文本，或含 zh 与 en 的映射", "text, or a mapping with zh and en")
        case .servicePointCode: l.pick("3至32个大写字母、数字或连字符", "3 to 32 upper-case letters, digits or hyphens")
        case .boolean: l.pick("true 或 false", "true or false")
        case .uniqueName: l.pick("与其他人不重复的名字", "a name no one else in the list has")
        }
    }

    static func text(_ problem: RosterFileProblem, _ l: Language) -> String {
        switch problem {
        case .unreadable(let path, let detail): return l.pick("无法读取花名册 \(path)：\(detail)", "Cannot read roster \(path): \(detail)")
        case .empty(let path): return l.pick("花名册 \(path) 是空文件。", "Roster \(path) is empty.")
        case .missingHeader(let path):
            return l.pick("花名册 \(path) 第1行不是表头。第1行应为：\(RosterColumn.allCases.map(\.header).joined(separator: ","))",
                          "Roster \(path) line 1 is not a header. Line 1 must be: \(RosterColumn.allCases.map(\.header).joined(separator: ","))")
        case .notUTF8(let path, let line, let gbk):
            let hint = gbk ? l.pick("文件像是GBK编码（Excel默认）：请另存为“CSV UTF-8”后重新导入。", " It looks like GBK (Excel's default): save it as \"CSV UTF-8\" and import again.") : ""
            return l.pick("花名册 \(path) 第\(line)行不是UTF-8编码，未导入任何数据。\(hint)",
                          "Roster \(path) line \(line) is not UTF-8; nothing was imported.\(hint)")
        case .missingColumns(let path, let columns):
            return l.pick("花名册 \(path) 第1行（表头）缺少列：\(columns.joined(separator: ", "))",
                          "Roster \(path) line 1 (header) lacks columns: \(columns.joined(separator: ", "))")
        case .unknownColumn(let path, let column, let header):
            return l.pick("花名册 \(path) 第1行（表头）第\(column)列“\(header)”不是花名册的列。应为：\(RosterColumn.allCases.map(\.header).joined(separator: ","))",
                          "Roster \(path) line 1 (header), column \(column): \"\(header)\" is not a roster column. Expected: \(RosterColumn.allCases.map(\.header).joined(separator: ","))")
        case .duplicateColumn(let path, let header):
            return l.pick("花名册 \(path) 第1行（表头）列“\(header)”出现两次", "Roster \(path) line 1 (header): column \"\(header)\" appears twice")
        }
    }

    static func text(_ finding: AuditFinding, _ l: Language) -> String {
        switch finding {
        case .sequenceGap(let expected, let found):
            return l.pick("第\(expected)条审计记录缺失或被插入（下一条编号为\(found)）", "audit entry \(expected) is missing or one was inserted (the next is numbered \(found))")
        case .chainBroken(let seq):
            return l.pick("第\(seq)条审计记录与前一条的链接不符：之前的记录被删改", "audit entry \(seq) no longer links to the one before: an earlier entry was removed or replaced")
        case .entryAltered(let seq): return l.pick("第\(seq)条审计记录的内容被修改", "audit entry \(seq) was edited")
        case .recordAltered(let seq, let table, let id):
            return l.pick("第\(seq)条审计记录所覆盖的 \(table) 记录 \(id) 被修改", "the \(table) record \(id) covered by audit entry \(seq) was edited")
        case .recordMissing(let seq, let table, let id):
            return l.pick("第\(seq)条审计记录所覆盖的 \(table) 记录 \(id) 被删除", "the \(table) record \(id) covered by audit entry \(seq) was deleted")
        case .recordUnaudited(let table, let id):
            return l.pick("\(table) 记录 \(id) 没有对应的审计记录：被绕过系统插入", "the \(table) record \(id) has no audit entry: it was inserted behind the kiosk's back")
        case .appendOnlyGuardMissing(let table):
            return l.pick("\(table) 表的只增保护（触发器）被删除或替换", "the append-only guard (triggers) of the \(table) table was removed or replaced")
        case .metadataAltered(let key):
            return l.pick("元数据 \(key) 与第1条审计记录不符：在系统外被修改", "the metadata \(key) no longer matches the first audit entry: it was edited outside the kiosk")
        case .anchorMismatch(let seq):
            return l.pick("第\(seq)条审计记录与外部保存的锚点不符：日志被截断或重写", "audit entry \(seq) does not match the anchor kept outside the database: the log was truncated or rewritten")
        case .residentsAltered(let seq):
            return l.pick("花名册数据与第\(seq)条审计记录时的摘要不符：人员记录在系统外被修改、删除或插入",
                          "the resident table no longer matches its digest at audit entry \(seq): rows were edited, deleted or inserted outside the kiosk")
        }
    }

    static func visitRefusal(_ refusal: VisitRefusal, _ l: Language) -> String {
        switch refusal {
        case .deceased: l.pick("不能预约：该居民已登记死亡。", "No visit: this resident's death has been reported.")
        case .notServedHere: l.pick("不能预约：该居民不在本服务点认证（参保地不同），请按居民卡上的提示告知。",
                                    "No visit: this resident is not certified here (insured elsewhere); tell them what the card says.")
        case .livesOutsideCity(let residence):
            l.pick("不能预约：该居民居住在\(Self.residence(residence, l))，上门认证由居住地社区安排；请按居民卡上的提示告知。",
                   "No visit: this resident lives \(Self.residence(residence, l)); visits are arranged where they live. Tell them what the card says.")
        case .referredToCityBureau: l.pick("不能预约：暂停发放两年以上，须本人到市社保局认证。",
                                           "No visit: suspended two years or more, the resident must go to the city bureau in person.")
        case .alreadyCertified(let date): l.pick("不需要上门：本周期已于\(date)认证。", "No visit needed: already certified this cycle, on \(date).")
        case .reasonNotEligible(let reason):
            reason == .none ? l.pick("不能预约：须说明原因（高龄、残疾或患病）。", "No visit: give the reason (elderly, disabled or ill).")
                : l.pick("不能预约：按本服务点规定，\(Message.mobility(reason).text(l))不在上门认证范围内。",
                         "No visit: under this service point's policy, \(Message.mobility(reason).text(l)) is not a reason for a home visit.")
        case .tooYoungForElderly(let age, let minimum):
            l.pick("以高龄为由预约须年满\(minimum)岁，居民\(age)岁（残疾或患病可预约）。确实行动不便的，填写原因后可预约（命令行 --age-override 原因）。",
                   "As elderly, the policy's age is \(minimum) and the resident is \(age) (disabled or ill may still book). If they truly cannot move about, give the reason to book all the same (--age-override REASON).")
        case .openBookingExists(let id): l.pick("该居民已有未完成的上门预约 \(id)。", "This resident already has an open home-visit booking, \(id).")
        }
    }

    static func photoProblem(_ problem: PhotoProblem, source: String, _ l: Language) -> String {
        switch problem {
        case .notAnImage: l.pick("\(source) 不是JPEG或PNG图片。", "\(source) is not a JPEG or PNG image.")
        case .unreadable(let detail): l.pick("\(source) 无法读取或已损坏：\(detail)", "\(source) cannot be read or is damaged: \(detail)")
        case .tooSmall(let width, let height, let minimumWidth, let minimumHeight):
            l.pick("\(source) 只有\(width)×\(height)像素，至少需要\(minimumWidth)×\(minimumHeight)。",
                   "\(source) is \(width)×\(height) pixels; at least \(minimumWidth)×\(minimumHeight) are needed.")
        case .tooLarge(let bytes, let maximum):
            l.pick("\(source) 有\(fixed(Double(bytes) / 1_048_576, 1)) MB，超过上限\(maximum / 1_048_576) MB。",
                   "\(source) is \(fixed(Double(bytes) / 1_048_576, 1)) MB, over the limit of \(maximum / 1_048_576) MB.")
        case .tooManyPixels(let width, let height, let maximum):
            l.pick("\(source) 为\(width)×\(height)像素，边长超过上限\(maximum)。", "\(source) is \(width)×\(height) pixels, a side over the \(maximum) limit.")
        case .tooManyPixelsToDecode(let width, let height, let bits, let weighted, let maximum):
            l.pick("\(source) 声明为\(width)×\(height)像素、每通道\(bits)位，解码需约\(fixed(Double(weighted) / 1e6, 1))百万像素的内存\(bits > 8 ? "（16位按两倍计）" : "")，超过上限\(maximum / 1_000_000)百万像素；未解码即拒收。",
                   "\(source) declares \(width)×\(height) pixels at \(bits) bits per channel: decoding it takes the memory of about \(fixed(Double(weighted) / 1e6, 1)) megapixels\(bits > 8 ? " (16 bits count twice)" : ""), over the limit of \(maximum / 1_000_000); refused without decoding.")
        case .noCamera(let device): l.pick("未找到摄像头 \(device)：请检查连接，或改用照片文件（--file）。", "No camera at \(device): check it, or use a photo file (--file).")
        case .cameraFailed(let detail): l.pick("摄像头拍照失败：\(detail)", "The camera did not give a photo: \(detail)")
        }
    }

    static func visitStatus(_ status: VisitStatus, _ l: Language) -> String {
        switch status {
        case .requested: l.pick("待排", "requested")
        case .scheduled: l.pick("已排定", "scheduled")
        case .completed: l.pick("已完成", "completed")
        case .missed: l.pick("未遇", "missed")
        case .cancelled: l.pick("已取消", "cancelled")
        }
    }

    /// `value` with `digits` decimals, without Foundation's formatters.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        var text = String(Int((value * pow10(digits)).rounded()))
        while text.count <= digits { text = "0" + text }
        return digits == 0 ? text : String(text.dropLast(digits)) + "." + String(text.suffix(digits))
    }

    static func benchMatcher(_ matcher: BenchMatcher, _ l: Language) -> String {
        switch matcher {
        case .libfprint: l.pick("libfprint（NBIS/bozorth3，阈值 40）", "libfprint (NBIS/bozorth3, threshold 40)")
        case .kiosk: l.pick("kiosk 比对器", "kiosk matcher")
        }
    }

    static func counterMode(_ mode: CounterMode, _ l: Language) -> String {
        switch mode {
        case .touchAndGo: l.pick("按指纹直接认证（首页 T）", "touch and go (T on the home screen)")
        case .idCard: l.pick("身份证读卡器（键盘模拟）", "ID card reader (keyboard wedge)")
        case .typedID: l.pick("手输身份证号（基准）", "typing the ID number (baseline)")
        }
    }

    static func bench(_ figure: BenchFigure, _ l: Language) -> String {
        switch figure {
        case .generated(let rows, let megabytes, let seconds):
            return l.pick("生成花名册：\(rows)行，\(fixed(megabytes, 1)) MB，\(fixed(seconds, 2)) 秒",
                          "generated roster: \(rows) rows, \(fixed(megabytes, 1)) MB, \(fixed(seconds, 2)) s")
        case .kioskImport(let seconds, let peak):
            return l.pick("kiosk 导入（含完整校验）：\(fixed(seconds, 2)) 秒，内存峰值 \(fixed(peak, 0)) MB",
                          "kiosk import (full validation): \(fixed(seconds, 2)) s, peak RSS \(fixed(peak, 0)) MB")
        case .sqliteImport(let seconds, let journal):
            return l.pick("sqlite3 .import（同样的键与索引，\(journal)）：\(fixed(seconds, 2)) 秒",
                          "sqlite3 .import (same keys and indexes, \(journal)): \(fixed(seconds, 2)) s")
        case .hubRoster(let rows, let check, let load, let reload, let sameTable, let plain):
            return l.pick("""
                数据中心花名册 \(rows) 行：按本机规则校验 \(fixed(check, 2)) 秒 + COPY 并合并入库 \(fixed(load, 2)) 秒 = \(fixed(check + load, 2)) 秒；\
                同样的行直接 COPY 到与 city.resident 相同的空表 \(fixed(sameTable, 2)) 秒（比值 \(fixed((check + load) / sameTable, 2))，\
                仅入库 \(fixed(load / sameTable, 2))）；psql \\copy 同一文件到无键无校验的表 \(fixed(plain, 2)) 秒（比值 \(fixed((check + load) / plain, 2))）；\
                再次导入同一名册（无变化的增量）\(fixed(reload, 2)) 秒
                """, """
                hub roster of \(rows) rows: checked by the kiosk's rules \(fixed(check, 2)) s + COPY and merge \(fixed(load, 2)) s = \
                \(fixed(check + load, 2)) s; plain COPY of the same rows into an empty table like city.resident \(fixed(sameTable, 2)) s \
                (ratio \(fixed((check + load) / sameTable, 2)), the load alone \(fixed(load / sameTable, 2))); psql \\copy of the same file \
                into a table without keys or checks \(fixed(plain, 2)) s (ratio \(fixed((check + load) / plain, 2))); \
                the same roster loaded again (a delta that changes nothing) \(fixed(reload, 2)) s
                """)
        case .ratio(let ratio, let baseline, let target):
            return l.pick("比值 kiosk/\(baseline)：\(fixed(ratio, 3))（目标 ≤ \(fixed(target, 2))）", "ratio kiosk/\(baseline): \(fixed(ratio, 3)) (target ≤ \(fixed(target, 2)))")
        case .identifyMarginal(let perPrint):
            return l.pick("指纹库每多一枚，识别多用 \(fixed(perPrint, 1)) 微秒", "each further print in the gallery adds \(fixed(perPrint, 1)) µs to identify")
        case .lookup(let p50, let p99, let samples):
            return l.pick("按身份证号查询（\(samples)次随机）：p50 \(fixed(p50, 1)) 微秒，p99 \(fixed(p99, 1)) 微秒",
                          "resident lookup (\(samples) random IDs): p50 \(fixed(p50, 1)) µs, p99 \(fixed(p99, 1)) µs")
        case .dueReport(let milliseconds, let rows):
            return l.pick("本月待认证报表：\(fixed(milliseconds, 1)) 毫秒，\(rows)人", "due-this-month report: \(fixed(milliseconds, 1)) ms, \(rows) residents")
        case .firstFailure(let message): return l.pick("第一次失败：\(message)", "first failure: \(message)")
        case .hubSetup(let points, let residents, let seconds):
            return l.pick("数据中心：\(points)个服务点（各用自己的角色，TLS），\(residents)名居民各有一年前的认证记录；建库与登记用时 \(fixed(seconds, 1)) 秒",
                          "hub: \(points) service points (each its own role, TLS), \(residents) residents each with a certification a year old; made in \(fixed(seconds, 1)) s")
        case .hubDay(let records, let seconds, let points, let rounds, let interval):
            return l.pick("一天的工作（\(points)个服务点同时，各同步\(rounds)次，间隔约\(fixed(interval, 1))秒）：上传认证\(records)条，用时 \(fixed(seconds, 1)) 秒，每秒 \(fixed(Double(records) / seconds, 0)) 条",
                          "a day's work (\(points) points at once, \(rounds) syncs each about \(fixed(interval, 1)) s apart): \(records) certifications pushed in \(fixed(seconds, 1)) s, \(fixed(Double(records) / seconds, 0)) records/s")
        case .hubLag(let p50, let p99, let deliveries, let expected, let duplicates):
            return l.pick("同步延迟（从上传提交到同区其他服务点拉取）：p50 \(fixed(p50, 0)) 毫秒，p99 \(fixed(p99, 0)) 毫秒；送达 \(deliveries)/\(expected)，重复 \(duplicates)",
                          "sync lag (a push committed to its pull by each other point of the district): p50 \(fixed(p50, 0)) ms, p99 \(fixed(p99, 0)) ms; delivered \(deliveries)/\(expected), twice \(duplicates)")
        case .hubResources(let cpu, let seconds, let cores, let peak, let processes, let client):
            return l.pick("数据中心（\(processes)个postgres进程）：CPU \(fixed(cpu, 1)) 秒（本机\(cores)核的 \(fixed(cpu / seconds / Double(cores) * 100, 0))%），内存峰值 \(fixed(peak, 0)) MB（PSS 合计）；模拟服务点的本进程 CPU \(fixed(client, 1)) 秒",
                          "hub (\(processes) postgres processes): CPU \(fixed(cpu, 1)) s (\(fixed(cpu / seconds / Double(cores) * 100, 0))% of this machine's \(cores) cores), peak memory \(fixed(peak, 0)) MB (PSS summed); the simulated points' own process CPU \(fixed(client, 1)) s")
        case .counterDuringImport(let idle, let p50, let p99, let longest, let writes, let failed, let importSeconds):
            return l.pick("再次导入（\(fixed(importSeconds, 1)) 秒）期间柜台修改联系方式\(writes)次，失败\(failed)次：p50 \(fixed(p50, 1)) 毫秒，p99 \(fixed(p99, 1)) 毫秒，最长 \(fixed(longest, 1)) 毫秒（无导入时 p50 \(fixed(idle, 1)) 毫秒）",
                          "counter contact changes during a re-import (\(fixed(importSeconds, 1)) s): \(writes), \(failed) failed; p50 \(fixed(p50, 1)) ms, p99 \(fixed(p99, 1)) ms, longest \(fixed(longest, 1)) ms (p50 \(fixed(idle, 1)) ms with no import running)")
        case .accuracyHeader(let folder, let fingers, let images):
            return l.pick("\(folder)：\(fingers)枚手指，\(images)幅图像（libfprint 虚拟图像读取器，NBIS/bozorth3）",
                          "\(folder): \(fingers) fingers, \(images) images (libfprint's virtual image reader, NBIS/bozorth3)")
        case .accuracy(let row, let matcher, let fnmr, let genuine, let fmr, let impostor):
            let name = switch row {
            case .oneAttempt: l.pick("一次尝试", "one attempt")
            case .threeAttempts: l.pick("三次尝试", "three attempts")
            case .twoFingers: l.pick("两指规则（三次尝试，每次与两指比对）", "two-finger policy (three attempts, each against both fingers)")
            case .imagePairs: l.pick("图像两两比对（每幅一次扫描）", "every pair of images (one scan each)")
            }
            func rate(_ errors: Int, _ trials: Int) -> String { "\(errors)/\(trials) = \(fixed(trials == 0 ? 0 : Double(errors) * 100 / Double(trials), 1))%" }
            return "\(benchMatcher(matcher, l)) \(name): FNMR \(rate(fnmr, genuine))  FMR \(rate(fmr, impostor))"
        case .matcherScores(let lowest, let highest, let threshold):
            return l.pick("kiosk 比对分数（一次尝试）：真匹配最低 \(fixed(lowest, 2))，冒认最高 \(fixed(highest, 2))，阈值 \(fixed(threshold, 2))",
                          "kiosk matcher scores (one attempt): lowest genuine \(fixed(lowest, 2)), highest impostor \(fixed(highest, 2)), threshold \(fixed(threshold, 2))")
        case .identifyGallery(let prints, let enrolled, let synthetic, let seconds, let megabytes, let locked, let resident):
            return l.pick("指纹库 \(prints) 枚：真实录入 \(enrolled)，合成手指 \(synthetic)；kiosk 索引建立 \(fixed(seconds, 2)) 秒，索引内存 \(fixed(megabytes, 1)) MB，\(locked ? "已锁定在内存中（不进交换区）" : "未能锁定在内存中（RLIMIT_MEMLOCK 不够）")（进程驻留内存 \(fixed(resident, 0)) MB，含基准自身保存的全部模板）",
                          "gallery of \(prints) prints: \(enrolled) real enrolments, \(synthetic) synthetic fingers; kiosk index built in \(fixed(seconds, 2)) s, index memory \(fixed(megabytes, 1)) MB, \(locked ? "locked in memory (kept out of swap)" : "not locked in memory (RLIMIT_MEMLOCK too low)") (process RSS \(fixed(resident, 0)) MB, with every template the benchmark itself holds)")
        case .duplicatesSetup(let prints, let points, let mates, let withoutMate, let seal, let store):
            return l.pick("数据中心上 \(prints) 枚指纹（\(points) 个服务点；其中 \(mates) 枚新录的与库中某枚同指异人，\(withoutMate) 枚新录的无同指）：加密 \(fixed(seal, 1)) 秒，写入 \(fixed(store, 1)) 秒",
                          "\(prints) prints on the hub (\(points) service points; \(mates) new prints whose finger is already there under another resident, \(withoutMate) new prints with no mate): sealed in \(fixed(seal, 1)) s, stored in \(fixed(store, 1)) s")
        case .duplicatesCheck(let prints, let checked, let open, let search, let index, let resident):
            return l.pick("查重：读取、解密并建索引 \(prints) 枚 \(fixed(open, 1)) 秒；比对新录的 \(checked) 枚 \(fixed(search, 1)) 秒（每枚 \(fixed(search / Double(max(checked, 1)) * 1000, 0)) 毫秒）；索引内存 \(fixed(index, 1)) MB（进程驻留内存峰值 \(fixed(resident, 0)) MB）",
                          "check: read, opened and indexed \(prints) prints in \(fixed(open, 1)) s; searched the \(checked) new ones in \(fixed(search, 1)) s (\(fixed(search / Double(max(checked, 1)) * 1000, 0)) ms each); index memory \(fixed(index, 1)) MB (process peak RSS \(fixed(resident, 0)) MB)")
        case .duplicatesDecisions(let found, let expected, let other, let kin):
            return l.pick("查重结果：同指异人找到 \(found)/\(expected) 对，其他配对 \(other) 对（另有合成手指与其所据真实手指配对 \(kin) 对）",
                          "check's findings: duplicates found \(found)/\(expected), other pairs \(other) (and \(kin) of a synthetic finger with the real finger it was made from)")
        case .duplicatesBaseline(let perPrint, let prints, let pairs, let check):
            return l.pick("对照（同一比对器逐对比对全库，按 \(pairs) 对的用时外推到 \(prints) 枚）：每枚新录指纹 \(fixed(perPrint, 0)) 毫秒；查重每枚 \(fixed(check, 0)) 毫秒",
                          "baseline (the same matcher on every pair, timed over \(pairs) pairs, extrapolated to \(prints) prints): \(fixed(perPrint, 0)) ms per new print; the check \(fixed(check, 0)) ms")
        case .identifyTime(let matcher, let prints, let p50, let p95, let probes, let extrapolated):
            let how = extrapolated ? l.pick("（按每枚用时外推）", " (extrapolated per print)") : ""
            return l.pick("\(benchMatcher(matcher, l)) 识别，\(prints) 枚：每次 p50 \(fixed(p50, 1)) 毫秒，p95 \(fixed(p95, 1)) 毫秒（\(probes)次）\(how)",
                          "\(benchMatcher(matcher, l)) identify over \(prints) prints: per probe p50 \(fixed(p50, 1)) ms, p95 \(fixed(p95, 1)) ms (\(probes) probes)\(how)")
        case .identifyDecisions(let matcher, let prints, let found, let genuine, let wrong, let falseMatches, let absent):
            return l.pick("\(benchMatcher(matcher, l)) 判定，\(prints) 枚：已录手指找到 \(found)/\(genuine)，认错人 \(wrong)；未录手指误配 \(falseMatches)/\(absent)",
                          "\(benchMatcher(matcher, l)) decisions over \(prints) prints: enrolled fingers found \(found)/\(genuine), wrong person \(wrong); fingers not enrolled matched \(falseMatches)/\(absent)")
        case .verify(let kiosk, let baseline, let rounds):
            return l.pick("验证（\(rounds)次中位数）：kiosk \(fixed(kiosk, 1)) 毫秒，直接调用 libfprint \(fixed(baseline, 1)) 毫秒",
                          "verify (median of \(rounds)): kiosk \(fixed(kiosk, 1)) ms, plain libfprint \(fixed(baseline, 1)) ms")
        case .identify(let gallery, let milliseconds, let perPrint):
            return l.pick("识别，\(gallery)枚指纹库：\(fixed(milliseconds, 1)) 毫秒，每枚 \(fixed(perPrint, 1)) 微秒",
                          "identify against \(gallery) prints: \(fixed(milliseconds, 1)) ms, \(fixed(perPrint, 1)) µs per print")
        case .counterSetup(let residents, let seconds):
            return l.pick("柜台模拟：\(residents)名居民，经虚拟图像读取器真实录入指纹，\(fixed(seconds, 1)) 秒",
                          "counter day: \(residents) residents enrolled through the virtual image reader, \(fixed(seconds, 1)) s")
        case .counter(let mode, let certified, let keys, let back, let card, let fingers, let p50, let p95, let failures):
            let cardPart = card == 0 ? "" : l.pick("，另读卡器输入\(card)个字符", ", plus the card reader's \(card) characters")
            return l.pick("\(counterMode(mode, l))：认证\(certified)人，每人按键 \(fixed(keys, 1))（不含手指\(cardPart)；回到下一位的起点再按 \(fixed(back, 1))），按指纹 \(fixed(fingers, 1)) 次，首键到认证成功 p50 \(fixed(p50, 2)) 秒，p95 \(fixed(p95, 2)) 秒，失败\(failures)人",
                          "\(counterMode(mode, l)): \(certified) certified, \(fixed(keys, 1)) keystrokes each (beyond the finger\(cardPart); \(fixed(back, 1)) more to the next resident's start), \(fixed(fingers, 1)) fingers pressed, first key to certified p50 \(fixed(p50, 2)) s, p95 \(fixed(p95, 2)) s, \(failures) failed")
        case .counterRatio(let mode, let keys, let seconds):
            return l.pick("相对基准（输入身份证号）\(counterMode(mode, l))：按键 \(fixed(keys, 2)) 倍，用时（p50）\(fixed(seconds, 2)) 倍",
                          "against the baseline (typing the ID), \(counterMode(mode, l)): keystrokes \(fixed(keys, 2))×, time (p50) \(fixed(seconds, 2))×")
        case .counterNone(let mode, let failures, let reason):
            return l.pick("\(counterMode(mode, l))：无人认证成功，失败\(failures)人（\(reason)）", "\(counterMode(mode, l)): none certified, \(failures) failed (\(reason))")
        case .processStart(let milliseconds, let runs):
            return l.pick("基准 kiosk --version（进程启动到退出，\(runs)次中位数）：\(fixed(milliseconds, 1)) 毫秒",
                          "baseline kiosk --version (process start to exit, median of \(runs)): \(fixed(milliseconds, 1)) ms")
        case .startup(let residents, let cold, let worst, let warm, let runs, let target):
            return l.pick("启动到登录界面画完，\(residents)名居民（\(runs)次）：冷缓存中位数 \(fixed(cold, 1)) 毫秒（最慢 \(fixed(worst, 1))），热缓存 \(fixed(warm, 1)) 毫秒（目标 < \(fixed(target, 0))）",
                          "start to the sign-in screen drawn, \(residents) residents (\(runs) runs): cold cache median \(fixed(cold, 1)) ms (worst \(fixed(worst, 1))), warm \(fixed(warm, 1)) ms (target < \(fixed(target, 0)))")
        case .startupRatio(let ratio, let residents):
            return l.pick("比值 \(residents)名居民/空数据库（冷启动）：\(fixed(ratio, 3))", "ratio \(residents) residents / empty database (cold start): \(fixed(ratio, 3))")
        case .dashboard(let milliseconds, let residents, let due, let overdue):
            return l.pick("首页数字（\(residents)名居民中本月待认证\(due)人、逾期\(overdue)人）：\(fixed(milliseconds, 1)) 毫秒",
                          "home screen figures (of \(residents) residents, \(due) due this month, \(overdue) overdue): \(fixed(milliseconds, 1)) ms")
        case .keystroke(let kind, let p50, let p99, let samples):
            let name = switch kind {
            case .typing: l.pick("输入一个字符", "typing a character")
            case .wholeScreen: l.pick("整屏重画（F3 切换语言）", "whole screen redrawn (F3, language)")
            }
            return l.pick("按键到画面更新，\(name)（\(samples)次）：p50 \(fixed(p50, 2)) 毫秒，p99 \(fixed(p99, 2)) 毫秒 = 一帧（60 Hz，16.7 毫秒）的 \(fixed(p99 / (1000.0 / 60), 2)) 倍",
                          "keystroke to redraw, \(name) (\(samples)): p50 \(fixed(p50, 2)) ms, p99 \(fixed(p99, 2)) ms = \(fixed(p99 / (1000.0 / 60), 2)) of a 60 Hz frame (16.7 ms)")
        case .visitsHeader(let bookings, let staff, let days, let capacity):
            return l.pick("上门预约\(bookings)户，上门人员\(staff)人，\(days)天，共可上门\(capacity)次",
                          "\(bookings) open bookings, \(staff) visiting staff, \(days) days, room for \(capacity) visits")
        case .visitsSchedule(let name, let milliseconds, let scheduled, let missed, let perTrip, let target):
            return l.pick("\(name)：排队与排班 \(fixed(milliseconds, 1)) 毫秒（目标 < \(fixed(target, 0))），已排\(scheduled)户，误过截止\(missed)户，平均每趟\(fixed(perTrip, 2))户",
                          "\(name): queue and schedule \(fixed(milliseconds, 1)) ms (target < \(fixed(target, 0))), \(scheduled) scheduled, \(missed) deadlines missed, \(fixed(perTrip, 2)) visits per trip")
        case .visitsRatio(let ratio):
            return l.pick("时间比 本排班/先到先排：\(fixed(ratio, 2))", "time ratio kiosk/first fit: \(fixed(ratio, 2))")
        case .sqliteMissing:
            return l.pick("未找到 sqlite3 命令行工具，无法测量基准（apt-get install sqlite3）", "the sqlite3 command-line tool is missing, so there is no baseline (apt-get install sqlite3)")
        }
    }

    private static func pow10(_ digits: Int) -> Double {
        var result = 1.0
        for _ in 0..<digits { result *= 10 }
        return result
    }
}
