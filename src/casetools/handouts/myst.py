r"""MyST Markdown to Typst markup: exercise texts and case descriptions on paper.

Exercise prompts and keys are MyST Markdown. On paper there is no Sphinx to
resolve roles, so they become plain text first: citations become author-year
text through :mod:`casetools.library.citations` (the same text as on the command
line), and every other role keeps its text (``{term}`tekst <doel>``` prints
"tekst"). Then markdown-it-py parses CommonMark with tables (raw HTML off), and
:func:`to_typst` writes Typst markup from the tokens. Every piece of text is
escaped character by character (every ASCII punctuation mark gets a backslash),
so no name or sentence can start Typst syntax: ``Sa<m&\%#$*_@[]"'//`` prints
as written. The handout templates evaluate the result with ``eval(mode: "markup")``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from casetools.library.citations import plain_citations

Bibliography = Mapping[str, tuple[str, str]]  # key -> (authors as cited, year)

_ROLE = re.compile(r"\{(?P<name>[a-z]+(?::[a-z]+)*)\}`(?P<body>[^`]*)`")
_TARGET = re.compile(r"^(?P<text>.*?)\s*<[^<>]*>$", re.DOTALL)
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")

_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


def escape_markdown(text: str) -> str:
    """Backslash-escape every ASCII punctuation mark, so Markdown prints ``text`` as is."""
    return _PUNCTUATION.sub(r"\\\1", text)


def escape_typst(text: str) -> str:
    """Backslash-escape every ASCII punctuation mark, so Typst markup prints ``text`` as is.

    Typst accepts a backslash before any of them; escaping all (not a list of
    "dangerous" ones) also covers sequences such as ``//``, ``--``, ``...``,
    ``1.`` at a line start and ``https://`` that only start syntax together.
    """
    return _PUNCTUATION.sub(r"\\\1", text)


def plain_roles(text: str, bibliography: Bibliography) -> str:
    """Replace MyST roles by plain text: citations by author-year, others by their text."""

    def replace(match: re.Match[str]) -> str:
        target = _TARGET.match(match["body"])
        return escape_markdown(target["text"] if target else match["body"])

    return _ROLE.sub(replace, plain_citations(text, bibliography))


def to_typst(text: str, bibliography: Bibliography, *, level: int = 2) -> str:
    """Render MyST Markdown as Typst markup for print; its top headings get ``level``.

    A tagged PDF (PDF/UA-1) may not skip a heading level, so the heading levels
    used in ``text`` are renumbered to consecutive levels from ``level`` on: the
    level of the heading the fragment is printed under, plus one.
    """
    tokens = _markdown.parse(plain_roles(text, bibliography))
    used = sorted({int(t.tag[1:]) for t in tokens if t.type == "heading_open"})
    levels = {used_level: min(level + i, 6) for i, used_level in enumerate(used)}
    return _TypstWriter(levels).blocks(tokens).strip() + "\n"


class _TypstWriter:
    """Turns a markdown-it token stream into Typst markup (block by block)."""

    def __init__(self, levels: Mapping[int, int]) -> None:
        self.levels = levels

    def blocks(self, tokens: Sequence[Token]) -> str:
        out: list[str] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            end = _closing(tokens, i) if tok.nesting == 1 else i
            inner = tokens[i + 1 : end]
            handler = self._block_handlers().get(tok.type.removesuffix("_open"))
            if handler is not None:
                out.append(handler(tok, inner))
            i = end + 1
        return "".join(out)

    def _block_handlers(self) -> dict[str, Callable[[Token, Sequence[Token]], str]]:
        return {
            # A paragraph in a tight list is hidden: no blank line, or the list turns loose.
            "paragraph": lambda t, inner: self.blocks(inner) + ("\n" if t.hidden else "\n\n"),
            "inline": lambda t, _i: self.inline(t.children or []),
            "heading": self._heading,
            "bullet_list": lambda _t, inner: self._list(inner, "-") + "\n",
            "ordered_list": self._ordered,
            "blockquote": lambda _t, inner: (
                f"#quote(block: true)[{self.blocks(inner).strip()}]\n\n"
            ),
            "hr": lambda _t, _i: "#line(length: 100%, stroke: 0.6pt + luma(60%))\n\n",
            "fence": self._code_block,
            "code_block": self._code_block,
            "table": self._table,
        }

    def _heading(self, tok: Token, inner: Sequence[Token]) -> str:
        level = self.levels[int(tok.tag[1:])]
        return f"#heading(level: {level})[{self.blocks(inner).strip()}]\n\n"

    def _list(self, items: Sequence[Token], marker: str) -> str:
        out: list[str] = []
        i = 0
        while i < len(items):
            end = _closing(items, i)
            body = self.blocks(items[i + 1 : end]).strip()
            indented = body.replace("\n", "\n  ")
            out.append(f"{marker} {indented}\n")
            i = end + 1
        return "".join(out)

    def _ordered(self, tok: Token, inner: Sequence[Token]) -> str:
        start = int(tok.attrGet("start") or 1)
        body = self._list(inner, "+")
        return body + "\n" if start == 1 else f"#[#set enum(start: {start})\n{body}]\n\n"

    def _code_block(self, tok: Token, _inner: Sequence[Token]) -> str:
        return f"#raw(block: true, {_typst_string(tok.content.rstrip())})\n\n"

    def _table(self, _tok: Token, inner: Sequence[Token]) -> str:
        header: list[str] = []
        rows: list[list[str]] = []
        current: list[str] = []
        in_head = False
        for t in inner:
            if t.type == "thead_open":
                in_head = True
            elif t.type == "thead_close":
                in_head = False
            elif t.type == "tr_open":
                current = []
            elif t.type == "tr_close":
                if in_head:
                    header = current
                else:
                    rows.append(current)
            elif t.type == "inline":
                current.append(self.inline(t.children or []))
        columns = max([len(header), *(len(r) for r in rows)], default=1)
        cells = [f"table.header({', '.join(f'[{c}]' for c in header)})"] if header else []
        cells += [f"[{c}]" for row in rows for c in row]
        return f"#table(columns: {columns}, {', '.join(cells)})\n\n"

    def inline(self, children: Sequence[Token]) -> str:
        out: list[str] = []
        for t in children:
            kind = t.type
            if kind == "text":
                out.append(escape_typst(t.content))
            elif kind == "softbreak":
                out.append(" ")
            elif kind == "hardbreak":
                out.append("\\\n")
            elif kind == "code_inline":
                out.append(f"#raw({_typst_string(t.content)})")
            elif kind in ("em_open", "strong_open"):
                out.append("#emph[" if kind == "em_open" else "#strong[")
            elif kind in ("em_close", "strong_close", "link_close"):
                out.append("]")
            elif kind == "link_open":
                out.append(f"#link({_typst_string(str(t.attrGet('href') or ''))})[")
            elif kind == "image":
                out.append(escape_typst(t.content))
        return "".join(out)


def _closing(tokens: Sequence[Token], start: int) -> int:
    """The index of the token that closes ``tokens[start]``."""
    depth = 0
    for j in range(start, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _typst_string(text: str) -> str:
    """A Typst string literal holding ``text``."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
