import ArgumentParser
import Domain
import Photos

struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Photo certifications for a supervisor to approve or reject (never their own).",
        subcommands: [List.self, Show.self, Approve.self, Reject.self])

    struct Line: Encodable {
        var id: String
        var number: String
        var idNumber: String
        var name: String
        var capturedAt: String
        var takenBy: String
        var source: String
        var status: String
        var reviewedBy: String?
        var reason: String?
        var certificationId: String?
        var photoSha256: String
        var width: Int
        var height: Int

        init(_ record: PhotoCertification) {
            id = record.id
            number = record.number
            idNumber = record.residentID.masked
            name = record.residentName
            capturedAt = record.capturedAt.description
            takenBy = record.staffName
            source = record.source
            status = record.status.rawValue
            reviewedBy = record.reviewedBy
            reason = record.reason
            certificationId = record.certificationID
            photoSha256 = record.photoSHA256
            width = record.width
            height = record.height
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Photo certifications waiting for review (with --all, reviewed ones too).")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Flag(help: "Include reviewed ones.") var all = false
        @OptionGroup var output: OutputOptions

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let (desk, staff) = try session.signIn(signIn)
                let records = try desk.review(staff).waiting(all: all)
                if output.json { return try JSONOutput.print(records.map(Line.init)) }
                guard !records.isEmpty else { return session.say(.photo(.noneWaiting)) }
                for record in records {
                    session.say(.photo(.line(id: record.number, name: record.residentName, maskedID: record.residentID.masked,
                                             capturedAt: record.capturedAt, staff: record.staffName, status: record.status)))
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One photo certification, with the photo drawn in the terminal.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "The photo certification's number (or its long id).") var photo: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let (desk, staff) = try session.signIn(signIn)
                let review = desk.review(staff)
                let record = try review.record(photo)
                if output.json { return try JSONOutput.print(Line(record)) }
                session.say(.photo(.line(id: record.number, name: record.residentName, maskedID: record.residentID.masked,
                                         capturedAt: record.capturedAt, staff: record.staffName, status: record.status)))
                let jpeg = try review.photo(photo).jpeg
                let intake = PhotoIntake(settings: session.settings.photo)
                do throws(PhotoProblem) {
                    let picture = try intake.preview(Photo(jpeg: jpeg, width: record.width, height: record.height), columns: min(80, Terminal.columns))
                    print(HalfBlocks.render(picture, columns: Terminal.columns))
                } catch {
                    throw .photoRejected(error, source: record.id)
                }
            }
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve: the resident is certified as of when the photo was taken.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "The photo certification's number (or its long id).") var photo: String

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let (desk, staff) = try session.signIn(signIn)
                let certified = try desk.review(staff).approve(photo)
                session.say(.photo(.approved(id: photo, receipt: certified.receipt.receiptNumber, certifiedAt: certified.certification.certifiedAt)))
                try session.issueReceipt(of: certified, desk: desk)
            }
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject, with the reason: the resident is still to certify.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "The photo certification's number (or its long id).") var photo: String
        @Option(help: "Why (\"face not visible\", \"not the resident\"...).") var reason: String

        func validate() throws { try global.requireText(reason, option: "--reason") }

        func run() throws {
            try Session.run(global) { session throws(KioskError) in
                let (desk, staff) = try session.signIn(signIn)
                let review = desk.review(staff)
                let certified = try review.reject(photo, reason: reason.trimmingSpaces())
                session.say(.photo(.rejected(id: photo, name: try review.record(photo).residentName, certified: certified)))
            }
        }
    }
}
