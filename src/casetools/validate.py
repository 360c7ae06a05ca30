"""Small typed readers that turn loaded YAML into checked values.

Each reader takes the :class:`~casetools.yamlsource.Source` and a key path,
so every complaint names file, line and key. They are deliberately strict:
PyYAML reads ``no`` as ``False`` and ``010`` as ``8``, so a value that is not
of the declared type is refused with a hint to quote it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

from casetools.yamlsource import KeyPath, Source

LANGUAGES = ("nl",)
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

Text = Mapping[str, str]
K = TypeVar("K")
V = TypeVar("V")


def obj(
    src: Source,
    path: KeyPath,
    value: Any,
    required: Collection[str],
    optional: Collection[str] = (),
) -> dict[str, Any]:
    """Check that ``value`` is a mapping with exactly the allowed keys."""
    if not isinstance(value, dict):
        raise src.error(path, f"expected a mapping, found {type(value).__name__}")
    for key in value:
        if key not in required and key not in optional:
            allowed = ", ".join(sorted({*required, *optional}))
            raise src.error((*path, key), f"unknown key (allowed: {allowed})")
    for key in required:
        if key not in value:
            raise src.error(path, f"missing key {key!r}")
    return value


def string(src: Source, path: KeyPath, value: Any) -> str:
    """Return a non-empty string."""
    if not isinstance(value, str):
        hint = " (put it in quotes)" if value is not None else ""
        raise src.error(path, f"expected text, found {type(value).__name__} {value!r}{hint}")
    if not value.strip():
        raise src.error(path, "text is empty")
    return value


def ident(src: Source, path: KeyPath, value: Any) -> str:
    """Return an identifier: lowercase ASCII, digits and underscores."""
    text = string(src, path, value)
    if not _ID.match(text):
        raise src.error(path, f"{text!r} is not a valid id (lowercase letters, digits, _)")
    return text


def text(src: Source, path: KeyPath, value: Any, placeholders: Collection[str] = ()) -> Text:
    """Return per-language text; every course language must be present."""
    mapping = obj(src, path, value, required=LANGUAGES)
    result = {}
    for lang in LANGUAGES:
        item = string(src, (*path, lang), mapping[lang])
        for name in _PLACEHOLDER.findall(item):
            if name not in placeholders:
                allowed = ", ".join(f"{{{p}}}" for p in placeholders) or "none"
                raise src.error(
                    (*path, lang), f"unknown placeholder {{{name}}} (allowed: {allowed})"
                )
        result[lang] = item
    return MappingProxyType(result)


def integer(
    src: Source, path: KeyPath, value: Any, low: int | None = None, high: int | None = None
) -> int:
    """Return an integer within optional bounds."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise src.error(path, f"expected a whole number, found {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise src.error(path, f"{value} is outside {low}..{high}")
    return value


def boolean(src: Source, path: KeyPath, value: Any) -> bool:
    """Return a boolean (YAML true/false)."""
    if not isinstance(value, bool):
        raise src.error(path, f"expected true or false, found {value!r}")
    return value


def int_range(
    src: Source, path: KeyPath, value: Any, low: int = -1000, high: int = 1000
) -> tuple[int, int]:
    """Return ``[a, b]`` as a tuple with ``a <= b``."""
    if not isinstance(value, list) or len(value) != 2:  # noqa: PLR2004
        raise src.error(path, f"expected a range [low, high], found {value!r}")
    a = integer(src, (*path, 0), value[0], low, high)
    b = integer(src, (*path, 1), value[1], low, high)
    if a > b:
        raise src.error(path, f"range [{a}, {b}] is empty")
    return (a, b)


def items(src: Source, path: KeyPath, value: Any, min_len: int = 1) -> list[Any]:
    """Return a list with at least ``min_len`` entries."""
    if not isinstance(value, list):
        raise src.error(path, f"expected a list, found {type(value).__name__}")
    if len(value) < min_len:
        raise src.error(path, f"needs at least {min_len} entries")
    return value


def strings(src: Source, path: KeyPath, value: Any, min_len: int = 1) -> tuple[str, ...]:
    """Return a list of distinct strings."""
    result = tuple(
        string(src, (*path, i), v) for i, v in enumerate(items(src, path, value, min_len))
    )
    if len(set(result)) != len(result):
        raise src.error(path, "contains duplicates")
    return result


def choice(src: Source, path: KeyPath, value: Any, allowed: Collection[str]) -> str:
    """Return one of the allowed strings."""
    text_value = string(src, path, value)
    if text_value not in allowed:
        raise src.error(path, f"{text_value!r} is not one of: {', '.join(sorted(allowed))}")
    return text_value


def unique_ids(src: Source, path: KeyPath, ids: list[str]) -> None:
    """Refuse a list whose entries repeat an id."""
    seen: set[str] = set()
    for i, value in enumerate(ids):
        if value in seen:
            raise src.error((*path, i, "id"), f"id {value!r} is used twice")
        seen.add(value)


def frozen(mapping: dict[K, V]) -> Mapping[K, V]:
    """Return a read-only view, so the loaded world cannot be changed by accident."""
    return MappingProxyType(mapping)
