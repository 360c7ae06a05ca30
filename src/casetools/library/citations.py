"""Citations outside Sphinx: ``{cite:p}`key``` turned into "(Author, year)".

Exercise texts cite with MyST roles so the site links them to the
bibliography. Outputs that are not Sphinx pages (the command line, handouts,
the fast gallery rendering) still need readable citations, so this module
reads ``course/references.bib`` with pybtex and writes author-year text the
way the site does (``casetools.sphinxext.citation_style``), Dutch APA 7:
"(Argyris & Schön, 1974)" in brackets, "Argyris en Schön (1974)" in running
text, "(Huber e.a., 2011)" from three authors on, and a tussenvoegsel in
front with a capital: "(Van der Lans, 2010)".
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import latexcodec  # noqa: F401 - registers the 'ulatex' codec for names like Sch\"on
from pybtex.database import parse_file
from pybtex.database.input.bibtex import PybtexSyntaxError

from casetools.errors import ContentError

ROLE = re.compile(r"\{cite:(p|t)\}`([^`]*)`")
_PAGES = re.compile(r"^(?P<key>[^{]+)(?:\{(?P<post>[^}]*)\})?$")
MAX_NAMED_AUTHORS = 2


@cache
def bibliography(path: Path) -> Mapping[str, tuple[str, str]]:
    """Map each key to (authors as cited, year)."""
    try:
        data = parse_file(str(path))
    except (OSError, PybtexSyntaxError) as exc:
        raise ContentError(path, None, "", f"cannot read the bibliography: {exc}") from None
    result = {}
    for key, entry in data.entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [_capfirst(_plain(" ".join(p.prelast_names + p.last_names))) for p in people]
        if not names:
            who = _plain(entry.fields.get("title", key))
        elif len(names) > MAX_NAMED_AUTHORS:
            who = f"{names[0]} e.a."
        else:
            who = " & ".join(names)
        result[key] = (who, entry.fields.get("year", "z.d."))
    return result


def _capfirst(name: str) -> str:
    """Capitalise a leading particle ("Van der Lans"): Dutch spelling without initials."""
    return name[:1].upper() + name[1:]


def _in_text(who: str) -> str:
    """Running text joins two authors with "en": "Argyris en Schön".

    ``who`` is built above: two personal names joined by " & ", or one name.
    """
    first, sep, second = who.partition(" & ")
    return f"{first} en {second}" if sep and " & " not in second else who


def _plain(text: str) -> str:
    decoded: str = codecs.decode(text, "ulatex")  # type: ignore[call-overload]  # latexcodec decodes str too
    return decoded.replace("{", "").replace("}", "")


def plain_citations(text: str, bib: Mapping[str, tuple[str, str]]) -> str:
    """Replace every cite role in ``text``; an unknown key is kept as the key itself."""

    def one(key_text: str, textual: bool) -> str:
        match = _PAGES.match(key_text.strip())
        key = match.group("key").strip() if match else key_text.strip()
        post = match.group("post") if match else None
        who, year = bib.get(key, (key, ""))
        detail = ", ".join(x for x in (year, post) if x)
        if textual:
            return f"{_in_text(who)} ({detail})"
        return f"{who}, {detail}" if detail else who

    def replace(m: re.Match[str]) -> str:
        textual = m.group(1) == "t"
        parts = [one(k, textual) for k in m.group(2).split(",")]
        return "; ".join(parts) if textual else f"({'; '.join(parts)})"

    return ROLE.sub(replace, text)
