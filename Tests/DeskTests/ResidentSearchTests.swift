import Desk
import Domain
import Foundation
import GRDB
import Store
import Testing

/// Finding a resident without the ID card: part of the name, the pinyin initials, the last digits
/// of the phone or ID number; the matches masked, the search allowed by role and audited.
@Suite("Desk: finding a resident by name, initials or last digits")
struct ResidentSearchTests {
    let jianguo = DeskKiosk.id(birth: "19500615", sequence: "111")
    let jianhua = DeskKiosk.id(birth: "19520301", sequence: "123")
    let xiuying = DeskKiosk.id(birth: "19501215", sequence: "102")
    let guilan = DeskKiosk.id(birth: "19480310", sequence: "104")

    func kiosk() throws -> DeskKiosk {
        try DeskKiosk(residents: [(jianguo, "王建国", "2025-06-10"), (jianhua, "王建华", ""), (xiuying, "李秀英", ""), (guilan, "张桂兰", "")])
    }

    func ids(_ matches: ResidentMatches) -> [String] { matches.matches.map(\.id.fullNumber) }

    @Test func whatStaffTypeIsReadAsANameInitialsOrDigits() {
        #expect(ResidentQuery("建国") == .name("建国"))
        #expect(ResidentQuery(" WJG ") == .initials("wjg"))
        #expect(ResidentQuery("5678") == .lastDigits("5678"))
        #expect(ResidentQuery("00111x") == .lastDigits("00111X"))
        #expect(ResidentQuery("w") == nil, "one letter narrows nothing")
        #expect(ResidentQuery("567") == nil, "nor do three digits")
        #expect(ResidentQuery("王j") == nil)
        #expect(ResidentQuery("") == nil)
    }

    @Test func initialsAreTheMandarinReadingsFirstLetters() {
        var learnt = PinyinInitials()
        learnt.learn(["王建国", "阿不都·热合曼", "吕秀英"])
        var each = PinyinInitials()
        for name in ["王建国", "阿不都·热合曼", "吕秀英", "Li 明"] {
            #expect(learnt.of(name) == each.of(name), "one call for many characters reads them as one call each does")
        }
        #expect(each.of("王建国") == "wjg")
        #expect(each.of("阿不都·热合曼") == "abdrhm", "the · of a transcribed name is skipped")
        #expect(each.of("吕秀英") == "lxy")
        #expect(each.of("Li 明") == "lim")
    }

    @Test func partOfTheNameFindsEveryoneWhoseNameHasIt() throws {
        let kiosk = try kiosk()
        let desk = kiosk.desk.residents(kiosk.admin)
        #expect(Set(ids(try desk.find("王建"))) == [jianguo.fullNumber, jianhua.fullNumber])
        #expect(ids(try desk.find("秀英")) == [xiuying.fullNumber])
        #expect(try desk.find("赵").matches.isEmpty)
    }

    @Test func pinyinInitialsFindTheNameAndFollowANewRoster() throws {
        let kiosk = try kiosk()
        let desk = kiosk.desk.residents(kiosk.admin)
        #expect(ids(try desk.find("wjg")) == [jianguo.fullNumber])
        #expect(Set(ids(try desk.find("wj"))) == [jianguo.fullNumber, jianhua.fullNumber], "initials match from the start")
        #expect(ids(try desk.find("LXY")) == [xiuying.fullNumber])
        #expect(try desk.find("xy").matches.isEmpty, "initials start at the surname")
        // A roster imported since: its new resident is found, the initials brought up to date.
        let jingang = DeskKiosk.id(birth: "19470909", sequence: "131")
        let path = try DeskKiosk.roster([(jingang, "王金刚", "")])
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try kiosk.database.importRoster(path: path, strict: true, by: kiosk.admin).inserted == 1)
        #expect(Set(ids(try desk.find("wjg"))) == [jianguo.fullNumber, jingang.fullNumber])
    }

    @Test func theLastDigitsOfThePhoneOrIDFindTheResident() throws {
        let kiosk = try kiosk()
        let desk = kiosk.desk.residents(kiosk.admin)
        #expect(ids(try desk.find(String(xiuying.fullNumber.suffix(6)))) == [xiuying.fullNumber])
        // Every test resident has the roster phone 13912345678; one changed here is found by it.
        _ = try desk.changeContact(of: guilan, ContactEntry(phone: "13800001111", address: nil))
        #expect(ids(try desk.find("1111")) == [guilan.fullNumber])
        #expect(ids(try desk.find("5678")).count == 4, "the roster's phone still counts")
    }

    @Test func matchesAreMaskedAndTheSearchIsAuditedWithoutWhatWasTyped() throws {
        let kiosk = try kiosk()
        let desk = kiosk.desk.residents(kiosk.admin)
        let found = try desk.find("wjg")
        let match = try #require(found.matches.first)
        #expect(match.maskedName == "王**")
        #expect(match.maskedPhone == "139****5678")
        #expect(match.id.masked == "230103********" + jianguo.fullNumber.suffix(4))
        let json = String(decoding: try JSONEncoder().encode(found), as: UTF8.self)
        #expect(!json.contains(jianguo.fullNumber) && !json.contains("王建国") && !json.contains("13912345678"))
        #expect(json.contains(jianguo.masked))
        // Choosing it opens the file as the ID field does.
        #expect(try desk.record(match.id).file.resident.name == "王建国")
        let entries = try kiosk.database.read { db in
            try Row.fetchAll(db, sql: "SELECT staff_id, detail FROM audit_entry WHERE action = 'resident.search'")
        }
        #expect(entries.count == 1)
        #expect(entries.first?["detail"] as String? == "by=initials matches=1")
        #expect(entries.first?["staff_id"] as String? == kiosk.admin.id)
        #expect(try kiosk.database.verifyAudit().intact)
    }

    @Test func aSearchThatNarrowsNothingIsRefusedWithTheRule() throws {
        let kiosk = try kiosk()
        #expect(throws: KioskError.entryInvalid(.notASearch)) { try kiosk.desk.residents(kiosk.admin).find("w") }
    }

    @Test func moreThanTwentyMatchesAreCutWithASign() throws {
        let many = (0..<25).map { index in
            (DeskKiosk.id(birth: "19500101", sequence: String(format: "%03d", 200 + index)), "王建\(["国", "华", "军", "平", "民"][index % 5])", "")
        }
        let kiosk = try DeskKiosk(residents: many)
        let found = try kiosk.desk.residents(kiosk.admin).find("wj")
        #expect(found.matches.count == ResidentQuery.maximumMatches)
        #expect(found.more)
    }
}
