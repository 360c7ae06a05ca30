"""The weasyprint adapter: a :class:`~casetools.handouts.packs.Pack` becomes one PDF.

Each variant is laid out as its own weasyprint document, so CSS page counters
give "pagina x van y" per variant; the pages are then joined behind a cover
that lists the codes and where each starts. The PDF takes its title and
language from the cover. The file is written to a temporary file in the
target folder and moved into place with :func:`os.replace`, so an error or an
interrupt never leaves half a PDF behind.

weasyprint lays out on one core. A pack of many variants is therefore laid
out by one forked worker per core, each writing the PDFs of its variants;
the parent joins them behind the cover with pypdf.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from unittest import mock

from casetools.errors import ContentError
from casetools.handouts.packs import STYLESHEET, Pack, template_dir


def _import_weasyprint() -> tuple[ModuleType | None, OSError | None]:
    """Import weasyprint, or return why its system libraries cannot be loaded.

    weasyprint tries several file names for each library. On Linux every name
    that does not load directly is looked up with ``ctypes.util.find_library``,
    which runs gcc and ld: about 2.5 s at every start of the command. The first
    attempt answers those look-ups with "not found", so that the next name, the
    soname Debian installs, loads directly; only if that fails is the import
    repeated with the real look-up.
    """
    for lookup in (False, True):
        try:
            with contextlib.ExitStack() as stack:
                if not lookup:
                    stack.enter_context(mock.patch("ctypes.util.find_library", return_value=None))
                    stack.enter_context(contextlib.redirect_stdout(io.StringIO()))
                import weasyprint
                import weasyprint.text.fonts
        except OSError as exc:
            for name in [m for m in sys.modules if m.split(".")[0] == "weasyprint"]:
                del sys.modules[name]
            if lookup:
                return None, exc
        else:
            return weasyprint, None
    raise AssertionError  # pragma: no cover - the loop returns


_weasyprint, _IMPORT_ERROR = _import_weasyprint()
MAX_COVER_PASSES = 4
PARALLEL_FROM = 4  # fewer variants than this are laid out in the calling process
_JOB: tuple[Pack, _Renderer] | None = None  # what a forked worker renders (set before the fork)


@dataclass(frozen=True, slots=True)
class PackResult:
    """What was written: the file, the pages of every code, and kits longer than designed."""

    path: Path
    total_pages: int
    cover_pages: int
    pages: dict[str, int]
    overflows: tuple[str, ...]


class _Renderer:
    """One font configuration and one parsed stylesheet for all documents of a pack."""

    def __init__(self, lang: str) -> None:
        if _weasyprint is None:
            msg = (
                f"weasyprint cannot load its system libraries ({_IMPORT_ERROR}); install "
                "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 (scripts/system-packages.sh)"
            )
            raise ContentError(Path("weasyprint"), None, "", msg)
        folder = template_dir(lang)
        self.base_url = str(folder)
        self.weasyprint = _weasyprint
        self.fonts = _weasyprint.text.fonts.FontConfiguration()
        self.css = _weasyprint.CSS(filename=str(folder / STYLESHEET), font_config=self.fonts)

    def render(self, html: str) -> Any:
        """Lay out one HTML document (a ``weasyprint.Document``)."""
        return self.weasyprint.HTML(string=html, base_url=self.base_url).render(
            stylesheets=[self.css], font_config=self.fonts
        )


def _workers(pack: Pack) -> int:
    cores = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    return min(cores, len(pack.variants)) if can_fork and len(pack.variants) >= PARALLEL_FROM else 1


def _render_variant(index: int) -> tuple[int, bytes, int]:
    """In a worker: lay out one variant and return its PDF bytes and page count."""
    assert _JOB is not None
    pack, renderer = _JOB
    doc = renderer.render(pack.variant_html(pack.variants[index]))
    return index, doc.write_pdf(), len(doc.pages)


def write_pack(
    pack: Pack, target: Path, progress: Callable[[str], None] | None = None
) -> PackResult:
    """Render ``pack`` to ``target`` atomically; ``progress`` is called after each variant."""
    renderer = _Renderer(pack.lang)
    workers = _workers(pack)
    if workers > 1:
        return _write_parallel(pack, target, renderer, workers, progress)
    documents = []
    counts: dict[str, int] = {}
    overflows = []
    for item in pack.variants:
        doc = renderer.render(pack.variant_html(item))
        documents.append(doc)
        counts[item.case.code] = len(doc.pages)
        planned = pack.planned_pages(item)
        if planned is not None and planned != len(doc.pages):
            overflows.append(item.case.code)
        if progress is not None:
            progress(item.case.code)
    cover, cover_pages = _cover(pack, renderer, [counts[c] for c in pack.codes])
    pages = [*cover.pages, *(p for doc in documents for p in doc.pages)]
    _write_atomically(cover.copy(pages), target)
    return PackResult(target, len(pages), cover_pages, counts, tuple(overflows))


def _write_parallel(
    pack: Pack,
    target: Path,
    renderer: _Renderer,
    workers: int,
    progress: Callable[[str], None] | None,
) -> PackResult:
    """Lay out the variants in forked workers and join their PDFs behind the cover."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    global _JOB  # noqa: PLW0603 - handed to the forked workers, reset below
    _JOB = (pack, renderer)
    parts: dict[int, tuple[bytes, int]] = {}
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for index, pdf, pages in pool.imap_unordered(
                _render_variant, range(len(pack.variants))
            ):
                parts[index] = (pdf, pages)
                if progress is not None:
                    progress(pack.variants[index].case.code)
    finally:
        _JOB = None
    counts = {item.case.code: parts[i][1] for i, item in enumerate(pack.variants)}
    overflows = tuple(
        item.case.code
        for i, item in enumerate(pack.variants)
        if (planned := pack.planned_pages(item)) is not None and planned != parts[i][1]
    )
    cover, cover_pages = _cover(pack, renderer, [counts[c] for c in pack.codes])
    writer = PdfWriter()
    cover_pdf = PdfReader(io.BytesIO(cover.write_pdf()))
    writer.append(cover_pdf)
    for i in range(len(pack.variants)):
        writer.append(PdfReader(io.BytesIO(parts[i][0])))
    writer.add_metadata(dict(cover_pdf.metadata or {}))  # title and keywords come from the cover
    writer.root_object[NameObject("/Lang")] = TextStringObject(pack.lang)
    _write_atomically(writer, target)
    total = cover_pages + sum(counts.values())
    return PackResult(target, total, cover_pages, counts, overflows)


def _cover(pack: Pack, renderer: _Renderer, counts: list[int]) -> tuple[Any, int]:
    """Render the cover until the page numbers it prints agree with its own length."""
    guess = 1
    for _ in range(MAX_COVER_PASSES):
        starts, page = [], guess + 1
        for count in counts:
            starts.append(page)
            page += count
        cover = renderer.render(pack.cover_html(starts, counts))
        if len(cover.pages) == guess:
            return cover, guess
        guess = len(cover.pages)
    return cover, len(cover.pages)


def _write_atomically(document: Any, target: Path) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        Path(tmp).chmod(0o666 & ~_umask())  # mkstemp makes 0600; a handout is an ordinary file
        with os.fdopen(fd, "wb") as handle:
            if hasattr(document, "write_pdf"):  # a weasyprint document
                document.write_pdf(handle)
            else:  # a pypdf writer holding the joined parts
                document.write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
