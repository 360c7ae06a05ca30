"""Typed schema building blocks for YAML data files, with errors that name file, line and key.

The models are pydantic v2 models; the field types below carry the checks and the
messages users already know (``expected text, found int 5 (put it in quotes)``,
``'essay' is not one of: ...``). :func:`content_error` turns pydantic's first error
into a :class:`~casetools.errors.ContentError` at the line of its key path, using
the lines :mod:`casetools.yamlsource` recorded. Adding a YAML section is then one
model class; no validator code has to be written for it.

Every model is strict: PyYAML reads ``no`` as ``False`` and ``010`` as ``8``, so a
value of the wrong type is refused, never coerced.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    GetCoreSchemaHandler,
    model_validator,
)
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import PydanticCustomError, core_schema

from casetools.errors import ContentError
from casetools.yamlsource import KeyPath, Source

__all__ = [
    "Bool",
    "Check",
    "ContentError",
    "OptionalText",
    "PydanticValidationError",
    "StrictModel",
    "Text",
    "a_list",
    "content_error",
    "distinct",
    "fail",
    "in_range",
    "one_of",
    "present_mapping",
]


_AT = "casetools_key_path"


def fail(message: str, at: KeyPath = ()) -> PydanticCustomError:
    """An error with our own message; ``at`` extends the key path below pydantic's ``loc``.

    pydantic only substitutes ``{name}`` for names in the context, so a message
    that quotes a user's value with braces in it is printed unchanged.
    """
    return PydanticCustomError("casetools", message, {_AT: at})


class Check:
    """``Annotated`` metadata: a validator that runs before (or after) pydantic's own.

    It behaves as pydantic's ``BeforeValidator``/``AfterValidator`` but prints as
    ``...``: the API page then shows ``Annotated[str, ...]``, where pydantic's own
    validator repr would give Sphinx names it cannot cross-reference (the course is
    built nitpicky). ``label`` says in a few words what is checked.
    """

    __slots__ = ("after", "func", "label")

    def __init__(self, func: Callable[[Any], Any], label: str, *, after: bool = False) -> None:
        """Wrap ``func``; ``label`` says in a few words what it checks."""
        self.func = func
        self.label = label
        self.after = after

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        """Delegate to pydantic's validator of the same kind."""
        kind = AfterValidator if self.after else BeforeValidator
        return kind(self.func).__get_pydantic_core_schema__(source, handler)

    def __repr__(self) -> str:
        """``...``: Sphinx prints it as plain text, not as a reference (see the class)."""
        return "..."


def _text(value: Any) -> str:
    if not isinstance(value, str):
        hint = " (put it in quotes)" if value is not None else ""
        raise fail(f"expected text, found {type(value).__name__} {value!r}{hint}")
    if not value.strip():
        raise fail("text is empty")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise fail(f"expected true or false, found {value!r}")
    return value


Text = Annotated[str, Check(_text, "text")]
"""Non-empty text; anything else is refused with a hint to quote it."""

OptionalText = Annotated[str | None, Check(_text, "text")]
"""Text that may be left out; when the key is present, its value must be text."""

Bool = Annotated[bool, Check(_bool, "true or false")]
"""YAML ``true`` or ``false``."""


def in_range(low: int, high: int) -> Check:
    """Metadata for ``Annotated[int, ...]``: a whole number in ``low..high`` (never a bool)."""

    def check(value: Any) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise fail(f"expected a whole number, found {value!r}")
        if value < low or value > high:
            raise fail(f"{value} is outside {low}..{high}")
        return value

    return Check(check, f"{low}..{high}")


def one_of(allowed: Collection[str]) -> Check:
    """Metadata for ``Annotated[str, ...]``: one of ``allowed``; the message lists them sorted."""

    def check(value: Any) -> str:
        text = _text(value)
        if text not in allowed:
            raise fail(f"{text!r} is not one of: {', '.join(sorted(allowed))}")
        return text

    return Check(check, f"one of: {', '.join(sorted(allowed))}")


def a_list(min_len: int = 1) -> Check:
    """Metadata for ``Annotated[tuple[X, ...], ...]``: a YAML list with ``min_len`` entries."""

    def check(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise fail(f"expected a list, found {type(value).__name__}")
        if len(value) < min_len:
            raise fail(f"needs at least {min_len} entries")
        return tuple(value)

    return Check(check, f"a list of at least {min_len}")


def _distinct(value: tuple[Hashable, ...]) -> tuple[Hashable, ...]:
    if len(set(value)) != len(value):
        raise fail("contains duplicates")
    return value


distinct = Check(_distinct, "no duplicates", after=True)
"""Metadata for a list of texts or ids that may not repeat an entry."""


def _mapping(value: Any) -> Any:
    if not isinstance(value, dict):
        raise fail(f"expected a mapping, found {type(value).__name__}")
    return value


present_mapping = Check(_mapping, "a mapping")
"""Metadata for an optional section: when its key is present, the value must be a mapping."""


class StrictModel(BaseModel):
    """A YAML mapping with exactly the declared keys; values are checked, never coerced.

    Unknown and missing keys are reported before any value, as ``unknown key
    (allowed: ...)`` at the key and ``missing key 'x'`` at the mapping.
    """

    #: pydantic's settings for every model here: strict, frozen, no unknown keys.
    #:
    #: :meta private:
    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, arbitrary_types_allowed=False
    )

    @model_validator(mode="before")
    @classmethod
    def _exact_keys(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise fail(f"expected a mapping, found {type(data).__name__}")
        fields = cls.model_fields
        for key in data:
            if key not in fields:
                raise fail(f"unknown key (allowed: {', '.join(sorted(fields))})", (key,))
        for name, info in fields.items():
            if info.is_required() and name not in data:
                raise fail(f"missing key {name!r}")
        return data


def content_error(src: Source, exc: PydanticValidationError, base: KeyPath = ()) -> ContentError:
    """The first of pydantic's errors as ``file:line: key: message``."""
    error = exc.errors(include_url=False)[0]
    ctx = error.get("ctx") or {}
    path: KeyPath = (*base, *error["loc"], *ctx.get(_AT, ()))
    message = error["msg"] if error["type"] == "casetools" else f"{error['msg']} ({error['type']})"
    return src.error(path, message)
