import Domain
import Foundation
import KioskConfig
import Testing

@Suite("Configuration files")
struct ConfigTests {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../kiosk-config").standardizedFileURL

    /// A copy of the shipped configuration with one file's text replaced: `edit` gets the text.
    func configuration(_ file: String, _ edit: (String) -> String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-config-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.shipped, to: directory)
        let path = directory.appendingPathComponent(file).path
        try edit(try String(contentsOfFile: path, encoding: .utf8)).write(toFile: path, atomically: true, encoding: .utf8)
        return directory.path
    }

    func problem(_ file: String, _ edit: (String) -> String) throws -> ConfigProblem? {
        let directory = try configuration(file, edit)
        do {
            _ = try KioskSettings.load(configDirectory: directory)
            return nil
        } catch {
            guard case .config(let problem) = error else { return nil }
            return problem
        }
    }

    @Test func theInstalledKioskReadsEtcAndACheckoutItsOwnDirectory() {
        #expect(KioskSettings.defaultConfigDirectory(executable: "/usr/bin/kiosk") == "/etc/kiosk")
        #expect(KioskSettings.defaultConfigDirectory(executable: "/work/main/.build/debug/kiosk") == "kiosk-config")
        #expect(KioskSettings.defaultConfigDirectory(executable: "/usr/local/bin/kiosk") == "kiosk-config")
    }

    func line(of needle: String, in file: String) throws -> Int {
        let text = try String(contentsOf: Self.shipped.appendingPathComponent(file), encoding: .utf8)
        return text.components(separatedBy: "\n").firstIndex { $0.contains(needle) }! + 1
    }

    @Test func theShippedConfigurationIsHarbins() throws {
        let settings = try KioskSettings.load(configDirectory: Self.shipped.path)
        #expect(settings.policy == .harbin)
        #expect(settings.signIn == SignInPolicy())
        #expect(settings.fingerprint == FingerprintPolicy())
        #expect(settings.printKeyFile == settings.dataDirectory + "/prints.key")
        #expect(settings.servicePoint.code == "HRB-NG-XF01")
        #expect(settings.language == .chinese)
        #expect(settings.timeZone == "Asia/Shanghai")
        #expect(settings.dataDirectory == Self.shipped.deletingLastPathComponent().appendingPathComponent("kiosk-data").path)
    }

    @Test func theBlockFontIsUnifontUnlessNamedAndMayBeLeftOut() throws {
        #expect(try KioskSettings.load(configDirectory: Self.shipped.path).screen.blockFont == "/usr/share/unifont/unifont.hex")
        let named = try configuration("service-point.yaml") {
            $0.replacingOccurrences(of: "block_font: /usr/share/unifont/unifont.hex", with: "block_font: /opt/fonts/unifont-15.hex")
        }
        #expect(try KioskSettings.load(configDirectory: named).screen.blockFont == "/opt/fonts/unifont-15.hex")
        // A configuration from before the key (an upgrade keeps the service point's file): the default.
        let older = try configuration("service-point.yaml") { $0.replacingOccurrences(of: "  block_font: /usr/share/unifont/unifont.hex\n", with: "") }
        #expect(try KioskSettings.load(configDirectory: older).screen.blockFont == ScreenSettings.defaultBlockFont)
        #expect(try problem("service-point.yaml") { $0.replacingOccurrences(of: "block_font: /usr/share/unifont/unifont.hex", with: "block_font: \"\"") }?
            .key == "screen.block_font")
    }

    @Test func overridesWinOverTheFile() throws {
        let settings = try KioskSettings.load(configDirectory: Self.shipped.path, dataDirectory: "/tmp/elsewhere", language: .english)
        #expect(settings.dataDirectory == "/tmp/elsewhere")
        #expect(settings.language == .english)
    }

    @Test func anUnknownKeyIsNamedWithItsLineAndASuggestion() throws {
        let found = try problem("policy.yaml") { $0.replacingOccurrences(of: "  cycle: calendar_year", with: "  cycel: calendar_year") }
        #expect(found?.key == "certification.cycel")
        #expect(found?.line == (try line(of: "  cycle: calendar_year", in: "policy.yaml")))
        #expect(found?.kind == .unknownKey(suggestion: "cycle"))
        #expect(found?.file.hasSuffix("policy.yaml") == true)
    }

    @Test func aBadValueIsNamedWithWhatWasExpected() throws {
        let cycle = try problem("policy.yaml") { $0.replacingOccurrences(of: "  cycle: calendar_year", with: "  cycle: lunar") }
        #expect(cycle?.kind == .invalidValue(expected: .oneOf(["calendar_year", "rolling_birth_month"])))
        #expect(cycle?.line == (try line(of: "  cycle: calendar_year", in: "policy.yaml")))

        let day = try problem("policy.yaml") { $0.replacingOccurrences(of: "cutoff_day: 25", with: "cutoff_day: 31") }
        #expect(day?.key == "certification.resumption.cutoff_day")
        #expect(day?.kind == .invalidValue(expected: .integer(1...28)))

        let time = try problem("policy.yaml") { $0.replacingOccurrences(of: "cutoff_time: \"15:00\"", with: "cutoff_time: \"3pm\"") }
        #expect(time?.kind == .invalidValue(expected: .timeOfDay))

        let words = try problem("policy.yaml") { $0.replacingOccurrences(of: "deadline_days: 7", with: "deadline_days: seven") }
        #expect(words?.kind == .wrongType(expected: .integer(1...90)))

        let prefix = try problem("policy.yaml") { $0.replacingOccurrences(of: "served_region_prefixes: [\"2301\"]", with: "served_region_prefixes: [\"HRB\"]") }
        #expect(prefix?.key == "jurisdiction.served_region_prefixes")
        #expect(prefix?.kind == .invalidValue(expected: .regionPrefix))

        let zone = try problem("service-point.yaml") { $0.replacingOccurrences(of: "time_zone: Asia/Shanghai", with: "time_zone: Asia/Harbin_Town") }
        #expect(zone?.kind == .invalidValue(expected: .timeZone))

        let code = try problem("service-point.yaml") { $0.replacingOccurrences(of: "code: HRB-NG-XF01", with: "code: hrb ng") }
        #expect(code?.key == "service_point.code")
    }

    @Test func aMissingKeyIsNamed() throws {
        let found = try problem("policy.yaml") { $0.replacingOccurrences(of: "  deadline_days: 7\n", with: "") }
        #expect(found?.key == "death.deadline_days")
        #expect(found?.kind == .missingKey)
    }

    @Test func aSyntaxErrorGivesItsLine() throws {
        let found = try problem("policy.yaml") { $0.replacingOccurrences(of: "    grace_months: 0", with: "    grace_months: [0") }
        guard case .syntax? = found?.kind else { Issue.record("\(String(describing: found))"); return }
        #expect(found?.line != nil)
    }

    @Test func aMissingFileIsNamed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString)").path
        do {
            _ = try KioskSettings.load(configDirectory: directory)
            Issue.record("loaded a missing configuration")
        } catch {
            #expect(error == .config(ConfigProblem(file: directory + "/service-point.yaml", line: nil, key: nil, kind: .missingFile)))
        }
    }

    @Test func aRollingCycleAndEnglishAreChosenInTheFiles() throws {
        let directory = try configuration("policy.yaml") { $0.replacingOccurrences(of: "  cycle: calendar_year", with: "  cycle: rolling_birth_month") }
        let english = directory + "/service-point.yaml"
        try (try String(contentsOfFile: english, encoding: .utf8)).replacingOccurrences(of: "locale: zh-Hans", with: "locale: en")
            .write(toFile: english, atomically: true, encoding: .utf8)
        let settings = try KioskSettings.load(configDirectory: directory)
        #expect(settings.policy.cycle == .rollingFromBirthMonth)
        #expect(settings.language == .english)
    }
}
