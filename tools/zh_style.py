"""Style checks of the Chinese edition's prose: one word per term, Chinese inside formulas, short sentences.

    python -m tools.zh_style     # print every problem (the same ones tests/test_zh_style.py reports)

The prose is the msgstr of every catalogue entry in use (locales/zh_CN/LC_MESSAGES/*.po) and
README.zh-CN.md. A problem names where it is: ``02b_dropout_variants cell 2`` (from the entry's
``#: notebooks/02b_dropout_variants.ipynb:2``) or ``README.zh-CN.md line 12``.

- ``term_problems``: a rendering that locales/zh_CN/glossary.yml rejects, or the lecture's word
  used in the lesson's own voice (it may only be quoted, bracketed after the D2L term, or stand
  alone in a table cell).
- ``latin_in_text``: Latin words inside ``\\text{...}`` in math (D2L writes ``\\text{ 概率为 } p``).
- ``long_sentences``: sentences over ``MAX_SENTENCE`` characters; locales/zh_CN/long_sentences.yml
  lists the few allowed, each with its reason.
"""
import re
from dataclasses import dataclass
from pathlib import Path

import polib
import yaml

ROOT = Path(__file__).resolve().parent.parent
ZH = ROOT / "locales" / "zh_CN"
GLOSSARY = ZH / "glossary.yml"
ALLOWED_LONG = ZH / "long_sentences.yml"
README = ROOT / "README.zh-CN.md"
MAX_SENTENCE = 100  # characters, not counting spaces; a formula or a code span counts as one

# Spans that are not prose: fenced code, inline code, display and inline math, link targets, HTML tags.
FENCE = r"```.*?```"
CODE = r"`[^`\n]*`"
MATH = r"\$\$.*?\$\$|\$[^$\n]+\$"
LINK_TARGET = r"(?<=\])\([^)\s]*\)"
TAG = r"</?[A-Za-z][^>]*>"
NOT_PROSE = re.compile("|".join([FENCE, CODE, LINK_TARGET, TAG]), re.S)
NOT_PROSE_OR_MATH = re.compile("|".join([FENCE, CODE, MATH, LINK_TARGET, TAG]), re.S)
QUOTED = re.compile(r"“[^”]*”|「[^」]*」|‘[^’]*’|\"[^\"\n]*\"")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
TEXT_MACRO_ALLOWED = {"const"}  # the usual abbreviation of a constant in a formula
SENTENCE_END = re.compile(r"(?<=[。！？；])|\n")


@dataclass(frozen=True)
class Text:
    """One piece of Chinese prose and where it lives."""
    where: str      # "02b_dropout_variants cell 2" or "README.zh-CN.md line 12"
    notebook: str   # file stem, or the README's name
    cell: str       # cell index, or "line N"
    text: str


def catalogue_texts():
    """A Text per catalogue entry in use (not obsolete, translated), in file and cell order."""
    texts = []
    for path in sorted((ZH / "LC_MESSAGES").glob("*.po")):
        for entry in polib.pofile(str(path), wrapwidth=0):
            if entry.obsolete or not entry.msgstr:
                continue
            for source, cell in entry.occurrences or [(f"notebooks/{path.stem}.ipynb", "?")]:
                notebook = Path(source).stem
                texts.append(Text(f"{notebook} cell {cell}", notebook, cell, entry.msgstr))
    return texts


def readme_texts(path=README):
    """A Text per line of the Chinese README (fenced code blocks left out)."""
    texts, fenced = [], False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if not fenced and line.strip():
            texts.append(Text(f"{path.name} line {number}", path.name, f"line {number}", line))
    return texts


def all_texts():
    return catalogue_texts() + readme_texts()


def blank(pattern, text):
    """``text`` with every match of ``pattern`` replaced by spaces (offsets are kept)."""
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


# --- one word per term -------------------------------------------------------------------------

def load_glossary(path=GLOSSARY):
    terms = yaml.safe_load(path.read_text(encoding="utf-8"))["terms"]
    for term in terms:
        term.setdefault("reject", [])
        term.setdefault("reject_pattern", [])
        term.setdefault("lecture", None)
    return terms


def _context(text, start, end, width=12):
    return text[max(0, start - width):end + width].replace("\n", " ")


def _lecture_word_is_mentioned(prose, start, end, term):
    """True where the lecture's word is quoted, bracketed after the D2L word, or a table cell."""
    if any(q.start() <= start and end <= q.end() for q in QUOTED.finditer(prose)):
        return True
    before, after = prose[:start], prose[end:]
    if before.endswith(term["zh"] + "（") and after.startswith("）"):
        return True
    line_start = prose.rfind("\n", 0, start) + 1
    line_end = prose.find("\n", end) if "\n" in prose[end:] else len(prose)
    line = prose[line_start:line_end]
    if line.lstrip().startswith("|"):
        cell_start = prose.rfind("|", line_start, start)
        cell_end = prose.find("|", end, line_end)
        if cell_start >= 0 and cell_end >= 0 and prose[cell_start + 1:cell_end].strip() == term["lecture"]:
            return True
    return False


def term_problems(text, terms):
    """Messages for every rejected rendering and every lecture word used in the lesson's own voice."""
    prose = blank(NOT_PROSE, text.text)
    found = []
    for term in terms:
        matches = [(m, f"「{m.group()}」") for word in term["reject"] for m in re.finditer(re.escape(word), prose)]
        matches += [(m, f"「{m.group()}」 (matches {pattern!r})") for pattern in term["reject_pattern"]
                    for m in re.finditer(pattern, prose)]
        if term["lecture"]:
            matches += [(m, f"the lecture's word 「{m.group()}」 in the lesson's own voice")
                        for m in re.finditer(re.escape(term["lecture"]), prose)
                        if not _lecture_word_is_mentioned(prose, m.start(), m.end(), term)]
        for match, what in matches:
            found.append(f"{text.where}: {what}: use {term['zh']} ({term['en']}): "
                         f"…{_context(text.text, match.start(), match.end())}…")
    return found


# --- Chinese inside formulas -------------------------------------------------------------------

def latin_in_text(text):
    """Messages for every \\text{...} inside math whose content holds a Latin word."""
    found = []
    for math in re.finditer(MATH, blank(re.compile("|".join([FENCE, CODE]), re.S), text.text), re.S):
        for macro in re.finditer(r"\\text\{([^{}]*)\}", text.text[math.start():math.end()]):
            words = [w for w in LATIN_WORD.findall(macro.group(1)) if w not in TEXT_MACRO_ALLOWED]
            if words:
                found.append(f"{text.where}: English inside a formula, {macro.group()}: write it in Chinese "
                             f"(D2L: \\text{{ 概率为 }} p, \\text{{ 其他情况}})")
    return found


# --- short sentences ---------------------------------------------------------------------------

def sentences(text):
    """The sentences of ``text``: math, code, link targets and HTML tags each become one character
    (a formula reads as one word), then split after 。！？；and at line ends. Returns
    (sentence, length) with length = characters other than spaces and markdown emphasis."""
    prose = NOT_PROSE_OR_MATH.sub(lambda m: "" if m.group().startswith(("(", "<")) else "■", text)
    found = []
    for sentence in SENTENCE_END.split(prose):
        sentence = sentence.strip()
        length = len(re.sub(r"\s|\*|#|^[-|>]+|^\d+\.", "", sentence))
        if length:
            found.append((sentence, length))
    return found


def load_allowed_long(path=ALLOWED_LONG):
    """The allowed long sentences: dicts with where, start (the sentence's first characters) and why."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))["allowed"] if path.exists() else []


def long_sentences(text, limit=MAX_SENTENCE):
    """(where, sentence, length) for every sentence of ``text`` over ``limit`` characters."""
    return [(text.where, s, n) for s, n in sentences(text.text) if n > limit]


def is_allowed(where, sentence, allowed):
    return any(a["where"] == where and sentence.startswith(a["start"]) for a in allowed)


def report():
    terms, allowed = load_glossary(), load_allowed_long()
    lines = []
    for text in all_texts():
        lines += term_problems(text, terms) + latin_in_text(text)
        lines += [f"{where}: a sentence of {n} characters (over {MAX_SENTENCE}): {s[:40]}…"
                  for where, s, n in long_sentences(text) if not is_allowed(where, s, allowed)]
    return lines


if __name__ == "__main__":
    problems = report()
    print("\n".join(problems) if problems else "No style problems in the Chinese edition.")
    raise SystemExit(1 if problems else 0)
