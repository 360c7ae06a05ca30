"""Building blocks for the case-world models: strict types and located errors.

The case world is declared as pydantic models (:mod:`casetools.caseworld.world`).
This module holds what those models share: a strict base class that refuses
unknown keys with the list of allowed ones, the field types (ids, texts,
wordings, references, conditions) and the translation of a pydantic error
into the ``file:line: key: message`` a teacher can jump to. Line numbers come
from :mod:`casetools.yamlsource`: pydantic's ``loc`` is the same key path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    PlainValidator,
    StrictStr,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from casetools.caseworld import conditions as cond
from casetools.caseworld.conditions import Condition
from casetools.errors import ContentError
from casetools.yamlsource import KeyPath, Source

LANGUAGES = ("nl",)
MIN_WORDINGS = 3
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def fail(code: str, message: str, at: KeyPath = (), **ctx: Any) -> PydanticCustomError:
    """A custom error; ``at`` extends the location below the field that raised it.

    The message is formatted here (``str.format`` with ``ctx``), so pydantic
    only ever sees finished text and the location suffix.
    """
    return PydanticCustomError(code, message.format(**ctx), {"at": list(at)})


class Entry(BaseModel):
    """Base of every case-world model: strict, frozen, and no unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    placeholders: ClassVar[Mapping[str, tuple[str, ...]]] = {}

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        """Refuse an unknown key by name, listing the allowed ones (pydantic does not)."""
        if isinstance(data, dict):
            allowed = {f.alias or name for name, f in cls.model_fields.items()}
            for key in data:
                if key not in allowed:
                    raise fail(
                        "unknown_key",
                        "unknown key (allowed: {allowed})",
                        (key,),
                        allowed=", ".join(sorted(allowed)),
                    )
            for name, allowed_names in cls.placeholders.items():
                _check_placeholders(data.get(name), name, allowed_names)
        return data


def _check_placeholders(value: Any, name: str, allowed: tuple[str, ...]) -> None:
    if not isinstance(value, dict):
        return
    for lang, text in value.items():
        for i, item in enumerate(text if isinstance(text, list) else [text]):
            if not isinstance(item, str):
                continue
            for found in _PLACEHOLDER.findall(item):
                if found not in allowed:
                    names = ", ".join(f"{{{p}}}" for p in allowed) or "none"
                    where: KeyPath = (name, lang, i) if isinstance(text, list) else (name, lang)
                    raise fail(
                        "placeholder",
                        "unknown placeholder {{{found}}} (allowed: {names})",
                        where,
                        found=found,
                        names=names,
                    )


def _non_empty(value: str) -> str:
    if not value.strip():
        raise fail("empty", "text is empty")
    return value


def _ident(value: str) -> str:
    if not _ID.match(value):
        raise fail(
            "ident", "{value!r} is not a valid id (lowercase letters, digits, _)", value=value
        )
    return value


def _text(value: dict[str, str]) -> Mapping[str, str]:
    for lang in LANGUAGES:
        if lang not in value:
            raise fail("missing", "missing key {key!r}", key=lang)
    for lang in value:
        if lang not in LANGUAGES:
            raise fail("unknown_key", "unknown language (allowed: {allowed})", (lang,),
                       allowed=", ".join(LANGUAGES))  # fmt: skip
    return MappingProxyType(dict(value))


def _wordings(value: dict[str, list[str]]) -> Mapping[str, tuple[str, ...]]:
    for lang in LANGUAGES:
        if lang not in value:
            raise fail("missing", "missing key {key!r}", key=lang)
        if len(value[lang]) < MIN_WORDINGS:
            raise fail("wordings", "needs at least {n} wordings, found {found}", (lang,),
                       n=MIN_WORDINGS, found=len(value[lang]))  # fmt: skip
        if len(set(value[lang])) != len(value[lang]):
            raise fail("wordings", "repeats a wording", (lang,))
    return MappingProxyType({k: tuple(v) for k, v in value.items()})


Str = Annotated[StrictStr, AfterValidator(_non_empty)]
Id = Annotated[StrictStr, AfterValidator(_ident)]


def _plain_text(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise fail("type", "expected a mapping, found {found}", found=type(value).__name__)
    for lang, item in value.items():
        _expect_text(item, (lang,))
    return value


def _plain_wordings(value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        raise fail("type", "expected a mapping, found {found}", found=type(value).__name__)
    for lang, items in value.items():
        if not isinstance(items, list):
            raise fail("type", "expected a list of wordings, found {found}", (lang,),
                       found=type(items).__name__)  # fmt: skip
        for i, item in enumerate(items):
            _expect_text(item, (lang, i))
    return value


def _expect_text(item: Any, at: KeyPath) -> None:
    if not isinstance(item, str):
        hint = " (put it in quotes)" if item is not None else ""
        raise fail("type", "expected text, found {found} {value}{hint}", at,
                   found=type(item).__name__, value=repr(item), hint=hint)  # fmt: skip
    if not item.strip():
        raise fail("empty", "text is empty", at)


Text = Annotated[Mapping[str, str], PlainValidator(lambda v: _text(_plain_text(v)))]
Wordings = Annotated[
    Mapping[str, tuple[str, ...]], PlainValidator(lambda v: _wordings(_plain_wordings(v)))
]


def _reference(kind: str) -> AfterValidator:
    def check(value: str, info: ValidationInfo) -> str:
        known = (info.context or {}).get(kind, ())
        if value not in known:
            raise fail("reference", "unknown {kind} {value!r}", kind=kind, value=value)
        return value

    return AfterValidator(check)


AgencyRef = Annotated[StrictStr, _reference("agency")]
DomainRef = Annotated[StrictStr, _reference("domain")]
OfferRef = Annotated[StrictStr, _reference("offer")]
FactorRef = Annotated[StrictStr, _reference("factor")]
RouteRef = Annotated[StrictStr, _reference("route")]
PoolRef = Annotated[StrictStr, _reference("pool")]


def _condition(value: Any, info: ValidationInfo) -> Condition:
    if not isinstance(value, str):
        raise fail(
            "type", "expected a condition as text, found {found}", found=type(value).__name__
        )
    context = info.context or {}
    try:
        return cond.parse(value, context.get("domain", ()), context.get("agency", ()))
    except ValueError as exc:
        raise fail("condition", "{reason}", reason=str(exc)) from None


ConditionField = Annotated[Condition, PlainValidator(_condition)]


def unique_ids(items: list[Any]) -> list[Any]:
    """Refuse a list whose entries repeat an id (used as an after-validator)."""
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            raise fail("duplicate", "id {id!r} is used twice", (i, "id"), id=item.id)
        seen.add(item.id)
    return items


def raw_ids(data: Any, key: str) -> tuple[str, ...]:
    """The ids in a raw list (before validation), so references can be checked in one pass."""
    entries = data.get(key) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return ()
    return tuple(e["id"] for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str))


M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], src: Source, context: Mapping[str, Any]) -> M:
    """Validate one loaded file, turning the first pydantic error into a located error."""
    data = src.data if src.data is not None else {}
    try:
        return model.model_validate(data, context=dict(context))
    except ValidationError as exc:
        raise located(src, exc) from None


def located(src: Source, exc: ValidationError) -> ContentError:
    """Translate pydantic's first error into ``file:line: key: message``."""
    err = exc.errors(include_url=False)[0]
    loc: KeyPath = tuple(err["loc"])
    ctx = err.get("ctx") or {}
    kind = err["type"]
    value = err.get("input")
    if "at" in ctx:
        loc = (*loc, *ctx["at"])
    if kind == "missing":
        return src.error(loc[:-1], f"missing key {loc[-1]!r}")
    messages = {
        "string_type": lambda: _found("text", value),
        "int_type": lambda: f"expected a whole number, found {value!r}",
        "bool_type": lambda: f"expected true or false, found {value!r}",
        "list_type": lambda: f"expected a list, found {type(value).__name__}",
        "tuple_type": lambda: f"expected a list, found {type(value).__name__}",
        "dict_type": lambda: f"expected a mapping, found {type(value).__name__}",
        "model_type": lambda: f"expected a mapping, found {type(value).__name__}",
        "model_attributes_type": lambda: f"expected a mapping, found {type(value).__name__}",
        "too_short": lambda: f"needs at least {ctx.get('min_length')} entries",
        "literal_error": lambda: f"{value!r} is not one of: {ctx.get('expected')}",
    }
    message = messages[kind]() if kind in messages else str(err["msg"])
    return src.error(loc, message)


def _found(what: str, value: Any) -> str:
    hint = " (put it in quotes)" if value is not None else ""
    return f"expected {what}, found {type(value).__name__} {value!r}{hint}"


def check(src: Source, path: KeyPath, ok: bool, message: str) -> None:
    """Raise a located error unless ``ok``: for rules that span several entries."""
    if not ok:
        raise src.error(path, message)
