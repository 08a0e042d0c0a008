import ArgumentParser
import Domain
import Files
import Foundation
import ImageFiles
import Desk

struct ReaderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reader",
        abstract: "The fingerprint reader: list, capture an image, prints kept on the reader's chip.",
        subcommands: [List.self, Capture.self, Prints.self, Clear.self, Commission.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Readers present: driver, name, device id, features, enrol stages, scan type.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await Session.run(global) { session, reader throws(KioskError) in
                let readers = try await ReaderCalls.reading { () throws(ReaderFailure) in try await reader.readers() }
                if output.json { return try JSONOutput.print(readers) }
                guard !readers.isEmpty else { return session.say(Message.error(.reader(.noReader)).text(session.language)) }
                var rows = [["driver", "name", "device", "features", "stages", "scan"]]
                for info in readers {
                    rows.append([info.driver, info.name, info.deviceID, info.features.map(\.rawValue).joined(separator: ","),
                                 String(info.enrollStages), info.scanType.rawValue])
                }
                session.say(Terminal.table(rows))
            }
        }
    }

    struct Capture: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Capture one image from the first reader (image readers) as an 8-bit grey PNG.",
            discussion: "The file is readable by this user only: a fingerprint image is biometric data. --show also draws it in the terminal, so staff see where the finger lay.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "The PNG file to write.") var out: String?
        @Flag(help: "Draw the image in the terminal with grey half-blocks.") var show = false

        func run() async throws {
            try await Session.run(global) { session, reader throws(KioskError) in
                let image = try await ReaderCalls.reading { () throws(ReaderFailure) in try await reader.capture(session.coach) }
                if let out {
                    try PrivateFile.write(ImageFile.pngData(image), to: out)
                    session.say(.imageSaved(path: out, width: image.width, height: image.height))
                }
                if show { print(HalfBlocks.render(image, columns: Terminal.columns)) }
            }
        }
    }

    struct Prints: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Prints kept on the reader's own chip (match-on-chip readers).")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await Session.run(global) { session, reader throws(KioskError) in
                let prints = try await ReaderCalls.reading { () throws(ReaderFailure) in try await reader.storedPrints() }
                let rows = prints.map { ["finger": $0.finger?.rawValue ?? "-", "driver": $0.driver, "device": $0.deviceID] }
                if output.json { return try JSONOutput.print(rows) }
                session.say(.storedPrints(count: prints.count))
                for row in rows { session.say("  \(row["finger"]!)  \(row["driver"]!) #\(row["device"]!)") }
            }
        }
    }

    struct Clear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete every print kept on the reader's chip (supervisor or admin).",
            discussion: "For a reader whose storage is full, or that leaves the service point. Residents enrolled on it must enrol again.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Flag(help: "Confirm: this cannot be undone.") var yes = false

        func validate() throws {
            guard yes else { throw global.refuse(.confirmationNeeded(option: "--yes")) }
        }

        func run() async throws {
            try await Session.run(global) { session, reader throws(KioskError) in
                let (desk, staff) = try session.signIn(signIn)
                session.say(.storageCleared(forgotten: try await desk.readerStorage(staff, reader: reader).clear()))
            }
        }
    }
}

extension ReaderCommand {
    struct Commission: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a new reader into service (supervisor or admin): clear its chip, then check it with a staff finger.",
            discussion: """
                A reader that keeps prints on its chip is cleared first (as from the factory; enrolments made on it                 are forgotten). Then a staff member enrols one anonymous test print, which is verified and deleted:                 nothing is kept. Run it when a reader is installed or replaced.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var signIn: SignInOptions
        @Flag(help: "Confirm: a reader's chip storage cannot be restored.") var yes = false

        func validate() throws {
            guard yes else { throw global.refuse(.confirmationNeeded(option: "--yes")) }
        }

        func run() async throws {
            try await Session.run(global) { session, reader throws(KioskError) in
                let (desk, staff) = try session.signIn(signIn)
                let storage = desk.readerStorage(staff, reader: reader)
                try storage.mayManage()
                let info = try await ReaderCalls.firstReader(reader)
                if info.has(.storage), info.has(.storageClear) {
                    session.say(.storageCleared(forgotten: try await storage.clear()))
                }
                session.say(.commissionEnrol(stages: info.enrollStages))
                let template = try await ReaderCalls.reading { () throws(ReaderFailure) in try await reader.enroll(nil, session.coach) }
                session.say(.commissionVerify)
                let matched: Bool
                do throws(KioskError) {
                    matched = try await ReaderCalls.reading { () throws(ReaderFailure) in try await reader.verify(template, session.coach) }
                } catch {
                    // Whatever happened, the test print does not stay on the chip.
                    if template.storedOnDevice { try? await reader.deleteStored(template) }
                    throw error
                }
                if template.storedOnDevice {
                    try await ReaderCalls.reading { () throws(ReaderFailure) in try await reader.deleteStored(template) }
                }
                guard matched else { throw .commissionFailed }
                session.say(.commissioned(reader: info.name))
            }
        }
    }
}

extension Session {
    /// Prints a reader event as a coaching line on standard error (for the person at the reader).
    var coach: ReaderClient.Events {
        let language = language
        return { event in Terminal.error(Message.readerEvent(event).text(language)) }
    }
}
