"""IMS QTI content packages: the bank as QTI 2.1 items and as QTI 3.0 items.

QTI 2.1 is what Brightspace, Canvas, Blackboard, TestVision and OpenOlat import
today; QTI 3.0 is for the systems that moved on. Both are written here from the
same :class:`~casetools.export.bank.BankQuestion` list: the 2.1 item is built
first and the 3.0 item is derived from it by the mapping the QTI 3.0 spec
defines (``choiceInteraction`` -> ``qti-choice-interaction``, camelCase
attributes to kebab-case, feedback and rubric content in ``qti-content-body``).
The tests check that Citolab's converter (``citolab-qti-convert``) turns our
2.1 items into the same 3.0 items. That converter is GPL-3.0-only, so it is a
test dependency only: this MIT package does not import it.

Choice and match items are scored automatically (one point; a match item one
point per right pair); extended-text items are scored by a person, with the
key and rubric in a ``rubricBlock`` that only scorers see.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Sequence
from typing import Literal

from casetools import __version__
from casetools.export.bank import BankQuestion

Version = Literal["2.1", "3.0"]
QTI21 = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI3 = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
LOM = "http://ltsc.ieee.org/xsd/LOM"
CP21 = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP3 = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
QTI21_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1p2.xsd"
QTI3_XSD = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"
CP21_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/qtiv2p1_imscpv1p2_v1p0.xsd"
CP3_XSD = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd"
LOM_XSD = "http://www.imsglobal.org/xsd/imsmd_loose_v1p3p2.xsd"
LETTERS = "ABCDEFGHIJ"

# XHTML elements QTI items may carry; anything else from Markdown becomes a span.
_XHTML = frozenset(
    [
        "a",
        "abbr",
        "acronym",
        "address",
        "b",
        "big",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "kbd",
        "li",
        "ol",
        "p",
        "pre",
        "q",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "tt",
        "ul",
        "var",
    ]
)
_XHTML_ATTRIBUTES = frozenset({"href", "src", "alt", "class", "id"})
_CONTENT_BODY = frozenset({"modalFeedback", "rubricBlock"})
_KEEP_ATTRIBUTES = frozenset({f"{{{XML_NS}}}lang", "id", "class", "href", "src", "alt"})

ET.register_namespace("", QTI21)
ET.register_namespace("xsi", XSI)


def qti_package(questions: Sequence[BankQuestion], version: Version) -> bytes:
    """A zip with ``imsmanifest.xml`` and one item file per question."""
    items = {f"items/{q.identifier}.xml": item_xml(q, version) for q in questions}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [("imsmanifest.xml", manifest_xml(questions, version)), *items.items()]:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))  # same bank, same bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def item_xml(q: BankQuestion, version: Version) -> bytes:
    """One assessment item in QTI 2.1 or 3.0."""
    item = _item21(q)
    if version == "3.0":
        item = to_qti3(item)
    return _serialize(item, QTI3 if version == "3.0" else QTI21)


def _serialize(root: ET.Element, default_ns: str) -> bytes:
    ET.register_namespace("", default_ns)
    try:
        ET.indent(root)
        return _bytes(root)
    finally:
        ET.register_namespace("", QTI21)


def _q(tag: str) -> str:
    return f"{{{QTI21}}}{tag}"


def _sub(parent: ET.Element, tag: str, **attributes: str) -> ET.Element:
    return ET.SubElement(parent, _q(tag), attributes)


def _item21(q: BankQuestion) -> ET.Element:
    item = ET.Element(
        _q("assessmentItem"),
        {
            f"{{{XSI}}}schemaLocation": f"{QTI21} {QTI21_XSD}",
            "identifier": q.identifier,
            "title": q.name,
            "adaptive": "false",
            "timeDependent": "false",
            f"{{{XML_NS}}}lang": "nl",
        },
    )
    if q.type == "choice":
        _choice(item, q)
    elif q.type == "matching":
        _match(item, q)
    else:
        _extended_text(item, q)
    return item


def _value(parent: ET.Element, text: str) -> None:
    _sub(parent, "value").text = text


def _score_outcome(item: ET.Element, maximum: int) -> None:
    score = _sub(
        item, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float",
        normalMaximum=str(maximum), normalMinimum="0",
    )  # fmt: skip
    _value(_sub(score, "defaultValue"), "0")


def _choice(item: ET.Element, q: BankQuestion) -> None:
    correct = [LETTERS[i] for i, c in enumerate(q.choices) if c.correct]
    cardinality = "single" if len(correct) == 1 else "multiple"
    response = _sub(
        item, "responseDeclaration", identifier="RESPONSE", cardinality=cardinality,
        baseType="identifier",
    )  # fmt: skip
    values = _sub(response, "correctResponse")
    for letter in correct:
        _value(values, letter)
    _score_outcome(item, 1)
    _sub(item, "outcomeDeclaration", identifier="FEEDBACK", cardinality=cardinality,
         baseType="identifier")  # fmt: skip
    body = _sub(item, "itemBody")
    interaction = _sub(
        body, "choiceInteraction", responseIdentifier="RESPONSE", shuffle="false",
        maxChoices="1" if cardinality == "single" else "0",
    )  # fmt: skip
    _html_into(_sub(interaction, "prompt"), q.text_html)
    for letter, c in zip(LETTERS, q.choices, strict=False):
        _html_into(_sub(interaction, "simpleChoice", identifier=letter), c.html)
    _match_correct(item)
    for letter, c in zip(LETTERS, q.choices, strict=False):
        verdict = "Juist." if c.correct else "Niet juist."
        _feedback(item, letter, f"<p><strong>{verdict}</strong> {c.feedback_html}</p>")


def _match(item: ET.Element, q: BankQuestion) -> None:
    response = _sub(
        item, "responseDeclaration", identifier="RESPONSE", cardinality="multiple",
        baseType="directedPair",
    )  # fmt: skip
    values = _sub(response, "correctResponse")
    pairs = [(f"L{i}", f"R{i}") for i in range(1, len(q.pairs) + 1)]
    for left, right in pairs:
        _value(values, f"{left} {right}")
    mapping = _sub(response, "mapping", defaultValue="0")
    for left, right in pairs:
        _sub(mapping, "mapEntry", mapKey=f"{left} {right}", mappedValue="1")
    _score_outcome(item, len(pairs))
    _sub(item, "outcomeDeclaration", identifier="FEEDBACK", cardinality="single",
         baseType="identifier")  # fmt: skip
    body = _sub(item, "itemBody")
    interaction = _sub(
        body, "matchInteraction", responseIdentifier="RESPONSE", shuffle="true",
        maxAssociations=str(len(pairs)),
    )  # fmt: skip
    _html_into(_sub(interaction, "prompt"), q.text_html)
    sources, targets = _sub(interaction, "simpleMatchSet"), _sub(interaction, "simpleMatchSet")
    for (left, right), p in zip(pairs, q.pairs, strict=True):
        _html_into(_sub(sources, "simpleAssociableChoice", identifier=left, matchMax="1"), p.html)
        _sub(targets, "simpleAssociableChoice", identifier=right, matchMax="1").text = p.match
    processing = _sub(item, "responseProcessing")
    _set(processing, "SCORE", _map_response())
    _set(processing, "FEEDBACK", _base("identifier", "DONE"))
    _feedback(item, "DONE", q.feedback_html)


def _extended_text(item: ET.Element, q: BankQuestion) -> None:
    _sub(item, "responseDeclaration", identifier="RESPONSE", cardinality="single",
         baseType="string")  # fmt: skip
    _score_outcome(item, 1)
    body = _sub(item, "itemBody")
    if q.grader_html:
        rubric = _sub(body, "rubricBlock", view="scorer")
        _html_into(rubric, q.grader_html)
    _html_into(_sub(body, "div"), q.text_html)
    _sub(body, "extendedTextInteraction", responseIdentifier="RESPONSE", expectedLines="15")
    if q.feedback_html:
        # A practice exercise's model answer: students see it on the site too.
        _sub(item, "outcomeDeclaration", identifier="FEEDBACK", cardinality="single",
             baseType="identifier")  # fmt: skip
        processing = _sub(item, "responseProcessing")
        condition = _sub(_sub(processing, "responseCondition"), "responseIf")
        _sub(_sub(condition, "not"), "isNull").append(_variable("RESPONSE"))
        _set(condition, "FEEDBACK", _base("identifier", "DONE"))
        _feedback(item, "DONE", q.feedback_html)


def _match_correct(item: ET.Element) -> None:
    processing = _sub(item, "responseProcessing")
    condition = _sub(processing, "responseCondition")
    when = _sub(condition, "responseIf")
    match = _sub(when, "match")
    match.append(_variable("RESPONSE"))
    _sub(match, "correct", identifier="RESPONSE")
    _set(when, "SCORE", _base("float", "1"))
    _set(_sub(condition, "responseElse"), "SCORE", _base("float", "0"))
    _set(processing, "FEEDBACK", _variable("RESPONSE"))


def _set(parent: ET.Element, identifier: str, expression: ET.Element) -> None:
    _sub(parent, "setOutcomeValue", identifier=identifier).append(expression)


def _base(base_type: str, value: str) -> ET.Element:
    el = ET.Element(_q("baseValue"), baseType=base_type)
    el.text = value
    return el


def _variable(identifier: str) -> ET.Element:
    return ET.Element(_q("variable"), identifier=identifier)


def _map_response() -> ET.Element:
    return ET.Element(_q("mapResponse"), identifier="RESPONSE")


def _feedback(item: ET.Element, identifier: str, html: str) -> None:
    feedback = _sub(
        item, "modalFeedback", outcomeIdentifier="FEEDBACK", identifier=identifier,
        showHide="show",
    )  # fmt: skip
    _html_into(feedback, html)


def _html_into(parent: ET.Element, html: str) -> None:
    """Parse an XHTML fragment into ``parent``, in the QTI namespace, keeping what QTI allows."""
    wrapper = ET.fromstring(f'<wrapper xmlns="{QTI21}">{html}</wrapper>')
    for el in wrapper.iter():
        local = el.tag.split("}", 1)[1]
        if el is not wrapper and local not in _XHTML:
            el.tag = _q("span")
        for name in [n for n in el.attrib if n not in _XHTML_ATTRIBUTES]:
            del el.attrib[name]
    parent.text = (parent.text or "") + (wrapper.text or "")
    parent.extend(list(wrapper))


_CAMEL = re.compile(r"[A-Z]")


def kebab(name: str) -> str:
    """``responseIdentifier`` -> ``response-identifier``."""
    return _CAMEL.sub(lambda m: f"-{m.group(0).lower()}", name)


def to_qti3(item21: ET.Element) -> ET.Element:
    """The QTI 3.0 form of a QTI 2.1 item built by this module.

    QTI 3.0 can say what 2.1 cannot: an extended-text item's score is given by a
    person (``external-scored="human"``).
    """
    item = _convert(item21)
    if item21.find(f".//{_q('extendedTextInteraction')}") is not None:
        for declaration in item.iterfind(f"{{{QTI3}}}qti-outcome-declaration"):
            if declaration.get("identifier") == "SCORE":
                declaration.set("external-scored", "human")
    return item


def _convert(el: ET.Element) -> ET.Element:
    local = el.tag.split("}", 1)[1]
    name = local if local in _XHTML else f"qti-{kebab(local)}"
    attributes = {}
    for key, value in el.attrib.items():
        if key == f"{{{XSI}}}schemaLocation":
            attributes[key] = f"{QTI3} {QTI3_XSD}"
        elif key in _KEEP_ATTRIBUTES:
            attributes[key] = value
        else:
            attributes[kebab(key)] = value
    if local == "rubricBlock":
        attributes["use"] = "scoring"
    new = ET.Element(f"{{{QTI3}}}{name}", attributes)
    target = new
    if local in _CONTENT_BODY:
        target = ET.SubElement(new, f"{{{QTI3}}}qti-content-body")
    target.text = el.text
    for child in el:
        target.append(_convert(child))
    new.tail = el.tail
    return new


def manifest_xml(questions: Sequence[BankQuestion], version: Version) -> bytes:
    """The content package manifest: one resource per item, with the tags as LOM keywords."""
    cp = CP3 if version == "3.0" else CP21
    schema_location = f"{cp} {CP3_XSD if version == '3.0' else CP21_XSD} {LOM} {LOM_XSD}"
    ET.register_namespace("", cp)
    ET.register_namespace("lom", LOM)
    manifest = ET.Element(
        f"{{{cp}}}manifest",
        {"identifier": "casetools-vragenbank", f"{{{XSI}}}schemaLocation": schema_location},
    )
    metadata = ET.SubElement(manifest, f"{{{cp}}}metadata")
    ET.SubElement(metadata, f"{{{cp}}}schema").text = (
        "QTI Package" if version == "3.0" else "QTIv2.1 Package"
    )
    ET.SubElement(metadata, f"{{{cp}}}schemaversion").text = (
        "3.0.0" if version == "3.0" else "1.0.0"
    )
    ET.SubElement(manifest, f"{{{cp}}}organizations")
    resources = ET.SubElement(manifest, f"{{{cp}}}resources")
    item_type = "imsqti_item_xmlv3p0" if version == "3.0" else "imsqti_item_xmlv2p1"
    for q in questions:
        href = f"items/{q.identifier}.xml"
        resource = ET.SubElement(
            resources, f"{{{cp}}}resource",
            {"identifier": f"res-{q.identifier}", "type": item_type, "href": href},
        )  # fmt: skip
        _lom(ET.SubElement(resource, f"{{{cp}}}metadata"), q)
        ET.SubElement(resource, f"{{{cp}}}file", href=href)
    try:
        ET.indent(manifest)
        return _bytes(manifest)
    finally:
        ET.register_namespace("", QTI21)


def _lom(metadata: ET.Element, q: BankQuestion) -> None:
    lom = ET.SubElement(metadata, f"{{{LOM}}}lom")
    general = ET.SubElement(lom, f"{{{LOM}}}general")
    identifier = ET.SubElement(general, f"{{{LOM}}}identifier")
    ET.SubElement(identifier, f"{{{LOM}}}catalog").text = "casetools"
    ET.SubElement(identifier, f"{{{LOM}}}entry").text = q.idnumber
    _lom_string(ET.SubElement(general, f"{{{LOM}}}title"), q.name)
    for tag in (*q.tags, " / ".join(q.category)):
        _lom_string(ET.SubElement(general, f"{{{LOM}}}keyword"), tag)
    lifecycle = ET.SubElement(lom, f"{{{LOM}}}lifeCycle")
    version = ET.SubElement(lifecycle, f"{{{LOM}}}version")
    _lom_string(version, f"casetools {__version__}")


def _lom_string(parent: ET.Element, text: str) -> None:
    ET.SubElement(parent, f"{{{LOM}}}string", language="nl").text = text


def _bytes(root: ET.Element) -> bytes:
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"
