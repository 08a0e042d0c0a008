import Domain
import Desk

/// Photo certification at the desk: a still from the camera (or a file when there is none),
/// shown for staff to check the framing, retaken or kept. Kept, it waits for a supervisor.
struct PhotoCertifyScreen: Screen {
    enum Phase {
        case ready
        case typingFile
        case taking
        case checking(PhotoShot)
        case saving(PhotoShot)
        case saved(String)
    }

    var record: ResidentRecord
    var card: ResidentCard
    var phase = Phase.ready
    var file = TextField(limit: 200)
    var problem: Message?

    init(_ record: ResidentRecord, _ context: AppContext) {
        self.record = record
        card = ResidentCard(record)
    }

    func title(_ context: AppContext) -> String { context.text(.menuPhoto) }

    func keys(_ context: AppContext) -> [KeyHint] {
        switch phase {
        case .ready: [KeyHint("Enter", .takePhoto), KeyHint(.photoFromFile), KeyHint("Esc", .back)]
        case .typingFile: [KeyHint("Enter", .takePhoto), KeyHint("Esc", .back)]
        case .taking, .saving: []
        case .checking: [KeyHint("Enter", .keepPhoto), KeyHint(.retakePhoto), KeyHint("Esc", .back)]
        case .saved: [KeyHint("Esc", .back)]
        }
    }

    mutating func handle(_ key: Key, _ context: AppContext) -> [Action]? {
        switch (phase, key) {
        case (.ready, .enter), (.checking, LetterKey.retakePhoto):
            return take(file: nil)
        case (.ready, LetterKey.photoFromFile):
            phase = .typingFile
            // A retry starts from an empty path, not the one just refused.
            file.value = ""
            problem = nil
            return []
        case (.typingFile, .enter):
            guard !file.trimmed.isEmpty else { return [] }
            return take(file: file.trimmed)
        case (.typingFile, .escape):
            phase = .ready
            return []
        case (.typingFile, _):
            return file.handle(key) ? [] : nil
        case (.checking(let shot), .enter):
            phase = .saving(shot)
            return [.perform(.savePhoto(record.id, shot))]
        case (.taking, _), (.saving, _):
            return key == .function(10) ? nil : []
        case (.saved, _):
            return Action.nextResident(typing: key)
        default:
            return nil
        }
    }

    private mutating func take(file: String?) -> [Action] {
        phase = .taking
        problem = nil
        return [.perform(.takePhoto(file: file, previewColumns: PhotoPreview.columns))]
    }

    mutating func receive(_ reply: Reply, _ context: AppContext) -> [Action] {
        switch reply {
        case .photoShot(let shot):
            phase = .checking(shot)
        case .photoSaved(let record, let pending):
            // The picture leaves the screen's memory once it is sealed.
            phase = .saved(context.text(.photo(.taken(id: record.number, name: record.residentName, pending: pending))))
            return [.perform(.bell)]
        case .failed(let error):
            phase = .ready
            problem = .error(error)
            return [.perform(.bell)]
        default: break
        }
        return []
    }

    func draw(_ canvas: inout Canvas, _ area: Area, _ context: AppContext) {
        canvas.cursor = nil
        var row = area.top + card.drawCompact(&canvas, area, context, maxRows: 2) + 1
        switch phase {
        case .ready:
            canvas.paragraph(context.text(.photoHint), row: row, column: area.left, width: area.columns, maxRows: 3)
            row += 4
        case .typingFile:
            file.draw(&canvas, row: row, column: area.left, labelWidth: 10, width: min(area.columns, 70),
                      label: context.text(.photoFile), focused: true)
            row += 2
        case .taking, .saving:
            canvas.text(context.text(.saving), row: row, column: area.left, style: .dim)
        case .checking(let shot):
            row += PhotoPreview.draw(shot.preview, &canvas, row: row, column: area.left, maxRows: area.bottom - row - 1)
            canvas.text(context.text(.photoCheckFraming), row: row, column: area.left, style: .label, width: area.columns)
        case .saved(let text):
            canvas.paragraph(text, row: row, column: area.left, width: area.columns, maxRows: 4, style: .good)
        }
        if let problem { canvas.paragraph(context.text(problem), row: row, column: area.left, width: area.columns, maxRows: 3, style: .bad) }
    }
}

/// A supervisor's review of photo certifications: the list, the photo, approve or reject with a
/// reason. Never one's own: the database refuses it and says so.
struct PhotoReviewScreen: Screen {
    var records: [PhotoCertification]?
    var selected = 0
    var preview: (id: String, image: GreyImage)?
    var rejecting = false
    var reason = TextField(limit: 80)
    var pending: (id: String, approve: Bool)?
    var message: Message?
    var problem: Message?

    func title(_ context: AppContext) -> String { context.text(.menuReviewPhotos) }

    func keys(_ context: AppContext) -> [KeyHint] {
        rejecting ? [KeyHint("Enter", .save), KeyHint("Esc", .back)]
            : [KeyHint("↑↓", .choose), KeyHint("Enter", .showPhoto), KeyHint(.approvePhoto), KeyHint(.rejectPhoto), KeyHint("Esc", .back)]
    }

    mutating func appear(_ context: AppContext) -> [Action] { [.perform(.loadPhotoReviews)] }

    private var current: PhotoCertification? {
        guard let records, records.indices.contains(selected) else { return nil }
        return records[selected]
    }

    mutating func handle(_ key: Key, _ context: AppContext) -> [Action]? {
        if rejecting {
            switch key {
            case .escape: rejecting = false
            case .enter:
                guard let current, !reason.trimmed.isEmpty else {
                    problem = .screen(.noteNeeded)
                    return []
                }
                pending = (current.id, false)
                return [.push(ConfirmScreen(question: .confirmReview(name: current.residentName, approve: false), answer: "review"))]
            default: return reason.handle(key) ? [] : nil
            }
            return []
        }
        switch key {
        case .up, .down:
            let count = records?.count ?? 0
            selected = key == .up ? max(0, selected - 1) : min(max(0, count - 1), selected + 1)
            preview = nil
        case .enter:
            guard let current else { return [] }
            return [.perform(.loadPhoto(id: current.id, previewColumns: PhotoPreview.columns))]
        case LetterKey.approvePhoto:
            guard let current else { return [] }
            // Approving means having looked at the photo.
            guard preview?.id == current.id else {
                problem = .screen(.lookAtPhotoFirst)
                return []
            }
            pending = (current.id, true)
            return [.push(ConfirmScreen(question: .confirmReview(name: current.residentName, approve: true), answer: "review"))]
        case LetterKey.rejectPhoto:
            guard current != nil else { return [] }
            rejecting = true
            reason.value = ""
            problem = nil
        default: return nil
        }
        return []
    }

    mutating func confirmed(_ answer: String, _ context: AppContext) -> [Action] {
        guard let pending else { return [] }
        rejecting = false
        return [.perform(.reviewPhoto(id: pending.id, approve: pending.approve, reason: reason.trimmed))]
    }

    mutating func receive(_ reply: Reply, _ context: AppContext) -> [Action] {
        switch reply {
        case .photoReviews(let list):
            records = list
            selected = min(selected, max(0, list.count - 1))
        case .photoPreview(let id, let image):
            preview = (id, image)
            problem = nil
        case .photoReviewed(let id, let receipt, let certified):
            let name = records?.first { $0.id == id }?.residentName ?? ""
            message = receipt.map { .screen(.photoApproved(name: name, receipt: $0)) }
                ?? .photo(.rejected(id: id, name: name, certified: certified))
            preview = nil
            return [.perform(.bell), .perform(.loadPhotoReviews)]
        case .failed(let error):
            problem = .error(error)
            return [.perform(.bell)]
        default: break
        }
        return []
    }

    func draw(_ canvas: inout Canvas, _ area: Area, _ context: AppContext) {
        canvas.cursor = nil
        guard let records else { return }
        var row = area.top
        if records.isEmpty {
            canvas.text(context.text(.photo(.noneWaiting)), row: row, column: area.left, style: .dim)
            row += 2
        }
        let listWidth = preview == nil ? area.columns : max(20, area.columns - PhotoPreview.columns - 2)
        for (index, record) in records.enumerated() where row < area.bottom - 3 {
            let style: Style = index == selected ? .selected : .normal
            canvas.fill(row: row, column: area.left, width: listWidth, style: style)
            canvas.text("\(record.number) \(record.capturedAt.description.dropFirst(5).prefix(11)) \(record.residentName) \(record.residentID.masked) \(record.staffName)",
                        row: row, column: area.left, style: style, width: listWidth)
            row += 1
        }
        if let preview, preview.id == current?.id {
            PhotoPreview.draw(preview.image, &canvas, row: area.top, column: area.right - PhotoPreview.columns, maxRows: area.rows - 3)
        }
        if rejecting {
            reason.draw(&canvas, row: area.bottom - 3, column: area.left, labelWidth: 10, width: min(area.columns, 70),
                        label: context.text(.rejectReason), focused: true)
        }
        if let problem {
            canvas.paragraph(context.text(problem), row: area.bottom - 2, column: area.left, width: area.columns, maxRows: 2, style: .bad)
        } else if let message {
            canvas.paragraph(context.text(message), row: area.bottom - 2, column: area.left, width: area.columns, maxRows: 2, style: .good)
        }
    }
}
