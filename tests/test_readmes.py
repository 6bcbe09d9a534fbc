"""README.md and README.zh-CN.md stay in step: the same sections in the same order, the same
commands, and every relative link in either resolves to a file of the repository.

README.zh-CN.md may add notes for learners in China (PyPI and npm mirrors) inside its sections,
never as sections of their own; those notes use pip, npm or environment variables, not make or
python, so they do not count as commands here.
"""
import re

import pytest

from tools import course
from tools.notebook_runner import NOTEBOOKS, ROOT

ENGLISH, CHINESE = ROOT / "README.md", ROOT / "README.zh-CN.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
COMMAND_WORDS = {"make", "python", "python3", "py", "conda", "pytest"}
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def outside_code(text):
    return FENCE.sub("", text)


def headings(text):
    """(level, title) of every markdown heading outside code blocks."""
    return [(len(m.group(1)), m.group(2).strip()) for m in re.finditer(r"^(#{1,6})\s+(.*)$", outside_code(text), re.M)]


def commands(text):
    """Every make/python/py/conda/pytest command line in the code blocks (not python code),
    comments dropped, spaces collapsed, variable values as …: `DROPOUT_SEED=… make lab`."""
    found = set()
    for language, body in FENCE.findall(text):
        if language == "python":
            continue
        for line in body.splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            prefix = re.match(r"((?:[A-Z_][A-Z0-9_]*=(?:\"[^\"]*\"|'[^']*'|\S*)\s+)*)(.*)", line)
            names = re.findall(r"([A-Z_][A-Z0-9_]*)=(?:\"[^\"]*\"|'[^']*'|\S*)", prefix.group(1))
            rest = prefix.group(2).split()
            if rest and rest[0] in COMMAND_WORDS:
                found.add(" ".join([f"{name}=…" for name in names] + rest))
    return found


def relative_links(text):
    """Link targets that are paths in the repository (no URL, no in-page anchor), fragments dropped."""
    targets = [m.group(1) for m in LINK.finditer(outside_code(text))]
    return [t.split("#")[0] for t in targets if not re.match(r"^[a-z]+:|^#", t)]


def test_extraction_on_an_example():
    text = ("# T\n\n## A\n\n```bash\nmake lab   # comment\nDROPOUT_SEED=7 make lab\nexport X=1\n"
            "make present LESSON=02\nURL=\"(a b)\" make lab\n"
            "npm config set registry R\n```\n\n```python\npython = 3\n```\n\n### B\n[x](a.md#s) [y](https://e.org) [z](#top)\n")
    assert headings(text) == [(1, "T"), (2, "A"), (3, "B")]
    assert commands(text) == {"make lab", "DROPOUT_SEED=… make lab", "make present LESSON=02", "URL=… make lab"}
    assert relative_links(text) == ["a.md"]


def test_both_readmes_have_the_same_sections_in_the_same_order():
    english, chinese = headings(ENGLISH.read_text()), headings(CHINESE.read_text())
    assert [level for level, _ in english] == [level for level, _ in chinese], (
        "README.md and README.zh-CN.md differ in their sections; side by side:\n"
        + "\n".join(f"{e!s:60} | {c}" for e, c in zip(english + [""] * len(chinese), chinese + [""] * len(english))
                    if e or c))


def test_both_readmes_show_the_same_commands():
    english, chinese = commands(ENGLISH.read_text()), commands(CHINESE.read_text())
    assert english, "no commands found in README.md"
    assert english == chinese, (f"only in README.md: {sorted(english - chinese)}\n"
                                f"only in README.zh-CN.md: {sorted(chinese - english)}")


@pytest.mark.parametrize("readme", [ENGLISH, CHINESE], ids=lambda p: p.name)
def test_every_relative_link_resolves(readme):
    links = relative_links(readme.read_text())
    assert links, f"{readme.name}: no relative links found"
    missing = [t for t in links if not (readme.parent / t).exists()]
    assert not missing, f"{readme.name} links to files that do not exist: {missing}"


@pytest.mark.parametrize("readme, folder", [(ENGLISH, "notebooks"), (CHINESE, "notebooks/zh")], ids=["en", "zh"])
def test_every_lesson_is_in_the_course_table(readme, folder):
    links = set(relative_links(readme.read_text()))
    missing = [nb.name for nb in NOTEBOOKS if f"{folder}/{nb.name}" not in links]
    assert not missing, f"{readme.name}: the course table does not link {missing} (in {folder}/)"


def test_readme_commands_name_real_steps():
    shown = commands(ENGLISH.read_text()) | commands(CHINESE.read_text())
    targets = set(re.findall(r"^([a-z][\w-]*):", (ROOT / "Makefile").read_text(), re.M))
    made = {m.group(1) for c in shown for m in [re.search(r"\bmake (\S+)", c)] if m}
    assert made and made <= targets, f"make targets the READMEs show but the Makefile lacks: {sorted(made - targets)}"
    steps = {m.group(1) for c in shown for m in [re.search(r"course\.py (\S+)", c)] if m}
    assert steps and steps <= set(course.STEPS), f"tools/course.py has no step {sorted(steps - set(course.STEPS))}"
