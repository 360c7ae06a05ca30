"""Printable handouts: packs and lesson kits as data (``packs``, ``lessons``), typeset by Typst (``pdf``).

``packs``, ``lessons`` and ``myst`` import no PDF library: they turn case views,
exercise texts and lesson plans into one JSON document per pack. ``pdf`` is
the thin Typst adapter, imported only when a PDF is actually written.
"""
