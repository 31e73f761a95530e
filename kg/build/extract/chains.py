"""Industry chains: the named ones, each with its leader (链主) and its output target (产值…亿元).

Cues: 以X为链主的Y产业链, lists that share the suffix (机器人、集成电路等产业链条, 茶叶、楠竹等8条农业主导产业链,
正极材料和氟系电解液产业链条), and single names (壮大新型显示产业链).

What is done to chains in general (延伸产业链条, 产业链招商, 19条核心产业链) names none: the part before
产业链 must be a name once the lead verbs are trimmed, and not a kind or a count.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.build.document import Document
from kg.build.extract.common import CJK, LEADER_CUE, clause_start, list_items, strip_unbalanced, trim_lead
from kg.build.facts import Amount, IndustryChain
from kg.build.lexicon import tagged_verbs, tags, tokens, wordlist
from kg.build.numbers import MONEY, money_value

_LED = re.compile(rf"{LEADER_CUE.pattern}的([{CJK}A-Za-z0-9“”]{{2,16}}?)产业链")
# 产业链 as a modifier or in the pair 产业链供应链 names no chain
_SUFFIX = re.compile(r"产业链(?:条)?(?!项目|招商|企业|上下游|图谱|供需|供应链|“?链核)")
# what stands between a list and its shared suffix: 等, a count, a word of kind (等8条农业主导, 六大生态, 两条百亿级)
_BETWEEN = re.compile(r"(?:等(?:[一二两三四五六七八九十\d]+(?:大|条|个))?|[一二两三四五六七八九十\d]+(?:大|条|个))[\u4e00-\u9fff]{0,5}$")
_PLACE_LEAD = re.compile(rf"[{CJK}]{{1,4}}?(?:县|市|区)(?=[{CJK}]{{2}})")
_TARGET = re.compile(rf"产值(?:[^,;。\d]{{0,8}}?)({MONEY.pattern})")
# words that make "X产业链" a phrase about chains in general, not a chain
_GENERIC = ("企业", "集团", "中心", "产值", "招商", "试点", "理念", "重塑", "绘制", "紧盯", "做长", "召开",
            "基础设施", "重大项目", "一手", "重点", "全产业", "优势", "主导", "特色", "延伸", "完整", "供应", "现代化", "相关", "上下游",
            "产业", "整个", "完善", "补齐", "强化", "提升", "优化", "稳定", "安全", "韧性")


def extract(doc: Document) -> Iterator[IndustryChain]:
    """In document order, whichever cue found them.

    >>> from kg.build.document import parse_document
    >>> led = parse_document("以某某铜业为链主的铜加工产业链,产值力争突破50亿元。")
    >>> [(chain.name, chain.leader, chain.output_target.yuan) for chain in extract(led)]
    [('铜加工产业链', '某某铜业', Decimal('5000000000'))]
    >>> [chain.name for chain in extract(parse_document("培育新型显示、集成电路等产业链。"))]
    ['新型显示产业链', '集成电路产业链']
    >>> list(extract(parse_document("延伸产业链条。")))  # what is done to chains names none
    []
    """
    yield from sorted(_found(doc), key=lambda f: f.evidence[0].start)


def _found(doc: Document) -> Iterator[IndustryChain]:
    end = doc.body_end
    led = list(_LED.finditer(doc.norm, 0, end))
    for i, match in enumerate(led):
        name_start, name_end = match.span(3)
        name_start = trim_lead(doc, name_start, name_end)
        name = doc.norm[name_start:name_end] + "产业链"
        if not _is_chain(doc.norm[name_start:name_end]):
            continue
        scope_end = led[i + 1].start() if i + 1 < len(led) else _paragraph_end(doc, match.end())
        leader = doc.norm[slice(*match.span(1))].strip("“”")
        yield IndustryChain(name, leader if "、" not in leader else None,
                            _target(doc, match.end(), doc.sentence_at(match.start()).end),
                            scope=(match.start(), scope_end),
                            evidence=(doc.mention(name_start, match.end()),))
    taken = [m.span() for m in led]
    floor = 0
    for match in _SUFFIX.finditer(doc.norm, 0, end):
        stop, floor = match.start(), max(floor, 0)
        if any(a <= stop < b for a, b in taken):
            floor = match.end()
            continue
        begin = clause_start(doc, stop, floor, stops="的", lists=True)
        floor = match.end()
        if between := _BETWEEN.search(doc.norm, begin, stop):
            if not _modifier_ok(doc.norm[between.start():stop]):
                continue
            stop = between.start()
        if doc.norm[stop - 1:stop] == "全":
            continue  # 打造…“一条龙”全产业链, 菌菇全产业链: the whole chain of one product, rarely called a chain
        quoted = doc.norm.rfind("“", begin, stop)
        if doc.norm[stop - 1:stop] == "”" and quoted != -1:
            items = [(quoted, stop)]  # “玻璃基板—显示板—显示终端”产业链条: the quoted words are one name
        else:
            # a verb ends what the clause says before the chains (…等产业深度嵌入长三角产业链); tokens of the
            # whole clause, since cut out of context a name's characters make other words
            items = list_items(doc, _after_verb(doc, begin, stop), stop)
        for k, (a, b) in enumerate(items):
            a = strip_unbalanced(doc, a, b)
            if place := _PLACE_LEAD.match(doc.norm, a, b):
                a = place.end()  # 成武县玉米深加工: the county's chain of 玉米深加工
            core = doc.norm[a:b]
            if _is_chain(core):
                yield IndustryChain(core.strip("“”") + "产业链", evidence=(doc.mention(a, match.end() if k == len(items) - 1 else b),))


def _modifier_ok(between: str) -> bool:
    """等8条农业主导, 六大生态: words of kind between the list and 产业链, never a verb."""
    return not any(w in tagged_verbs() for w, _, _ in tokens(between.lstrip("等")))


def _after_verb(doc: Document, start: int, end: int) -> int:
    """纳入川渝两地铝产业链, 被确定为…: the name begins after the last verb that ends no list item
    (深加工 in 玉米深加工、食品加工 is part of the name)."""
    lead = set(wordlist("lead_words"))
    toks = tokens(doc.norm, start, end)
    for word, word_start, word_end in reversed(toks[:-1]):
        if doc.norm[word_start - 1:word_start] in _LIST_JOINTS or doc.norm[word_end:word_end + 1] in _LIST_JOINTS:
            continue  # a verb that opens or closes a list item is part of its name (稻虾、休闲食品)
        if len(word) >= 2 and (tags().get(word, "")[:1] == "v" or word in lead):
            return word_end
    return start


def _is_chain(core: str) -> bool:
    core = core.strip("“”")
    if core[-1:] in _LIST_JOINTS or re.match(r"做.做.", core):
        return False  # 转型升级和产业链延伸: no name before the joint; 做精做细…: what is done to a chain
    if re.search(r"头.{1,8}尾$", core) or core.endswith(_AREA):
        return False  # “粮头食尾”“煤头化尾”: a slogan for a whole chain; 合肥都市圈产业链: an area's chains
    lead = set(wordlist("lead_words"))
    words = [word for word, _, _ in tokens(core)]
    if any(len(word) >= 2 and word in lead for word in words):
        return False  # 培育升级产业链, 新引进产业链: what is done to chains, not a chain
    if all(tags().get(word, "x")[:1] in ("v", "d") for word in words):
        return False  # 梳理产业链, 深度嵌入产业链: verbs and adverbs name nothing
    if tags().get(words[0], "x")[:1] in ("d", "p"):
        return False  # 逐链召开…: a clause, not a name
    if any(tags().get(w, "x")[:1] in ("p", "r", "d") and w not in _JOINTS for w in words):
        return False  # 各地以产业链, 加之三年疫情对产业链, 其他产业链: a clause, not a name
    if re.match(r"(?:多|几|数)(?:条|个|大)|[百千万]亿级", core):
        return False  # 多条精品产业链, 千亿级产业链: a count or a size of chains
    if len(words) == 1 and core in _KIND:
        return False  # 标志性产业链, 支柱产业链: which chains, not which product
    if all(tags().get(word, "x") == "ns" for word in words):
        return False  # 北京产业链: a place's chains in general
    return (2 <= len(core) <= 14 and not re.search(r"\d|[一二两三四五六七八九十百千]+(?:大|条|个|级|批)|等$|的|\+$|(?:区|县|市|省)$", core)
            and not any(g in core for g in _GENERIC))


_LIST_JOINTS = ("、", "和", "及", "与")
# joints between two products (半导体及光电, 设计与工程服务), whatever jieba tags them
_JOINTS = ("及", "与", "和")
# one word before 产业链 that says what kind of chain it is, not what it makes
_KIND = ("标志性", "支柱", "关键", "拳头", "核心", "骨干", "重要", "新兴", "传统", "战略性", "主要", "现有",
         "行业", "区域", "联盟", "重构", "本地", "地方", "国家", "省级", "市级", "县域", "跨境", "较强")
_AREA = ("都市圈", "经济圈", "城市群", "经济带", "两岸", "区域间", "区内", "地区")


def _paragraph_end(doc: Document, pos: int) -> int:
    nl = doc.norm.find("\n", pos, doc.body_end)
    return nl if nl != -1 else doc.body_end


def _target(doc: Document, start: int, end: int) -> Amount | None:
    match = _TARGET.search(doc.norm, start, end)
    if match is None:
        return None
    value = money_value(MONEY.search(match.group(1)))
    if value is None:
        return None
    return Amount(value, match.group(1), evidence=(doc.mention(*match.span(1)),))
