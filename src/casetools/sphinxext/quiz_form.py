"""The interactive self-test: a quiz exercise as a form the page checks by itself.

Progressive enhancement. The page keeps the questions as text and the feedback
in the solution dropdown, which is what a reader without JavaScript (or a
printed page) sees. Beside them goes this form, ``hidden``; the script
``casetools-quiz.js`` shows it and hides the static copy. The form uses native
controls only: a ``fieldset`` with a ``legend`` per question, radio buttons (or
checkboxes when more options are right) for choice, a ``select`` per item for
matching, and a polite live region that announces the result of each check.

Only practice quizzes get a form: the answers are in the page, as they are in
the dropdown. An assignment's answers never reach the student edition.
"""

from __future__ import annotations

import re
from html import escape

from casetools.library.exercises import Exercise, QuizItem
from casetools.sphinxext.fast_markdown import markdown_html

LETTERS = "ABCDEFGHIJ"
_ONE_PARAGRAPH = re.compile(r"^<p>(?P<inner>(?:(?!</?p>).)*)</p>\n?$", re.DOTALL)


def quiz_form(ex: Exercise, label: str, static_id: str) -> str:
    """The form for ``ex``'s quiz items, as raw HTML."""
    items = "".join(
        _choice(item, n, f"{label}-q{n}")
        if item.type == "choice"
        else _matching(item, n, f"{label}-q{n}")
        for n, item in enumerate(ex.quiz, start=1)
    )
    return (
        f'<form class="casetools-quiz" data-solution="sol-{escape(label)}" '
        f'data-static="{escape(static_id)}" hidden>\n'
        '<p class="casetools-quiz-intro">Kies je antwoord en klik op <strong>Controleer</strong>: '
        "je ziet meteen of het klopt en waarom. Met <strong>Opnieuw</strong> probeer je het nog eens.</p>\n"
        f"{items}</form>\n"
    )


def _inline(text: str) -> str:
    html = markdown_html(text)
    match = _ONE_PARAGRAPH.match(html)
    return match.group("inner") if match else html


def _actions(qid: str) -> str:
    return (
        '<div class="casetools-quiz-actions">'
        '<button type="button" class="casetools-quiz-check">Controleer</button> '
        '<button type="button" class="casetools-quiz-retry" hidden>Opnieuw</button></div>\n'
        f'<p class="casetools-quiz-status" id="{qid}-status" role="status" aria-live="polite"></p>\n'
    )


def _choice(item: QuizItem, n: int, qid: str) -> str:
    several = sum(o.correct for o in item.options) > 1
    kind = "checkbox" if several else "radio"
    hint = " (meer antwoorden zijn juist)" if several else ""
    options = []
    for i, o in enumerate(item.options):
        oid = f"{qid}-{LETTERS[i].lower()}"
        options.append(
            f'<div class="casetools-quiz-option" data-correct="{str(o.correct).lower()}">'
            f'<input type="{kind}" name="{qid}" id="{oid}" value="{LETTERS[i]}" '
            f'aria-describedby="{oid}-feedback"> '
            f'<label for="{oid}"><span class="casetools-quiz-letter">{LETTERS[i]}.</span> '
            f"{_inline(o.text)}</label> "
            '<span class="casetools-quiz-mark"></span>'
            f'<p class="casetools-quiz-feedback" id="{oid}-feedback" hidden>{_inline(o.feedback)}</p>'
            "</div>\n"
        )
    return (
        f'<fieldset class="casetools-quiz-item" data-kind="choice" id="{qid}">\n'
        f'<legend><span class="casetools-quiz-number">Vraag {n}.</span> {_inline(item.question)}'
        f"{hint}</legend>\n{''.join(options)}{_actions(qid)}</fieldset>\n"
    )


def _matching(item: QuizItem, n: int, qid: str) -> str:
    # Sorted, so the menu order says nothing about which item a match belongs to.
    matches = sorted({o.match or "" for o in item.options}, key=str.casefold)
    menu = '<option value="">Kies…</option>' + "".join(
        f'<option value="{k}">{escape(m)}</option>' for k, m in enumerate(matches)
    )
    pairs = []
    for i, o in enumerate(item.options, start=1):
        pid = f"{qid}-{i}"
        pairs.append(
            f'<div class="casetools-quiz-pair" data-correct="{matches.index(o.match or "")}">'
            f'<label for="{pid}"><span class="casetools-quiz-letter">{i}.</span> {_inline(o.text)}</label> '
            f'<select id="{pid}" aria-describedby="{pid}-feedback">{menu}</select> '
            '<span class="casetools-quiz-mark"></span>'
            f'<p class="casetools-quiz-feedback" id="{pid}-feedback" hidden>{_inline(o.feedback)}</p>'
            "</div>\n"
        )
    return (
        f'<fieldset class="casetools-quiz-item" data-kind="matching" id="{qid}">\n'
        f'<legend><span class="casetools-quiz-number">Vraag {n}.</span> {_inline(item.question)}</legend>\n'
        f"{''.join(pairs)}{_actions(qid)}</fieldset>\n"
    )
