"""Build state of the extension, kept in a Domain so parallel builds merge it correctly.

Which exercise is used on which page (and under which label and code) is
needed by the library overview page, which is written after every page has
been read, possibly by other worker processes.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from typing import Any, NamedTuple

from sphinx.domains import Domain


class Usage(NamedTuple):
    """One placement of a library exercise in a page."""

    exercise: str
    docname: str
    label: str
    code: str | None


class CasetoolsDomain(Domain):
    """Records exercise usages per document."""

    name = "casetools"
    label = "casetools"
    initial_data = {"usages": {}}  # noqa: RUF012 - Sphinx copies it per environment

    @property
    def usages(self) -> dict[str, list[Usage]]:
        """Usages by document name."""
        data: dict[str, list[Usage]] = self.data.setdefault("usages", {})
        return data

    def add_usage(self, usage: Usage) -> None:
        """Record that a page places an exercise."""
        self.usages.setdefault(usage.docname, []).append(usage)

    def all_usages(self) -> Iterable[Usage]:
        """Every usage, in document order."""
        for docname in sorted(self.usages):
            yield from self.usages[docname]

    def clear_doc(self, docname: str) -> None:
        """Forget a document that is about to be re-read."""
        self.usages.pop(docname, None)

    def merge_domaindata(self, docnames: AbstractSet[str], otherdata: dict[str, Any]) -> None:
        """Take over the usages a parallel worker collected."""
        for docname in docnames:
            if docname in otherdata.get("usages", {}):
                self.usages[docname] = list(otherdata["usages"][docname])

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        """This domain defines no cross-reference roles."""
        return []
