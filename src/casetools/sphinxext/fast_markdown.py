"""Markdown to HTML for generated gallery content, without the MyST round trip.

Gallery pages carry thirty copies of case descriptions and exercises; parsing
all of them as MyST into docutils nodes multiplied the build time. Text that
needs no Sphinx features (no roles, no directives, no cross-references) is
rendered here with markdown-it.rs, about ten times faster than the pure-Python
parser. Raw HTML is not enabled, so names with ``<`` or ``&`` print literally.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it_pyrs import MarkdownIt

# CommonMark without raw HTML, plus tables: the parts case and exercise texts use.
_markdown = MarkdownIt("zero").enable_many(
    ["paragraph", "heading", "lheading", "list", "blockquote", "hr", "code", "fence", "emphasis",
     "backticks", "escape", "entity", "link", "autolink", "newline", "table", "strikethrough"]
)  # fmt: skip


@lru_cache(maxsize=4096)
def markdown_html(text: str) -> str:
    """Render Markdown to HTML; cached, since rubrics and notes repeat on every page."""
    return _markdown.render(text)
