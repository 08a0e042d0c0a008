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
        // The deadline is the cycle's end (FAQ 3: 12月31日前); the birthday month only a recommendation.
        let previous = cycle.previous
        if let last, last.date < previous.firstMonth.firstDay, endedSuspension == nil {
            return .overdue(.init(cycle: previous, suspensionFrom: suspensionStart(after: previous)))
        }
        return .due(.init(cycle: cycle, recommendedMonthPassed: now.date.yearMonth > cycle.recommendedMonth))
    }

    /// The month payment stops when `cycle` ends with no certification.
    public func suspensionStart(after cycle: CertificationCycle) -> YearMonth {
        cycle.lastMonth.adding(months: 1 + policy.suspension.graceMonths)
    }

    /// Paid again the month after certifying (FAQ 12, 13: 认证后的次月), and every month from the
    /// suspension up to then paid back. A bureau that processes certifications only up to a day of
    /// the month may set a cut-off (policy.yaml; Harbin's FAQ has none): certified after it, the
    /// month after next.
    public func resumption(suspendedSince: YearMonth, certifiedAt date: CivilDate, secondOfDay: Int, pension: Money?) -> ResidentStatus.Resumption {
        let afterCutoff = policy.resumptionCutoff.map { cutoff in
            date.day > cutoff.day || (date.day == cutoff.day && secondOfDay >= cutoff.secondOfDay)
        } ?? false
        let resumesIn = date.yearMonth.adding(months: afterCutoff ? 2 : 1)
        let months = max(resumesIn.months(since: suspendedSince), 0)
        return .init(resumesIn: resumesIn, backPayFrom: suspendedSince, backPayMonths: months, backPay: pension.map { $0 * months })
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
