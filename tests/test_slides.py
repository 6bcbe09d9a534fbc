"""Every lesson is also a slide deck: slide metadata on every cell, and `jupyter nbconvert
--to slides` (what `make slides` runs) builds a deck with its figures. Teacher's notes live in
TEACHING.md, not in the student's text."""
import nbformat
import pytest
from nbconvert import SlidesExporter

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
    html, _ = SlidesExporter().from_filename(str(notebook))
    nb = nbformat.read(notebook, as_version=4)
    n_slides = sum(cell.metadata["slideshow"]["slide_type"] in ("slide", "subslide") for cell in nb.cells)
    assert html.count("<section") >= n_slides > 5
    assert "data:image/png;base64" in html
