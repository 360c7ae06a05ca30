"""A Dutch author-year citation style for sphinxcontrib-bibtex: "(Argyris & Schön, 1978)".

The built-in ``author_year`` style writes "Argyris and Schön [1978]"; Dutch
course text follows APA 7 as the Dutch guides teach it:

- round brackets, "; " between works: "(Schön, 1983; Dewey, 1933)";
- "&" inside brackets, "en" in running text: "(Argyris & Schön, 1974)" but
  "Argyris en Schön (1974)";
- three or more authors: the first and "e.a.": "(Huber e.a., 2011)";
- a tussenvoegsel keeps its place and gets a capital: "(Van der Lans, 2010)",
  the same surname the reference list (:mod:`.bibliography_style`) sorts on.

Registered as the pybtex plugin ``author_year_nl`` when the extension is
imported; :func:`register` also registers the reference-list style ``apa_nl``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pybtex.plugin
import sphinxcontrib.bibtex.plugin
from pybtex.database import Person
from pybtex.richtext import Text
from pybtex.style.names import BaseNameStyle
from sphinxcontrib.bibtex.style.referencing import BracketStyle, PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.referencing.basic_author_year import (
    BasicAuthorYearParentheticalReferenceStyle,
    BasicAuthorYearTextualReferenceStyle,
)
from sphinxcontrib.bibtex.style.referencing.extra_author import ExtraAuthorReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_empty import ExtraEmptyReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_label import ExtraLabelReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_year import ExtraYearReferenceStyle

from casetools.sphinxext import bibliography_style

STYLE_NAME = "author_year_nl"
NAME_STYLE = "surname_nl"


class DutchSurnameStyle(BaseNameStyle):  # type: ignore[misc]  # pybtex is untyped
    """The surname as cited: particle in front, first word capitalised ("Van der Lans")."""

    def format(self, person: Person, abbr: bool = True) -> Text:
        """Return particle and surname."""
        return bibliography_style.sorted_surname(person)


def _round() -> BracketStyle:
    return BracketStyle(left="(", right=")", sep="; ", sep2="; ", last_sep="; ")


def _persons() -> PersonStyle:
    return PersonStyle(style=NAME_STYLE, sep=", ", sep2=" & ", last_sep=" & ", other=" e.a.")


def _persons_in_text() -> PersonStyle:
    return PersonStyle(style=NAME_STYLE, sep=", ", sep2=" en ", last_sep=" en ", other=" e.a.")


@dataclass
class DutchAuthorYearStyle(AuthorYearReferenceStyle):
    """Author-year citations the way Dutch academic texts write them."""

    bracket_parenthetical: BracketStyle = field(default_factory=_round)
    bracket_textual: BracketStyle = field(default_factory=_round)
    bracket_author: BracketStyle = field(default_factory=_round)
    bracket_label: BracketStyle = field(default_factory=_round)
    bracket_year: BracketStyle = field(default_factory=_round)
    person: PersonStyle = field(default_factory=_persons)
    person_textual: PersonStyle = field(default_factory=_persons_in_text)

    def __post_init__(self) -> None:
        """Build the parent's group, but with "en" for textual and author citations."""
        self.styles.extend(
            [
                BasicAuthorYearParentheticalReferenceStyle(
                    bracket=self.bracket_parenthetical,
                    person=self.person,
                    author_year_sep=self.author_year_sep,
                    pre_text_sep=self.pre_text_sep,
                    post_text_sep=self.post_text_sep,
                ),
                BasicAuthorYearTextualReferenceStyle(
                    bracket=self.bracket_textual,
                    person=self.person_textual,
                    text_reference_sep=self.text_reference_sep,
                    pre_text_sep=self.pre_text_sep,
                    post_text_sep=self.post_text_sep,
                ),
                ExtraAuthorReferenceStyle(bracket=self.bracket_author, person=self.person_textual),
                ExtraLabelReferenceStyle(bracket=self.bracket_label),
                ExtraYearReferenceStyle(bracket=self.bracket_year),
                ExtraEmptyReferenceStyle(),
            ]
        )
        # GroupReferenceStyle.__post_init__, skipping AuthorYearReferenceStyle's own list.
        super(AuthorYearReferenceStyle, self).__post_init__()  # type: ignore[no-untyped-call]


def register() -> None:
    """Make both styles available (a second call changes nothing).

    The citation style under :data:`STYLE_NAME`, its name style under
    :data:`NAME_STYLE`, and the reference-list style ``apa_nl``.
    """
    pybtex.plugin.register_plugin("pybtex.style.names", NAME_STYLE, DutchSurnameStyle)
    sphinxcontrib.bibtex.plugin.register_plugin(
        "sphinxcontrib.bibtex.style.referencing", STYLE_NAME, DutchAuthorYearStyle
    )
    bibliography_style.register()
