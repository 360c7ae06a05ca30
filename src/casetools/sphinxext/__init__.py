"""Sphinx extension for the course: editions, library exercises, the library page, the gallery.

Load it in ``conf.py`` as ``casetools.sphinxext``. The edition is chosen with
``-D casetools_edition=student|teacher``; the default is the student edition,
so a build that forgets the flag can never leak teacher material.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.errors import ConfigError, ExtensionError

from casetools import __version__
from casetools.errors import CasetoolsError
from casetools.sphinxext import citation_style
from casetools.sphinxext.domain import CasetoolsDomain
from casetools.sphinxext.editions import EDITIONS, ElaborationDirective, TeacherOnlyDirective
from casetools.sphinxext.exercise_directive import LibraryExerciseDirective
from casetools.sphinxext.gallery import write_gallery
from casetools.sphinxext.gallery_exercises import VariantExercisesDirective
from casetools.sphinxext.lesson_directive import LessonPlanDirective
from casetools.sphinxext.library_page import (
    ExerciseLibraryDirective,
    exercise_library,
    resolve_library,
    skip,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

STATIC = Path(__file__).parent / "static"
citation_style.register()  # before sphinxcontrib.bibtex reads bibtex_reference_style


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register config values, directives, the domain and the event handlers."""
    app.add_config_value("casetools_edition", "student", "env", types=frozenset({str}))
    app.add_config_value("casetools_root", "", "env", types=frozenset({str}))
    app.add_config_value("casetools_demo_seed", 0, "env", types=frozenset({int}))
    app.add_config_value("casetools_gallery_size", 30, "env", types=frozenset({int}))
    app.add_config_value("casetools_gallery_first_seed", 1, "env", types=frozenset({int}))
    app.add_config_value("casetools_gallery_dir", "course/galerij", "env", types=frozenset({str}))
    app.add_config_value(
        "casetools_module_docs", "course/modules/{module}", "env", types=frozenset({str})
    )
    app.add_directive("teacher-only", TeacherOnlyDirective)
    app.add_directive("elaboration", ElaborationDirective)
    app.add_directive("library-exercise", LibraryExerciseDirective)
    app.add_directive("exercise-library", ExerciseLibraryDirective)
    app.add_directive("variant-exercises", VariantExercisesDirective)
    app.add_directive("lesson-plan", LessonPlanDirective)
    app.add_domain(CasetoolsDomain)
    app.add_node(exercise_library, html=(skip, None), latex=(skip, None), text=(skip, None))
    app.connect("config-inited", _check_config)
    app.connect("builder-inited", _builder_inited)
    app.connect("doctree-resolved", resolve_library)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _check_config(app: Sphinx, config: Config) -> None:
    edition = config.casetools_edition
    if edition not in EDITIONS:
        msg = f"casetools_edition must be one of {', '.join(EDITIONS)}, not {edition!r}"
        raise ConfigError(msg)
    if edition == "teacher":
        app.tags.add("teacher")
    if config.casetools_gallery_size < 0:
        msg = "casetools_gallery_size cannot be negative"
        raise ConfigError(msg)
    config.html_static_path.append(str(STATIC))


def _builder_inited(app: Sphinx) -> None:
    app.add_css_file("casetools.css")
    app.add_js_file("casetools-library.js")
    app.add_js_file("casetools-i18n-fix.js", priority=510)  # after Sphinx's translations.js
    try:
        write_gallery(app)
    except CasetoolsError as exc:
        raise ExtensionError(f"casetools: cannot build the variant gallery: {exc}") from None
