/// Photo certification: taking the photo, and the supervisor's review.
extension Message {
    public enum PhotoText: Hashable, Sendable {
        case taken(id: String, name: String, pending: Int)
        case noneWaiting
        case line(id: String, name: String, maskedID: String, capturedAt: LocalDateTime, staff: String, status: PhotoReviewStatus)
        case approved(id: String, receipt: String, certifiedAt: LocalDateTime)
        /// `certified`: a certification the resident has all the same (another method, meanwhile).
        case rejected(id: String, name: String, certified: CertificationFact?)
        case status(PhotoReviewStatus)
        case pendingCount(Int)
    }

    static func photo(_ text: PhotoText, _ l: Language) -> String {
        switch text {
        case .taken(let id, let name, let pending):
            return l.pick("已为\(name)拍照（加密保存），待主管审核，编号 \(id)。审核通过前不算认证；现有\(pending)张待审核。",
                          "Photo of \(name) taken (kept encrypted), waiting for a supervisor's review, \(id). It counts only once approved; \(pending) now waiting.")
        case .noneWaiting: return l.pick("没有待审核的照相认证。", "No photo certifications waiting for review.")
        case .line(let id, let name, let maskedID, let capturedAt, let staff, let status):
            return "\(id)  \(capturedAt.description.prefix(16))  \(name) \(maskedID)  " + l.pick("拍照：\(staff)", "taken by \(staff)") + "  [\(photo(.status(status), l))]"
        case .approved(let id, let receipt, let certifiedAt):
            return l.pick("照相认证 \(id) 审核通过：认证时间 \(certifiedAt.description.prefix(16))，回执号 \(receipt)。",
                          "Photo certification \(id) approved: certified as of \(certifiedAt.description.prefix(16)), receipt \(receipt).")
        case .rejected(let id, let name, let certified):
            if let certified {
                let how = certified.method.map { method($0, l) } ?? l.pick("方式未知", "method unknown")
                return l.pick("照相认证 \(id) 已退回。\(name)本周期已于\(certified.date)以其他方式认证（\(how)），认证有效，无需重新认证。",
                              "Photo certification \(id) rejected. \(name) was certified this cycle all the same, on \(certified.date) (\(how)): nothing more is needed.")
            }
            return l.pick("照相认证 \(id) 已退回：\(name)仍未认证，请联系其重新认证。",
                          "Photo certification \(id) rejected: \(name) is still not certified; contact them to certify again.")
        case .status(let status):
            switch status {
            case .pendingReview: return l.pick("待审核", "pending review")
            case .approved: return l.pick("已通过", "approved")
            case .rejected: return l.pick("已退回", "rejected")
            }
        case .pendingCount(let count): return l.pick("待审核照相认证 \(count) 张", "\(count) photo certifications waiting for review")
        }
    }
}
