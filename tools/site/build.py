"""Build the web edition: `make site` -> build/site/.

    build/site/index.html      choose a language
    build/site/en/, zh/        one Sphinx build per edition (tools/site/conf.py), lessons in the lecture's order
    build/site/vendor/         require.js, the widget renderer, MathJax 2: shared by both editions, copied from
                               the npm tarballs that tools/slides.py pins and caches in build/vendor

Each edition is built from a staging folder (build/site-work/<edition>/src) holding its notebooks,
an index page and the teacher's guide; Sphinx writes into build/site-work/<edition>/html (myst-nb puts
its scratch files beside that folder), which is then moved into place.
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tools import slides
from tools.notebook_runner import ROOT
from tools.site import lessons, pages

CONF = Path(__file__).resolve().parent  # conf.py, templates/, static/
OUT = ROOT / "build" / "site"
WORK = ROOT / "build" / "site-work"
VENDOR = ["requirejs", "html-manager", "mathjax"]  # tools.slides.NPM entries the pages load
README = {"en": "README.md", "zh": "README.zh-CN.md"}

INDEX = {
    "en": """# Dropout, hands-on

An interactive course on **dropout regularization**, following the dropout section of *Dive into
Deep Learning* (D2L 5.6) and Mu Li's lecture on it. Each lesson is a notebook; these pages show
every lesson as it was executed: its text, math, figures and printed checks. The sliders whose
pictures are precomputed work here as well, with no Python; a slider that needs a kernel (it
redraws from a fresh computation) shows the picture stored for its starting value: to move it, run
the lesson yourself (`make lab`).

**Convention:** `p` is the probability of **dropping** a unit (PyTorch, Keras).
""",
    "zh": """# 动手学暂退法（Dropout, hands-on）

"""  # Chinese paragraphs are single lines: a line break inside one would show as a space.
    "这是一门关于**暂退法**（Dropout）这一正则化方法的交互式课程，对应《动手学深度学习》4.6 暂退法与李沐的课程视频。"
    "每一课都是一个笔记本；这些网页展示每一课运行后的样子：正文、公式、图和打印出的检查结果。"
    "预先画好图的滑块在这里同样可以拖动，无需 Python；需要内核的滑块（每次都要重新计算才能重画）只显示其初始取值的图："
    "要拖动它们，请自己运行这一课（`make lab-zh`）。\n\n"
    "**约定：** `p` 是**丢弃**一个单元的概率（与 PyTorch、Keras 相同）。\n",
}
CAPTIONS = {"en": {"start": "Start here", "core": "Core path", "deep": "Deep dives", "teaching": "For teachers"},
            "zh": {"start": "从这里开始", "core": "核心路线", "deep": "深入专题", "teaching": "给教师"}}
TITLE = {"en": "Dropout, hands-on", "zh": "动手学暂退法"}


def index_page(edition, stems):
    """The edition's front page (MyST): the introduction, then the navigation in the lecture's order."""
    text = [INDEX[edition]]
    for group in ("start", "core", "deep"):
        members = [stem for stem in stems if lessons.group_of(stem) == group]
        if members:
            text.append(toctree(CAPTIONS[edition][group], members))
    text.append(toctree(CAPTIONS[edition]["teaching"], ["teaching"]))
    return "\n".join(text)


def toctree(caption, entries):
    return "```{toctree}\n:caption: " + caption + "\n:maxdepth: 1\n\n" + "\n".join(entries) + "\n```\n"


LANGUAGE_LINE = re.compile(r"^\[English\]\(TEACHING\.md\)[^\n]*\n+|^\[中文\]\(TEACHING\.zh-CN\.md\)[^\n]*\n+", re.M)
NOTEBOOK_LINK = re.compile(r"\]\((?:\.\./)?notebooks/(?:zh/)?(\w+)\.ipynb\)")


def teaching_page(edition):
    """The teacher's guide as a page: its links to the other language go (every page has the switch),
    its links to notebooks point at their pages."""
    text = lessons.TEACHING[edition].read_text(encoding="utf-8")
    return NOTEBOOK_LINK.sub(r"](\1.ipynb)", LANGUAGE_LINE.sub("", text))


def stage(edition, src):
    """Fill ``src`` with what Sphinx builds for ``edition``; return the lesson stems in order."""
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    stems = []
    for notebook in lessons.lessons(edition):
        shutil.copyfile(notebook, src / notebook.name)
        stems.append(notebook.stem)
    (src / "index.md").write_text(index_page(edition, stems), encoding="utf-8")
    (src / "teaching.md").write_text(teaching_page(edition), encoding="utf-8")
    return stems


def sphinx(edition, stems, repository, branch, work):
    """One Sphinx build of ``edition`` from work/src into work/html; warnings are errors."""
    other = "zh" if edition == "en" else "en"
    notebook_dir = lessons.EDITIONS[edition].relative_to(ROOT).as_posix()
    context = {"edition": edition, "other_edition": other, "repository": repository, "branch": branch,
               "notebook_dir": notebook_dir, "readme": README[edition], "lessons": ",".join(stems)}
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going", "-c", str(CONF),
               "-d", str(work / "doctrees"), "-D", f"language={lessons.LANGUAGE[edition]}",
               "-D", f"html_title={TITLE[edition]}", "-D", f"project={TITLE[edition]}"]
    for key, value in context.items():
        command += ["-A", f"{key}={value}"]
    subprocess.run([*command, str(work / "src"), str(work / "html")], check=True, cwd=ROOT,
                   env=dict(os.environ, PYTHONPATH=str(ROOT)))


LANDING = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dropout, hands-on · 动手学暂退法</title>
<style>body {{ font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; }}
a {{ display: block; font-size: 1.4rem; margin: 1rem 0; }}</style></head>
<body><h1>Dropout, hands-on · 动手学暂退法</h1>
<a href="en/index.html" hreflang="en">English</a>
<a href="zh/index.html" hreflang="zh-CN" lang="zh-CN">中文</a>
<p>{count} lessons in each edition · 每个版本 {count} 课</p>
</body></html>
"""


def build(out=OUT, repository="", branch="main", work=WORK):
    """Build the site into ``out`` (replaced); return ``out``."""
    out, work = Path(out), Path(work)
    repository = lessons.repository(repository)
    if not repository:
        print("NOTE: no repository URL (no git remote, no SITE_REPO=...): the pages name their notebook "
              "without a link to it.", file=sys.stderr)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    slides.install(VENDOR, out / "vendor")
    counts = set()
    for edition in lessons.EDITIONS:
        edition_work = work / edition
        stems = stage(edition, edition_work / "src")
        shutil.rmtree(edition_work / "html", ignore_errors=True)
        sphinx(edition, stems, repository, branch, edition_work)
        shutil.move(edition_work / "html", out / edition)
        shutil.rmtree(out / edition / ".doctrees", ignore_errors=True)
        (out / edition / ".buildinfo").unlink(missing_ok=True)
        counts.add(len(stems))
    (out / "index.html").write_text(LANDING.format(count=" / ".join(map(str, sorted(counts)))), encoding="utf-8")
    (out / ".nojekyll").write_text("")  # GitHub Pages: serve folders whose names start with _ (_static, _images)
    pages.check(out)
    return out
