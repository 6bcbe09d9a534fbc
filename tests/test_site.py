"""The web edition (`make site`, tools/site/): the lessons' order from their file names, the links a
page carries, and a link check over the whole built site. (In a browser: tests/browser/test_site.py.)"""
import os
import re
from pathlib import Path

import pytest

from tests.site_helpers import REPOSITORY, built_site
from tools import slides
from tools.site import build, lessons, pages

REQUIRED = os.environ.get("DROPOUT_REQUIRE_BROWSER") == "1"


def test_lessons_are_ordered_start_core_then_deep_dives_by_number():
    stems = ["04a_dropconnect", "02b_x", "01_why", "00_start_here", "05_new_core", "02a_y", "04_demo", "02_from"]
    ordered = sorted(stems, key=lessons.lesson_key)
    assert ordered == ["00_start_here", "01_why", "02_from", "04_demo", "05_new_core", "02a_y", "02b_x",
                       "04a_dropconnect"]
    assert [lessons.group_of(s) for s in ordered] == ["start"] + ["core"] * 4 + ["deep"] * 3
    with pytest.raises(ValueError, match="two digits.*got 'notes'"):
        lessons.lesson_key("notes")


def test_both_editions_have_the_same_lessons_in_the_same_order():
    english = [path.stem for path in lessons.lessons("en")]
    assert english == [path.stem for path in lessons.lessons("zh")]
    assert english[0] == "00_start_here" and len(english) >= 10


@pytest.mark.parametrize("remote, url", [
    ("git@github.com:someone/dropout-hands-on.git", "https://github.com/someone/dropout-hands-on"),
    ("https://github.com/someone/dropout-hands-on.git", "https://github.com/someone/dropout-hands-on"),
    ("https://token@github.com/someone/dropout-hands-on", "https://github.com/someone/dropout-hands-on"),
    ("ssh://git@github.com/someone/dropout-hands-on.git/", "https://github.com/someone/dropout-hands-on"),
    ("/srv/git/dropout.git", ""),
])
def test_repository_url_from_a_git_remote(remote, url):
    assert lessons.github_url(remote) == url


def test_a_configured_repository_wins():
    assert lessons.repository("https://example.org/course/") == "https://example.org/course"


def test_teachers_guide_page_drops_its_language_line_and_links_lessons(tmp_path, monkeypatch):
    guide = tmp_path / "TEACHING.zh-CN.md"
    guide.write_text("[English](TEACHING.md) | 简体中文\n\n# 教师指南\n\n"
                     "见[第 02 课](notebooks/zh/02_dropout_from_scratch.ipynb)。\n")
    monkeypatch.setitem(lessons.TEACHING, "zh", guide)
    assert build.teaching_page("zh") == "# 教师指南\n\n见[第 02 课](02_dropout_from_scratch.ipynb)。\n"


def test_link_check_finds_a_missing_file_and_a_missing_anchor(tmp_path):
    (tmp_path / "a.html").write_text('<a href="b.html#there">b</a> <img src="_images/x.png"> '
                                     '<a href="https://example.org/">out</a> <a href="#top" id="top">top</a>')
    (tmp_path / "b.html").write_text('<p id="here">b</p> <a href="../outside.html">up</a>')
    assert sorted(pages.broken_links(tmp_path)) == [
        "a.html: _images/x.png (no such file)", "a.html: b.html#there (no id 'there' on that page)",
        "b.html: ../outside.html (outside the site)"]


def test_a_lesson_without_its_chinese_notebook_is_a_missing_page(tmp_path, monkeypatch):
    english, chinese = tmp_path / "notebooks", tmp_path / "notebooks" / "zh"
    chinese.mkdir(parents=True)
    (english / "05_new_lesson.ipynb").write_text("{}")
    monkeypatch.setattr(lessons, "EDITIONS", {"en": english, "zh": chinese})
    monkeypatch.setattr(lessons, "ROOT", tmp_path)
    (tmp_path / "site" / "en").mkdir(parents=True)
    (tmp_path / "site" / "en" / "05_new_lesson.html").write_text("")
    assert pages.missing_pages(tmp_path / "site") == [
        "zh/05_new_lesson.html (notebooks/zh/05_new_lesson.ipynb does not exist; make po, translate, make zh)"]


def test_page_weight_counts_shared_files_once(tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.png").write_bytes(b"x" * 1000)
        (tmp_path / f"{name}.html").write_text(f'<img src="{name}.png"><script src="shared.js"></script>')
    (tmp_path / "shared.js").write_bytes(b"y" * 5000)
    size = (tmp_path / "a.html").stat().st_size
    assert pages.weights(tmp_path)[tmp_path / "a.html"] == (size + 1000, size + 6000)


@pytest.fixture(scope="module")
def site():
    if not slides.fetched():
        message = ("The site's npm assets are not in build/vendor: site not built. "
                   "Fetch them with `.venv/bin/python -m tools.slides fetch` (needs npm and the npm registry).")
        if REQUIRED:
            pytest.fail(message + " DROPOUT_REQUIRE_BROWSER=1 makes this a failure.")
        pytest.skip(message)
    return built_site()


@pytest.mark.slow
def test_built_site_has_every_page_no_broken_link_and_fits_its_budgets(site):
    assert pages.problems(site) == []
    for edition in lessons.EDITIONS:
        assert (site / edition / "teaching.html").exists() and (site / edition / "search.html").exists()
    assert (site / "index.html").exists() and (site / ".nojekyll").exists()


@pytest.mark.slow
@pytest.mark.parametrize("edition", list(lessons.EDITIONS))
def test_every_lesson_page_links_its_notebook_the_commands_and_the_other_edition(site, edition):
    other = "zh" if edition == "en" else "en"
    folder = "notebooks" if edition == "en" else "notebooks/zh"
    for notebook in lessons.lessons(edition):
        html = (site / edition / f"{notebook.stem}.html").read_text(encoding="utf-8")
        assert f'href="{REPOSITORY}/blob/main/{folder}/{notebook.name}"' in html, notebook.name
        assert "<code>make lab</code>" in html and "<code>make test</code>" in html, notebook.name
        assert f'href="../{other}/{notebook.stem}.html"' in html, notebook.name


@pytest.mark.slow
@pytest.mark.parametrize("edition", list(lessons.EDITIONS))
def test_navigation_follows_the_lecture_order(site, edition):
    index = (site / edition / "index.html").read_text(encoding="utf-8")
    article = index[index.index('id="furo-main-content"'):]
    linked = re.findall(r'class="reference internal" href="(\w+)\.html"', article)
    expected = [path.stem for path in lessons.lessons(edition)] + ["teaching"]
    assert linked == expected
    assert Path(site / edition / "_static" / "course.css").exists()
