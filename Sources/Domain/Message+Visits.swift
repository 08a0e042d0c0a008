/// Home visits: booking, the queue, the schedule, route sheets and outcomes.
extension Message {
    public enum VisitText: Hashable, Sendable {
        case booked(id: String, name: String)
        /// The family's booking slip written (and printed, or not).
        case slipIssued(file: String, printed: Receipt.Printed)
        case queueEmpty
        case queueLine(position: Int, id: String, name: String, maskedID: String, community: String, priority: VisitPriority,
                       status: VisitStatus, slot: VisitSlot?)
        case scheduleSummary(scheduled: Int, moved: Int, dropped: Int, trips: Int, visitsPerTrip: Double)
        case scheduleLine(date: CivilDate, staff: String, community: String, name: String, maskedID: String, pinned: Bool)
        case late(name: String, maskedID: String, deadline: CivilDate, date: CivilDate)
        case unscheduled(name: String, maskedID: String, deadline: CivilDate)
        case short(visits: Int)
        case sheetTitle(date: CivilDate, staff: String, visits: Int)
        case sheetStop(order: Int, name: String, maskedID: String, address: String, phone: String, booker: String,
                       reason: Mobility, time: VisitTime, notes: String)
        case reminder(phone: String, booker: String, name: String, date: CivilDate, time: VisitTime, staff: String)
        case noVisits(CivilDate)
        case pinned(id: String, date: CivilDate, staff: String)
        case completed(id: String, receipt: String)
        case missed(id: String, times: Int)
        case rescheduled(id: String)
        case cancelled(id: String)
        case fieldPacked(FieldPackSummary)
        case fieldLoaded(FieldLoadSummary)
        case fieldResults(FieldResultsSummary)
        case fieldReturned(FieldReturnSummary.Outcome)
        case factor(VisitPriority.Factor)
        case time(VisitTime)
        case status(VisitStatus)
        /// A heading over the queue's column on the kiosk screen.
        case column(QueueColumn)
        /// The mark on a queued visit scheduled after the resident's deadline.
        case afterDeadline
    }

    public enum QueueColumn: Hashable, Sendable, CaseIterable {
        case position, points, name, residentID, community, deadline, slot
    }

    static func visit(_ text: VisitText, _ l: Language) -> String {
        switch text {
        case .booked(let id, let name):
            return l.pick("已为\(name)预约上门认证，预约号 \(id)。排定日期后请电话告知家属。",
                          "Home visit booked for \(name), booking \(id). Tell the family the day once it is scheduled.")
        case .slipIssued(let file, let printed):
            return Message.printed(printed, saved: l.pick("预约单已保存：\(file)", "Booking slip saved: \(file)"), l)
        case .queueEmpty: return l.pick("没有待上门的预约。", "No open home-visit bookings.")
        case .queueLine(let position, let id, let name, let maskedID, let community, let priority, let status, let slot):
            let reasons = priority.parts.filter { $0.points != 0 || $0.factor == .daysLeft(0) }
                .map { visit(.factor($0.factor), l) + " +\($0.points)" }.joined(separator: l.pick("，", ", "))
            let state = slot.map { l.pick("已排 \($0.date) \($0.staff)", "on \($0.date) with \($0.staff)") + ($0.pinned ? l.pick("（固定）", " (pinned)") : "") }
                ?? Message.visitStatus(status, l)
            return "\(position). \(name) \(maskedID) \(community)  " + l.pick("\(priority.points)分（\(reasons)）；截止\(priority.deadline)；\(state)；\(id)",
                                                                             "\(priority.points) points (\(reasons)); deadline \(priority.deadline); \(state); \(id)")
        case .scheduleSummary(let scheduled, let moved, let dropped, let trips, let perTrip):
            let average = String(Int((perTrip * 10).rounded()) / 10) + "." + String(Int((perTrip * 10).rounded()) % 10)
            return l.pick("已排\(scheduled)户（改动\(moved)户，移出\(dropped)户），共\(trips)趟，平均每趟\(average)户。",
                          "\(scheduled) visits scheduled (\(moved) moved, \(dropped) taken off), \(trips) trips, \(average) visits per trip.")
        case .scheduleLine(let date, let staff, let community, let name, let maskedID, let pinned):
            return "\(date) \(staff)  \(community)  \(name) \(maskedID)" + (pinned ? l.pick("（固定）", " (pinned)") : "")
        case .late(let name, let maskedID, let deadline, let date):
            return l.pick("晚于截止：\(name) \(maskedID) 截止\(deadline)，最早只能排在\(date)",
                          "After the deadline: \(name) \(maskedID), deadline \(deadline), earliest day with room \(date)")
        case .unscheduled(let name, let maskedID, let deadline):
            return l.pick("未能排入：\(name) \(maskedID)（截止\(deadline)），这几天已排满",
                          "Not scheduled: \(name) \(maskedID) (deadline \(deadline)), every day is full")
        case .short(let visits):
            return visits == 0 ? l.pick("所有预约都排在截止日期之前。", "Every booking is scheduled before its deadline.")
                : l.pick("按现有人手，还差\(visits)次上门才能全部赶在截止前：请增派人员或延长工作日。",
                         "The staff are \(visits) visits short of meeting every deadline: add staff or working days.")
        case .sheetTitle(let date, let staff, let visits):
            return l.pick("上门认证路线单  \(date)  \(staff)  共\(visits)户", "Home-visit route sheet  \(date)  \(staff)  \(visits) visits")
        case .sheetStop(let order, let name, let maskedID, let address, let phone, let booker, let reason, let time, let notes):
            return "\(order). \(name) \(maskedID)\n   " + l.pick("地址：", "Address: ") + address + "\n   "
                + l.pick("电话：", "Phone: ") + "\(phone)（\(booker)）\n   "
                + l.pick("原因：", "Reason: ") + Message.mobility(reason).text(l) + l.pick("；时间：", "; time: ") + visit(.time(time), l)
                + (notes.isEmpty ? "" : "\n   " + l.pick("备注：", "Notes: ") + notes)
        case .reminder(let phone, let booker, let name, let date, let time, let staff):
            return l.pick("\(phone)  \(booker)：\(date) \(visit(.time(time), l))，\(staff)上门为\(name)认证",
                          "\(phone)  \(booker): \(date) \(visit(.time(time), l)), \(staff) visits \(name) to certify")
        case .noVisits(let date): return l.pick("\(date)没有排定的上门认证。", "No home visits scheduled on \(date).")
        case .pinned(let id, let date, let staff): return l.pick("预约 \(id) 固定在\(date)，由\(staff)上门。", "Booking \(id) pinned to \(date) with \(staff).")
        case .completed(let id, let receipt): return l.pick("预约 \(id) 已完成上门认证，回执号 \(receipt)。", "Booking \(id) done: certified at home, receipt \(receipt).")
        case .missed(let id, let times):
            return l.pick("预约 \(id) 未遇（第\(times)次），已重新排队并提高优先级。", "Booking \(id) missed (\(times) so far): back in the queue with a higher priority.")
        case .rescheduled(let id): return l.pick("预约 \(id) 已改期，重新排队。", "Booking \(id) rescheduled: back in the queue.")
        case .cancelled(let id): return l.pick("预约 \(id) 已取消。", "Booking \(id) cancelled.")
        case .fieldPacked(let pack):
            return l.pick("外出包已写入 \(pack.file)：\(pack.visits)户，\(pack.prints)枚指纹（仍加密）" + (pack.leftOut > 0 ? "；\(pack.leftOut)户已不需上门，未装入" : "") + "。",
                          "Field pack written to \(pack.file): \(pack.visits) visits, \(pack.prints) prints (still sealed)"
                          + (pack.leftOut > 0 ? "; \(pack.leftOut) no longer needed, left out" : "") + ".")
        case .fieldLoaded(let pack):
            return l.pick("已装入外出包：\(pack.date) \(pack.visitor)，\(pack.visits)户，\(pack.prints)枚指纹。",
                          "Field pack loaded: \(pack.date) \(pack.visitor), \(pack.visits) visits, \(pack.prints) prints.")
        case .fieldResults(let results):
            return l.pick("上门结果已写入 \(results.file)：完成\(results.completed)户，未遇\(results.missed)户，改期\(results.rescheduled)户，取消\(results.cancelled)户。",
                          "Visit outcomes written to \(results.file): \(results.completed) completed, \(results.missed) missed, "
                              + "\(results.rescheduled) for another day, \(results.cancelled) cancelled.")
        case .fieldReturned(let outcome):
            let result: String = switch outcome.result {
            case .applied: l.pick("已记录", "recorded")
            case .appliedAsRepeat: l.pick("已记录（此人期间已认证，记为重复认证）", "recorded (certified meanwhile: kept as a repeat)")
            case .alreadyReturned: l.pick("此前已导入，未变", "returned before, unchanged")
            case .deceased: l.pick("此人期间已报死亡：认证不记录，预约已关闭并留有记录", "reported dead meanwhile: the certification is not recorded, the booking is closed with the field's record")
            case .refused: l.pick("按本服务点规则不予记录，已留档", "not applied under the desk's rules, kept on record")
            }
            let kind = outcome.kind == "completed" ? l.pick("完成", "completed") : l.pick("未遇", "missed")
            return l.pick("预约 \(outcome.booking) \(kind)：\(result)。", "Booking \(outcome.booking) \(kind): \(result).")
        case .factor(let factor):
            switch factor {
            case .daysLeft(let days): return l.pick("距截止\(days)天", "\(days) days to the deadline")
            case .alreadySuspended: return l.pick("已暂停发放", "already suspended")
            case .reason(let reason): return Message.mobility(reason).text(l)
            case .age(let age): return l.pick("\(age)岁", "aged \(age)")
            case .waiting(let days): return l.pick("已等\(days)天", "waited \(days) days")
            case .missedVisits(let count): return l.pick("未遇\(count)次", "missed \(count)×")
            }
        case .time(let time):
            switch time {
            case .morning: return l.pick("上午", "morning")
            case .afternoon: return l.pick("下午", "afternoon")
            case .any: return l.pick("全天", "any time")
            }
        case .status(let status): return Message.visitStatus(status, l)
        case .column(let column):
            return switch column {
            case .position: "#"
            case .points: l.pick("分值", "Score")
            case .name: l.pick("姓名", "Name")
            case .residentID: l.pick("身份证号", "ID number")
            case .community: l.pick("社区", "Community")
            case .deadline: l.pick("截止", "Due by")
            case .slot: l.pick("排定", "Scheduled")
            }
        case .afterDeadline: return l.pick("晚于截止", "LATE")
        }
    }
}
