"""The core path (00-04) as a 45-minute lesson: budgets on words and visible code, short helpers,
and no statistics machinery in the lessons' own words and code (it lives in dropout_lib.check and
stats, and in the folded box "How this course checks a claim" of 00)."""
import ast
import re

import nbformat
import pytest

from tools.notebook_runner import NOTEBOOKS

CORE = [path for path in NOTEBOOKS if re.fullmatch(r"0[0-4]_.*", path.stem)]
WORDS = {"00": 700, "01": 1100, "02": 1100, "03": 1100, "04": 1100}
TOTAL_WORDS, TOTAL_CODE_LINES, HELPER_LINES = 5000, 350, 15
D2L_CLASSES = {"Net", "DropoutMLPScratch"}  # D2L's model classes, shown as the book has them
# What a core lesson must not show: the statistics behind the checks (case-insensitive).
MACHINERY = ["standard error", "quantile", "student's t", "degrees of freedom", "leftover", "contraction",
             "fourth moment", "z_clear", "stats.z", "binomial", "tolerance", "paired_difference"]
WORD = re.compile(r"[A-Za-z0-9\u4e00-\u9fff]")


def words(text):
    """Words as a reader counts them: whitespace-separated tokens holding a letter, digit or Chinese character
    (table rules such as |---| are not words)."""
    return sum(1 for token in text.split() if WORD.search(token))


def cells(path, kind):
    return [cell.source for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == kind]


def code_lines(path):
    return sum(1 for source in cells(path, "code") for line in source.splitlines() if line.strip())


def test_the_core_path_is_00_to_04():
    assert [path.stem[:2] for path in CORE] == list(WORDS)


@pytest.mark.parametrize("path", CORE, ids=[path.stem for path in CORE])
def test_words_per_lesson(path):
    count = sum(words(source) for source in cells(path, "markdown"))
    assert count <= WORDS[path.stem[:2]], f"{path.name}: {count} words of markdown, budget {WORDS[path.stem[:2]]}"


def test_words_and_visible_code_of_the_whole_core_path():
    total_words = sum(words(source) for path in CORE for source in cells(path, "markdown"))
    total_code = sum(code_lines(path) for path in CORE)
    assert total_words <= TOTAL_WORDS, f"{total_words} words in the core path, budget {TOTAL_WORDS}"
    assert total_code <= TOTAL_CODE_LINES, f"{total_code} non-blank code lines in the core path, budget {TOTAL_CODE_LINES}"


@pytest.mark.parametrize("path", CORE, ids=[path.stem for path in CORE])
def test_helper_functions_are_short(path):
    for source in cells(path, "code"):
        for node in ast.parse(source).body:
            if isinstance(node, ast.FunctionDef):
                length = node.end_lineno - node.lineno + 1
                assert length <= HELPER_LINES, f"{path.name}: {node.name} has {length} lines; longer helpers go to dropout_lib"
            if isinstance(node, ast.ClassDef):
                assert node.name in D2L_CLASSES, f"{path.name}: class {node.name}: only D2L's model classes here"


def box_of_00(source):
    """00's folded box 'How this course checks a claim' is where the statistics are explained."""
    return "How this course checks a claim" in source


@pytest.mark.parametrize("path", CORE, ids=[path.stem for path in CORE])
def test_no_statistics_machinery_in_the_core_text_or_code(path):
    for kind in ("markdown", "code"):
        for source in cells(path, kind):
            if box_of_00(source):
                continue
            text = " ".join(source.split()).lower()  # a term broken across lines is still found
            found = [term for term in MACHINERY if term in text]
            assert not found, f"{path.name} ({kind}): {found} in {source[:80]!r}"


@pytest.mark.parametrize("path", CORE, ids=[path.stem for path in CORE])
def test_every_lesson_says_how_long_it_takes(path):
    assert re.search(r"about \d+ minutes", cells(path, "markdown")[0]), f"{path.name}: the first cell gives the time"


def test_the_box_explains_the_checks():
    assert any(box_of_00(source) and re.search(r"standard\s+error", source) for source in cells(CORE[0], "markdown"))
