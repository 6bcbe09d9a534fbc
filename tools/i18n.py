"""The Chinese edition: gettext catalogues in, Chinese notebooks out.

    python -m tools.i18n update   # English notebooks -> locales/zh_CN/LC_MESSAGES/*.po (make po)
    python -m tools.i18n build    # English notebooks + catalogues -> notebooks/zh/*.ipynb (make zh)
    python -m tools.i18n status   # which cells still need a (new) translation

One catalogue per notebook, one entry per English markdown cell: msgid is the cell's
English text, msgstr its Chinese translation. Code cells and their outputs are copied
unchanged, so both editions run the same code and show the same results.

When an English cell changes, `update` keeps its old translation as a *fuzzy* entry
(the previous English text is kept as ``#| msgid``, so Poedit and Weblate show what
changed) and `build` refuses to run until a translator has revised it and removed the
fuzzy flag. Translators use any gettext tool (Poedit, Weblate, a text editor).
"""
import copy
import difflib
import sys

import nbformat
import polib

from tools.notebook_runner import NOTEBOOKS, ROOT

LOCALE = "zh_CN"
CATALOGUES = ROOT / "locales" / LOCALE / "LC_MESSAGES"
EDITION = ROOT / "notebooks" / "zh"
SIMILAR = 0.6  # difflib ratio above which an old translation is offered as a fuzzy one


def shown(path):
    """A path relative to the repository when it is inside it."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def english_notebooks():
    return NOTEBOOKS


def catalogue_path(notebook):
    return CATALOGUES / f"{notebook.stem}.po"


def markdown_cells(nb):
    """(index, source) of every markdown cell with text."""
    return [(i, cell.source) for i, cell in enumerate(nb.cells)
            if cell.cell_type == "markdown" and cell.source.strip()]


def load(notebook):
    path = catalogue_path(notebook)
    return polib.pofile(str(path), wrapwidth=0) if path.exists() else new_catalogue()


def new_catalogue():
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "dropout-hands-on",
        "Language": LOCALE,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    return po


def merge(notebook, po):
    """Bring ``po`` in line with the notebook's markdown cells (like msgmerge); return it.

    Unchanged cells keep their translation; a changed cell gets the most similar old
    entry's translation, marked fuzzy; cells no longer present are dropped.
    """
    nb = nbformat.read(notebook, as_version=4)
    old = {entry.msgid: entry for entry in po if not entry.obsolete}
    merged = new_catalogue()
    merged.metadata.update(po.metadata)
    taken = set()
    for index, text in markdown_cells(nb):
        if text in taken:
            continue
        taken.add(text)
        where = [(f"notebooks/{notebook.name}", str(index))]
        entry = old.get(text)
        if entry is not None:
            entry = copy.copy(entry)
            entry.occurrences = where
        else:
            entry = polib.POEntry(msgid=text, msgstr="", occurrences=where)
            unused = [e for e in old.values() if e.msgid not in taken and e.msgstr]
            best = max(unused, key=lambda e: difflib.SequenceMatcher(None, e.msgid, text).ratio(), default=None)
            if best is not None and difflib.SequenceMatcher(None, best.msgid, text).ratio() >= SIMILAR:
                entry.msgstr, entry.previous_msgid = best.msgstr, best.msgid
                entry.flags.append("fuzzy")
        merged.append(entry)
    return merged


def problems(notebook, po):
    """Cells of ``notebook`` whose translation is missing or fuzzy: a list of messages."""
    nb = nbformat.read(notebook, as_version=4)
    entries = {entry.msgid: entry for entry in po if not entry.obsolete}
    found = []
    for index, text in markdown_cells(nb):
        entry = entries.get(text)
        first_line = text.strip().splitlines()[0][:70]
        if entry is None or not entry.msgstr:
            found.append(f"{notebook.name} cell {index}: no translation yet ({first_line!r}); run make po, translate it")
        elif "fuzzy" in entry.flags:
            found.append(f"{notebook.name} cell {index}: the English text changed; revise the fuzzy translation "
                         f"in {shown(catalogue_path(notebook))} ({first_line!r})")
    return found


def translated(notebook, po):
    """The Chinese notebook: the English one with every markdown cell translated."""
    nb = nbformat.read(notebook, as_version=4)
    entries = {entry.msgid: entry.msgstr for entry in po if not entry.obsolete and "fuzzy" not in entry.flags}
    zh = copy.deepcopy(nb)
    for index, text in markdown_cells(nb):
        zh.cells[index].source = entries[text]
    zh.metadata["language"] = LOCALE
    return zh


def update():
    CATALOGUES.mkdir(parents=True, exist_ok=True)
    for notebook in english_notebooks():
        po = merge(notebook, load(notebook))
        po.save(str(catalogue_path(notebook)))
        todo = problems(notebook, po)
        print(f"{shown(catalogue_path(notebook))}: {len(po)} entries, {len(todo)} to translate")


def build():
    todo = [message for notebook in english_notebooks() for message in problems(notebook, load(notebook))]
    if todo:
        sys.exit("Cannot build the Chinese edition:\n  " + "\n  ".join(todo))
    EDITION.mkdir(exist_ok=True)
    for notebook in english_notebooks():
        nbformat.write(translated(notebook, load(notebook)), EDITION / notebook.name)
        print(f"notebooks/zh/{notebook.name}")


def status():
    todo = [message for notebook in english_notebooks() for message in problems(notebook, merge(notebook, load(notebook)))]
    print("\n".join(todo) if todo else "Every English markdown cell has a current translation.")
    sys.exit(1 if todo else 0)


if __name__ == "__main__":
    commands = {"update": update, "build": build, "status": status}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        sys.exit(f"usage: python -m tools.i18n {{{'|'.join(commands)}}}")
    commands[sys.argv[1]]()
