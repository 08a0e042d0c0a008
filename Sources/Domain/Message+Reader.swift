/// Coaching and outcomes around the fingerprint reader: short, for an elderly person in front of
/// the reader and the staff member beside them.
extension Message {
    static func finger(_ finger: Finger, _ l: Language) -> String {
        switch finger {
        case .leftThumb: l.pick("左手拇指", "left thumb")
        case .leftIndex: l.pick("左手食指", "left index finger")
        case .leftMiddle: l.pick("左手中指", "left middle finger")
        case .leftRing: l.pick("左手无名指", "left ring finger")
        case .leftLittle: l.pick("左手小指", "left little finger")
        case .rightThumb: l.pick("右手拇指", "right thumb")
        case .rightIndex: l.pick("右手食指", "right index finger")
        case .rightMiddle: l.pick("右手中指", "right middle finger")
        case .rightRing: l.pick("右手无名指", "right ring finger")
        case .rightLittle: l.pick("右手小指", "right little finger")
        }
    }

    /// A finger's name short enough for a line of block glyphs (8 columns a letter).
    static func shortFinger(_ finger: Finger) -> String {
        switch finger {
        case .leftThumb: "L thumb"
        case .leftIndex: "L index"
        case .leftMiddle: "L middle"
        case .leftRing: "L ring"
        case .leftLittle: "L little"
        case .rightThumb: "R thumb"
        case .rightIndex: "R index"
        case .rightMiddle: "R middle"
        case .rightRing: "R ring"
        case .rightLittle: "R little"
        }
    }

    static func event(_ event: ReaderEvent, _ l: Language) -> String {
        switch event {
        case .placeFinger(.press): return l.pick("请将手指平放在读取器上", "Place the finger flat on the reader")
        case .placeFinger(.swipe): return l.pick("请将手指从上往下匀速划过读取器", "Swipe the finger down across the reader, steadily")
        case .liftFinger: return l.pick("请抬起手指", "Lift the finger")
        case .enrollStage(let done, let total):
            return done < total ? l.pick("录入第\(done)步完成（共\(total)步）：请抬起手指，再按一次", "Step \(done) of \(total) done: lift the finger and press again")
                : l.pick("录入第\(done)步完成（共\(total)步）", "Step \(done) of \(total) done")
        case .retry(let reason):
            switch reason {
            case .general: return l.pick("没有读清楚，请再按一次", "Not read clearly: press again")
            case .tooShort: return l.pick("按得太短（或划得太快），请按住一会儿", "Too short (or swiped too fast): hold the finger a moment")
            case .centerFinger: return l.pick("请把手指放在读取器正中间", "Put the finger in the middle of the reader")
            case .removeFinger: return l.pick("请抬起手指，稍后重新按下", "Lift the finger, then press again")
            }
        case .checking(let done, let total):
            return done < total ? l.pick("正在与\(total)枚已录指纹比对，请稍候……", "Checking against \(total) enrolled prints...")
                : l.pick("比对完成（\(total)枚）", "Checked against \(total) prints")
        case .readerAdded(let reader): return l.pick("读取器已接入：\(reader.name)", "Reader connected: \(reader.name)")
        case .readerRemoved: return l.pick("读取器已拔出", "Reader unplugged")
        }
    }

    static func failure(_ failure: ReaderFailure, _ l: Language) -> String {
        switch failure {
        case .noReader: return l.pick("没有找到指纹读取器：请检查USB连接", "No fingerprint reader found: check the USB cable")
        case .general(let detail): return l.pick("读取器出错：\(detail)", "Reader error: \(detail)")
        case .notSupported: return l.pick("这台读取器不支持此功能", "This reader cannot do that")
        case .notOpen: return l.pick("读取器未打开", "The reader is not open")
        case .alreadyOpen: return l.pick("读取器已被打开", "The reader is already open")
        case .busy: return l.pick("读取器正忙，请稍候再试", "The reader is busy: try again in a moment")
        case .protocolError: return l.pick("与读取器通信出错：请拔下读取器再插上", "The reader did not answer properly: unplug it and plug it in again")
        case .dataInvalid: return l.pick("指纹数据无效", "The fingerprint data is invalid")
        case .dataNotFound: return l.pick("读取器中没有这枚指纹：请重新录入", "The reader does not hold this print: enrol again")
        case .dataFull: return l.pick("读取器存储已满：请主管清理读取器中不再使用的指纹（kiosk reader prints）",
                                      "The reader's storage is full: a supervisor must remove prints no longer used (kiosk reader prints)")
        case .dataDuplicate: return l.pick("读取器发现这枚手指已经录入过", "The reader already holds this finger")
        case .removed: return l.pick("读取器已被拔出：请插回后重试", "The reader was unplugged: plug it in and try again")
        case .tooHot: return l.pick("读取器过热：请停用几分钟再试", "The reader is too hot: leave it a few minutes")
        case .timedOut(let seconds): return l.pick("\(seconds)秒内没有按手指，已取消：读取器可以继续使用", "No finger within \(seconds) s, so the scan was cancelled; the reader is ready again")
        case .cancelled: return l.pick("已取消", "Cancelled")
        case .incompatiblePrint(let driver, let device):
            return l.pick("这枚指纹是在另一台读取器（\(driver) #\(device)）上录入的：请在本读取器上重新录入",
                          "This print was enrolled on another reader (\(driver) #\(device)): enrol it again on this reader")
        }
    }
}
