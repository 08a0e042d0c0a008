import Domain
import Foundation
import GRDB
import Store

/// Every certification made at this service point (fingerprint, approved photo, home visit) has
/// its receipt file, written from the committed record, once. The record's transaction marks
/// the receipt as owed (`receipt_pending`); `issue` writes it and lifts the mark; a kill in
/// between leaves the mark, and the desk writes what is still owed when it opens.
public struct ReceiptsDesk: Sendable {
    let database: AppDatabase
    let printer: ReceiptPrinter

    /// The receipt of a certification just recorded: its file (0600), and the slip when a printer is set.
    public func issue(_ certified: Certified) throws(KioskError) -> ReceiptPrinter.Issued {
        let issued = try printer.issue(certified.receipt)
        markWritten([certified.certification.id])
        return issued
    }

    /// The family's slip for a booking: on booking ("we will call"), or again once it has a day.
    public func issueSlip(_ record: VisitRecord) throws(KioskError) -> ReceiptPrinter.IssuedSlip {
        try printer.issue(BookingSlip(booking: record.booking, residentName: record.residentName,
                                      slot: record.status == .scheduled ? record.slot : nil,
                                      servicePoint: database.servicePoint, testClock: database.testClock))
    }

    /// Another slip for a receipt (a resident who lost theirs, a printer that jammed): the file
    /// kept is printed again as it is, or re-created from the record when it is missing. Staff
    /// who may certify; audited as a reprint, before anything is printed.
    public func reprint(_ number: String, by staff: StaffMember) throws(KioskError) -> ReceiptPrinter.Issued {
        try staff.mustBeAllowed(.certify)
        let receipt = try database.write { db in
            guard let receipt = try database.storedReceipt(db, number: number) else { throw KioskError.receiptNotFound(number) }
            try AuditLog.append(db, in: database, staff: staff.id, action: .receiptReprinted,
                                subject: .init(table: "certification", id: receipt.certificationID), detail: "receipt=\(number)")
            return receipt
        }
        let file = printer.file(of: receipt)
        let lines: [String]
        if let kept = try? String(contentsOfFile: file, encoding: .utf8) {
            lines = kept.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        } else {
            lines = try printer.save(receipt).lines
            markWritten([receipt.certificationID])
        }
        return ReceiptPrinter.Issued(receipt: receipt, lines: lines, file: file, printed: printer.send(file))
    }

    /// Writes the receipts still owed (not printed: the resident left long ago); returns how many
    /// files were missing. Reads only the marks, so a service point's years of certifications
    /// cost nothing here; a receipt whose file exists (the kill came after the write) is kept.
    func writeOwed() throws(KioskError) -> Int {
        let owed = try database.read { db in
            try AppDatabase.pendingReceipts(db).map { id in (id, try database.storedReceipt(db, certificationID: id)) }
        }
        guard !owed.isEmpty else { return 0 }
        var written = 0
        for case (_, let receipt?) in owed where !FileManager.default.fileExists(atPath: printer.file(of: receipt)) {
            _ = try printer.save(receipt)
            written += 1
        }
        markWritten(owed.map(\.0))
        return written
    }

    /// Lifts the marks of receipts whose files are written. Never waits for the write lock (an
    /// import may hold it) and never fails the caller: a mark left only makes the next start
    /// check that file again, and a file that exists is not written twice.
    private func markWritten(_ certificationIDs: [String]) {
        _ = try? database.writeWithoutWaiting { db in
            for id in certificationIDs {
                try db.execute(sql: "DELETE FROM receipt_pending WHERE certification_id = ?", arguments: [id])
            }
        }
    }
}
