extension Message {
    static func statusName(_ code: ResidentStatus.Code, _ l: Language) -> String {
        switch code {
        case .certified: l.pick("已认证", "certified")
        case .due: l.pick("待认证", "due")
        case .overdue: l.pick("逾期未认证", "overdue")
        case .suspended: l.pick("暂停发放", "suspended")
        case .referToCityBureau: l.pick("须到市社保局办理", "refer to the city bureau")
        case .deceased: l.pick("已故", "deceased")
        case .notServedHere: l.pick("不在本地认证", "not served here")
        }
    }

    static func method(_ method: CertificationMethod, _ l: Language) -> String {
        switch method {
        case .faceApp: l.pick("手机APP人脸识别", "face recognition app")
        case .silent: l.pick("信息比对", "information comparison")
        case .fingerprint: l.pick("指纹", "fingerprint")
        case .photo: l.pick("照相（视频）", "photo (video)")
        case .homeVisit: l.pick("上门认证", "home visit")
        case .consulate: l.pick("使领馆证明", "consulate certificate")
        }
    }

    static func cycle(_ cycle: CertificationCycle, _ l: Language) -> String {
        if cycle.firstMonth.month == 1, cycle.lastMonth.month == 12, cycle.firstMonth.year == cycle.lastMonth.year {
            return l.pick("\(cycle.firstMonth.year)年度", "the \(cycle.firstMonth.year) cycle")
        }
        return l.pick("\(month(cycle.firstMonth, l))至\(month(cycle.lastMonth, l))", "the cycle \(cycle.firstMonth) to \(cycle.lastMonth)")
    }

    static func month(_ month: YearMonth, _ l: Language) -> String { Message.month(month).text(l) }
    static func money(_ money: Money?, _ l: Language) -> String { money.map { Message.money($0).text(l) } ?? l.pick("金额未知", "amount unknown") }

    /// The months paid back said as a range and a count, so the count is never read as another
    /// count of the same suspension.
    static func resumption(_ resumption: ResidentStatus.Resumption, _ l: Language) -> String {
        let last = resumption.resumesIn.adding(months: -1)
        guard resumption.backPayMonths > 0 else {
            return l.pick("\(month(resumption.resumesIn, l))起恢复发放", "payment resumes in \(resumption.resumesIn)")
        }
        let range = resumption.backPayMonths == 1
            ? l.pick(month(last, l), last.description)
            : l.pick("\(month(resumption.backPayFrom, l))至\(month(last, l))", "\(resumption.backPayFrom) to \(last)")
        return l.pick("\(month(resumption.resumesIn, l))起恢复发放，并补发\(range)共\(resumption.backPayMonths)个月（\(money(resumption.backPay, l))）",
                      "payment resumes in \(resumption.resumesIn), with back pay for \(range), \(resumption.backPayMonths) \(resumption.backPayMonths == 1 ? "month" : "months") (\(money(resumption.backPay, l)))")
    }

    static func statusLine(_ status: ResidentStatus, _ policy: CertificationPolicy, _ l: Language) -> String {
        let name = statusName(status.code, l)
        switch status {
        case .certified(let certified):
            let last = certified.last
            let how = last.method.map { method($0, l) } ?? l.pick("方式未知", "method unknown")
            let whereText = last.servicePoint ?? l.pick("社保局花名册", "the bureau's roster")
            var text = l.pick("\(name)：\(cycle(certified.cycle, l))已于\(last.date)认证（方式：\(how)；\(whereText)）",
                              "\(name) for \(cycle(certified.cycle, l)) on \(last.date) (method: \(how); \(whereText))")
            if let resumption = certified.resumption { text += l.pick("；", "; ") + self.resumption(resumption, l) }
            return text
        case .due(let due):
            let deadline = due.cycle.deadline
            if due.recommendedMonthPassed {
                return l.pick("\(name)：\(cycle(due.cycle, l))尚未认证，建议月份\(month(due.cycle.recommendedMonth, l))（生日月份）已过，但\(deadline)（含当天）前认证仍然有效",
                              "\(name): not yet certified for \(cycle(due.cycle, l)); the recommended month \(due.cycle.recommendedMonth) (birthday month) has passed, but certifying by \(deadline) (that day included) still counts")
            }
            return l.pick("\(name)：\(cycle(due.cycle, l))须在\(deadline)（含当天）前认证，建议在\(month(due.cycle.recommendedMonth, l))（生日月份）认证",
                          "\(name): certify for \(cycle(due.cycle, l)) by \(deadline) (that day included); the recommended month is \(due.cycle.recommendedMonth) (birthday month)")
        case .overdue(let overdue):
            return l.pick("\(name)：\(cycle(overdue.cycle, l))（截止\(overdue.cycle.deadline)）没有认证记录，养老金自\(month(overdue.suspensionFrom, l))起可能暂停发放",
                          "\(name): no certification on record for \(cycle(overdue.cycle, l)) (deadline \(overdue.cycle.deadline)); payment may be suspended from \(overdue.suspensionFrom)")
        case .suspended(let suspended):
            return l.pick("\(name)：自\(month(suspended.since, l))起未发放；今日认证则\(resumption(suspended.ifCertifiedNow, l))",
                          "\(name): not paid since \(suspended.since); certified today, \(resumption(suspended.ifCertifiedNow, l))")
        case .referToCityBureau(let referral):
            switch referral.reason {
            case .longSuspension:
                let since = referral.suspendedSince.map { month($0, l) } ?? "?"
                return l.pick("\(name)：自\(since)起暂停发放，已满\(referral.monthsSuspended ?? 0)个月（满\(policy.referral.suspendedMonths)个月即须到市社保局）",
                              "\(name): suspended since \(referral.suspendedSince?.description ?? "?"), \(referral.monthsSuspended ?? 0) full months (from \(policy.referral.suspendedMonths), only the city bureau)")
            case .terminated:
                return l.pick("\(name)：社保局已终止其养老金待遇", "\(name): the bureau has terminated this pension")
            }
        case .deceased(let deceased):
            return l.pick("\(name)：\(deceased.dateOfDeath)去世（\(deceased.reportedOn)登记），家属须在\(deceased.settleBy)前办理清账",
                          "\(name) on \(deceased.dateOfDeath) (reported \(deceased.reportedOn)); the family must settle the account by \(deceased.settleBy)")
        case .notServedHere(let route):
            return "\(name)\(l.pick("：", ": "))\(self.route(route, policy, l))"
        }
    }

    static func residence(_ residence: Residence, _ l: Language) -> String {
        switch residence {
        case .harbin: l.pick("本市", "in the city")
        case .elsewhere: l.pick("异地（国内其他地方）", "elsewhere in China")
        case .abroad: l.pick("境外", "abroad")
        }
    }

    /// FAQ 6: how someone who lives outside the city certifies without coming here; standing at
    /// the desk, they may certify here all the same.
    static func remoteWay(_ residence: Residence, _ l: Language) -> String? {
        switch residence {
        case .harbin: nil
        case .elsewhere:
            l.pick("居住在异地：可用“掌上12333”手机APP人脸识别认证（可用亲友的手机）；本人在服务点的，也可在此办理指纹或照相认证。",
                   "Lives elsewhere in China: certify by face recognition with the 掌上12333 app (a relative's phone will do); standing here, they may also certify here by fingerprint or photo.")
        case .abroad:
            l.pick("居住在境外：可邮寄驻外使领馆出具的证明办理认证；本人在服务点的，也可在此办理指纹或照相认证。",
                   "Lives abroad: mail a certificate from the embassy or consulate; standing here, they may also certify here by fingerprint or photo.")
        }
    }

    static func nextStep(_ status: ResidentStatus, _ policy: CertificationPolicy, livesIn residence: Residence?, _ l: Language) -> String {
        let remote = residence.flatMap { remoteWay($0, l) }
        switch status {
        case .certified(let certified):
            let next = certified.cycle.recommendedMonth.adding(months: 12)
            let apps = policy.jurisdiction.cityApps
            return l.pick("本周期无需再认证。下次建议在\(month(next, l))认证。认证记录本人也可在\(apps.chinese)中查询。",
                          "Nothing to do this cycle. Next recommended month: \(next). The pensioner can also look the record up in \(apps.english).")
        case .due, .overdue:
            return remote ?? appFirst(policy, l)
        case .suspended(let suspended):
            return l.pick("请为其办理认证，认证后\(resumption(suspended.ifCertifiedNow, l))。\(month(suspended.referralFrom, l))起须本人到市社保局办理。",
                          "Certify now: \(resumption(suspended.ifCertifiedNow, l)). From \(suspended.referralFrom) only the city bureau can certify.")
                + (remote.map { l.pick("", " ") + $0 } ?? "")
        case .referToCityBureau(let referral):
            switch referral.reason {
            case .longSuspension:
                return l.pick("本服务点不能为其认证。请本人持\(policy.referral.documents.chinese)到\(policy.referral.office.chinese)办理，认证后次月恢复发放并补发。",
                              "The service point cannot certify. The pensioner must go in person, with \(policy.referral.documents.english), to \(policy.referral.office.english); payment resumes the month after, with back pay.")
            case .terminated:
                return l.pick("本服务点不能为其认证。如有疑问请到\(policy.referral.office.chinese)咨询。",
                              "The service point cannot certify. For questions, go to \(policy.referral.office.english).")
            }
        case .deceased(let deceased):
            let overpaid = deceased.monthsPaidAfterDeath > 0
                ? l.pick("去世后仍发放了\(deceased.monthsPaidAfterDeath)个月养老金（\(money(deceased.amountPaidAfterDeath, l))），须退还。",
                         " \(deceased.monthsPaidAfterDeath) months were paid after the death (\(money(deceased.amountPaidAfterDeath, l))) and must be repaid.")
                : ""
            // FAQ 18: within 7 days of the death. Reported later, the family must hear that it has passed.
            if deceased.reportedOn > deceased.settleBy {
                return l.pick("不能再为其认证。去世后\(policy.death.deadlineDays)日内的清账期限（\(deceased.settleBy)）已过：请家属尽快持\(policy.death.documents.chinese)到\(policy.death.office.chinese)办理死亡人员清账，同时领取丧葬费和抚恤金。\(overpaid)",
                              "No more certification. The \(policy.death.deadlineDays)-day deadline to settle the account (\(deceased.settleBy)) has passed: the family should bring \(policy.death.documents.english) to \(policy.death.office.english) as soon as possible to settle it and claim the funeral allowance and survivor benefit.\(overpaid)")
            }
            return l.pick("不能再为其认证。家属须于\(deceased.settleBy)前（去世后\(policy.death.deadlineDays)日内）持\(policy.death.documents.chinese)到\(policy.death.office.chinese)办理死亡人员清账，同时领取丧葬费和抚恤金。\(overpaid)",
                          "No more certification. Within \(policy.death.deadlineDays) days of the death (by \(deceased.settleBy)) the family brings \(policy.death.documents.english) to \(policy.death.office.english) to settle the account and claim the funeral allowance and survivor benefit.\(overpaid)")
        case .notServedHere(let route):
            return Self.route(route, policy, l) + l.pick("本服务点不作任何记录。", " The service point records nothing for them.")
        }
    }

    /// FAQ 4-9: the phone app is the bureau's recommended way; the service point's own methods
    /// (fingerprint, photo, a home visit) are for those who cannot pass it.
    static func appFirst(_ policy: CertificationPolicy, _ l: Language) -> String {
        let apps = policy.jurisdiction.cityApps
        return l.pick("""
            推荐用\(apps.chinese)在家人脸识别认证：需安卓智能手机（老年机不行），可用亲友的手机，一部手机可为多人认证；            工作人员可帮助下载安装和使用。无法通过APP认证的，本服务点可办理指纹或照相认证；            高龄、病残等行动不便的，家属可预约上门认证。
            """, """
            The recommended way is face recognition at home with \(apps.english): it needs an Android smartphone (not a basic             phone); a relative's phone will do, and one phone can certify several people; staff can help install and use it.             Those who cannot pass the app certify here by fingerprint or photo; for the very old, sick or disabled who cannot             come, the family can book a home visit.
            """)
    }

    static func route(_ route: Jurisdiction.Route, _ policy: CertificationPolicy, _ l: Language) -> String {
        switch route {
        case .servedHere: l.pick("在本服务点认证。", "Certify at this service point.")
        case .provincialApp:
            l.pick("参保地为省内其他城市：请使用\(policy.jurisdiction.provincialApp.chinese)进行人脸识别认证。",
                   "Insured in another city of this province: certify by face recognition with \(policy.jurisdiction.provincialApp.english).")
        case .ownLocality:
            l.pick("参保地在外省：请按参保地社保经办机构的要求办理认证。",
                   "Insured in another province: certify as that locality's social insurance agency requires.")
        }
    }

    static func label(_ label: Label, _ l: Language) -> String {
        switch label {
        case .idNumber: l.pick("身份证号", "ID number")
        case .name: l.pick("姓名", "Name")
        case .sex: l.pick("性别", "Sex")
        case .insuredRegion: l.pick("参保地", "Insured in")
        case .residence: l.pick("居住地", "Lives")
        case .community: l.pick("社区", "Community")
        case .phone: l.pick("电话", "Phone")
        case .address: l.pick("地址", "Address")
        case .mobility: l.pick("行动不便", "Mobility")
        case .monthlyPension: l.pick("月养老金", "Monthly pension")
        case .status: l.pick("状态", "Status")
        case .lastCertification: l.pick("上次认证", "Last certified")
        case .nextStep: l.pick("下一步", "Next step")
        case .cycle: l.pick("认证周期", "Cycle")
        case .rosterSource: l.pick("社保局花名册", "bureau roster")
        case .servicePoint: l.pick("服务点", "Service point")
        case .staff: l.pick("经办人", "Staff")
        case .method: l.pick("方式", "Method")
        case .time: l.pick("时间", "Time")
        case .line: l.pick("行号", "line")
        case .column: l.pick("列", "column")
        case .problem: l.pick("问题", "problem")
        case .record: l.pick("原始记录", "record")
        case .role: l.pick("角色", "Role")
        case .locked: l.pick("锁定至", "Locked until")
        case .active: l.pick("启用", "Active")
        case .failedAttempts: l.pick("连续输错", "Failed attempts")
        case .deathDate: l.pick("死亡日期", "Date of death")
        case .reporter: l.pick("报告人", "Reported by")
        case .certificateNumber: l.pick("死亡证明编号", "Certificate no.")
        case .fraudAlert: l.pick("预警", "Alert")
        case .settleBy: l.pick("清账期限", "Settle by")
        case .documents: l.pick("所需材料", "Documents")
        case .office: l.pick("办理地点", "Office")
        case .notRecorded: l.pick("无记录", "none on record")
        case .male: l.pick("男", "male")
        case .female: l.pick("女", "female")
        case .yes: l.pick("是", "yes")
        case .no: l.pick("否", "no")
        case .certificationID: l.pick("认证编号", "Certification ID")
        case .evidence: l.pick("凭据", "Evidence")
        case .receiptNumber: l.pick("回执号", "Receipt")
        case .receiptTitle: l.pick("养老保险待遇资格认证回执", "Pension entitlement certification receipt")
        case .receiptTestClock:
            l.pick("【TEST 测试数据：日期可能由测试设定，不是认证凭证】", "[TEST data: the date may have been set for a test; this proves no certification]")
        case .receiptKeep: l.pick("请妥善保管本回执。回执号可在社保经办机构查询。", "Keep this receipt. The bureau can look the certification up by its receipt number.")
        }
    }
}
