import Domain
import Store
import Workflows

/// Work a screen asks for: the database, the reader, the printer, the speaker. The live
/// `KioskServices` does it off the screen's thread and answers with a `Reply`.
public enum Effect: Hashable, Sendable {
    case signIn(name: String, password: String)
    case loadDashboard
    case lookUp(ResidentID)
    case certify(ResidentID)
    case enroll(ResidentID, Finger)
    /// Stops the scan under way (Esc, the idle lock).
    case cancelScan
    case changeContact(ResidentID, phone: String?, address: String?)
    case reportDeath(ResidentID, DeathEntry)
    case loadReport(ReportKind)
    case loadAlerts
    case resolveAlert(id: String, FraudAlert.Status, note: String)
    /// Says a prompt aloud for the resident, when speech is configured.
    case speak(Message.Spoken)
    case bell
    /// The staff member signed out (or the screen locked): the services forget them.
    case signOut
    /// Demo mode: the resident's own finger, a wrong one, or the reader pulled out.
    case demo(DemoPress)
}

public enum DemoPress: Hashable, Sendable {
    case ownFinger(ResidentID, Finger)
    case wrongFinger
    case unplug
}

/// What a family member reports at the desk when a pensioner has died.
public struct DeathEntry: Hashable, Sendable {
    public var dateOfDeath: CivilDate
    public var reporterName: String
    public var relation: String
    public var certificateNumber: String
}

public enum ReportKind: Int, Hashable, Sendable, CaseIterable {
    case dueThisMonth, overdue, suspended, referred
}

/// The answer to an `Effect`, delivered to the screen that asked.
public enum Reply: Sendable {
    case signedIn(StaffMember)
    case dashboard(Dashboard)
    case resident(ResidentRecord)
    case progress(FingerprintProgress)
    case certified(ReceiptPrinter.Issued, ResidentRecord)
    case enrolled(StoredPrint, fingers: [Finger])
    case contactChanged([ContactChange])
    case deathRecorded(ResidentRecord)
    case report(ReportKind, [ResidentReportLine])
    case alerts([FraudAlert])
    case alertResolved(id: String)
    case failed(KioskError)
}
