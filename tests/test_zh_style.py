"""The Chinese edition's prose: one word per term, Chinese inside formulas, short sentences.

The checks live in tools/zh_style.py (`python -m tools.zh_style` prints every problem); the
glossary in locales/zh_CN/glossary.yml, the allowed long sentences in
locales/zh_CN/long_sentences.yml. A failure names the notebook and the cell.
"""
import re

import pytest

from tools import zh_style
from tools.zh_style import Text

TERMS = zh_style.load_glossary()
ALLOWED_LONG = zh_style.load_allowed_long()
MAX_ALLOWED_LONG = 5  # "at most a handful", each with its reason

# Cells whose English is being rewritten by the lead: their Chinese follows the new English.
# Remove an entry once the cell is clean (the test below says so).
PENDING_TEXT_MACROS = {}


def texts_of(notebook):
    return [text for text in zh_style.catalogue_texts() if text.notebook == notebook.stem]


def one(text, notebook="lesson", cell="0"):
    return Text(f"{notebook} cell {cell}", notebook, cell, text)


# --- the glossary itself ------------------------------------------------------------------------

def test_glossary_is_well_formed():
    assert TERMS, "locales/zh_CN/glossary.yml lists no terms"
    seen = set()
    for term in TERMS:
        assert term.get("en") and term.get("zh"), f"a term needs en and zh: {term}"
        assert term["en"] not in seen, f"{term['en']} is listed twice"
        seen.add(term["en"])
        own = [term["zh"]] + ([term["lecture"]] if term["lecture"] else [])
        for word in term["reject"]:
            assert not any(word in good for good in own), f"{term['en']}: rejects {word!r}, part of its own words"
        for pattern in term["reject_pattern"]:
            assert not any(re.search(pattern, good) for good in own), f"{term['en']}: {pattern!r} rejects its own words"
        assert term["lecture"] != term["zh"], f"{term['en']}: lecture is only for a word that differs"


@pytest.mark.parametrize("prose", [
    "拖动丢弃概率，观察有什么随之改变。",           # the lecture's word in the lesson's own voice
    "测试时让暂退保持开启。",                      # bare 暂退
    "PyTorch 采用倒置暂退法，而不是反向暂退法。",   # a rejected rendering
    "每一步训练的都是一个被“削薄”了的网络。",       # rejected even when quoted
    "Srivastava et al.（2014）报告。",
])
def test_glossary_check_finds(prose):
    assert zh_style.term_problems(one(prose), TERMS), f"not reported: {prose}"


@pytest.mark.parametrize("prose", [
    "暂退概率（丢弃概率）是本课程的超参数。",        # the lecture's word bracketed after D2L's
    "暂退法（Dropout，课程视频中称“丢弃法”）。",     # quoted as the lecture's word
    "| drop probability $p$ | 暂退概率 | 丢弃概率 |",  # a glossary table cell
    "暂退层把单元丢弃；暂退法在 `eval()` 时是恒等映射。",
    "GPU 上检查本库（课程笔记本本身在 CPU 上运行）。",
    "代码 `p_dropped = 0.5` 与链接 [第 02 课](02_dropout.ipynb) 不算。",
])
def test_glossary_check_passes(prose):
    assert not zh_style.term_problems(one(prose), TERMS)


def test_glossary_problem_names_notebook_and_cell():
    [problem] = zh_style.term_problems(one("保持暂退开启。", "03b_mc_dropout_uncertainty", "2"), TERMS)
    assert problem.startswith("03b_mc_dropout_uncertainty cell 2: ") and "暂退法" in problem


# --- the catalogues and the README ---------------------------------------------------------------

def test_one_word_per_term(notebook):
    problems = [p for text in texts_of(notebook) for p in zh_style.term_problems(text, TERMS)]
    assert not problems, "renderings the glossary (locales/zh_CN/glossary.yml) rejects:\n" + "\n".join(problems)


def test_one_word_per_term_in_the_chinese_readme():
    problems = [p for text in zh_style.readme_texts() for p in zh_style.term_problems(text, TERMS)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("formula, latin", [
    (r"$$x' = 0 \text{ with probability } p$$", True),
    (r"$P(m) = (1-p)^{\text{kept}}$", True),
    (r"$$h' = 0 \quad \text{ 概率为 } p, \qquad \text{ 其他情况}$$", False),
    (r"$\log G = z - \text{const}$", False),
    (r"`\text{kept}` is code, not math", False),
])
def test_latin_in_text_macro_check(formula, latin):
    assert bool(zh_style.latin_in_text(one(formula))) == latin


def test_formulas_have_no_english_words(notebook):
    problems = [p for text in texts_of(notebook) for p in zh_style.latin_in_text(text)]
    pending = {p for p in problems if p.split(": ")[0] in PENDING_TEXT_MACROS}
    assert not set(problems) - pending, "\n".join(sorted(set(problems) - pending))
    cells = {p.split(": ")[0] for p in problems}
    stale = [where for where in PENDING_TEXT_MACROS if where.startswith(notebook.stem + " ") and where not in cells]
    assert not stale, f"{stale}: now clean, remove from PENDING_TEXT_MACROS"


# --- sentence length -----------------------------------------------------------------------------

def test_sentences_are_split_and_counted_as_documented():
    found = zh_style.sentences("方差为 $x^2 p/(1-p)$，均值为 `x`。第二句；第三句！\n**第四句** [链接](a.ipynb)")
    assert [s for s, _ in found] == ["方差为 ■，均值为 ■。", "第二句；", "第三句！", "**第四句** [链接]"]
    assert [n for _, n in found] == [10, 4, 4, 7]  # spaces and ** not counted


def test_long_sentence_is_reported():
    long = "这是一个" + "很" * 120 + "长的句子。短句。"
    [(where, sentence, n)] = zh_style.long_sentences(one(long, "02a_noise_as_a_penalty", "10"))
    assert where == "02a_noise_as_a_penalty cell 10" and n > zh_style.MAX_SENTENCE


def test_allowed_long_sentences_are_few_and_justified():
    assert len(ALLOWED_LONG) <= MAX_ALLOWED_LONG, f"{len(ALLOWED_LONG)} long sentences allowed: shorten some"
    for entry in ALLOWED_LONG:
        assert {"where", "start", "why"} <= set(entry) and entry["why"].strip(), f"incomplete entry: {entry}"


def check_sentence_lengths(texts, prefix):
    """Fails on a long sentence not allowed, and on an allowed one (``where`` starting with
    ``prefix``) that is no longer long."""
    found = [(w, s, n) for text in texts for w, s, n in zh_style.long_sentences(text)]
    bad = [f"{w}: {n} characters (over {zh_style.MAX_SENTENCE}): {s}" for w, s, n in found
           if not zh_style.is_allowed(w, s, ALLOWED_LONG)]
    assert not bad, "split these sentences (or justify one in locales/zh_CN/long_sentences.yml):\n" + "\n".join(bad)
    mine = [a for a in ALLOWED_LONG if a["where"].startswith(prefix)]
    stale = [a for a in mine if not any(w == a["where"] and s.startswith(a["start"]) for w, s, _ in found)]
    assert not stale, f"no longer long, remove from locales/zh_CN/long_sentences.yml: {stale}"


def test_sentences_are_short(notebook):
    check_sentence_lengths(texts_of(notebook), notebook.stem + " ")


def test_readme_sentences_are_short():
    check_sentence_lengths(zh_style.readme_texts(), zh_style.README.name + " ")
