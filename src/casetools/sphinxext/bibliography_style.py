"""A Dutch APA 7 reference list for sphinxcontrib-bibtex: the pybtex style ``apa_nl``.

pybtex's ``plain`` style numbers the list, writes "and", "In" and "Technical
Report", puts first names first and lower-cases titles. Dutch hogeschool
students are taught APA 7 as the Dutch guides adapt it; this style writes that:

- **No visible labels.** The page lists the entries as one unnumbered list
  (``:list: bullet``); the label pybtex still needs internally is the entry key,
  which is unique and never printed.
- **Names** as "Achternaam, V. V."; two or more authors joined with ", " and
  ", & " before the last; editors followed by "(Red.)"; translators "(V.
  Achternaam, Vert.)". Corporate authors (braced in the .bib) print as written.
- **Tussenvoegsels** follow the convention of the Dutch APA guides of the
  hogescholen (Werkgroep Bronvermelding Hogescholen, since 2018; also the
  university libraries' APA guides): the particle stays in front of the
  surname and its first word gets a capital, "Van der Lans, J.", and the entry
  is sorted under the particle, so under V. In-text citations match: "(Van der
  Lans, 2010)". A Flemish name such as "Van Bouchaute" is written and sorted
  the same way, so one rule covers both. (The older Dutch library rule, "Lans,
  J. van der" under L, is deliberately *not* used: mixing it with APA in-text
  citations puts "Van der Lans (2010)" in the text and "Lans" in the list.)
- **One A-Z list**: sorted on the first author's full surname (particle
  included), then initials, then the further authors, ignoring case, braces and
  accents ("Hölsgens" before "Huber"); a work without author is sorted on its
  title, skipping a leading article. Works by the same authors: undated ("z.d.")
  first, then by year, then by title.
- **Dutch words**: "In", "(Red.)", "[Rapport]", "[Proefschrift, …]",
  "Geraadpleegd op … van", "z.d.", "pp.", "Dl.".
- **Titles keep the case they are written in** (no lower-casing).
- **URLs and DOIs** are printed as links (``https://doi.org/…``).
- **No internal notes**: the ``note`` and ``annote`` fields are never printed.

Fields the style reads besides the usual BibTeX ones: ``date`` (ISO
``YYYY-MM-DD`` or ``YYYY-MM``; printed as "(2022, 10 maart)"), ``urldate``
(ISO date, for pages that change), ``translator``, ``origyear``, ``edition``
(printed verbatim in brackets), ``type`` (a report's own series name, e.g.
"WRR-rapport"). Entry types: article, book, incollection, techreport,
phdthesis, legislation (a law: its title takes the author's place), online and
misc.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import pybtex.plugin
from pybtex.database import Entry, Person
from pybtex.richtext import HRef, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.names import BaseNameStyle
from pybtex.style.sorting import BaseSortingStyle

STYLE_NAME = "apa_nl"
NO_DATE = "z.d."
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
_ISO_DATE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")
_OPENING = " '\"([{\u2018\u2019\u201c\u201d"  # spaces, brackets, straight and curly quotes
_LEADING_ARTICLE = re.compile(r"^(de|het|een|the|a|an)\s+", re.IGNORECASE)


def _rich(entry: Entry, name: str) -> Text | None:
    """A field as rich text (LaTeX decoded, braces protected), or None when absent."""
    value = entry.fields.get(name)
    return Text.from_latex(value) if value else None


def _plain(latex: str) -> str:
    rendered: str = Text.from_latex(latex).render_as("text")
    return rendered


def _initials(person: Person) -> Text:
    parts = [part.abbreviate() for part in person.rich_first_names + person.rich_middle_names]
    return Text(" ").join(parts) if parts else Text()


def _surname(person: Person) -> Text:
    """Particle and surname, the particle's first word capitalised: "Van der Lans"."""
    parts = list(person.rich_prelast_names) + list(person.rich_last_names)
    return Text(" ").join(parts).capfirst()


def sorted_surname(person: Person) -> Text:
    """The surname as the list and the in-text citations print it."""
    return _surname(person)


def _inverted(person: Person) -> Text:
    initials = _initials(person)
    return Text(_surname(person), ", ", initials) if len(initials) else _surname(person)


def _direct(person: Person) -> Text:
    """Initials first ("A. de Boer"): after initials a Dutch particle keeps its small letter."""
    initials = _initials(person)
    if not len(initials):
        return _surname(person)
    surname = Text(" ").join(list(person.rich_prelast_names) + list(person.rich_last_names))
    return Text(initials, " ", surname)


def _join_names(names: Sequence[Text], *, two: str, last: str) -> Text:
    if len(names) == 1:
        return names[0]
    if len(names) == 2:  # noqa: PLR2004 - APA joins two names differently from a series
        return Text(names[0], two, names[1])
    return Text(Text(", ").join(list(names[:-1])), last, names[-1])


def _fold(text: str) -> str:
    """Sort key for a plain string: no accents, no case, no punctuation at the start."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.casefold().lstrip(_OPENING).replace("{", "").replace("}", "")


def _dutch_date(value: str) -> str | None:
    """Dutch date: "2022-03-10" -> "10 maart 2022", "2022-03" -> "maart 2022", else None."""
    match = _ISO_DATE.match(value.strip())
    if not match or not match.group("m"):
        return None
    month = MONTHS[int(match.group("m")) - 1]
    day = match.group("d")
    return f"{int(day)} {month} {match.group('y')}" if day else f"{month} {match.group('y')}"


class DutchApaNameStyle(BaseNameStyle):  # type: ignore[misc]  # pybtex is untyped
    """Names as "Van der Lans, J." (registered as the pybtex name style ``apa_nl``)."""

    def format(self, person: Person, abbr: bool = True) -> Text:
        """Return the name inverted, with initials."""
        return _inverted(person)


class DutchApaSortingStyle(BaseSortingStyle):  # type: ignore[misc]
    """One A-Z list the way the Dutch APA guides sort it (see the module docstring)."""

    def sorting_key(self, entry: Entry) -> tuple[Any, ...]:
        """Authors (or editors, or the title), then undated first, then year, then title."""
        persons = entry.persons.get("author") or entry.persons.get("editor") or []
        title = _fold(_plain(entry.fields.get("title", "")))
        if persons:
            who: tuple[str, ...] = tuple(
                f"{_fold(_surname(p).render_as('text'))} {_fold(_initials(p).render_as('text'))}"
                for p in persons
            )
        else:
            who = (_LEADING_ARTICLE.sub("", title),)
        year = entry.fields.get("year", NO_DATE)
        dated = 0 if year == NO_DATE else 1
        return (who, dated, year, title)


class KeyLabelStyle(BaseLabelStyle):  # type: ignore[misc]
    """The entry key as label: unique, and never printed with ``:list: bullet``."""

    def format_labels(self, sorted_entries: Iterable[Entry]) -> Iterator[str]:
        """One label per entry."""
        for entry in sorted_entries:
            yield entry.key


class DutchApaStyle(BaseStyle):  # type: ignore[misc]
    """The Dutch APA 7 reference list (registered as pybtex formatting style ``apa_nl``)."""

    default_name_style = STYLE_NAME
    default_label_style = STYLE_NAME
    default_sorting_style = STYLE_NAME

    def format_entry(self, label: str, entry: Entry, bib_data: Any = None) -> FormattedEntry:
        """Format one entry; an unknown entry type falls back on ``misc``."""
        body = {
            "article": self._article,
            "book": self._book,
            "incollection": self._incollection,
            "inbook": self._incollection,
            "techreport": self._report,
            "report": self._report,
            "phdthesis": self._thesis,
            "legislation": self._misc,
            "online": self._misc,
        }.get(entry.type.lower(), self._misc)(entry)
        parts = [part for part in (self._head(entry), body, self._link(entry)) if len(part)]
        return FormattedEntry(entry.key, Text(" ").join(parts), label)

    # -- parts shared by every type ------------------------------------------

    def _head(self, entry: Entry) -> Text:
        """Return "Authors. (date)." or, without author, "Title. (date)." (APA moves the title up)."""
        date = Text("(", self._date(entry), ").")
        authors = entry.persons.get("author")
        editors = entry.persons.get("editor")
        if authors:
            return Text(self._persons(authors).add_period(), " ", date)
        if editors:
            return Text(self._persons(editors), " (Red.). ", date)
        return Text(self._title(entry, italic=True).add_period(), " ", date)

    def _persons(self, persons: Sequence[Person]) -> Text:
        return _join_names([_inverted(p) for p in persons], two=", & ", last=", & ")

    def _date(self, entry: Entry) -> Text:
        year = entry.fields.get("year", NO_DATE)
        exact = _dutch_date(entry.fields.get("date", ""))
        if exact and year != NO_DATE:
            day_month = exact.rsplit(" ", 1)[0]
            return Text(year, ", ", day_month)
        return Text(year)

    def _title(self, entry: Entry, *, italic: bool) -> Text:
        title = _rich(entry, "title") or Text("[Zonder titel]")
        return Text(Tag("em", title)) if italic else title

    def _titled(self, entry: Entry, *, italic: bool = True) -> Text:
        """The title with what APA puts right after it: translator, edition, volumes, description."""
        if not entry.persons.get("author") and not entry.persons.get("editor"):
            title = Text()  # already printed in the author position
        else:
            title = self._title(entry, italic=italic)
        extras: list[Text] = []
        translators = entry.persons.get("translator") or [
            Person(name) for name in entry.fields.get("translator", "").split(" and ") if name
        ]
        if translators:
            names = _join_names([_direct(p) for p in translators], two=" & ", last=", & ")
            extras.append(Text(names, ", Vert."))
        edition = _rich(entry, "edition")
        if edition:
            extras.append(edition)
        volume = _rich(entry, "volume")
        if volume and entry.type.lower() == "book":
            extras.append(Text("Dl. ", volume))
        bracket = Text(" (", Text("; ").join(extras), ")") if extras else Text()
        return Text(title, bracket)

    def _sentence(self, *parts: Text | None) -> Text:
        """Non-empty parts as sentences, each ended with a full stop, joined by spaces."""
        present = [p for p in parts if p is not None and len(p)]
        return Text(" ").join([p.add_period() for p in present])

    def _publisher(self, entry: Entry, name: str) -> Text | None:
        """The publisher, left out when it is the author itself (APA 7)."""
        publisher = _rich(entry, name)
        authors = entry.persons.get("author") or []
        if publisher is None:
            return None
        plain = _fold(publisher.render_as("text"))
        if len(authors) == 1 and _fold(_surname(authors[0]).render_as("text")) == plain:
            return None
        return publisher

    def _link(self, entry: Entry) -> Text:
        doi = entry.fields.get("doi")
        url = entry.fields.get("url")
        if doi:
            target = f"https://doi.org/{doi}"
            return Text(HRef(target, target))
        if not url:
            return Text()
        seen = _dutch_date(entry.fields.get("urldate", ""))
        link = HRef(url, url)
        return Text("Geraadpleegd op ", seen, ", van ", link) if seen else Text(link)

    # -- one method per entry type ----------------------------------------------

    def _article(self, entry: Entry) -> Text:
        journal = _rich(entry, "journal")
        where = Text(Tag("em", journal)) if journal else Text()
        volume = _rich(entry, "volume")
        if volume:
            where = Text(where, ", ", Tag("em", volume))
        number = _rich(entry, "number")
        if number:
            where = Text(where, "(", number, ")")
        pages = _rich(entry, "pages")
        if pages:
            where = Text(where, ", ", pages)
        return self._sentence(self._titled(entry, italic=False), where)

    def _book(self, entry: Entry) -> Text:
        return Text(
            self._sentence(self._titled(entry), self._publisher(entry, "publisher")),
            self._original(entry),
        )

    def _incollection(self, entry: Entry) -> Text:
        book = Text(Tag("em", _rich(entry, "booktitle") or Text()))
        editors = entry.persons.get("editor")
        if editors:
            names = _join_names([_direct(p) for p in editors], two=" & ", last=", & ")
            book = Text(names, " (Red.), ", book)
        pages = _rich(entry, "pages")
        if pages:
            book = Text(book, " (pp. ", pages, ")")
        return self._sentence(
            self._titled(entry, italic=False),
            Text("In ", book),
            self._publisher(entry, "publisher"),
        )

    def _report(self, entry: Entry) -> Text:
        kind = _rich(entry, "type") or Text("Rapport")
        number = _rich(entry, "number")
        titled = self._titled(entry)
        titled = (
            Text(titled, " (", kind, " ", number, ")") if number else Text(titled, " [", kind, "]")
        )
        return self._sentence(titled, self._publisher(entry, "institution"))

    def _thesis(self, entry: Entry) -> Text:
        school = _rich(entry, "school")
        kind = Text("Proefschrift, ", school) if school else Text("Proefschrift")
        titled = Text(self._titled(entry), " [", kind, "]")
        return self._sentence(titled, self._publisher(entry, "publisher"))

    def _misc(self, entry: Entry) -> Text:
        return self._sentence(
            self._titled(entry),
            _rich(entry, "howpublished"),
            self._publisher(entry, "organization"),
        )

    def _original(self, entry: Entry) -> Text:
        """APA's closing note on a translation or reprint; it takes no full stop."""
        year = entry.fields.get("origyear")
        return Text(f" (Oorspronkelijk werk gepubliceerd in {year})") if year else Text()


def register() -> None:
    """Make ``apa_nl`` known to pybtex as formatting, name, sorting and label style."""
    for group, klass in (
        ("pybtex.style.formatting", DutchApaStyle),
        ("pybtex.style.names", DutchApaNameStyle),
        ("pybtex.style.sorting", DutchApaSortingStyle),
        ("pybtex.style.labels", KeyLabelStyle),
    ):
        pybtex.plugin.register_plugin(group, STYLE_NAME, klass)
