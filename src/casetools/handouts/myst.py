"""MyST Markdown to print HTML: exercise texts and case descriptions on paper.

Exercise prompts and keys are MyST Markdown. On paper there is no Sphinx to
resolve roles, so they become plain text first: citations become author-year
text through :mod:`casetools.library.citations` (the same text as on the command
line), and every other role keeps its text (``{term}`tekst <doel>``` prints
"tekst"). Then markdown-it-py renders CommonMark with tables, with raw HTML
switched off so that nothing in a name or a text can turn into markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from markdown_it import MarkdownIt
from markupsafe import Markup

from casetools.library.citations import plain_citations

Bibliography = Mapping[str, tuple[str, str]]  # key -> (authors as cited, year)

_ROLE = re.compile(r"\{(?P<name>[a-z]+(?::[a-z]+)*)\}`(?P<body>[^`]*)`")
_TARGET = re.compile(r"^(?P<text>.*?)\s*<[^<>]*>$", re.DOTALL)
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")

_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


def escape_markdown(text: str) -> str:
    """Backslash-escape every ASCII punctuation mark, so Markdown prints ``text`` as is."""
    return _PUNCTUATION.sub(r"\\\1", text)


def plain_roles(text: str, bibliography: Bibliography) -> str:
    """Replace MyST roles by plain text: citations by author-year, others by their text."""

    def replace(match: re.Match[str]) -> str:
        target = _TARGET.match(match["body"])
        return escape_markdown(target["text"] if target else match["body"])

    return _ROLE.sub(replace, plain_citations(text, bibliography))


def to_html(text: str, bibliography: Bibliography) -> Markup:
    """Render MyST Markdown as an HTML fragment for print."""
    # Safe to mark: markdown-it escapes all text, and raw HTML is switched off.
    return Markup(_markdown.render(plain_roles(text, bibliography)))
