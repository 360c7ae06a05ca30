"""Render variants to text: Markdown through per-language templates, and JSON.

All templates use ``StrictUndefined``: a typo in a template is an error naming
the template and line, never a silently empty sentence in a student's case.
Templates that anyone may contribute (exercises) run in Jinja's sandbox; the
package's own case templates are part of the code and run unsandboxed,
because the sandbox's per-attribute checks would cost more than half of the
time needed to render a variant.
"""

from __future__ import annotations

import dataclasses
import json
import re
from functools import cache
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from casetools.caseworld.model import Variant
from casetools.caseworld.views import TEMPLATES, CaseView, build_view, labels
from casetools.caseworld.world import World
from casetools.errors import ContentError


def list_nl(items: Any, last: str = "en") -> str:
    """Join words the Dutch way: ``a, b en c``."""
    words = [str(i) for i in items]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def upfirst(text: Any) -> str:
    """Capitalise the first letter only (Jinja's ``capitalize`` lowercases the rest)."""
    value = str(text)
    return value[:1].upper() + value[1:]


def lowerfirst(text: Any) -> str:
    """Lower-case the first letter, but leave abbreviations such as "ADL" alone."""
    value = str(text)
    words = value.split(" ")
    return " ".join(
        w if (w[:1].isupper() and w[1:2].isupper()) else w[:1].lower() + w[1:] for w in words
    )


_MD_SPECIAL = re.compile(r"\\(?=[!-/:-@\[-`{-~])|<(?=[A-Za-z/!?])|&(?=#?[A-Za-z0-9]+;)")


def markdown_literal(value: Any) -> Any:
    r"""Escape what Markdown would swallow in inserted values (``\%``, ``<tag``, ``&amp;``).

    Used as Jinja's ``finalize``: every ``{{ value }}`` in a Markdown template
    then prints literally, so a household name such as ``Sa<m&\%`` survives
    every renderer, while ordinary text is left as it is.
    """
    if isinstance(value, str) and ("\\" in value or "<" in value or "&" in value):
        return _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), value)
    return value


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox with a fast path for the frozen view dataclasses.

    Views are plain records built by :mod:`casetools.caseworld.views`; any public field
    or property of them is safe. Everything else gets the full sandbox check.
    """

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if dataclasses.is_dataclass(obj) and type(obj).__module__ == "casetools.caseworld.views":
            return not attr.startswith("_")
        return bool(super().is_safe_attribute(obj, attr, value))


def make_environment(loader: jinja2.BaseLoader, *, sandboxed: bool = True) -> jinja2.Environment:
    """Build the Jinja environment; contributed templates are always sandboxed."""
    kind = _Sandbox if sandboxed else jinja2.Environment
    env = kind(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=markdown_literal,
    )
    env.filters["list_nl"] = list_nl
    env.filters["upfirst"] = upfirst
    env.filters["lowerfirst"] = lowerfirst
    return env


@cache
def environment(lang: str) -> jinja2.Environment:
    """The environment for the package's case templates of one language (cached)."""
    env = make_environment(jinja2.FileSystemLoader(TEMPLATES / lang), sandboxed=False)
    env.auto_reload = False  # package templates do not change during a run; skip a stat per render
    env.globals["labels"] = labels(lang)
    return env


def render_template(name: str, lang: str, **context: Any) -> str:
    """Render a package template, turning template errors into located content errors."""
    try:
        return environment(lang).get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise ContentError(
            exc.filename or name, exc.lineno, "", f"template error: {exc.message}"
        ) from None
    except jinja2.UndefinedError as exc:
        raise ContentError(
            TEMPLATES / lang / name, _template_line(exc), "", f"template error: {exc.message}"
        ) from None


def _template_line(exc: BaseException) -> int | None:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render_markdown(world: World, variant: Variant, lang: str = "nl") -> str:
    """The readable description of a variant's case world."""
    return render_view_markdown(build_view(world, variant, lang))


def render_view_markdown(view: CaseView) -> str:
    """Render an already-built view (lets callers reuse one view for several outputs)."""
    return render_template("variant.md.j2", view.lang, case=view)


def render_json(variant: Variant) -> str:
    """The full structured variant: language-neutral, with code and seed."""
    return (
        json.dumps(dataclasses.asdict(variant), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    )
