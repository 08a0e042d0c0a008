import Domain
import Yams

/// Reads one YAML file into typed values, and turns every mistake into a `ConfigProblem` that
/// names the file, the line and the dotted key. Unknown keys are errors, so a typo never silently
/// leaves a default in force.
struct YAMLReader {
    let file: String

    func problem(_ node: Node?, _ key: String?, _ kind: ConfigProblem.Kind) -> KioskError {
        .config(ConfigProblem(file: file, line: node?.mark?.line, key: key, kind: kind))
    }

    func compose(_ text: String) throws(KioskError) -> Node {
        do {
            guard let node = try Yams.compose(yaml: text) else { throw problem(nil, nil, .wrongType(expected: .mapping)) }
            return node
        } catch let error as KioskError {
            throw error
        } catch let error as YamlError {
            throw .config(ConfigProblem(file: file, line: Self.line(of: error), key: nil, kind: .syntax(Self.summary(of: error))))
        } catch {
            throw .config(ConfigProblem(file: file, line: nil, key: nil, kind: .syntax(String(describing: error))))
        }
    }

    /// A mapping whose keys must all be in `allowed`.
    func mapping(_ node: Node, at path: String?, allowed: [String]) throws(KioskError) -> Section {
        guard let mapping = node.mapping else { throw problem(node, path, .wrongType(expected: .mapping)) }
        var entries: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            let dotted = path.map { "\($0).\(name)" } ?? name
            guard allowed.contains(name) else {
                throw problem(key, dotted, .unknownKey(suggestion: Self.closest(to: name, in: allowed)))
            }
            entries[name] = (key, value)
        }
        return Section(reader: self, node: node, path: path, entries: entries)
    }

    struct Section {
        let reader: YAMLReader
        let node: Node
        let path: String?
        let entries: [String: (key: Node, value: Node)]

        func dotted(_ key: String) -> String { path.map { "\($0).\(key)" } ?? key }

        func require(_ key: String) throws(KioskError) -> Node {
            guard let entry = entries[key] else { throw reader.problem(node, dotted(key), .missingKey) }
            return entry.value
        }

        func section(_ key: String, allowed: [String]) throws(KioskError) -> Section {
            try reader.mapping(require(key), at: dotted(key), allowed: allowed)
        }

        func text(_ key: String) throws(KioskError) -> String {
            let node = try require(key)
            guard let scalar = node.scalar else { throw reader.problem(node, dotted(key), .wrongType(expected: .text)) }
            let value = scalar.string.trimmingSpaces()
            guard !value.isEmpty else { throw reader.problem(node, dotted(key), .invalidValue(expected: .nonEmptyText)) }
            return value
        }

        /// Text that may be left empty (`""`): nil then.
        func optionalText(_ key: String) throws(KioskError) -> String? {
            let node = try require(key)
            guard let scalar = node.scalar else { throw reader.problem(node, dotted(key), .wrongType(expected: .text)) }
            let value = scalar.string.trimmingSpaces()
            return value.isEmpty ? nil : value
        }

        /// `true` or `false`.
        func boolean(_ key: String) throws(KioskError) -> Bool {
            let node = try require(key)
            switch node.scalar?.string {
            case "true": return true
            case "false": return false
            default: throw reader.problem(node, dotted(key), .wrongType(expected: .boolean))
            }
        }

        func integer(_ key: String, in range: ClosedRange<Int>) throws(KioskError) -> Int {
            let node = try require(key)
            guard let value = node.scalar.flatMap({ Int($0.string) }) else {
                throw reader.problem(node, dotted(key), .wrongType(expected: .integer(range)))
            }
            guard range.contains(value) else { throw reader.problem(node, dotted(key), .invalidValue(expected: .integer(range))) }
            return value
        }

        /// An integer a service point's file may leave out (a key added by a later release, so that
        /// a file edited before it still loads): `fallback` then.
        func integer(_ key: String, in range: ClosedRange<Int>, ifAbsent fallback: Int) throws(KioskError) -> Int {
            entries[key] == nil ? fallback : try integer(key, in: range)
        }

        func choice<T: RawRepresentable<String> & CaseIterable>(_ key: String, _: T.Type) throws(KioskError) -> T {
            let node = try require(key)
            let expected = ConfigExpectation.oneOf(T.allCases.map(\.rawValue))
            guard let scalar = node.scalar else { throw reader.problem(node, dotted(key), .wrongType(expected: expected)) }
            guard let value = T(rawValue: scalar.string) else { throw reader.problem(node, dotted(key), .invalidValue(expected: expected)) }
            return value
        }

        /// Either one string (used for both languages) or a mapping with `zh` and `en`.
        func localized(_ key: String) throws(KioskError) -> LocalizedText {
            let node = try require(key)
            if let scalar = node.scalar, !scalar.string.trimmingSpaces().isEmpty {
                return LocalizedText(chinese: scalar.string, english: scalar.string)
            }
            guard node.mapping != nil else { throw reader.problem(node, dotted(key), .wrongType(expected: .localizedText)) }
            let both = try reader.mapping(node, at: dotted(key), allowed: ["zh", "en"])
            return LocalizedText(chinese: try both.text("zh"), english: try both.text("en"))
        }

        /// A list of mappings, each with keys from `allowed`; their paths are `key[0]`, `key[1]`...
        func sections(_ key: String, allowed: [String]) throws(KioskError) -> [Section] {
            let node = try require(key)
            guard let sequence = node.sequence else { throw reader.problem(node, dotted(key), .wrongType(expected: .list)) }
            var sections: [Section] = []
            for (index, item) in sequence.enumerated() {
                sections.append(try reader.mapping(item, at: dotted(key) + "[\(index)]", allowed: allowed))
            }
            return sections
        }

        /// A list of scalars, each checked by `isValid`.
        func list(_ key: String, expected: ConfigExpectation, isValid: (String) -> Bool) throws(KioskError) -> [String] {
            let node = try require(key)
            guard let sequence = node.sequence else { throw reader.problem(node, dotted(key), .wrongType(expected: .list)) }
            var values: [String] = []
            for item in sequence {
                guard let text = item.scalar?.string, isValid(text) else {
                    throw reader.problem(item, dotted(key), .invalidValue(expected: expected))
                }
                values.append(text)
            }
            return values
        }
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        case .duplicatedKeysInMapping(_, let context): context.mark.line
        default: nil
        }
    }

    static func summary(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        case .duplicatedKeysInMapping(let duplicates, _): "duplicated keys: " + duplicates.joined(separator: ", ")
        default: String(describing: error)
        }
    }

    /// The allowed key nearest to a misspelt one (edit distance 2 or less).
    static func closest(to key: String, in allowed: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var previous = Array(0...b.count)
            for (i, ca) in a.enumerated() {
                var current = [i + 1]
                for (j, cb) in b.enumerated() {
                    current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
                }
                previous = current
            }
            return previous[b.count]
        }
        let scored = allowed.map { ($0, distance(Array(key), Array($0))) }.min { $0.1 < $1.1 }
        return scored.flatMap { $0.1 <= 2 ? $0.0 : nil }
    }
}
