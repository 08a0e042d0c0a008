/// The city hub: syncing a kiosk, and the bureau's administration of the hub.
extension Message {
    public enum HubText: Hashable, Sendable {
        case synced(HubSyncOutcome)
        case schemaReady
        case pointRegistered(code: String, role: String, passwordFile: String)
        case pointRevoked(code: String)
        case pointFigures(code: String, revoked: Bool, entries: Int64, certifications: Int64, residents: Int64, deaths: Int64)
        /// One service point's chain as `kiosk hub verify` found it on the hub.
        case chainChecked(code: String, entries: Int64, gaps: [Int64], brokenLinks: [Int64], altered: [Int64], headAgrees: Bool,
                          uncoveredRecords: Int64)
    }

    static func hub(_ text: HubText, _ l: Language) -> String {
        switch text {
        case .synced(let o):
            return l.pick("""
                已上传审计记录\(o.pushedEntries)条、业务记录\(o.pushedRecords)条（数据中心已有本服务点第 \(o.hubSeq) 条为止）；\
                已接收其他服务点的认证\(o.pulledCertifications)条、死亡登记\(o.pulledDeaths)条、联系方式变更\(o.pulledContactChanges)条\
                （其中\(o.contactsApplied)条较本机更新，已采用）；新预警\(o.alertsRaised)条。
                """, """
                Pushed \(o.pushedEntries) audit entries and \(o.pushedRecords) records (the hub holds this point's log up to entry \(o.hubSeq)); \
                pulled from other service points \(o.pulledCertifications) certifications, \(o.pulledDeaths) death reports and \
                \(o.pulledContactChanges) contact changes (\(o.contactsApplied) newer than this kiosk's, now in use); \(o.alertsRaised) new alerts.
                """)
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
        case .chainChecked(let code, let entries, let gaps, let links, let altered, let headAgrees, let uncovered):
            let seqs = { (list: [Int64]) in list.prefix(10).map(String.init).joined(separator: ",") + (list.count > 10 ? ",…" : "") }
            if gaps.isEmpty && links.isEmpty && altered.isEmpty && headAgrees && uncovered == 0 {
                return l.pick("\(code)：审计链完整（\(entries)条，逐条重算哈希一致）", "\(code): chain intact (\(entries) entries, every hash recomputed)")
            }
            var problems: [String] = []
            if !gaps.isEmpty { problems.append(l.pick("缺少第 \(seqs(gaps)) 条之前的记录", "entries missing before \(seqs(gaps))")) }
            if !links.isEmpty { problems.append(l.pick("第 \(seqs(links)) 条与前一条不相接", "entries \(seqs(links)) do not link to the one before")) }
            if !altered.isEmpty { problems.append(l.pick("第 \(seqs(altered)) 条的哈希与内容不符", "entries \(seqs(altered)) do not match their hash")) }
            if !headAgrees { problems.append(l.pick("上传进度与最后一条不符", "the push head is not the last entry")) }
            if uncovered > 0 { problems.append(l.pick("\(uncovered)条业务记录没有审计记录对应", "\(uncovered) records no entry covers")) }
            return l.pick("\(code)：审计链不完整（\(entries)条）：", "\(code): chain broken (\(entries) entries): ") + problems.joined(separator: l.pick("；", "; "))
        }
    }
}
