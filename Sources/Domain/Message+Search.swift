/// The search for a resident without the ID card (`/` on the home and ID screens).
extension Message {
    public enum SearchText: Hashable, Sendable {
        /// The key help's name for `/`.
        case search
        case title, prompt, field, hint
        case noMatches
        /// `shown` matches listed, and there were more.
        case moreMatches(shown: Int)
        case matchCount(Int)
    }

    static func search(_ text: SearchText, _ l: Language) -> String {
        switch text {
        case .search: l.pick("搜索", "search")
        case .title: l.pick("搜索居民", "Find a resident")
        case .prompt: l.pick("没有身份证时：输入姓名、姓名拼音首字母，或电话、身份证号的后几位：",
                             "Without the ID card: type the name, its pinyin initials, or the last digits of the phone or ID number:")
        case .field: l.pick("搜索", "Search")
        case .hint: l.pick("例如：建国　wjg　5678", "for example: 建国  wjg  5678")
        case .noMatches: l.pick("没有找到符合的居民。", "No resident matches.")
        case .moreMatches(let shown): l.pick("只列出前\(shown)个：请多输入几个字或几位数字。", "Only the first \(shown) are listed: type more to narrow it.")
        case .matchCount(let count): l.pick("找到\(count)人：用↑↓选择，按Enter打开。", "\(count) found: choose with ↑↓, Enter opens.")
        }
    }
}
