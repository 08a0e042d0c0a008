import Domain

/// Staff sign in with name and password; five wrong passwords lock the account (the core's rule).
/// Also where the kiosk lands when it locks itself.
struct SignInScreen: Screen {
    var name = TextField(limit: 32)
    var password = TextField(kind: .secret, limit: 128)
    var focus = 0
    var busy = false
    var problem: Message?
    var notice: Message.ScreenText?

    init(_ context: AppContext) {
        if let demo = context.demo {
            name.value = demo.staffName
            focus = 1
        }
    }

    func title(_ context: AppContext) -> String { context.text(.signInTitle) }

    func keys(_ context: AppContext) -> [KeyHint] {
        [KeyHint("Tab", .nextField), KeyHint("Enter", .signIn)]
    }

    mutating func handle(_ key: Key, _ context: AppContext) -> [Action]? {
        guard !busy else { return key == .function(10) ? nil : [] }
        switch key {
        case .tab, .down, .backTab, .up:
            focus = 1 - focus
            return []
        case .enter:
            if focus == 0 {
                focus = 1
                return []
            }
            guard !name.trimmed.isEmpty, !password.value.isEmpty else {
                problem = .screen(.nameAndPasswordNeeded)
                return []
            }
            busy = true
            problem = nil
            notice = nil
            return [.perform(.signIn(name: name.trimmed, password: password.value))]
        case .escape:
            password.value = ""
            return []
        default:
            if focus == 0 ? name.handle(key) : password.handle(key) { return [] }
            return nil
        }
    }

    mutating func receive(_ reply: Reply, _ context: AppContext) -> [Action] {
        busy = false
        password.value = ""
        switch reply {
        case .signedIn(let staff):
            return [.signedIn(staff)]
        case .failed(let error):
            problem = .error(error)
            focus = 1
            return []
        default:
            return []
        }
    }

    func draw(_ canvas: inout Canvas, _ area: Area, _ context: AppContext) {
        var row = area.top + 1
        canvas.text(context.text(.signInPrompt), row: row, column: area.left, style: .label)
        row += 2
        let width = min(area.columns, 50)
        let labelWidth = 10
        name.draw(&canvas, row: row, column: area.left, labelWidth: labelWidth, width: width,
                  label: context.text(.staffName), focused: focus == 0 && !busy)
        password.draw(&canvas, row: row + 2, column: area.left, labelWidth: labelWidth, width: width,
                      label: context.text(.password), focused: focus == 1 && !busy)
        row += 4
        if busy {
            canvas.text(context.text(.signingIn), row: row, column: area.left, style: .dim)
            canvas.cursor = nil
        } else if let problem {
            row += canvas.paragraph(context.text(problem), row: row, column: area.left, width: area.columns, maxRows: 3, style: .bad)
        }
        if let notice {
            canvas.paragraph(context.text(notice), row: row + 1, column: area.left, width: area.columns, maxRows: 2, style: .warning)
        }
        if let demo = context.demo {
            let guide = context.text(.demoAccount(name: demo.staffName, password: demo.password))
            canvas.paragraph(guide, row: area.bottom - 4, column: area.left, width: area.columns, maxRows: 2, style: .warning)
            let second = context.text(.demoSupervisor(name: demo.supervisorName, password: demo.supervisorPassword))
            canvas.paragraph(second, row: area.bottom - 2, column: area.left, width: area.columns, maxRows: 2, style: .warning)
        }
    }
}
