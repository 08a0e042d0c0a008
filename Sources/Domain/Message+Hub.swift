/// The city hub: syncing a kiosk, and the bureau's administration of the hub.
extension Message {
    public enum HubText: Hashable, Sendable {
        case synced(HubSyncOutcome)
        case schemaReady
        case pointRegistered(code: String, role: String, passwordFile: String)
        case pointRevoked(code: String)
        case pointFigures(code: String, revoked: Bool, entries: Int64, certifications: Int64, residents: Int64, deaths: Int64)
        case staffPut(name: String, role: StaffRole, points: [String])
        case staffDisabled(name: String)
        case staffLine(name: String, role: StaffRole, points: [String], active: Bool)
        /// The kiosk's header: the last sync, the time alone when it was today.
        case header(HubStatus, now: LocalDateTime)
        case rosterRejection(file: String, line: Int, problems: [RosterProblem])
        case rosterRefused(file: String, rejected: Int)
        case rosterLoaded(CityRosterImport)
        case statusHeading(date: CivilDate)
        /// One line of `kiosk hub status`: a district, a service point, or the city.
        case statusTally(StatusTally, of: TallyKind)
        /// One service point's chain as `kiosk hub verify` found it on the hub.
        case chainChecked(code: String, entries: Int64, gaps: [Int64], brokenLinks: [Int64], altered: [Int64], headAgrees: Bool,
                          uncoveredRecords: Int64, forks: [HubForkCheck])
        case bureauKeyMade(privateFile: String, publicFile: String, keyID: String)
        /// `kiosk hub duplicates`: what the check read and searched, and how many pairs it found (new: first found now).
        case duplicatesChecked(keyID: String, templatesByReader: [String: Int], sealedToOtherKeys: Int, unopened: Int, checked: Int,
                               found: Int, new: Int, openSeconds: Double, searchSeconds: Double)
        /// One finger under two residents: each side's service point, resident (masked) and finger.
        case duplicateFound(reader: String, first: DuplicateSide, second: DuplicateSide, score: Double, new: Bool)
        /// A template that would not open with the bureau's key: altered, or moved to another print or resident.
        case templateUnopened(point: String, printID: String)
    }

    public struct DuplicateSide: Hashable, Sendable {
        public var point: String
        public var resident: ResidentID
        public var finger: Finger?

        public init(point: String, resident: ResidentID, finger: Finger?) {
            self.point = point
            self.resident = resident
            self.finger = finger
        }
    }

    public enum TallyKind: Hashable, Sendable { case district, servicePoint, city }

    static func hub(_ text: HubText, _ l: Language) -> String {
        switch text {
        case .synced(let o):
            return restoreText(o, l) + l.pick("""
                已上传审计记录\(o.pushedEntries)条、业务记录\(o.pushedRecords)条（数据中心已有本服务点第 \(o.hubSeq) 条为止）；\
                已接收其他服务点的认证\(o.pulledCertifications)条、死亡登记\(o.pulledDeaths)条、联系方式变更\(o.pulledContactChanges)条\
                （其中\(o.contactsApplied)条较本机更新，已采用）；新预警\(o.alertsRaised)条。\
                花名册：新增\(o.rosterAdded)人，变更\(o.rosterChanged)人，未变\(o.rosterUnchanged)人，不合格\(o.rosterRejected)人，\
                市名册已移除\(o.rosterRemoved)人（本机保留）。数据中心管理的工作人员账号变更\(o.staffAccountsChanged)个。
                """, """
                Pushed \(o.pushedEntries) audit entries and \(o.pushedRecords) records (the hub holds this point's log up to entry \(o.hubSeq)); \
                pulled from other service points \(o.pulledCertifications) certifications, \(o.pulledDeaths) death reports and \
                \(o.pulledContactChanges) contact changes (\(o.contactsApplied) newer than this kiosk's, now in use); \(o.alertsRaised) new alerts. \
                Roster: \(o.rosterAdded) added, \(o.rosterChanged) changed, \(o.rosterUnchanged) unchanged, \(o.rosterRejected) refused by this \
                kiosk's checks, \(o.rosterRemoved) removed from the city roster (kept here). \(o.staffAccountsChanged) staff accounts added or \
                changed by the bureau.
                """) + templatesText(o, l)
        case .schemaReady:
            return l.pick("数据中心的表、服务点角色与行级安全策略已就绪。", "The hub's tables, the service points' role and its row-level security are ready.")
        case .pointRegistered(let code, let role, let file):
            return l.pick("已登记服务点 \(code)，数据库角色 \(role)；其密码已写入 \(file)（仅本用户可读），请安全地交给该服务点，填入 service-point.yaml 的 hub 一节。",
                          "Registered service point \(code) with database role \(role); its password is in \(file) (readable by this user only): hand it over safely and set it in the point's service-point.yaml hub section.")
        case .pointRevoked(let code):
            return l.pick("已注销服务点 \(code)：其角色不能再登录，现有连接已断开；它上传的记录保留。",
                          "Revoked service point \(code): its role can no longer log in and its sessions were ended; the records it pushed stay.")
        case .pointFigures(let code, let revoked, let entries, let certifications, let residents, let deaths):
            return l.pick("\(code)\(revoked ? "（已注销）" : "")：审计记录\(entries)条，认证\(certifications)次（\(residents)人），死亡登记\(deaths)条",
                          "\(code)\(revoked ? " (revoked)" : ""): \(entries) audit entries, \(certifications) certifications (\(residents) residents), \(deaths) death reports")
        case .staffPut(let name, let role, let points):
            return l.pick("数据中心已保存工作人员账号 \(name)（\(Message.role(role).text(l))），可在 \(points.joined(separator: "、")) 登录；各服务点下次同步时生效。",
                          "The hub holds staff account \(name) (\(Message.role(role).text(l))), who may sign in at \(points.joined(separator: ", ")); each point has it from its next sync.")
        case .staffDisabled(let name):
            return l.pick("已在数据中心停用工作人员账号 \(name)；各服务点下次同步后不能再登录。",
                          "Disabled staff account \(name) on the hub; no service point lets it sign in after its next sync.")
        case .staffLine(let name, let role, let points, let active):
            return "\(name)  \(Message.role(role).text(l))  \(points.joined(separator: ","))" + (active ? "" : l.pick("  （已停用）", "  (disabled)"))
        case .header(let status, let now):
            let failed = status.lastTryFailed ? l.pick("，连不上", ", unreachable") : ""
            guard let last = status.lastSync else { return l.pick("城市库：从未同步", "Hub: never synced") + failed }
            let time = ASCIIDigits.pad(last.hour, 2) + ":" + ASCIIDigits.pad(last.minute, 2)
            let when = last.date == now.date ? time : String(last.date.description.dropFirst(5)) + " " + time
            if status.isStale(at: now) { return l.pick("城市库：\(when)后未同步", "Hub: not synced since \(when)") + failed }
            return l.pick("城市库已同步 \(when)", "Hub synced \(when)") + failed
        case .rosterRejection(let file, let line, let problems):
            return file + l.pick("：", ": ") + Message.rosterRejection(line: line, problems: problems).text(l)
        case .rosterRefused(let file, let rejected):
            return l.pick("\(file) 有\(rejected)行不合格，数据中心的花名册未作任何改动（名册须完整导入：缺少的人员会被标为已移除）。请改正后重新导入。",
                          "\(file) has \(rejected) bad rows, so the hub's roster was left unchanged (a roster loads whole: anyone missing from it would be marked removed). Fix them and load it again.")
        case .statusHeading(let date):
            return l.pick("\(date) 全市认证情况（按参保地区划、服务点、全市）：", "The city's certification on \(date) (by district, by service point, in all):")
        case .statusTally(let t, let kind):
            let name: String
            switch kind {
            case .district: name = l.pick("区划 \(t.key)", "district \(t.key)")
            case .servicePoint: name = l.pick("服务点 \(t.key)", "service point \(t.key)")
            case .city: name = l.pick("全市", "city")
            }
            return l.pick("""
                \(name)：在册\(t.residents)人，本期已认证\(t.certified)，待认证\(t.due)，逾期\(t.overdue)，暂停\(t.suspended)，\
                转市局\(t.referred)，非本市参保\(t.notServedHere)；今日认证\(t.certifiedToday)；已故\(t.deceased)，\
                待结算\(t.deathsToSettle)（逾期未结\(t.deathsPastDeadline)，死亡后多发\(Money(fen: t.paidAfterDeathFen))元）
                """, """
                \(name): \(t.residents) residents, \(t.certified) certified this cycle, \(t.due) due, \(t.overdue) overdue, \
                \(t.suspended) suspended, \(t.referred) referred, \(t.notServedHere) insured elsewhere; \(t.certifiedToday) certified today; \
                \(t.deceased) deceased, \(t.deathsToSettle) to settle (\(t.deathsPastDeadline) past the deadline, \
                \(Money(fen: t.paidAfterDeathFen)) yuan paid after death)
                """)
        case .rosterLoaded(let r):
            return l.pick("已将 \(r.fileName) 导入数据中心（第\(r.importID)次导入）：共\(r.rows)人，新增\(r.added)人，变更\(r.changed)人，移除\(r.removed)人，未变\(r.unchanged)人。",
                          "Loaded \(r.fileName) into the hub (load \(r.importID)): \(r.rows) residents, \(r.added) added, \(r.changed) changed, \(r.removed) removed, \(r.unchanged) unchanged.")
        case .chainChecked(let code, let entries, let gaps, let links, let altered, let headAgrees, let uncovered, let forks):
            let seqs = { (list: [Int64]) in list.prefix(10).map(String.init).joined(separator: ",") + (list.count > 10 ? ",…" : "") }
            let forkText = forks.map { fork in
                l.pick("；分支\(fork.number)（第 \(fork.after) 条之后的\(fork.entries)条，由 \(fork.forkedBy) 在恢复备份后另存）：\(fork.intact ? "完整" : "不完整")",
                       "; fork \(fork.number) (\(fork.entries) entries after entry \(fork.after), set aside by \(fork.forkedBy) after a restore): "
                           + (fork.intact ? "intact" : "broken"))
            }.joined()
            if gaps.isEmpty && links.isEmpty && altered.isEmpty && headAgrees && uncovered == 0 && forks.allSatisfy(\.intact) {
                return l.pick("\(code)：审计链完整（\(entries)条，逐条重算哈希一致）", "\(code): chain intact (\(entries) entries, every hash recomputed)") + forkText
            }
            var problems: [String] = []
            if !gaps.isEmpty { problems.append(l.pick("缺少第 \(seqs(gaps)) 条之前的记录", "entries missing before \(seqs(gaps))")) }
            if !links.isEmpty { problems.append(l.pick("第 \(seqs(links)) 条与前一条不相接", "entries \(seqs(links)) do not link to the one before")) }
            if !altered.isEmpty { problems.append(l.pick("第 \(seqs(altered)) 条的哈希与内容不符", "entries \(seqs(altered)) do not match their hash")) }
            if !headAgrees { problems.append(l.pick("上传进度与最后一条不符", "the push head is not the last entry")) }
            if uncovered > 0 { problems.append(l.pick("\(uncovered)条业务记录没有审计记录对应", "\(uncovered) records no entry covers")) }
            return l.pick("\(code)：审计链不完整（\(entries)条）：", "\(code): chain broken (\(entries) entries): ") + problems.joined(separator: l.pick("；", "; "))
                + forkText
        case .bureauKeyMade(let privateFile, let publicFile, let keyID):
            return l.pick("""
                已生成社保局密钥 \(keyID)：私钥在 \(privateFile)（仅本用户可读，只留在社保局的机器上，切勿放到数据中心），\
                公钥在 \(publicFile)，请复制到各服务点并在 service-point.yaml 的 hub.bureau_key 中指定。
                """, """
                Made bureau key \(keyID): the private half is in \(privateFile) (readable by this user only; keep it on the bureau's \
                machine, never on the hub), the public half in \(publicFile): copy it to every service point and name it in \
                service-point.yaml's hub.bureau_key.
                """)
        case .duplicatesChecked(let keyID, let byReader, let otherKeys, let unopened, let checked, let found, let new, let openSeconds,
                                let searchSeconds):
            let open = String(format: "%.1f", openSeconds), search = String(format: "%.1f", searchSeconds)
            let readers = byReader.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            let total = byReader.values.reduce(0, +)
            return l.pick("""
                全市指纹查重（密钥 \(keyID)）：可读指纹\(total)枚（\(readers.isEmpty ? "无" : readers)，读取建索引\(open)秒），\
                本次比对\(checked)枚（\(search)秒）；\
                发现同一手指登记在不同人名下\(found)对（新发现\(new)对）。\
                \(otherKeys > 0 ? "另有\(otherKeys)枚用旧密钥加密，待其服务点同步后再查。" : "")\
                \(unopened > 0 ? "有\(unopened)枚无法用本密钥打开（被改动或被移到其他人名下），见下。" : "")
                """, """
                City-wide duplicate-finger check (key \(keyID)): \(total) prints opened (\(readers.isEmpty ? "none" : readers); read and \
                indexed in \(open) s), \(checked) searched this time (\(search) s); \(found) pairs of one finger enrolled under two residents (\(new) new). \
                \(otherKeys > 0 ? "\(otherKeys) more are sealed to an earlier key, checked once their points have synced. " : "")\
                \(unopened > 0 ? "\(unopened) would not open with this key (altered, or moved to another resident): listed below." : "")
                """).trimmingCharacters(in: .whitespaces)
        case .duplicateFound(let reader, let first, let second, let score, let new):
            let side = { (s: DuplicateSide) in
                "\(s.point) \(s.resident.masked) \(s.finger.map { Message.finger($0, l) } ?? "?")"
            }
            return (new ? l.pick("新 ", "new ") : "") + l.pick("同一手指（\(reader)，分数 \(String(format: "%.1f", score))）：\(side(first)) ↔ \(side(second))",
                                                             "one finger (\(reader), score \(String(format: "%.1f", score))): \(side(first)) <-> \(side(second))")
        case .templateUnopened(let point, let printID):
            return l.pick("无法打开：\(point) 的指纹 \(printID)", "would not open: print \(printID) of \(point)")
        }
    }

    /// The prints' minutiae sealed to the bureau (nothing when none went up or were withdrawn).
    private static func templatesText(_ o: HubSyncOutcome, _ l: Language) -> String {
        guard o.templatesSealed + o.templatesWithdrawn + o.templatesWithoutMinutiae > 0 else { return "" }
        return l.pick("为全市查重加密上传指纹特征\(o.templatesSealed)枚，撤回\(o.templatesWithdrawn)枚，无特征可传\(o.templatesWithoutMinutiae)枚。",
                      " For the city-wide duplicate check: \(o.templatesSealed) prints' minutiae sealed to the bureau and sent, \(o.templatesWithdrawn) withdrawn, "
                          + "\(o.templatesWithoutMinutiae) with no minutiae to send.")
    }

    /// What `kiosk sync --after-restore` did, before the sync's own counts (nothing when it did nothing).
    private static func restoreText(_ o: HubSyncOutcome, _ l: Language) -> String {
        var text = ""
        if let fork = o.fork, let after = o.forkedAfter {
            text += l.pick("数据中心本服务点第 \(after + 1) 至 \(after + fork.entries) 条审计记录（所恢复的备份之后记下的）已另存为分支\(fork.number)，不再在审计链中；",
                           "The hub's entries \(after + 1) to \(after + fork.entries) of this point (recorded after the restored backup) are set aside as fork \(fork.number); ")
        }
        if o.fork != nil || o.takenBack > 0 {
            text += l.pick("从数据中心取回本服务点的认证、死亡登记和联系方式变更\(o.takenBack)条。",
                           "\(o.takenBack) of this point's certifications, death reports and contact changes taken back from the hub. ")
        }
        return text
    }
}
