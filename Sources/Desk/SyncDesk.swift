import Domain
import Foundation
import GRDB
import Store

/// The kiosk's side of the city hub: its audit chain and records up, the city's records for the
/// residents it serves down. Nothing at the counter waits on it; a sync that fails leaves the
/// kiosk as it was, and the next one carries on from where the hub got to.
public struct SyncDesk: Sendable {
    let database: AppDatabase
    let hub: HubClient
    let staff: StaffMember
    /// Seals enrolled prints' minutiae to the bureau's key for the city-wide duplicate check; nil
    /// when service-point.yaml names no bureau key (then no minutiae leave the kiosk).
    let bureau: BureauSealer?

    /// Entries per push (one hub transaction each) and records per pull (one kiosk transaction each).
    public static let pushBatch = 500
    public static let pullBatch = 1_000
    /// Roster rows per pull (one kiosk transaction each): a district's first pull is a few of them.
    public static let rosterBatch = 5_000
    /// Prints per push of sealed minutiae (one hub transaction each).
    public static let templateBatch = 200

    /// Pushes everything the hub lacks, then pulls everything new for this service point.
    /// `afterRestore` (a supervisor's `kiosk sync --after-restore`): first brings a kiosk restored
    /// from an older backup back onto the hub's chain (`rejoinAfterRestore`).
    public func sync(afterRestore: Bool = false) async throws(KioskError) -> HubSyncOutcome {
        try staff.mustBeAllowed(afterRestore ? .syncAfterRestore : .syncWithHub)
        var outcome = HubSyncOutcome()
        if afterRestore { try await rejoinAfterRestore(into: &outcome) }
        try await push(into: &outcome)
        // The roster first: what the records pulled next change applies to the residents it brought.
        try await pullRoster(into: &outcome)
        try await pull(into: &outcome)
        try await pullStaff(into: &outcome)
        // Last: the city's records are not held up by them.
        if let bureau { try await putTemplates(sealedTo: bureau, into: &outcome) }
        try database.recordHubSync(at: database.clock.now())
        return outcome
    }

    private func push(into outcome: inout HubSyncOutcome) async throws(KioskError) {
        var head = try await call { () async throws(HubFailure) in try await hub.head() }
        try requireOwn(head)
        while true {
            let batch = try database.hubBatch(after: head.seq, limit: Self.pushBatch)
            guard !batch.entries.isEmpty else { break }
            let expecting = head
            do {
                head = try await hub.push(expecting, batch)
            } catch .moved(let moved) {
                // Another sync of this kiosk (a second process, or a push whose answer was lost)
                // got there first: carry on from where the hub is, if that is this chain.
                try requireOwn(moved)
                head = moved
                continue
            } catch {
                throw .hub(error)
            }
            outcome.pushedEntries += batch.entries.count
            outcome.pushedRecords += batch.records.count
        }
        outcome.hubSeq = head.seq
    }

    /// Each enrolled print's minutiae, sealed to the bureau's key, up to the hub once (again when the
    /// bureau's key changes), and withdrawn when the print is unenrolled here. Each batch is
    /// noted here after the hub holds it, with one audit entry of its counts: a sync interrupted
    /// between the two sends the batch again, which the hub stores once.
    private func putTemplates(sealedTo bureau: BureauSealer, into outcome: inout HubSyncOutcome) async throws(KioskError) {
        let point = database.servicePoint.code
        while true {
            let awaiting = try database.printsAwaitingBureau(keyID: bureau.keyID, limit: Self.templateBatch)
            let withdrawn = try database.bureauTemplatesWithdrawn(limit: Self.templateBatch)
            guard !awaiting.isEmpty || !withdrawn.isEmpty else { break }
            var sealed: [BureauTemplate] = []
            var sent: [(printID: String, sealed: Bool)] = []
            for (id, print, enrolledAt) in awaiting {
                guard let print, let box = bureau.seal(print, point) else {
                    sent.append((id, false))
                    continue
                }
                sealed.append(BureauTemplate(printID: id, residentID: print.residentID.fullNumber, finger: print.finger,
                                             driver: print.template.driver, keyID: bureau.keyID, sealed: box, enrolledAt: enrolledAt))
                sent.append((id, true))
            }
            let batch = sealed
            try await call { () async throws(HubFailure) in try await hub.putTemplates(batch, withdrawn) }
            try database.write { db in
                try database.recordBureauTemplates(db, sent: sent, keyID: bureau.keyID, withdrawn: withdrawn)
                try AuditLog.append(db, in: database, staff: staff.id, action: .bureauTemplatesSent, subject: nil,
                                    detail: "sealed=\(sealed.count) without_minutiae=\(sent.count - sealed.count) withdrawn=\(withdrawn.count)"
                                        + " key=\(bureau.keyID)",
                                    residentDigest: try AuditLog.head(db).residentDigest)
            }
            outcome.templatesSealed += sealed.count
            outcome.templatesWithoutMinutiae += sent.count - sealed.count
            outcome.templatesWithdrawn += withdrawn.count
        }
    }

    /// The hub's last entry must be this kiosk's own, or nothing is pushed over it.
    private func requireOwn(_ head: HubHead) throws(KioskError) {
        let local = try database.auditChain(at: head.seq)
        if head.seq > local.length { throw .hubAheadOfKiosk(hubSeq: head.seq, kioskSeq: local.length) }
        if head.seq > 0, local.hash != head.hash { throw .hubChainDiverged(seq: head.seq) }
    }

    /// A kiosk restored from a backup older than what it had pushed holds a shorter chain than the
    /// hub's, or one that differs after the restore point F: the last entry both hold, found by
    /// halving (a hash covers every entry before it, so the chains agree up to F and nowhere after).
    /// The hub sets its entries after F aside as a fork, keeping the records they cover, and the
    /// kiosk pushes on from F. A chain that agrees with the hub's nowhere is another kiosk's: refused,
    /// nothing forked. Then the kiosk takes back its own certifications, death reports
    /// and contact changes only the hub still holds, as city records, with one audit entry; run
    /// again after an interruption, it takes back what it has not yet.
    private func rejoinAfterRestore(into outcome: inout HubSyncOutcome) async throws(KioskError) {
        let head = try await call { () async throws(HubFailure) in try await hub.head() }
        let kioskSeq = try database.auditChain(at: 0).length
        var sharedSeq = head.seq
        do {
            try requireOwn(head)
        } catch .hubAheadOfKiosk, .hubChainDiverged {
            sharedSeq = try await lastSharedEntry(upTo: min(head.seq, kioskSeq))
            guard sharedSeq > 0 else { throw .hubChainNotThisKiosks }
            let shared = HubHead(seq: sharedSeq, hash: try database.auditChain(at: sharedSeq).hash)
            let reason = "kiosk sync --after-restore by \(staff.name): the kiosk's chain ends at \(kioskSeq), the hub's at \(head.seq)"
            outcome.fork = try await call { () async throws(HubFailure) in try await hub.fork(head, shared, reason) }
            outcome.forkedAfter = sharedSeq
        }
        let records = try await call { () async throws(HubFailure) in try await hub.forkedRecords() }
        outcome = try database.write { db in
            var outcome = outcome
            var residents = try AuditLog.head(db).residentDigest
            // This kiosk's changes after the shared entry were made after the restore, later than any it lost.
            let kept = try keep(db, records, changedHereAfter: sharedSeq, residents: &residents)
            outcome.takenBack = kept.counts.values.reduce(0, +)
            outcome.alertsRaised += kept.alerts
            guard outcome.fork != nil || outcome.takenBack > 0 else { return outcome }
            let fork = outcome.fork.map { "fork=\($0.number) after=\(sharedSeq) hub_head=\(head.seq) kiosk_head=\(kioskSeq) forked=\($0.entries) " } ?? ""
            try AuditLog.append(db, in: database, staff: staff.id, action: .hubRestored, subject: nil,
                                detail: fork + "taken_back=\(outcome.takenBack) certifications=\(kept.counts[.certification] ?? 0)"
                                    + " deaths=\(kept.counts[.deathReport] ?? 0) contacts=\(kept.counts[.contactChange] ?? 0) applied=\(kept.applied)",
                                residentDigest: residents)
            return outcome
        }
    }

    /// The greatest seq up to `limit` at which the hub's entry is this kiosk's (0: none is).
    private func lastSharedEntry(upTo limit: Int64) async throws(KioskError) -> Int64 {
        var (shared, differing) = (Int64(0), limit + 1)
        while differing - shared > 1 {
            let middle = shared + (differing - shared) / 2
            let hubHash = try await call { () async throws(HubFailure) in try await hub.entryHash(middle) }
            if let hubHash, hubHash == (try database.auditChain(at: middle).hash) { shared = middle } else { differing = middle }
        }
        return shared
    }

    private func pull(into outcome: inout HubSyncOutcome) async throws(KioskError) {
        var cursor = try database.hubPullCursor()
        while true {
            let after = cursor
            let pulled = try await call { () async throws(HubFailure) in try await hub.pull(after, Self.pullBatch) }
            guard !pulled.records.isEmpty || pulled.next != cursor else { break }
            try keep(pulled, into: &outcome)
            cursor = pulled.next
            if pulled.records.count < Self.pullBatch { break }
        }
    }

    /// The staff accounts the bureau changed for this point, each batch in one transaction with its
    /// cursor: an account the hub says may not work here can no longer sign in here.
    private func pullStaff(into outcome: inout HubSyncOutcome) async throws(KioskError) {
        var cursor = try database.hubStaffCursor()
        while true {
            let after = cursor
            let pulled = try await call { () async throws(HubFailure) in try await hub.pullStaff(after, Self.pullBatch) }
            guard !pulled.accounts.isEmpty || pulled.next != cursor else { break }
            outcome.staffAccountsChanged += try database.write { db in
                var changed = 0
                for account in pulled.accounts where try database.applyHubStaff(db, account, by: staff) { changed += 1 }
                try database.setHubStaffCursor(db, pulled.next)
                return changed
            }
            cursor = pulled.next
            if pulled.accounts.count < Self.pullBatch { break }
        }
    }

    /// The city roster's rows for the residents this point serves, applied to this kiosk's roster
    /// as an import of the bureau's file is (`applyCityRoster`): each batch in one transaction with
    /// its import record, one audit entry and the cursor after it. A kiosk with a hub needs no
    /// roster file; residents the city roster no longer lists stay here as they were, as with a
    /// file import.
    private func pullRoster(into outcome: inout HubSyncOutcome) async throws(KioskError) {
        var cursor = try database.hubRosterCursor()
        while true {
            let after = cursor
            let pulled = try await call { () async throws(HubFailure) in try await hub.pullRoster(after, Self.rosterBatch) }
            guard pulled.next != cursor else { break }
            outcome = try database.write { db in
                var outcome = outcome
                var residents = try AuditLog.head(db).residentDigest
                let report = try database.applyCityRoster(db, pulled.rows, source: "hub \(pulled.next)", residents: &residents)
                _ = try database.recordRosterImport(db, report, by: staff, residents: residents)
                try database.setHubRosterCursor(db, pulled.next)
                outcome.rosterAdded += report.inserted
                outcome.rosterChanged += report.updated
                outcome.rosterUnchanged += report.unchanged
                outcome.rosterRejected += report.rejections.count
                outcome.rosterRemoved += pulled.removed.count
                return outcome
            }
            cursor = pulled.next
            if pulled.rows.count + pulled.removed.count < Self.rosterBatch { break }
        }
    }

    /// One pull's records, the effects they have here, and the cursor after them, in one
    /// transaction with one audit entry: a pull interrupted anywhere is pulled again whole.
    private func keep(_ pulled: HubPull, into outcome: inout HubSyncOutcome) throws(KioskError) {
        outcome = try database.write { db in
            var outcome = outcome
            var residents = try AuditLog.head(db).residentDigest
            // This kiosk's changes not yet on the hub are later than what the hub sends.
            let kept = try keep(db, pulled.records, changedHereAfter: outcome.hubSeq, residents: &residents)
            try database.setHubPullCursor(db, pulled.next)
            let counts = kept.counts
            if !counts.isEmpty {
                try AuditLog.append(db, in: database, staff: staff.id, action: .cityRecordsPulled, subject: nil,
                                    detail: "certifications=\(counts[.certification] ?? 0) deaths=\(counts[.deathReport] ?? 0)"
                                        + " contacts=\(counts[.contactChange] ?? 0) applied=\(kept.applied) cursor=\(pulled.next)",
                                    residentDigest: residents)
            }
            outcome.pulledCertifications += counts[.certification] ?? 0
            outcome.pulledDeaths += counts[.deathReport] ?? 0
            outcome.pulledContactChanges += counts[.contactChange] ?? 0
            outcome.contactsApplied += kept.applied
            outcome.alertsRaised += kept.alerts
            return outcome
        }
    }

    /// What keeping city records did here: the new ones by kind, contact changes applied, alerts raised.
    private struct Kept {
        var counts: [CityRecordKind: Int] = [:]
        var applied = 0
        var alerts = 0
    }

    /// Keeps the records the hub sent (each once) and makes their effects here, inside the caller's
    /// write: a contact change that is the latest on the hub, unless this kiosk changed the field
    /// in an entry after `changedHereAfter`; the alert for a certification dated after a death.
    private func keep(_ db: Database, _ records: [CityRecord], changedHereAfter seq: Int64, residents: inout TableDigest) throws -> Kept {
        var kept = Kept()
        for record in records {
            guard try database.keepCityRecord(db, record) else { continue }
            kept.counts[record.kind, default: 0] += 1
            // Effects only for a resident of this kiosk's roster (looked up by the exact number).
            guard record.residentID.utf8.count == 18, case let id = ResidentID(trusted: record.residentID),
                  try database.residentExists(db, id) else { continue }
            switch record.kind {
            case .contactChange:
                // The latest on the hub's clock wins (the hub says which), unless this kiosk changed
                // the field since, later still; both changes stay in the records.
                let change = try CityContactChange(body: record.body)
                guard record.latest, try !database.contactChanged(db, id, field: change.field, after: seq) else { continue }
                residents.remove(try AuditLog.residentDigest(db, id)!)
                try database.applyContact(db, id, field: change.field, value: change.newValue)
                residents.add(try AuditLog.residentDigest(db, id)!)
                kept.applied += 1
            case .certification, .deathReport:
                // A death reported anywhere wins over a certification dated after it, which raises the alert.
                if let found = try database.certificationAfterDeath(db, id), try database.raisePosthumousAlert(db, id, found, by: staff) {
                    kept.alerts += 1
                }
            }
        }
        return kept
    }

    private func call<T>(_ body: () async throws(HubFailure) -> T) async throws(KioskError) -> T {
        do { return try await body() } catch { throw .hub(error) }
    }
}

/// The fields of a contact change the hub sends down that decide what it changes here.
struct CityContactChange: Decodable {
    var field: ContactChange.Field
    var newValue: String

    enum CodingKeys: String, CodingKey { case field, newValue = "new_value" }

    init(body: String) throws {
        self = try JSONDecoder().decode(Self.self, from: Data(body.utf8))
    }
}
