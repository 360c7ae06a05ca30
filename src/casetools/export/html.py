"""Markdown to HTML for exported questions.

The same CommonMark subset as the site's fast gallery rendering, without raw
HTML, so a name with ``<`` or ``&`` prints literally and the output is well
formed XHTML that a QTI item can carry as XML.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it_pyrs import MarkdownIt

_markdown = MarkdownIt("zero").enable_many(
    ["paragraph", "heading", "lheading", "list", "blockquote", "hr", "code", "fence", "emphasis",
     "backticks", "escape", "entity", "link", "autolink", "newline", "table", "strikethrough"]
)  # fmt: skip
_SINGLE_PARAGRAPH = re.compile(r"^<p>(?P<inner>(?:(?!</?p>).)*)</p>\n?$", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def block_html(text: str) -> str:
    """Render Markdown as block HTML (paragraphs, lists, tables)."""
    return _markdown.render(text).replace("<br>", "<br />").replace("<hr>", "<hr />")


def inline_html(text: str) -> str:
    """Render a one-paragraph Markdown text (a quiz question or option) without ``<p>``."""
    html = block_html(text)
    match = _SINGLE_PARAGRAPH.match(html)
    return match.group("inner") if match else html


def plain_text(html: str) -> str:
    """The words of an HTML text with whitespace collapsed: what a reader sees, for comparisons."""
    from html import unescape

    return _SPACE.sub(" ", unescape(_TAG.sub(" ", html))).strip()
