import ParleyDomain

/// Words that carry no topic, per language: they neither score a summary sentence nor name a chapter.
enum Stopwords {
    static func set(for language: Language) -> Set<String> {
        switch language.code {
        case "zh": chinese
        case "es": spanish
        case "fr": french
        default: english
        }
    }

    static let english: Set<String> = Set("""
    a about above across after again against all almost alone along already also although always am among an and \
    another any anybody anyone anything anyway anyways anywhere are aren't around as ask asked at away back be became \
    because become been before being below between both but by came can can't cannot could couldn't did didn't do does \
    doesn't doing don't done down during each either else enough even ever every everybody everyone everything \
    exactly few first for from further get gets getting go goes going gonna gone good got gotta had hadn't has hasn't \
    have haven't having he he'd he'll he's her here here's hers herself him himself his how how's however i i'd i'll \
    i'm i've if in into is isn't it it'd it'll it's its itself just kind kinda know knew let let's like likely look \
    looks lot lots made make makes many may maybe me mean means might mine more most much must mustn't my myself need \
    needs never new next no nobody none nor not nothing now of off often oh ok okay on once one only or other others \
    otherwise ought our ours ourselves out over own part perhaps please pretty probably quite rather re really right \
    said same say saying says see seem seems shall she she'd she'll she's should shouldn't since so some somebody \
    someone something sometimes somewhat sort stuff such sure take talk talking tell than thank thanks that that's \
    the their theirs them themselves then there there's these they they'd they'll they're they've thing things think \
    thinking this those though thought through thus to together too took toward two under until up upon us use used \
    very want wanted wants was wasn't way we we'd we'll we're we've well went were weren't what what's whatever when \
    where where's whether which while who who's whole whom whose why will with within without won't would wouldn't \
    yeah yep yes yet you you'd you'll you're you've your yours yourself yourselves actually basically guess okay \
    alright anyway gonna wanna sorts kinds bit little another s t d ll ve m don isn aren didn doesn wasn couldn \
    wouldn shouldn also uh um hmm mm huh ah oh eh ehm er erm
    """.split(whereSeparator: \.isWhitespace).map(String.init))

    static let chinese: Set<String> = Set("""
    的 了 是 在 我 你 他 她 它 我们 你们 他们 她们 这 那 这个 那个 这些 那些 就 都 也 还 和 与 及 或 而 但 但是 \
    然后 所以 因为 如果 虽然 不过 可以 可能 应该 会 要 能 有 没有 没 不 很 太 更 最 又 再 一 一个 一些 一下 一点 \
    什么 怎么 怎么样 为什么 哪 哪个 哪些 谁 吗 吧 呢 啊 嗯 呃 哦 噢 嘛 呀 哈 啦 对 对吧 对对 好 好的 是的 \
    就是 就是说 其实 然后呢 那么 这样 那样 这么 那么 自己 大家 咱们 一样 一直 已经 现在 当然 还是 或者 以及 \
    比如 比如说 觉得 认为 知道 说 讲 看 想 做 去 来 让 给 被 把 跟 对于 关于 从 到 向 为 以 之 其 等 等等 \
    个 些 种 点 下 上 里 中 时候 时 后 前 年 月 日 号 多 少 大 小 我觉得 的话 的时候 一起 这种 那种 这边 那边 \
    当中 其中 方面 东西 这块 那块 一块 时候 地方 事情 \
    还有 另外 包括 通过 进行 一种 这样子 那个那个 所以说 因此 可是 只是 只要 只有 而且 并且 非常 特别 比较
    """.split(whereSeparator: \.isWhitespace).map(String.init))

    static let spanish: Set<String> = Set("""
    a al algo como con de del el ella ellos en entre es esa ese eso esta este esto estos fue ha hay la las le les lo \
    los más me mi muy no nos o para pero por que qué se sí sin sobre su sus también te tu un una uno unos y ya yo
    """.split(whereSeparator: \.isWhitespace).map(String.init))

    static let french: Set<String> = Set("""
    à au aux avec ce ces c'est dans de des du elle en est et eux il ils je la le les leur lui ma mais me même mes moi \
    mon ne nous on ou où par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous y
    """.split(whereSeparator: \.isWhitespace).map(String.init))
}
