import ArgumentParser

/// The product's commands, in the order `kiosk --help` lists them.
public enum KioskCommands {
    public static let all: [ParsableCommand.Type] = [
        Run.self, Init.self, Staff.self, Roster.self, ResidentCommand.self, Enroll.self, Unenroll.self, Certify.self, Identify.self,
        Alerts.self, Review.self, Visit.self, Field.self, ReceiptCommand.self, ReaderCommand.self, Report.self, Export.self, Audit.self, Backup.self, Restore.self,
        Sync.self, HubCommand.self,
    ]
}
