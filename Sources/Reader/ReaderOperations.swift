import CLibfprint
import Domain
import Matcher

extension ReaderService {
    /// Enrols one finger (nil: an anonymous print, which readers' own tests use): as many scans as
    /// the reader asks, each stage and retry an event.
    public func enroll(_ finger: Finger?, events: @escaping ReaderClient.Events) async throws(ReaderFailure) -> FingerprintTemplate {
        try await run(events: events) { device, operation, finish in
            let stages = Int(fp_device_get_nr_enroll_stages(device))
            let template = fp_print_new(device)
            if let finger { fp_print_set_finger(template, Self.fpFinger(finger)) }
            let progress = Callbacks.progress { done, error in
                if let retry = Failures.retry(error) { events(.retry(retry)) } else { events(.enrollStage(done: done, of: stages)) }
            }
            let ready = Callbacks.ready { result in
                var error: UnsafeMutablePointer<GError>?
                guard let print = fp_device_enroll_finish(device, result, &error) else { return finish(.failure(Failures.from(error))) }
                defer { g_object_unref(UnsafeMutableRawPointer(print)) }
                finish(Self.template(print, finger: finger, device: device))
            }
            fp_device_enroll(device, template, operation.cancellable, progress.callback, progress.data, Callbacks.releaseProgress,
                             ready.callback, ready.data)
        }
    }

    /// One scan against one template. A retry is reported and the scan starts again by itself.
    public func verify(_ template: FingerprintTemplate, events: @escaping ReaderClient.Events) async throws(ReaderFailure) -> Bool {
        try await run(events: events) { device, operation, finish in
            guard let print = Self.print(template, for: device, finish: finish) else { return }
            func attempt() {
                let match = Callbacks.match { _ in }
                let ready = Callbacks.ready { result in
                    var matched: gboolean = 0
                    var error: UnsafeMutablePointer<GError>?
                    if fp_device_verify_finish(device, result, &matched, nil, &error) != 0 {
                        g_object_unref(UnsafeMutableRawPointer(print))
                        return finish(.success(matched != 0))
                    }
                    if let retry = Failures.retry(error) {
                        g_error_free(error)
                        events(.retry(retry))
                        return attempt()
                    }
                    g_object_unref(UnsafeMutableRawPointer(print))
                    finish(.failure(Failures.from(error)))
                }
                fp_device_verify(device, print, operation.cancellable, match.callback, match.data, Callbacks.releaseMatch,
                                 ready.callback, ready.data)
            }
            attempt()
        }
    }

    /// One scan against a gallery: the index of the matching template, or nil.
    public func identify(_ gallery: [FingerprintTemplate], events: @escaping ReaderClient.Events) async throws(ReaderFailure) -> Int? {
        try await run(events: events) { device, operation, finish in
            var prints: [OpaquePointer] = []
            for template in gallery {
                guard let print = Self.print(template, for: device, finish: finish) else {
                    prints.forEach { g_object_unref(UnsafeMutableRawPointer($0)) }
                    return
                }
                prints.append(print)
            }
            let array = g_ptr_array_new_with_free_func { g_object_unref($0) }
            prints.forEach { g_ptr_array_add(array, UnsafeMutableRawPointer($0)) }
            events(.checking(done: 0, of: gallery.count))
            Self.identify(device, array, operation, events: events, finish: finish) { found, _ in
                events(.checking(done: gallery.count, of: gallery.count))
                return .success(found.flatMap { match in prints.firstIndex { fp_print_equal($0, match) != 0 } })
            }
        }
    }

    /// One scan on an image reader, for the kiosk's own matcher: the scanned print's minutiae.
    /// libfprint hands the scanned print back from identify; it is identified here against one
    /// small made-up print (so libfprint's matching takes no time), and the operation ends as soon
    /// as the print is read. The scan timeout thus covers the wait for the finger only: matching
    /// happens afterwards, outside the operation. Nil from a reader whose prints hold no minutiae
    /// (match-on-chip readers).
    public func scan(events: @escaping ReaderClient.Events) async throws(ReaderFailure) -> FingerMinutiae? {
        try await run(events: events) { (device, operation, finish: @escaping Finish<FingerMinutiae?>) in
            let reader = Self.info(device)
            let data = PrintMinutiae.serialize(PrintMinutiae.placeholder, driver: reader.driver, deviceID: reader.deviceID)
            var error: UnsafeMutablePointer<GError>?
            guard let placeholder = data.withUnsafeBufferPointer({ fp_print_deserialize($0.baseAddress, gsize($0.count), &error) }) else {
                if let error { g_error_free(error) }
                return finish(.failure(.dataInvalid))
            }
            let array = g_ptr_array_new_with_free_func { g_object_unref($0) }
            g_ptr_array_add(array, UnsafeMutableRawPointer(placeholder))
            Self.identify(device, array, operation, events: events, finish: finish) { _, scanned in
                var bytes: UnsafeMutablePointer<guchar>?
                var length: gsize = 0
                guard let scanned, fp_print_serialize(scanned, &bytes, &length, nil) != 0, let bytes else { return .success(nil) }
                defer { g_free(bytes) }
                return .success(PrintMinutiae.minutiae(of: Array(UnsafeBufferPointer(start: bytes, count: Int(length)))))
            }
        }
    }

    /// fp_device_identify over `array`, again whenever libfprint asks for another scan; the array
    /// is released when it ends. `identified` reads the matched print and the scanned one (nil
    /// when there are none); both are released after it returns.
    static func identify<T>(_ device: UnsafeMutablePointer<FpDevice>, _ array: UnsafeMutablePointer<GPtrArray>?, _ operation: Operation,
                            events: @escaping ReaderClient.Events, finish: @escaping Finish<T>,
                            identified: @escaping (_ match: OpaquePointer?, _ scanned: OpaquePointer?) -> Result<T, ReaderFailure>) {
        func attempt() {
            let match = Callbacks.match { _ in }
            let ready = Callbacks.ready { result in
                var found: OpaquePointer?, scanned: OpaquePointer?
                var error: UnsafeMutablePointer<GError>?
                if fp_device_identify_finish(device, result, &found, &scanned, &error) != 0 {
                    let outcome = identified(found, scanned)
                    if let found { g_object_unref(UnsafeMutableRawPointer(found)) }
                    if let scanned { g_object_unref(UnsafeMutableRawPointer(scanned)) }
                    g_ptr_array_unref(array)
                    return finish(outcome)
                }
                if let retry = Failures.retry(error) {
                    g_error_free(error)
                    events(.retry(retry))
                    return attempt()
                }
                g_ptr_array_unref(array)
                finish(.failure(Failures.from(error)))
            }
            fp_device_identify(device, array, operation.cancellable, match.callback, match.data, Callbacks.releaseMatch,
                               ready.callback, ready.data)
        }
        attempt()
    }

    /// One image from an image reader.
    public func capture(events: @escaping ReaderClient.Events) async throws(ReaderFailure) -> GreyImage {
        try await run(events: events) { device, operation, finish in
            func attempt() {
                let ready = Callbacks.ready { result in
                    var error: UnsafeMutablePointer<GError>?
                    guard let image = fp_device_capture_finish(device, result, &error) else {
                        if let retry = Failures.retry(error) {
                            g_error_free(error)
                            events(.retry(retry))
                            return attempt()
                        }
                        return finish(.failure(Failures.from(error)))
                    }
                    defer { g_object_unref(UnsafeMutableRawPointer(image)) }
                    var length: gsize = 0
                    let data = fp_image_get_data(image, &length)!
                    let width = Int(fp_image_get_width(image)), height = Int(fp_image_get_height(image))
                    finish(.success(GreyImage(width: width, height: height, pixels: Array(UnsafeBufferPointer(start: data, count: width * height)))))
                }
                fp_device_capture(device, 1, operation.cancellable, ready.callback, ready.data)
            }
            attempt()
        }
    }

    /// Prints kept on the reader's chip.
    public func storedPrints() async throws(ReaderFailure) -> [FingerprintTemplate] {
        try await run(events: { _ in }, timed: false) { device, operation, finish in
            let ready = Callbacks.ready { result in
                var error: UnsafeMutablePointer<GError>?
                guard let array = fp_device_list_prints_finish(device, result, &error) else { return finish(.failure(Failures.from(error))) }
                defer { g_ptr_array_unref(array) }
                var templates: [FingerprintTemplate] = []
                for index in 0..<Int(array.pointee.len) {
                    let print = OpaquePointer(array.pointee.pdata[index]!)
                    let finger = Self.finger(fp_print_get_finger(print))
                    guard case .success(let template) = Self.template(print, finger: finger, device: device) else { continue }
                    templates.append(template)
                }
                finish(.success(templates))
            }
            fp_device_list_prints(device, operation.cancellable, ready.callback, ready.data)
        }
    }

    public func deleteStored(_ template: FingerprintTemplate) async throws(ReaderFailure) {
        try await run(events: { _ in }, timed: false) { (device, operation, finish: @escaping Finish<Bool>) in
            guard let print = Self.print(template, for: device, finish: finish) else { return }
            let ready = Callbacks.ready { result in
                var error: UnsafeMutablePointer<GError>?
                defer { g_object_unref(UnsafeMutableRawPointer(print)) }
                guard fp_device_delete_print_finish(device, result, &error) != 0 else { return finish(.failure(Failures.from(error))) }
                finish(.success(true))
            }
            fp_device_delete_print(device, print, operation.cancellable, ready.callback, ready.data)
        }
    }

    public func clearStorage() async throws(ReaderFailure) {
        _ = try await run(events: { _ in }, timed: false) { (device, operation, finish: @escaping Finish<Bool>) in
            let ready = Callbacks.ready { result in
                var error: UnsafeMutablePointer<GError>?
                guard fp_device_clear_storage_finish(device, result, &error) != 0 else { return finish(.failure(Failures.from(error))) }
                finish(.success(true))
            }
            fp_device_clear_storage(device, operation.cancellable, ready.callback, ready.data)
        }
    }

    // MARK: Prints

    /// A template as a libfprint print for this reader, or a failure saying why it cannot be used
    /// here (made on another reader, or unreadable).
    static func print<T>(_ template: FingerprintTemplate, for device: UnsafeMutablePointer<FpDevice>, finish: Finish<T>) -> OpaquePointer? {
        let reader = info(device)
        guard template.fits(reader) else {
            finish(.failure(.incompatiblePrint(driver: template.driver, deviceID: template.deviceID)))
            return nil
        }
        var error: UnsafeMutablePointer<GError>?
        guard let print = template.data.withUnsafeBufferPointer({ fp_print_deserialize($0.baseAddress, gsize($0.count), &error) }) else {
            if let error { g_error_free(error) }
            finish(.failure(.dataInvalid))
            return nil
        }
        return print
    }

    static func template(_ print: OpaquePointer, finger: Finger?, device: UnsafeMutablePointer<FpDevice>) -> Result<FingerprintTemplate, ReaderFailure> {
        var data: UnsafeMutablePointer<guchar>?
        var length: gsize = 0
        var error: UnsafeMutablePointer<GError>?
        guard fp_print_serialize(print, &data, &length, &error) != 0, let data else { return .failure(Failures.from(error)) }
        defer { g_free(data) }
        return .success(FingerprintTemplate(data: Array(UnsafeBufferPointer(start: data, count: Int(length))),
                                            driver: String(cString: fp_print_get_driver(print)),
                                            deviceID: String(cString: fp_print_get_device_id(print)), finger: finger,
                                            storedOnDevice: fp_print_get_device_stored(print) != 0))
    }

    static func fpFinger(_ finger: Finger) -> FpFinger {
        FpFinger(rawValue: UInt32(Finger.allCases.firstIndex(of: finger)! + 1))
    }

    static func finger(_ finger: FpFinger) -> Finger? {
        let index = Int(finger.rawValue) - 1
        return Finger.allCases.indices.contains(index) ? Finger.allCases[index] : nil
    }
}

extension ReaderClient {
    /// The reader client over libfprint, through one `ReaderService`.
    public static func live(_ service: ReaderService) -> ReaderClient {
        ReaderClient(
            readers: { () throws(ReaderFailure) in service.readers() },
            enroll: { finger, events throws(ReaderFailure) in try await service.enroll(finger, events: events) },
            verify: { template, events throws(ReaderFailure) in try await service.verify(template, events: events) },
            identify: { gallery, events throws(ReaderFailure) in try await service.identifyByKiosk(gallery, events: events) },
            capture: { events throws(ReaderFailure) in try await service.capture(events: events) },
            storedPrints: { () throws(ReaderFailure) in try await service.storedPrints() },
            deleteStored: { template throws(ReaderFailure) in try await service.deleteStored(template) },
            clearStorage: { () throws(ReaderFailure) in try await service.clearStorage() },
            cancel: { service.cancel() })
    }
}
