import ParleyDomain

/// Finds Chinese personal names — a surname from the common-surname list followed by one or two
/// given-name characters, in a naming context (请X, 麻烦X, X负责, X说, X和Y, @X) — so that they are
/// transliterated ("李娜" → "Li Na") rather than glossed ("plum elegant").
struct ChineseNameFinder: Sendable {
    /// The most common single-character surnames (about 90% of the population), and compound ones.
    static let surnames: Set<Character> = Set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤柳")
    static let compoundSurnames: Set<String> = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐"]
    /// Words right before a name that make it one: requests, "with", "to", "ask", "thank".
    static let cuesBefore: [String] = ["麻烦", "请", "让", "叫", "和", "跟", "与", "同", "给", "由", "问", "告诉", "通知", "联系",
                                       "找", "感谢", "谢谢", "@", "、", "及", "抄送", "转告", "提醒"]
    /// Words right after a name that make it one: "is responsible", "says", "and", 把, titles.
    static let cuesAfter: [String] = ["负责", "说", "和", "跟", "与", "把", "已经", "已", "会", "将", "要", "的", "在", "、",
                                      "先生", "女士", "经理", "总监", "工程师", "老师", "同学", "提出", "认为", "觉得", "表示",
                                      "确认", "同意", "来", "去", "也", "让", "请", "正在", "负责", "下周", "周一", "周二", "周三", "周四", "周五", "明天", "今天", "下周", "刚才", "，", ",", "：", ":"]
    /// Titles right after a surname (马经理 "Manager Ma"): the surname is then no given name's start.
    static let titles: [String] = ["经理", "总", "老师", "先生", "女士", "工程师", "主任", "师傅", "博士", "教授", "律师", "医生"]
    /// Characters that end a given name: function words and particles never written in one.
    static let stops: Set<Character> = Set("的了是在和说把被给也都就不会要让请吗呢吧啊们这那有我你他她它跟与及或对从向到已将能可先再还又没很太更最个上下里中和、，。！？,.!?：: ")

    let analyzer: any TextAnalyzing

    /// Name spans of `text`, skipping `blocked` ranges (dates, glossary terms, known names).
    /// `word` answers whether a string is a dictionary word (and its gloss): a surname plus
    /// given name that is a common word ("高兴", "周末") is a name only after a strong cue.
    func spans(in text: String, blocked: [Range<String.Index>], word: (String) -> String?) -> [ProtectedSpan] {
        let c = Array(text)
        var offsets: [String.Index] = []
        var index = text.startIndex
        for _ in c { offsets.append(index); index = text.index(after: index) }
        offsets.append(text.endIndex)
        func isBlocked(_ i: Int) -> Bool { blocked.contains { $0.contains(offsets[i]) } }
        var result: [ProtectedSpan] = []
        var i = 0
        while i < c.count {
            let surnameLength: Int
            if i + 1 < c.count, Self.compoundSurnames.contains(String(c[i...i + 1])) { surnameLength = 2 }
            else if Self.surnames.contains(c[i]) { surnameLength = 1 }
            else { i += 1; continue }
            guard !isBlocked(i) else { i += 1; continue }
            let rest = String(c[(i + surnameLength)..<min(c.count, i + surnameLength + 3)])
            if Self.titles.contains(where: { rest.hasPrefix($0) }) { i += 1; continue }
            let before = String(c[max(0, i - 2)..<i])
            let cueBefore = Self.cuesBefore.contains { before.hasSuffix($0) }
            let strongCue = before.hasSuffix("@")
            var best: (end: Int, score: Int)? = nil
            for givenLength in [2, 1] {
                let end = i + surnameLength + givenLength
                guard end <= c.count, !(i + surnameLength..<end).contains(where: { Self.stops.contains(c[$0]) || isBlocked($0)
                        || !Tokenizer.isIdeographic(c[$0].unicodeScalars.first!) }) else { continue }
                let after = String(c[end..<min(c.count, end + 3)])
                let cueAfter = Self.cuesAfter.contains { after.hasPrefix($0) }
                guard cueBefore || cueAfter else { continue }
                let candidate = String(c[i..<end])
                // A common word is not a name ("高兴", "方法"), unless the dictionary calls it one.
                if let gloss = word(candidate), !(gloss.first?.isUppercase ?? false), !strongCue { continue }
                // Nor is one that starts with a common word (周末见: 周末 "weekend").
                if let gloss = word(String(c[i..<i + surnameLength + 1])), !(gloss.first?.isUppercase ?? false), !strongCue,
                   !cueBefore { continue }
                // The second given character must not start a word with what follows (李娜|明天).
                if givenLength == 2, end < c.count, word(String(c[end - 1...end])) != nil { continue }
                let score = (cueBefore ? 1 : 0) + (cueAfter ? 1 : 0)
                if best == nil || score > best!.score { best = (end, score) }
            }
            guard let (end, _) = best else { i += 1; continue }
            let surname = String(c[i..<i + surnameLength]), given = String(c[i + surnameLength..<end])
            result.append(ProtectedSpan(kind: .name, range: offsets[i]..<offsets[end], in: text,
                                        rendering: latin(surname: surname, given: given)))
            i = end
        }
        return result
    }

    /// "李" + "小明" → "Li Xiaoming": pinyin without tones, surname and given name each capitalized.
    func latin(surname: String, given: String) -> String {
        func part(_ s: String) -> String {
            let l = analyzer.transliterate(s, transform: "Han-Latin; Latin-ASCII").filter { !$0.isWhitespace }
            return l.prefix(1).uppercased() + l.dropFirst()
        }
        return part(surname) + " " + part(given)
    }
}
