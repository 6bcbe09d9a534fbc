"""Sphinx configuration of the web edition (one build per edition; tools/site/build.py runs it).

The notebooks are rendered as stored (no kernel): text, math, figures, printed checks, and the
widget state, which the widget renderer turns into working precomputed-frames sliders. Every
script is a local copy: require.js, the widget renderer and MathJax 2 are shared by both
editions in the site's vendor/ folder, one level above each edition's pages.

tools/site/build.py passes the language and title with ``-D``, and with ``-A`` (html_context, read by
templates/page.html): edition, other_edition, repository, branch, notebook_dir, readme, lessons.
"""
import logging

import jieba

project = "Dropout, hands-on"
language = "en"  # "zh_CN" for the Chinese edition (-D language=zh_CN)
extensions = ["myst_nb"]
templates_path = ["templates"]
html_static_path = ["static"]
html_css_files = ["course.css"]
html_theme = "furo"
html_theme_options = {"top_of_page_buttons": [], "navigation_with_keys": False}
html_copy_source = False  # no _sources/ copies of the notebooks (they would double the site)
html_show_sourcelink = False
html_show_sphinx = False
html_permalinks_icon = "#"

# The notebooks as executed and stored; nothing runs while building.
nb_execution_mode = "off"
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3

# Shared assets, relative to an edition's _static/ folder (Sphinx puts "_static/" before a relative
# script path): ../../vendor/ is the site's vendor/ folder.
VENDOR = "../../vendor"
nb_ipywidgets_js = {
    f"{VENDOR}/requirejs/require.js": {},
    # A widget module the bundle lacks would be looked up here (a local folder that does not exist),
    # never on a CDN: the browser tests would see the failed local request.
    f"{VENDOR}/html-manager/dist/embed-amd.js": {"data-jupyter-widgets-cdn": "../vendor/missing-widget-modules/",
                                                "data-jupyter-widgets-cdn-only": ""},
}
# MathJax 2.7.9 (the decks' copy: TeX to CommonHTML, fonts included); html-manager typesets widget
# labels with MathJax 2 as well.
mathjax_path = f"{VENDOR}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
myst_update_mathjax = False  # its settings are MathJax 3's; MathJax 2 finds Sphinx's \( \) and \[ \] itself

html_context = {"edition": "en", "other_edition": "zh", "repository": "", "branch": "main",
                "notebook_dir": "notebooks", "readme": "README.md", "lessons": ""}
html_title = project
html_show_copyright = False
# Search results without summaries: a summary is fetched from the result's page, which a browser
# refuses for pages opened from disk (file://).
html_show_search_summary = False
# The Chinese search index splits words with jieba, which logs its start-up at DEBUG level.
jieba.setLogLevel(logging.WARNING)


def setup(app):
    from sphinx.search.zh import SearchChinese

    class ChineseSearch(SearchChinese):
        """Sphinx 9.0's Chinese search writes `window.Stemmer = ChineseStemmer` into language_data.js
        but ships the English stemmer (for the Latin words): the search page stops with "ChineseStemmer
        is not defined". Name the stemmer it ships."""

        language_name = "English"

    app.add_search_language(ChineseSearch)
