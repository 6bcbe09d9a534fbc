"""Slide decks that need no internet.

    python -m tools.slides build [NOTEBOOK ...] [--out build/slides]   # make slides (both editions)
    python -m tools.slides present NOTEBOOK [-- VOILA_ARGS ...]           # make present, make present-zh
    python -m tools.slides fetch                                        # only fill build/vendor (make test)

Both kinds of deck load their machinery from local copies, never from a CDN:

* static decks (nbconvert's reveal template, `make slides`): reveal.js, jQuery, require.js,
  MathJax 2 and the widget renderer (@jupyter-widgets/html-manager, which draws the widget
  state stored in the notebook, so precomputed-frame sliders work with no kernel) are copied
  into ``<out>/vendor/`` next to the decks (the Chinese decks, in ``<out>/zh/``, share them),
  and the decks point at them with relative URLs (open them from disk, or serve the folder); a
  slider panel's code is folded below its picture, so that slider and picture share the slide;
* the live deck (Voila's reveal template, `make present`): the template override in
  tools/templates/voila/templates/offline-reveal takes reveal.js' style sheets, jQuery and
  Font Awesome from its static folder, filled here under build/present/.

Every file comes from the npm registry at build time (``npm pack``, exact versions in ``NPM``,
the one place they are pinned); the tarballs are kept in build/vendor, so later builds do not
refetch them and need neither npm nor a network.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from tools.notebook_runner import NOTEBOOKS, ROOT

VENDOR_CACHE = ROOT / "build" / "vendor"  # npm tarballs, fetched once
TEMPLATES = ROOT / "tools" / "templates"  # a Jupyter data directory: nbconvert/ and voila/ templates
PRESENT_ROOT = ROOT / "build" / "present"  # another one, with the live deck's assets
TEMPLATE = "offline-reveal"

# folder under vendor/ -> (npm package, exact version, the files the decks load: globs in the package,
# where `*` stays within one folder).
NPM = {
    "reveal.js": ("reveal.js", "4.0.2", [
        "dist/reveal.js", "dist/reveal.css", "dist/theme/*.css", "plugin/notes/notes.js",
        "dist/theme/fonts/*/*.css", "dist/theme/fonts/*/*.woff"]),
    "jquery": ("jquery", "3.7.1", ["dist/jquery.min.js"]),
    "requirejs": ("requirejs", "2.3.7", ["require.js"]),
    # MathJax 2 (the reveal template drives MathJax.Hub): the TeX-AMS_CHTML-full configuration and
    # what it loads, without the other outputs, fonts formats, localizations and the 30 MB rest.
    "mathjax": ("mathjax", "2.7.9", [
        "MathJax.js", "config/TeX-AMS_CHTML-full.js", "config/Safe.js", "extensions/*.js", "extensions/TeX/*.js",
        "extensions/a11y/accessibility-menu.js", "jax/input/TeX/*.js", "jax/element/mml/*.js",
        "jax/element/mml/optable/*.js", "jax/output/CommonHTML/*.js", "jax/output/CommonHTML/*/*.js",
        "jax/output/CommonHTML/fonts/TeX/*.js", "jax/output/PreviewHTML/*.js", "fonts/HTML-CSS/TeX/woff/*.woff"]),
    # ipywidgets 8 = html-manager 1.x; embed-amd.js needs require.js on the page.
    "html-manager": ("@jupyter-widgets/html-manager", "1.0.15", ["dist/embed-amd.js", "dist/*.woff2", "dist/*.woff"]),
    "fontawesome": ("@fortawesome/fontawesome-free", "5.15.4", [
        "css/all.min.css", "css/v4-shims.min.css", "webfonts/*.woff2", "webfonts/*.woff"]),
}
STATIC_DECK = ["reveal.js", "jquery", "requirejs", "mathjax", "html-manager"]
LIVE_DECK = ["reveal.js", "jquery", "fontawesome"]  # Voila bundles its own MathJax and widgets

NO_NPM = ("The slides need their JavaScript from the npm registry ({missing}), fetched once into "
          "build/vendor, and npm was not found. Install Node.js with npm (e.g. `apt-get install npm`, "
          "or https://nodejs.org), or copy build/vendor from a machine that has built the slides.")


def tarball(package, version):
    """The npm tarball of package@version, from build/vendor or else fetched with `npm pack`."""
    path = _tarball_path(package, version)
    if path.exists():
        return path
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit(NO_NPM.format(missing=f"{package}@{version}"))
    VENDOR_CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=VENDOR_CACHE) as tmp:  # no half-downloaded tarball in the cache
        result = subprocess.run([npm, "pack", f"{package}@{version}", "--pack-destination", tmp, "--silent"],
                                cwd=tmp, capture_output=True, text=True)
        if result.returncode != 0 or not (Path(tmp) / path.name).exists():
            raise SystemExit(f"npm pack {package}@{version} failed (is the npm registry reachable?):\n"
                             f"{result.stderr.strip()}")
        (Path(tmp) / path.name).replace(path)
    return path


def fetch():
    """Every pinned tarball into build/vendor (a no-op once they are there); return their paths."""
    return [tarball(package, version) for package, version, _ in NPM.values()]


def fetched():
    """Whether build/vendor already holds every pinned tarball (no npm, no network needed)."""
    return all(_tarball_path(package, version).exists() for package, version, _ in NPM.values())


def _tarball_path(package, version):
    return VENDOR_CACHE / f"{package.lstrip('@').replace('/', '-')}-{version}.tgz"  # npm pack's name


REMOTE_IMPORT = re.compile(rb"@import\s+url\(\s*['\"]?(?:https?:)?//[^)]*\)\s*;?")


def _wanted(name, patterns):
    path = PurePosixPath(name)
    return any(len(path.parts) == len(PurePosixPath(p).parts) and path.match(p) for p in patterns)


def install(names, dest):
    """Copy the files the decks load of the packages ``names`` into dest/<name>/; return dest.

    Style sheets lose their @imports of remote fonts (reveal.js' themes import Google Fonts):
    the text falls back to the theme's next font."""
    dest = Path(dest)
    for name in names:
        package, version, patterns = NPM[name]
        target = dest / name
        shutil.rmtree(target, ignore_errors=True)
        with tarfile.open(tarball(package, version)) as tar:
            for member in tar.getmembers():
                relative = member.name.split("/", 1)[1]  # npm tarballs hold package/...
                if not (member.isfile() and _wanted(relative, patterns)):
                    continue
                data = tar.extractfile(member).read()
                if relative.endswith(".css"):
                    data = REMOTE_IMPORT.sub(b"", data)
                (target / relative).parent.mkdir(parents=True, exist_ok=True)
                (target / relative).write_bytes(data)
        (target / "VERSION").write_text(f"{package}@{version} (npm)\n")
    return dest


def exporter(vendor="vendor"):
    """nbconvert's SlidesExporter with every asset at ``vendor`` (a URL relative to the deck)."""
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    config = Config()
    config.SlidesExporter.reveal_url_prefix = f"{vendor}/reveal.js"
    config.SlidesExporter.jquery_url = f"{vendor}/jquery/dist/jquery.min.js"
    config.SlidesExporter.require_js_url = f"{vendor}/requirejs/require.js"
    config.SlidesExporter.mathjax_url = f"{vendor}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
    config.SlidesExporter.widget_renderer_url = f"{vendor}/html-manager/dist/embed-amd.js"
    config.SlidesExporter.font_awesome_url = f"{vendor}/fontawesome/css/all.min.css"  # unused by the template
    return SlidesExporter(config=config, template_name=TEMPLATE,
                          extra_template_basedirs=[str(TEMPLATES / "nbconvert" / "templates")])


# What a page loads by itself (not links a reader may follow): script/img/iframe src, link href,
# CSS @import and url(), JS module imports.
LOADED_URL = re.compile(r"""<(?:script|img|iframe|source|embed)\b[^>]*?\ssrc\s*=\s*["']([^"']+)"""
                        r"""|<link\b[^>]*?\shref\s*=\s*["']([^"']+)"""
                        r"""|@import\s+(?:url\()?\s*["']?([^"')\s;]+)"""
                        r"""|\burl\(\s*["']?([^"')\s]+)"""
                        r"""|\bimport\s+\w+\s+from\s+["']([^"']+)""", re.IGNORECASE)


def remote_urls(html):
    """The remote (http, https, protocol-relative) URLs a page would load by itself."""
    found = (next(group for group in match.groups() if group) for match in LOADED_URL.finditer(html))
    return sorted({url for url in found if re.match(r"(?:https?:)?//", url, re.IGNORECASE)})


def edition_notebooks():
    """Every lesson of both editions: notebooks/*.ipynb, then the Chinese notebooks/zh/*.ipynb."""
    return [*NOTEBOOKS, *sorted((ROOT / "notebooks" / "zh").glob("*.ipynb"))]


def deck_folder(notebook, out):
    """Where a notebook's deck goes: ``out`` for notebooks/NAME.ipynb, out/zh for notebooks/zh/NAME.ipynb
    (the folder's place under notebooks/; out itself for a notebook from elsewhere)."""
    folder = Path(notebook).resolve().parent
    notebooks = ROOT / "notebooks"
    return Path(out) / folder.relative_to(notebooks) if folder.is_relative_to(notebooks) else Path(out)


def build(notebooks=None, out=ROOT / "build" / "slides"):
    """Static decks of the notebooks (default: both editions) in ``out`` (the Chinese ones in out/zh),
    their assets in out/vendor; return the deck paths."""
    import nbformat

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    install(STATIC_DECK, out / "vendor")
    decks = []
    for notebook in notebooks or edition_notebooks():
        notebook = Path(notebook)
        folder = deck_folder(notebook, out)
        folder.mkdir(parents=True, exist_ok=True)
        vendor = os.path.relpath(out / "vendor", folder).replace(os.sep, "/")
        html, _ = exporter(vendor).from_notebook_node(nbformat.read(notebook, as_version=4),
                                                      resources={"metadata": {"name": notebook.stem}})
        remote = remote_urls(html)
        if remote:
            raise SystemExit(f"{notebook.name}: the deck would load from the internet: {remote}")
        deck = folder / f"{notebook.stem}.slides.html"
        deck.write_text(html, encoding="utf-8")
        decks.append(deck)
    return decks


def present_environment(env=None):
    """Fill the live deck's static folder; return ``env`` (default: this process's) with the
    Jupyter data directories Voila needs for --template=offline-reveal added to JUPYTER_PATH."""
    install(LIVE_DECK, PRESENT_ROOT / "voila" / "templates" / TEMPLATE / "static" / "vendor")
    env = dict(os.environ if env is None else env)
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(TEMPLATES), str(PRESENT_ROOT), env.get("JUPYTER_PATH")]))
    return env


def present(notebook, voila_args=()):
    """Serve the live deck of ``notebook`` with Voila (this process becomes Voila)."""
    command = [sys.executable, "-m", "voila", f"--template={TEMPLATE}", *voila_args, str(notebook)]
    os.execve(sys.executable, command, present_environment())


def _size(path):
    path = Path(path)
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.is_dir() else path.stat().st_size


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.slides", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build_command = commands.add_parser("build", help="static decks (make slides)")
    build_command.add_argument("notebooks", nargs="*", type=Path)
    build_command.add_argument("--out", type=Path, default=ROOT / "build" / "slides")
    present_command = commands.add_parser("present", help="the live deck with Voila (make present)")
    present_command.add_argument("notebook", type=Path)
    present_command.add_argument("voila_args", nargs="*", help="after --: more arguments for voila")
    commands.add_parser("fetch", help="only fetch the pinned npm tarballs into build/vendor")
    args = parser.parse_args(argv)
    if args.command == "build":
        decks = build(args.notebooks, args.out)
        for deck in decks:
            html = deck.read_text(encoding="utf-8")
            print(f"{deck.relative_to(Path.cwd()) if deck.is_relative_to(Path.cwd()) else deck}: "
                  f"{html.count('<section')} slides, {_size(deck) / 1e6:.1f} MB")
        print(f"shared assets ({', '.join(STATIC_DECK)}): {args.out / 'vendor'}, {_size(args.out / 'vendor') / 1e6:.1f} MB "
              "on disk (a deck loads part of them); nothing is fetched when a deck is opened")
    elif args.command == "fetch":
        print(f"{len(fetch())} npm tarballs in {VENDOR_CACHE}")
    else:
        present(args.notebook, args.voila_args)


if __name__ == "__main__":
    sys.exit(main())
