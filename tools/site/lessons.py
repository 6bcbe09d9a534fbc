"""What the web edition shows, in which order, and where each lesson's notebook lives.

The order comes from the file names alone (a new notebook finds its place by itself):
``00_start_here``, then the core path (two digits: ``01_...`` to ``04_...``), then the deep
dives (two digits and a letter: ``02a_...``, ``02b_...``, ``03a_...``), each group by its number.
"""
import re
import subprocess
from pathlib import Path

from tools.notebook_runner import ROOT

EDITIONS = {"en": ROOT / "notebooks", "zh": ROOT / "notebooks" / "zh"}  # edition -> its notebooks
LANGUAGE = {"en": "en", "zh": "zh_CN"}  # Sphinx's language code per edition
TEACHING = {"en": ROOT / "TEACHING.md", "zh": ROOT / "TEACHING.zh-CN.md"}
PREFIX = re.compile(r"^(\d\d)([a-z]?)_")


def lesson_key(stem):
    """Sort key of a notebook stem: start (00), core (01..), deep dives (02a..), each by number."""
    match = PREFIX.match(stem)
    if match is None:
        raise ValueError(f"a lesson's file name must start with two digits (and a letter for a deep dive) "
                         f"and an underscore, e.g. 02_... or 02a_...; got {stem!r}")
    number, letter = match.groups()
    group = 0 if number == "00" else (2 if letter else 1)
    return group, number, letter


def group_of(stem):
    """"start", "core" or "deep" (see lesson_key)."""
    return ("start", "core", "deep")[lesson_key(stem)[0]]


def lessons(edition="en"):
    """The notebooks of an edition in the lecture's order (paths)."""
    return sorted(EDITIONS[edition].glob("*.ipynb"), key=lambda path: lesson_key(path.stem))


def _git(*args):
    result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else ""


def github_url(remote):
    """The https URL of a GitHub repository from a git remote URL (ssh or https); "" if not GitHub."""
    match = re.match(r"^(?:git@github\.com:|ssh://git@github\.com/|https?://(?:[^@/]+@)?github\.com/)"
                     r"([^/]+)/(.+?)(?:\.git)?/?$", remote)
    return f"https://github.com/{match[1]}/{match[2]}" if match else ""


def repository(configured=""):
    """The repository's web URL: ``configured`` (make site SITE_REPO=...) if given, else the
    GitHub URL of the git remote "origin" (or the first remote); "" when neither exists."""
    if configured:
        return configured.rstrip("/")
    remotes = _git("remote").split()
    remote = "origin" if "origin" in remotes else (remotes[0] if remotes else "")
    return github_url(_git("remote", "get-url", remote)) if remote else ""


def notebook_path(edition, stem):
    """The notebook's path in the repository, e.g. notebooks/zh/02_dropout_from_scratch.ipynb."""
    return (EDITIONS[edition] / f"{stem}.ipynb").relative_to(ROOT).as_posix()


def is_lesson(path: Path):
    return PREFIX.match(path.stem) is not None
