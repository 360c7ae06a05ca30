"""Sphinx extension for the course: editions, teacher material, elaborations.

Load it in ``conf.py`` as ``casetools.sphinxext``. The edition is chosen with
``-D casetools_edition=student|teacher``; the default is the student edition,
so a build that forgets the flag can never leak teacher material.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.errors import ConfigError

from casetools import __version__
from casetools.sphinxext.editions import EDITIONS, ElaborationDirective, TeacherOnlyDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register config values and directives."""
    app.add_config_value("casetools_edition", "student", "env", types=frozenset({str}))
    app.add_directive("teacher-only", TeacherOnlyDirective)
    app.add_directive("elaboration", ElaborationDirective)
    app.connect("config-inited", _check_edition)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _check_edition(app: Sphinx, config: object) -> None:
    edition = app.config.casetools_edition
    if edition not in EDITIONS:
        msg = f"casetools_edition must be one of {', '.join(EDITIONS)}, not {edition!r}"
        raise ConfigError(msg)
    if edition == "teacher":
        app.tags.add("teacher")
