import ParleyDomain
import ParleyMinutes
import ParleyText

/// Small meetings written for the tests (tests never read /work/shared/data).
enum Fixtures {
    static let analyzer = ICUTextAnalyzer()
    static let generator = MinutesGenerator(analyzer: analyzer)
    /// A Wednesday.
    static let wednesday = CalendarDay(year: 2025, month: 11, day: 26)!

    static let english = """
    Alice: Good morning. Today we review the launch plan for the mobile app and the budget for the campaign.
    Bob: Um, the mobile app build is ready, but the payment screen still crashes on older Android phones.
    Alice: Then we decided to delay the launch of the mobile app by one week.
    Bob: I'll fix the payment screen crash by Friday.
    Carol: {vocalsound} The campaign budget is twenty thousand dollars and the agency wants a signed contract.
    Alice: Carol, can you send the signed contract to the agency next Tuesday?
    Carol: Sure, I can do that.
    Alice: Dave will prepare the release notes for the app store by Nov 30.
    Bob: We agreed to keep the old payment provider for this release.
    Carol: Who will pay for the extra testing devices?
    """

    static let chinese = """
    王芳：今天我们讨论新版本的发布计划和市场预算。
    李雷：嗯，新版本的安卓安装包已经准备好了，但是支付页面在旧手机上还会闪退。
    王芳：那我们决定把新版本的发布推迟一周。
    李雷：我来修复支付页面的闪退问题，下周五前完成。
    王芳：请张伟在月底之前把市场预算表发给财务。
    张伟：好的，没问题。
    王芳：测试设备的费用由谁来承担还不确定。
    """

    static func minutes(_ text: String, language: Language = .english, budget: SummaryBudget? = nil) throws -> Minutes {
        let transcript = try TranscriptParser().parse(text: text)
        var configuration = MinutesConfiguration()
        configuration.summaryBudget = budget
        return MinutesGenerator(analyzer: analyzer, configuration: configuration)
            .generate(transcript, info: MeetingInfo(title: "Launch", language: language, date: wednesday, attendees: ["Dave"]))
    }
}
