"""Printable handouts: HTML built from case views (``packs``), turned into PDF (``pdf``).

``packs`` is part of the core and imports no PDF library; ``pdf`` is the thin
weasyprint adapter, imported only when a PDF is actually written.
"""
