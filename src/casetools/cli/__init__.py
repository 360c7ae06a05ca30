"""The command line: a thin adapter over the case world and the exercise library.

``main`` parses the arguments and maps expected errors to exit status 1 (content)
or 2 (usage); each subcommand lives in its own module and is imported only when
it runs, so ``casetools variant`` starts without Jinja, rich or the PDF engine.
"""

from __future__ import annotations

from casetools.cli.main import main

__all__ = ["main"]
