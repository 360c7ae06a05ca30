"""The case world and its generator: the core every other layer reads.

Loading the case-world YAML (``world``), the typed variant (``model``), stable
draws and codes (``draw``, ``codes``), the generator and its coherence rules
(``generate``, ``conditions``, ``rules``), the per-language views and their text
rendering (``views``, ``render``), the lasso diagram (``lasso``) and the fairness
report (``fairness``). Nothing here imports Sphinx, a PDF library or an adapter.
"""
