"""The independent audit: lecturer invariants over a variant's JSON and Markdown.

Written from the reader's side and apart from the generator: nothing here imports
``casetools.caseworld.rules`` or ``casetools.caseworld.conditions``, and names are
judged with the audit's own lists (``names.yaml``). :func:`audit` checks one variant;
``python -m casetools.audit --stress N`` checks many and prints the count per invariant.
"""

from __future__ import annotations

from casetools.audit.invariants import INVARIANTS, Violation, audit
from casetools.audit.reader import Facts, ReaderError, read

__all__ = ["INVARIANTS", "Facts", "ReaderError", "Violation", "audit", "read"]
