import Domain
import Foundation
import Yams

extension KioskSettings {
    /// Reads `service-point.yaml` and `policy.yaml` from `configDirectory`. `dataDirectory` and
    /// `language`, when given (from `--data-dir`/`KIOSK_DATA_DIR` and `--lang`), win over the file.
    public static func load(configDirectory: String, dataDirectory: String? = nil, language: Language? = nil) throws(KioskError) -> KioskSettings {
        let directory = URL(fileURLWithPath: configDirectory).standardizedFileURL
        let servicePointPath = directory.appendingPathComponent(servicePointFile).path
        let policyPath = directory.appendingPathComponent(policyFile).path

        let site = try readServicePoint(servicePointPath)
        let (policy, signIn, fingerprint, visitPolicy, maxPending) = try readPolicy(policyPath)
        let data = dataDirectory ?? site.dataDirectory
        let resolved = data.hasPrefix("/") ? URL(fileURLWithPath: data) : (dataDirectory != nil
            ? URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(data)
            : directory.appendingPathComponent(data))
        func inData(_ path: String) -> String {
            (path.hasPrefix("/") ? URL(fileURLWithPath: path) : resolved.appendingPathComponent(path)).standardizedFileURL.path
        }
        func inConfig(_ path: String) -> String {
            (path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)).standardizedFileURL.path
        }
        var receipts = site.receipts
        receipts.directory = inData(receipts.directory)
        return KioskSettings(configDirectory: directory.path, servicePoint: site.servicePoint, timeZone: site.timeZone,
                             language: language ?? site.language, dataDirectory: resolved.standardizedFileURL.path,
                             policy: policy, signIn: signIn, fingerprint: fingerprint, printKeyFile: inData(site.printKey),
                             screen: site.screen, receipts: receipts, visitPolicy: visitPolicy, visitStaff: site.visitStaff,
                             photo: site.photo, maxPendingPhotoReviews: maxPending, hub: site.hub.map { hub in
                                 var hub = hub
                                 hub.passwordFile = inConfig(hub.passwordFile)
                                 hub.caFile = inConfig(hub.caFile)
                                 hub.bureauKeyFile = hub.bureauKeyFile.map(inConfig)
                                 return hub
                             })
    }

    static func contents(of path: String) throws(KioskError) -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .config(ConfigProblem(file: path, line: nil, key: nil, kind: .missingFile))
        }
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .config(ConfigProblem(file: path, line: nil, key: nil, kind: .unreadable(error.localizedDescription)))
        }
    }

    private static func readServicePoint(_ path: String) throws(KioskError)
        -> (servicePoint: ServicePoint, timeZone: String, language: Language, dataDirectory: String, printKey: String,
            screen: ScreenSettings, receipts: ReceiptSettings, visitStaff: [VisitStaff], photo: PhotoSettings, hub: HubSettings?) {
        let reader = YAMLReader(file: path)
        let root = try reader.mapping(try reader.compose(try contents(of: path)), at: nil,
                                      allowed: ["service_point", "time_zone", "locale", "data_dir", "print_key", "screen", "receipts",
                                                "home_visit_staff", "photo", "hub"])
        let point = try root.section("service_point", allowed: ["code", "name", "district", "phone"])
        let code = try point.text("code")
        guard ServicePoint.isValidCode(code) else {
            throw reader.problem(try point.require("code"), "service_point.code", .invalidValue(expected: .servicePointCode))
        }
        let zone = try root.text("time_zone")
        guard TimeZone(identifier: zone) != nil else {
            throw reader.problem(try root.require("time_zone"), "time_zone", .invalidValue(expected: .timeZone))
        }
        let localeText = try root.text("locale")
        guard let language = Language(locale: localeText) else {
            throw reader.problem(try root.require("locale"), "locale", .invalidValue(expected: .oneOf(Language.allCases.map(\.rawValue))))
        }
        let servicePoint = ServicePoint(code: code, name: try point.localized("name"), district: try point.text("district"),
                                        phone: point.entries["phone"] == nil ? nil : try point.optionalText("phone"))
        let screenSection = try root.section("screen", allowed: ["large_text", "speech", "speech_command", "block_font"])
        let speechCommand = try screenSection.list("speech_command", expected: .nonEmptyText) { !$0.trimmingSpaces().isEmpty }
        if speechCommand.isEmpty {
            throw reader.problem(try screenSection.require("speech_command"), "screen.speech_command", .invalidValue(expected: .nonEmptyText))
        }
        let screen = ScreenSettings(largeText: try screenSection.boolean("large_text"),
                                    speechCommand: try screenSection.boolean("speech") ? speechCommand : nil,
                                    blockFont: screenSection.entries["block_font"] == nil ? ScreenSettings.defaultBlockFont
                                        : try screenSection.text("block_font"))
        let receiptSection = try root.section("receipts", allowed: ["directory", "printer", "width"])
        let receipts = ReceiptSettings(directory: try receiptSection.text("directory"), printer: try receiptSection.optionalText("printer"),
                                       width: try receiptSection.integer("width", in: 24...80))
        var visitStaff: [VisitStaff] = []
        for member in try root.sections("home_visit_staff", allowed: ["name", "days", "daily_capacity"]) {
            let days = try member.list("days", expected: .oneOf(Weekday.allCases.map(\.code))) { Weekday(code: $0) != nil }
            let name = try member.text("name")
            if visitStaff.contains(where: { $0.name == name }) {
                throw reader.problem(try member.require("name"), member.dotted("name"), .invalidValue(expected: .uniqueName))
            }
            visitStaff.append(VisitStaff(name: name, days: Set(days.compactMap(Weekday.init(code:))),
                                         dailyCapacity: try member.integer("daily_capacity", in: 1...50)))
        }
        let photo = try root.section("photo", allowed: ["camera", "capture_width", "capture_height", "min_width", "min_height",
                                                        "max_megabytes", "max_side", "max_megapixels", "stored_side"])
        let photoSettings = PhotoSettings(camera: try photo.text("camera"), captureWidth: try photo.integer("capture_width", in: 160...4096),
                                          captureHeight: try photo.integer("capture_height", in: 120...4096),
                                          minWidth: try photo.integer("min_width", in: 16...4096), minHeight: try photo.integer("min_height", in: 16...4096),
                                          maxBytes: try photo.integer("max_megabytes", in: 1...100) * 1_048_576,
                                          maxSide: try photo.integer("max_side", in: 160...20_000),
                                          maxPixels: try photo.integer("max_megapixels", in: 1...400, ifAbsent: PhotoSettings.defaultMaxMegapixels) * 1_000_000,
                                          storedSide: try photo.integer("stored_side", in: 160...4096))
        var hub: HubSettings?
        if root.entries["hub"] != nil {
            let section = try root.section("hub", allowed: ["host", "port", "database", "user", "password_file", "ca_file", "stale_after_hours",
                                                       "sync_every_minutes", "bureau_key"])
            hub = HubSettings(host: try section.text("host"), port: try section.integer("port", in: 1...65535), database: try section.text("database"),
                              user: try section.text("user"), passwordFile: try section.text("password_file"), caFile: try section.text("ca_file"),
                              staleAfterHours: try section.integer("stale_after_hours", in: 1...24 * 90),
                              syncEveryMinutes: try section.integer("sync_every_minutes", in: 1...24 * 60, ifAbsent: 5),
                              bureauKeyFile: section.entries["bureau_key"] == nil ? nil : try section.optionalText("bureau_key"))
        }
        return (servicePoint, zone, language, try root.text("data_dir"), try root.text("print_key"), screen, receipts, visitStaff, photoSettings, hub)
    }

    private static func readPolicy(_ path: String) throws(KioskError) -> (CertificationPolicy, SignInPolicy, FingerprintPolicy, VisitPolicy, Int) {
        let reader = YAMLReader(file: path)
        let root = try reader.mapping(try reader.compose(try contents(of: path)), at: nil,
                                      allowed: ["certification", "death", "jurisdiction", "sign_in", "fingerprint", "home_visits", "photo_review"])

        let certification = try root.section("certification", allowed: ["cycle", "suspension", "resumption", "referral"])
        let suspension = try certification.section("suspension", allowed: ["grace_months"])
        let resumption = try certification.section("resumption", allowed: ["cutoff", "cutoff_day", "cutoff_time"])
        let cutoffNode = try resumption.require("cutoff_time")
        guard let cutoff = cutoffNode.scalar.flatMap({ Self.secondOfDay($0.string) }) else {
            throw reader.problem(cutoffNode, "certification.resumption.cutoff_time", .invalidValue(expected: .timeOfDay))
        }
        // Checked even while the cut-off is off, so turning it on never meets a mistake left lying.
        let cutoffDay = try resumption.integer("cutoff_day", in: 1...28)
        let referral = try certification.section("referral", allowed: ["suspended_months", "office", "documents"])

        let death = try root.section("death", allowed: ["deadline_days", "office", "documents"])

        let jurisdiction = try root.section("jurisdiction", allowed: ["served_region_prefixes", "province_prefix", "provincial_app", "city_apps",
                                                                       "abroad_region_codes"])
        let isPrefix: (String) -> Bool = { (1...6).contains($0.count) && $0.allSatisfy(\.isASCIIDigitCharacter) }
        let served = try jurisdiction.list("served_region_prefixes", expected: .regionPrefix, isValid: isPrefix)
        if served.isEmpty {
            throw reader.problem(try jurisdiction.require("served_region_prefixes"), "jurisdiction.served_region_prefixes", .invalidValue(expected: .regionPrefix))
        }
        let provinceNode = try jurisdiction.require("province_prefix")
        let province = try jurisdiction.text("province_prefix")
        guard province.count == 2, isPrefix(province) else {
            throw reader.problem(provinceNode, "jurisdiction.province_prefix", .invalidValue(expected: .regionPrefix))
        }
        let abroad = try jurisdiction.list("abroad_region_codes", expected: .regionPrefix, isValid: { $0.count == 6 && isPrefix($0) })

        let signIn = try root.section("sign_in", allowed: ["max_failures", "lock_minutes", "minimum_password_length", "idle_lock_minutes"])

        let policy = CertificationPolicy(
            cycle: try certification.choice("cycle", CertificationPolicy.CycleKind.self),
            suspension: .init(graceMonths: try suspension.integer("grace_months", in: 0...12)),
            resumptionCutoff: try resumption.boolean("cutoff") ? .init(day: cutoffDay, secondOfDay: cutoff) : nil,
            referral: .init(suspendedMonths: try referral.integer("suspended_months", in: 1...120),
                            office: try referral.localized("office"), documents: try referral.localized("documents")),
            death: .init(deadlineDays: try death.integer("deadline_days", in: 1...90),
                         office: try death.localized("office"), documents: try death.localized("documents")),
            jurisdiction: Jurisdiction(servedRegionPrefixes: served, provincePrefix: province,
                                       provincialApp: try jurisdiction.localized("provincial_app"),
                                       cityApps: try jurisdiction.localized("city_apps"), legacyAbroadRegionCodes: abroad))
        let signInPolicy = SignInPolicy(maxFailures: try signIn.integer("max_failures", in: 1...20),
                                        lockSeconds: try signIn.integer("lock_minutes", in: 1...1440) * 60,
                                        minimumPasswordLength: try signIn.integer("minimum_password_length", in: 8...128),
                                        idleLockSeconds: try signIn.integer("idle_lock_minutes", in: 1...60) * 60)
        let fingerprint = try root.section("fingerprint", allowed: ["fingers_per_resident", "attempts", "scan_timeout_seconds"])
        let fingerprintPolicy = FingerprintPolicy(fingersPerResident: try fingerprint.integer("fingers_per_resident", in: 1...10),
                                                  attempts: try fingerprint.integer("attempts", in: 1...10),
                                                  scanTimeoutSeconds: try fingerprint.integer("scan_timeout_seconds", in: 5...150))
        let review = try root.section("photo_review", allowed: ["max_pending"])
        return (policy, signInPolicy, fingerprintPolicy, try readVisitPolicy(root), try review.integer("max_pending", in: 1...10_000))
    }

    private static func readVisitPolicy(_ root: YAMLReader.Section) throws(KioskError) -> VisitPolicy {
        let visits = try root.section("home_visits", allowed: ["eligible_reasons", "elderly_minimum_age", "priority"])
        let reasons = [Mobility.elderly, .disabled, .ill]
        let eligible = try visits.list("eligible_reasons", expected: .oneOf(reasons.map(\.rawValue))) { text in
            reasons.contains { $0.rawValue == text }
        }
        let priority = try visits.section("priority", allowed: ["per_day_closer_to_deadline", "horizon_days", "already_suspended", "reason",
                                                              "per_year_of_age", "per_day_waiting", "per_missed_visit"])
        let reasonPoints = try priority.section("reason", allowed: reasons.map(\.rawValue))
        var points: [Mobility: Int] = [:]
        for reason in reasons { points[reason] = try reasonPoints.integer(reason.rawValue, in: 0...10_000) }
        return VisitPolicy(
            eligibleReasons: Set(eligible.compactMap(Mobility.init(rawValue:))),
            elderlyMinimumAge: try visits.integer("elderly_minimum_age", in: 60...120),
            weights: .init(perDayCloserToDeadline: try priority.integer("per_day_closer_to_deadline", in: 0...1000),
                           horizonDays: try priority.integer("horizon_days", in: 1...400),
                           alreadySuspended: try priority.integer("already_suspended", in: 0...100_000), reason: points,
                           perYearOfAge: try priority.integer("per_year_of_age", in: 0...1000),
                           perDayWaiting: try priority.integer("per_day_waiting", in: 0...1000),
                           perMissedVisit: try priority.integer("per_missed_visit", in: 0...10_000)))
    }

    /// `HH:MM`, 24-hour clock.
    static func secondOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        return hour * 3600 + minute * 60
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
}
