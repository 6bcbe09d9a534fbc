"""What a built site holds: its links, its pages' weights, its total size (checked after every build,
tested by tests/test_site.py, reported by `make bench`).

A page's own weight (the budget) is its HTML plus the files only it loads (its pictures); the shared
assets (widget renderer, MathJax, the theme) count once, in the site's total. Its first-visit weight
adds the shared files it names (before MathJax fetches its fonts and extensions). Links: every
relative href/src must name a file of the site, and a #fragment on another page of the site must
name an id there.
"""
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tools.site import lessons

PAGE_BUDGET = 3_000_000  # bytes, every page
SITE_BUDGET = 60_000_000  # bytes, the whole site (both editions, shared assets once)
LOADED = {("img", "src"), ("script", "src"), ("link", "href"), ("source", "src"), ("iframe", "src")}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.loaded, self.ids = [], [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])
                if (tag, name) in LOADED and (tag != "link" or "stylesheet" in (attrs.get("rel") or "")):
                    self.loaded.append(attrs[name])


def parse(path):
    page = _Page()
    page.feed(Path(path).read_text(encoding="utf-8"))
    return page


def local_target(page_path, url):
    """The site file a relative URL names (None for an external URL, a fragment alone, mailto: ...)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return (Path(page_path).parent / unquote(parts.path)).resolve()


def html_pages(site):
    return sorted(Path(site).rglob("*.html"))


def broken_links(site):
    """'page: url (why)' for every relative link or load that names no file, or no id of its page."""
    site = Path(site).resolve()
    parsed = {path.resolve(): parse(path) for path in html_pages(site)}
    problems = []
    for path, page in parsed.items():
        for url in page.links:
            target = local_target(path, url)
            if target is None:
                continue
            where = f"{path.relative_to(site)}: {url}"
            if not target.is_relative_to(site):
                problems.append(f"{where} (outside the site)")
            elif not target.exists():
                problems.append(f"{where} (no such file)")
            fragment = urlsplit(url).fragment
            if fragment and target in parsed and unquote(fragment) not in parsed[target].ids:
                problems.append(f"{where} (no id {fragment!r} on that page)")
    return problems


def missing_pages(site):
    """Every lesson (a notebook of either edition) must have its page in both editions: what is missing."""
    stems = {notebook.stem for edition in lessons.EDITIONS for notebook in lessons.lessons(edition)}
    missing = []
    for edition, folder in lessons.EDITIONS.items():
        for stem in sorted(stems):
            if not (Path(site) / edition / f"{stem}.html").exists():
                source = folder / f"{stem}.ipynb"
                why = "" if source.exists() else f" ({source.relative_to(lessons.ROOT)} does not exist" + \
                    ("; make po, translate, make zh)" if edition == "zh" else ")")
                missing.append(f"{edition}/{stem}.html{why}")
    return missing


def loaded_files(path):
    """The distinct site files a page names for loading (images, scripts, style sheets)."""
    targets = (local_target(path, url) for url in parse(path).loaded)
    return {target for target in targets if target is not None and target.is_file()}


def weights(site):
    """{page: (own bytes, first-visit bytes)}. Own: the HTML and the files no other page loads (its
    pictures); first visit: the HTML and everything it names, the shared scripts and styles included."""
    loads = {path: loaded_files(path) for path in html_pages(site)}
    users = {}
    for files in loads.values():
        for file in files:
            users[file] = users.get(file, 0) + 1
    return {path: (path.stat().st_size + sum(f.stat().st_size for f in files if users[f] == 1),
                   path.stat().st_size + sum(f.stat().st_size for f in files))
            for path, files in loads.items()}


def site_bytes(site):
    return sum(path.stat().st_size for path in Path(site).rglob("*") if path.is_file())


def problems(site):
    """Everything wrong with a built site ([] when it is fine)."""
    found = [f"missing page {page}" for page in missing_pages(site)]
    found += [f"broken link {link}" for link in broken_links(site)]
    found += [f"{path.relative_to(site)}: {own / 1e6:.2f} MB of its own (budget {PAGE_BUDGET / 1e6:.0f} MB)"
              for path, (own, _) in weights(site).items() if own > PAGE_BUDGET]
    if site_bytes(site) > SITE_BUDGET:
        found.append(f"the site holds {site_bytes(site) / 1e6:.1f} MB (budget {SITE_BUDGET / 1e6:.0f} MB)")
    return found


def check(site):
    """Raise SystemExit naming every problem of the built site."""
    found = problems(site)
    if found:
        raise SystemExit("The site has problems:\n  " + "\n  ".join(found))
