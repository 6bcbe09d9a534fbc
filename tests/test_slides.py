"""Every lesson is also a slide deck: slide metadata on every cell, and tools.slides (what `make
slides` runs: nbconvert's reveal template with local assets) builds a deck with its figures that
loads nothing from the internet. Teacher's notes live in TEACHING.md, not in the student's text.
(The decks in a browser with no network: tests/browser/test_offline_slides.py.)"""
import re

import nbformat
import pytest

from tools import slides

SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}


def test_every_cell_has_a_slide_type_and_no_teachers_notes(notebook):
    nb = nbformat.read(notebook, as_version=4)
    kinds = [cell.metadata.get("slideshow", {}).get("slide_type") for cell in nb.cells]
    assert set(kinds) <= SLIDE_TYPES, f"cells without a slide type: {kinds.count(None)}"
    assert kinds[0] == "slide"
    assert not [c for c in nb.cells if "teacher's note" in c.source.lower()], "teacher's notes belong in TEACHING.md"
    setup = next(cell for cell in nb.cells if cell.cell_type == "code")
    assert setup.metadata["slideshow"]["slide_type"] == "skip", "the set-up cell should not be a slide"


@pytest.mark.slow
def test_static_deck_builds_with_figures(notebook):
    html, _ = slides.exporter().from_filename(str(notebook))
    nb = nbformat.read(notebook, as_version=4)
    n_slides = sum(cell.metadata["slideshow"]["slide_type"] in ("slide", "subslide") for cell in nb.cells)
    assert html.count("<section") >= n_slides > 5
    assert "data:image/png;base64" in html
    assert slides.remote_urls(html) == []
    if "widgets" in nb.metadata:  # the widget state travels with the deck: sliders work without a kernel
        assert 'type="application/vnd.jupyter.widget-state+json"' in html


def test_offline_deck_points_only_at_local_assets():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("$p$ and $$\\frac{1}{1-p}$$")])
    nb.cells[0].metadata["slideshow"] = {"slide_type": "slide"}
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {
        "version_major": 2, "version_minor": 0, "state": {}}}
    html, _ = slides.exporter("vendor").from_notebook_node(nb)
    assert slides.remote_urls(html) == []
    for asset in ("vendor/reveal.js/dist/reveal.css", "vendor/reveal.js/dist/reveal.js", "vendor/requirejs/require.js",
                  "vendor/jquery/dist/jquery.min.js", "vendor/mathjax/MathJax.js", "vendor/html-manager/dist/embed-amd.js"):
        assert asset in html
    # each asset is a file the install step copies (a glob of its package)
    for name, (_, _, patterns) in slides.NPM.items():
        for url in re.findall(rf"vendor/{re.escape(name)}/([^\"'?]+)", html):
            assert slides._wanted(url, patterns), f"{name}: {url} is not copied"


def test_remote_urls_finds_what_a_page_loads_not_links():
    html = ("<script src='https://cdn.example/x.js'></script><link rel=stylesheet href=\"//cdn.example/y.css\">"
            "<style>@import url(https://fonts.googleapis.com/css?family=Lato);</style>"
            "<a href='https://example.org/read-more'>a link</a><script src='vendor/z.js'></script>"
            "<script type=module>import mermaid from 'https://cdn.example/m.mjs';</script>")
    assert slides.remote_urls(html) == ["//cdn.example/y.css", "https://cdn.example/m.mjs", "https://cdn.example/x.js",
                                        "https://fonts.googleapis.com/css?family=Lato"]


def test_npm_assets_are_pinned_and_a_missing_npm_is_explained(monkeypatch, tmp_path):
    for package, version, _ in slides.NPM.values():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{package}@{version}: pin an exact version"
    monkeypatch.setattr(slides, "VENDOR_CACHE", tmp_path)
    monkeypatch.setattr(slides.shutil, "which", lambda name: None)
    with pytest.raises(SystemExit, match="npm was not found"):
        slides.install(["jquery"], tmp_path / "out")
