/// The bureau's rules as one pure function: a pensioner's facts and a moment in, their status out.
public struct StatusEngine: Sendable {
    public let policy: CertificationPolicy

    public init(policy: CertificationPolicy) {
        self.policy = policy
    }

    public func status(of resident: Resident, kioskCertification: CertificationFact?, death: DeathFact?,
                       at now: LocalDateTime) -> ResidentStatus {
        if let death {
            return .deceased(deceased(resident, death: death, now: now))
        }
        let route = policy.jurisdiction.route(insuredRegion: resident.insuredRegion)
        guard route == .servedHere else { return .notServedHere(route) }
        if resident.rosterStatus == .terminated {
            return .referToCityBureau(.init(reason: .terminated, suspendedSince: resident.suspendedSince, monthsSuspended: nil))
        }

        let last = CertificationFact.latest(kioskCertification, resident.rosterCertifiedOn.map {
            CertificationFact(date: $0, method: resident.rosterCertificationMethod, servicePoint: nil, source: .roster)
        })

        // A certification made after the suspension began lifts it, even before the bureau's roster says so.
        var endedSuspension: YearMonth?
        if resident.rosterStatus == .suspended, let since = resident.suspendedSince {
            if let last, last.date >= since.firstDay {
                endedSuspension = since
            } else {
                let months = now.date.yearMonth.months(since: since)
                if months >= policy.referral.suspendedMonths {
                    return .referToCityBureau(.init(reason: .longSuspension, suspendedSince: since, monthsSuspended: months))
                }
                return .suspended(.init(
                    since: since, monthsSuspended: months,
                    ifCertifiedNow: resumption(suspendedSince: since, certifiedAt: now.date, secondOfDay: now.secondOfDay,
                                               pension: resident.monthlyPension),
                    referralFrom: since.adding(months: policy.referral.suspendedMonths)))
            }
        }

        let cycle = CertificationCycle.containing(now.date, birthMonth: resident.id.birthDate.month, kind: policy.cycle)
        if let last, cycle.contains(last.date) {
            let resumed = endedSuspension.map {
                resumption(suspendedSince: $0, certifiedAt: last.date, secondOfDay: last.secondOfDay ?? 0, pension: resident.monthlyPension)
            }
            return .certified(.init(last: last, cycle: cycle, resumption: resumed))
        }
        let previous = cycle.previous
        if let last, last.date < previous.firstMonth.firstDay, endedSuspension == nil {
            return .overdue(.init(cycle: previous, missedWholeCycle: true, suspensionFrom: suspensionStart(after: previous)))
        }
        if now.date.yearMonth > cycle.recommendedMonth {
            return .overdue(.init(cycle: cycle, missedWholeCycle: false, suspensionFrom: suspensionStart(after: cycle)))
        }
        return .due(.init(cycle: cycle))
    }

    /// The month payment stops when `cycle` ends with no certification.
    public func suspensionStart(after cycle: CertificationCycle) -> YearMonth {
        cycle.lastMonth.adding(months: 1 + policy.suspension.graceMonths)
    }

    /// Certified from the 1st until the cut-off day's cut-off time (the 25th, 15:00): paid again
    /// next month; later in the month, the month after. Every month from the suspension up to
    /// then is paid back.
    public func resumption(suspendedSince: YearMonth, certifiedAt date: CivilDate, secondOfDay: Int, pension: Money?) -> ResidentStatus.Resumption {
        let rule = policy.resumption
        let beforeCutoff = date.day < rule.cutoffDay || (date.day == rule.cutoffDay && secondOfDay < rule.cutoffSecondOfDay)
        let resumesIn = date.yearMonth.adding(months: beforeCutoff ? 1 : 2)
        let months = max(resumesIn.months(since: suspendedSince), 0)
        return .init(resumesIn: resumesIn, backPayMonths: months, backPay: pension.map { $0 * months })
    }

    private func deceased(_ resident: Resident, death: DeathFact, now: LocalDateTime) -> ResidentStatus.Deceased {
        // Pensions are paid for the month of death; every later month up to now was paid in error,
        // except months in which the bureau had already suspended or stopped payment.
        let deathMonth = death.dateOfDeath.yearMonth
        var paidUntil = now.date.yearMonth
        switch resident.rosterStatus {
        case .normal: break
        case .suspended: paidUntil = min(paidUntil, (resident.suspendedSince ?? deathMonth).adding(months: -1))
        case .terminated: paidUntil = deathMonth
        }
        let months = max(paidUntil.months(since: deathMonth), 0)
        return .init(dateOfDeath: death.dateOfDeath, reportedOn: death.reportedOn,
                     settleBy: death.dateOfDeath.adding(days: policy.death.deadlineDays),
                     monthsPaidAfterDeath: months, amountPaidAfterDeath: resident.monthlyPension.map { $0 * months })
    }
}
