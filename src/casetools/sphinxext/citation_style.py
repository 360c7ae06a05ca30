"""A Dutch author-year citation style for sphinxcontrib-bibtex: "(Argyris & Schön, 1978)".

The built-in ``author_year`` style writes "Argyris and Schön [1978]"; Dutch
course text needs round brackets, "en"/"&" and "e.a.". Registered as the
pybtex plugin ``author_year_nl`` when the extension is imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sphinxcontrib.bibtex.plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle, PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

STYLE_NAME = "author_year_nl"


def _round() -> BracketStyle:
    return BracketStyle(left="(", right=")", sep="; ", sep2="; ", last_sep="; ")


def _persons() -> PersonStyle:
    return PersonStyle(sep=", ", sep2=" & ", last_sep=" & ", other=" e.a.")


@dataclass
class DutchAuthorYearStyle(AuthorYearReferenceStyle):
    """Author-year citations the way Dutch academic texts write them."""

    bracket_parenthetical: BracketStyle = field(default_factory=_round)
    bracket_textual: BracketStyle = field(default_factory=_round)
    bracket_author: BracketStyle = field(default_factory=_round)
    bracket_label: BracketStyle = field(default_factory=_round)
    bracket_year: BracketStyle = field(default_factory=_round)
    person: PersonStyle = field(default_factory=_persons)


def register() -> None:
    """Make the style available under :data:`STYLE_NAME` (a second call changes nothing)."""
    sphinxcontrib.bibtex.plugin.register_plugin(
        "sphinxcontrib.bibtex.style.referencing", STYLE_NAME, DutchAuthorYearStyle
    )
