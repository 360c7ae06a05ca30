"""The exercise library: templates, rendering per variant and audience, citations.

The templates are read from ``exercises/*.yaml``; rendering fills them from a
case view; citations print as author-year text outside Sphinx. Reads the case
world; imports no adapter (command line, handouts, Sphinx).
"""
