/// The languages the kiosk speaks. Chinese is the default; English is for staff who prefer it.
public enum Language: String, Sendable, Codable, CaseIterable {
    case chinese = "zh-Hans"
    case english = "en"

    /// Accepts the usual spellings of a locale: `zh`, `zh-Hans`, `zh_CN.UTF-8`, `en`, `en_US`...
    public init?(locale: String) {
        let lowered = locale.lowercased()
        if lowered.hasPrefix("zh") { self = .chinese } else if lowered.hasPrefix("en") { self = .english } else { return nil }
    }
}

/// Text that a configuration gives in both languages (an office's address, a list of documents).
public struct LocalizedText: Hashable, Sendable, Codable {
    public var chinese: String
    public var english: String

    public init(chinese: String, english: String) {
        self.chinese = chinese
        self.english = english
    }

    public func text(_ language: Language) -> String {
        switch language {
        case .chinese: chinese
        case .english: english
        }
    }
}
