"""The Typst adapter: a :class:`~casetools.handouts.packs.Pack` becomes one tagged PDF.

The whole pack is one Typst document, compiled once (``templates/<lang>/handouts/
main.typ``): the pack's data goes in as JSON through ``sys.inputs``, every
variant is a kit of its own numbered pages ("pagina x van y"), and the cover
finds where each kit starts by querying the document itself. The PDF is
PDF/UA-1 (tagged, with title and language). After the compile, one query of
the same compiler reads the page count of every kit back (memoised: no second
layout).

One compile, not one per variant joined afterwards: it is within 2x of a bare
Typst document of the same length (``make bench``), the cover's page numbers
come from the document itself, and a join with pypdf would drop the structure
tree that makes the PDF accessible.

A Typst error in a template becomes a :class:`~casetools.errors.ContentError`
that names the template file and line. The file is written to a temporary
file in the target folder and moved into place with :func:`os.replace`, so an
error or an interrupt never leaves half a PDF behind.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import typst

from casetools.atomic import write_atomic
from casetools.errors import ContentError
from casetools.handouts import packs
from casetools.handouts.packs import MAIN_TEMPLATE, Pack

PDF_STANDARDS: list[typst.PDFStandard] = ["ua-1"]
FONT_FILE = "DejaVuSans.ttf"
# Where the DejaVu fonts are found (first hit wins); CASETOOLS_FONT_PATH comes first.
FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",  # Debian, Ubuntu: fonts-dejavu-core
    "/usr/share/fonts/dejavu-sans-fonts",  # Fedora
    "/usr/share/fonts/TTF",  # Arch
    "/usr/share/fonts/dejavu",
    "/usr/local/share/fonts",
    "/opt/homebrew/share/fonts",
    "~/.local/share/fonts",
    "~/Library/Fonts",
)
_LOCATION = re.compile(r"(?P<file>[^\s:]+\.typ):(?P<line>\d+)(?::\d+)?")


@dataclass(frozen=True, slots=True)
class PackResult:
    """What was written: the file, the pages of every code, and kits longer than designed."""

    path: Path
    total_pages: int
    cover_pages: int
    pages: dict[str, int]
    overflows: tuple[str, ...]
    warnings: tuple[str, ...] = ()  # Typst's warnings about the templates, if any


def font_dirs() -> list[str]:
    """The folders that hold the DejaVu fonts, or a :class:`ContentError` naming the package."""
    candidates = [*os.environ.get("CASETOOLS_FONT_PATH", "").split(os.pathsep), *FONT_DIRS]
    for folder in (Path(c).expanduser() for c in candidates if c):
        if (folder / FONT_FILE).is_file():
            return [str(folder)]
    msg = (
        f"the DejaVu fonts ({FONT_FILE}) are not installed; install fonts-dejavu-core and "
        "fonts-dejavu-extra, or set CASETOOLS_FONT_PATH to the folder that holds them"
    )
    raise ContentError(Path(FONT_DIRS[0]), None, "", msg)


@dataclass(frozen=True, slots=True)
class Compiled:
    """A compiled pack: the PDF, what each kit end reports, and Typst's warnings."""

    pdf: bytes
    kit_ends: list[dict[str, object]]
    warnings: list[str]


def compile_document(folder: Path, data: str, main: str = MAIN_TEMPLATE) -> Compiled:
    """Compile ``folder/main`` with ``data`` as ``sys.inputs.data`` (JSON text)."""
    fonts: list[str] = font_dirs()
    compiler = typst.Compiler(
        str(folder / main), root=str(folder), font_paths=fonts, ignore_system_fonts=True
    )
    try:
        pdf, warnings = compiler.compile_with_warnings(
            sys_inputs={"data": data}, pdf_standards=PDF_STANDARDS, timestamp=_timestamp()
        )
        ends = json.loads(compiler.query("<kit-end>", field="value", format="json"))
    except typst.TypstError as exc:
        raise template_error(exc, folder / main) from None
    assert isinstance(pdf, bytes)
    return Compiled(pdf, ends, [w.message for w in warnings])


def _timestamp() -> int | None:
    """``SOURCE_DATE_EPOCH`` when set, so a rebuilt pack is byte for byte the same file."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(value) if value.isdigit() else None


def template_error(exc: typst.TypstError, default: Path) -> ContentError:
    """Map a Typst error to the template file and line where it happened.

    The diagnostic lists warnings first, then the error with its location
    (``┌─ path:line:column``) and the calls that led there; the first location
    after the word ``error:`` is where the template went wrong.
    """
    folder = default.parent
    diagnostic = str(getattr(exc, "diagnostic", ""))
    _, found, after = diagnostic.partition("error:")
    where, line = default, None
    for match in _LOCATION.finditer(after if found else diagnostic):
        for candidate in (Path(match["file"]), folder / Path(match["file"]).name):
            if candidate.is_file():
                where, line = candidate.resolve(), int(match["line"])
                break
        if line is not None:
            break
    message = (str(getattr(exc, "message", "")) or str(exc)).strip().splitlines()[0]
    return ContentError(where, line, "", f"template error: {message}")


def write_pack(
    pack: Pack,
    target: Path,
    progress: Callable[[str], None] | None = None,
    typesetting: Callable[[], None] | None = None,
) -> PackResult:
    """Render ``pack`` to ``target`` atomically.

    ``progress`` is called after each variant's texts are ready, ``typesetting``
    once when Typst starts laying out the whole pack (the longest single step).
    """
    variants = []
    for item in pack.variants:
        variants.append(pack.variant_data(item))
        if progress is not None:
            progress(item.case.code)
    data = json.dumps(pack.document_data(variants), ensure_ascii=False, separators=(",", ":"))
    folder = packs.template_dir(pack.lang)  # looked up at call time: tests swap the templates
    if typesetting is not None:
        typesetting()
    compiled = compile_document(folder, data)
    ends = compiled.kit_ends
    counts = {str(e["code"]): _int(e["pages"]) for e in ends if e.get("code") is not None}
    cover_pages = sum(_int(e["pages"]) for e in ends if e.get("code") is None)
    overflows = tuple(
        item.case.code
        for item in pack.variants
        if (planned := pack.planned_pages(item)) is not None and planned != counts[item.case.code]
    )
    write_atomic(target, compiled.pdf)
    total = cover_pages + sum(counts.values())
    return PackResult(
        target, total, cover_pages, counts, overflows, tuple(dict.fromkeys(compiled.warnings))
    )


def _int(value: object) -> int:
    assert isinstance(value, int)
    return value


__all__: Sequence[str] = ("Compiled", "PackResult", "compile_document", "font_dirs", "write_pack")
