"""LanguageTool's HTTP API, spoken by fixtext: request parsing and response building.

Clients of ``/v2/check`` (LTeX, browser add-ons, LanguageTool's own libraries) are Java
or JavaScript: they count offsets in UTF-16 code units, as LanguageTool does. fixtext
counts code points, so every offset and length that leaves here is converted.

A ``data`` request is an annotated text (``{"annotation": [{"text": ...},
{"markup": ..., "interpretAs": ...}]}``). As in LanguageTool, the checked text is the
text parts with each markup part replaced by its ``interpretAs`` (default empty), and
offsets in the answer count the full annotated text (text and markup concatenated).
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from fixtext import __version__
from fixtext.document import Document
from fixtext.findings import SOURCE_PRIORITY, Finding, Source
from fixtext.registry import CODES

CONTEXT_CHARS = 40
LANGUAGES = (
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
)
LANGUAGE_NAMES = {"en-US": "English (US)", "en-GB": "English (GB)"}
#: Request ``language`` values fixtext serves (with the server's configured variant).
ACCEPTED_LANGUAGES = frozenset({"auto", "en", "en-US", "en-GB"})

#: Deepest JSON nesting a request may have (an annotation needs 3: object, list, object).
MAX_JSON_DEPTH = 32
#: A UTF-16 surrogate on its own: JSON can spell one ("\\ud800"), UTF-8 cannot carry it.
_SURROGATE = re.compile("[\ud800-\udfff]")

_LT_CATEGORIES = {
    "GRAMMAR": ("Grammar", "grammar"),
    "PUNCTUATION": ("Punctuation", "typographical"),
    "TYPOS": ("Possible Typo", "misspelling"),
    "CONFUSED_WORDS": ("Commonly Confused Words", "misspelling"),
    "MISC": ("Miscellaneous", "uncategorized"),
}
_SOURCE_CATEGORY = {
    Source.RULES: ("FIXTEXT", "Machine-translation damage"),
    Source.MODEL: ("FIXTEXT_MODEL", "Machine-translation damage (model)"),
}


class RequestError(ValueError):
    """A request that is not valid LanguageTool API input (HTTP 400)."""


def load_json(data: str | bytes, what: str) -> Any:
    """Parse JSON of a request, nested at most :data:`MAX_JSON_DEPTH` deep; raises
    :class:`RequestError` ("``what`` is not valid JSON: ...") for anything else.

    Deep nesting ("[" * 100000) makes the parser raise ``RecursionError``: it is caught
    here, and a document that parses but nests deeper than the bound is refused too,
    so no later step walks a deep structure.
    """
    try:
        parsed = json.loads(data)
    except json.JSONDecodeError as exc:
        raise RequestError(f"{what} is not valid JSON: {exc}") from None
    except UnicodeDecodeError as exc:
        raise RequestError(f"{what} is not valid JSON: not UTF-8 ({exc.reason})") from None
    except RecursionError:
        raise RequestError(f"{what} is not valid JSON: nested too deeply") from None
    if json_depth(parsed, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise RequestError(
            f"{what} is not valid JSON here: nested deeper than {MAX_JSON_DEPTH} levels"
        )
    return parsed


def json_depth(value: Any, limit: int) -> int:
    """The nesting depth of a parsed JSON value (a scalar is 0, ``[]`` is 1), counted
    without recursion and only up to ``limit + 1``."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth) for child in children if isinstance(child, dict | list))
    return deepest


def lone_surrogate(text: str) -> str | None:
    """None, or where ``text`` has a UTF-16 surrogate without its pair ("U+D800 at
    character 5", 0-based code points): such a string cannot be sent on as UTF-8."""
    found = _SURROGATE.search(text)
    if found is None:
        return None
    return f"U+{ord(found.group()):04X} at character {found.start()}"


@dataclass(frozen=True)
class CheckedText:
    """What a ``/v2/check`` request checks, and how its offsets map back.

    ``full`` is the text the client counts offsets in; ``plain`` is what the pipeline
    checks. ``begin[i]``/``finish[i]`` are the offsets in ``full`` where plain character
    ``i`` starts and ends (a character of ``interpretAs`` spans its whole markup);
    ``texts[i]`` counts the plain characters before ``i`` that come from text parts.
    """

    full: str
    plain: str
    begin: tuple[int, ...]
    finish: tuple[int, ...]
    texts: tuple[int, ...]

    @classmethod
    def plain_text(cls, text: str) -> CheckedText:
        """A ``text`` request: nothing to map."""
        return cls(text, text, (), (), ())

    @classmethod
    def from_annotation(cls, data: str) -> CheckedText:
        """Parse LanguageTool's ``data`` parameter; raises :class:`RequestError`."""
        parsed = load_json(data, "'data'")
        items = parsed.get("annotation") if isinstance(parsed, dict) else None
        if not isinstance(items, list):
            raise RequestError("'data' must be a JSON object with an 'annotation' list")
        full: list[str] = []
        plain: list[str] = []
        begin: list[int] = []
        finish: list[int] = []
        texts = [0]
        position = 0
        for index, item in enumerate(items):
            text, markup, interpret = _annotation_item(item, index)
            if text is not None:
                full.append(text)
                plain.append(text)
                begin.extend(range(position, position + len(text)))
                finish.extend(range(position + 1, position + len(text) + 1))
                texts.extend(range(texts[-1] + 1, texts[-1] + len(text) + 1))
                position += len(text)
            else:
                assert markup is not None
                full.append(markup)
                plain.append(interpret)
                begin.extend([position] * len(interpret))
                finish.extend([position + len(markup)] * len(interpret))
                texts.extend([texts[-1]] * len(interpret))
                position += len(markup)
        return cls("".join(full), "".join(plain), tuple(begin), tuple(finish), tuple(texts))

    def to_full(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of ``plain`` to ``full`` (code points)."""
        if not self.begin:
            return start, end
        if start == end:
            point = self.begin[start] if start < len(self.begin) else len(self.full)
            return point, point
        return self.begin[start], self.finish[end - 1]

    def is_prose(self, start: int, end: int) -> bool:
        """True when the plain span is exactly one run of text parts (no markup in it)."""
        full_start, full_end = self.to_full(start, end)
        return self.full[full_start:full_end] == self.plain[start:end]

    def touches_text(self, start: int, end: int) -> bool:
        """True unless the (non-empty) plain span lies wholly inside ``interpretAs`` text."""
        if not self.begin or start == end:
            return True
        return self.texts[end] > self.texts[start]


def _annotation_item(item: Any, index: int) -> tuple[str | None, str | None, str]:
    """(text, markup, interpretAs) of one annotation item, validated."""
    if not isinstance(item, dict):
        raise RequestError(f"annotation item {index} must be an object")
    text, markup, interpret = item.get("text"), item.get("markup"), item.get("interpretAs", "")
    if (text is None) == (markup is None):
        raise RequestError(f"annotation item {index} needs exactly one of 'text' and 'markup'")
    if text is not None and ("interpretAs" in item or not isinstance(text, str)):
        raise RequestError(f"annotation item {index}: 'text' must be a string alone")
    if markup is not None and not (isinstance(markup, str) and isinstance(interpret, str)):
        raise RequestError(f"annotation item {index}: 'markup'/'interpretAs' must be strings")
    for key, value in (("text", text), ("markup", markup), ("interpretAs", interpret)):
        where = None if value is None else lone_surrogate(value)
        if where is not None:
            raise RequestError(
                f"annotation item {index}: '{key}' has a lone UTF-16 surrogate ({where})"
            )
    return text, markup, interpret


class Utf16:
    """Converts code-point offsets of one text to UTF-16 code-unit offsets."""

    def __init__(self, text: str) -> None:
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def __call__(self, offset: int) -> int:
        """The UTF-16 offset of code-point ``offset``."""
        return offset + bisect.bisect_left(self._astral, offset)


def rule_list(value: str | None) -> frozenset[str]:
    """A comma-separated rule id list (LanguageTool's ``enabledRules`` etc.)."""
    return frozenset(part.strip() for part in (value or "").split(",") if part.strip())


def parse_bool(name: str, value: str | None) -> bool:
    """LanguageTool's boolean parameters: ``true``/``false`` (absent is false)."""
    if value is None or value.lower() in ("", "false"):
        return False
    if value.lower() == "true":
        return True
    raise RequestError(f"'{name}' must be true or false, not {value!r}")


def check_language(value: str | None) -> None:
    """Raise :class:`RequestError` unless fixtext serves the requested language."""
    if value is None:
        raise RequestError("Missing 'language' parameter (en-US, en-GB, en or auto)")
    if value not in ACCEPTED_LANGUAGES:
        raise RequestError(
            f"language {value!r} is not served: fixtext checks English "
            f"({', '.join(sorted(ACCEPTED_LANGUAGES))})"
        )


def check_response(
    checked: CheckedText,
    findings: Iterable[Finding],
    language: str,
    disabled_categories: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """LanguageTool's ``/v2/check`` answer for the findings of ``checked.plain``."""
    doc = Document(checked.plain)
    sentences = doc.sentences
    starts = [s.start for s in sentences]
    utf16 = Utf16(checked.full)
    matches = []
    for group in _group_by_span(findings):
        if not checked.touches_text(group[0].start, group[0].end):
            continue
        match = _match(checked, group, sentences, starts, utf16)
        if match["rule"]["category"]["id"] not in disabled_categories:
            matches.append(match)
    name = LANGUAGE_NAMES.get(language, language)
    return {
        "software": {
            "name": "fixtext",
            "version": __version__,
            "buildDate": "",
            "apiVersion": 1,
            "premium": False,
            "premiumHint": "",
            "status": "",
        },
        "warnings": {"incompleteResults": False},
        "language": {
            "name": name,
            "code": language,
            "detectedLanguage": {"name": name, "code": language, "confidence": 1.0},
        },
        "matches": matches,
    }


def _group_by_span(findings: Iterable[Finding]) -> list[list[Finding]]:
    """Findings with the same span become one match; best finding first in each group."""
    groups: dict[tuple[int, int], list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.start, finding.end), []).append(finding)
    return [sorted(group, key=_rank) for _, group in sorted(groups.items())]


def _rank(finding: Finding) -> tuple[bool, int, float]:
    safe = finding.fix is not None and finding.fix.safe
    return (not safe, SOURCE_PRIORITY[finding.source], -finding.confidence)


def _replacements(group: list[Finding]) -> list[str]:
    """Safe fixes first, then the other suggestions, then alternatives; no repeats."""
    fixes = [f.fix for f in group if f.fix is not None]
    ordered = [fix.replacement for fix in fixes if fix.safe]
    ordered += [fix.replacement for fix in fixes if not fix.safe]
    ordered += [alt for fix in fixes for alt in fix.alternatives]
    return list(dict.fromkeys(ordered))


def _match(
    checked: CheckedText,
    group: list[Finding],
    sentences: list[Any],
    starts: list[int],
    utf16: Utf16,
) -> dict[str, Any]:
    best = group[0]
    full_start, full_end = checked.to_full(best.start, best.end)
    offset, end = utf16(full_start), utf16(full_end)
    replacements = _replacements(group) if checked.is_prose(best.start, best.end) else []
    context_start = max(0, full_start - CONTEXT_CHARS)
    context_end = min(len(checked.full), full_end + CONTEXT_CHARS)
    prefix = "..." if context_start > 0 else ""
    suffix = "..." if context_end < len(checked.full) else ""
    context = prefix + checked.full[context_start:context_end].replace("\n", " ") + suffix
    context_utf16 = Utf16(context)
    context_offset = len(prefix) + full_start - context_start
    index = bisect.bisect_right(starts, best.start) - 1
    sentence = sentences[index].text.strip() if index >= 0 else ""
    category_id, category_name, issue_type = _category(best)
    return {
        "message": best.message,
        "shortMessage": "",
        "replacements": [{"value": value} for value in replacements],
        "offset": offset,
        "length": end - offset,
        "context": {
            "text": context,
            "offset": context_utf16(context_offset),
            "length": context_utf16(context_offset + full_end - full_start)
            - context_utf16(context_offset),
        },
        "sentence": sentence,
        "type": {"typeName": "Other"},
        "rule": {
            "id": best.rule,
            "description": CODES[best.rule].summary if best.rule in CODES else best.message,
            "issueType": issue_type,
            "category": {"id": category_id, "name": category_name},
        },
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
        "fixtext": {
            "source": best.source.value,
            "confidence": best.confidence,
            "safe": bool(best.fix and best.fix.safe),
            "verdict": best.fix.verdict if best.fix else "",
        },
    }


def _category(finding: Finding) -> tuple[str, str, str]:
    """(category id, category name, issueType) of a finding."""
    if finding.source is Source.LANGUAGETOOL:
        category = finding.category or "MISC"
        name, issue = _LT_CATEGORIES.get(
            category, (category.replace("_", " ").title(), "uncategorized")
        )
        return category, name, issue
    category, name = _SOURCE_CATEGORY[finding.source]
    return category, name, CODES[finding.rule].issue_type if finding.rule in CODES else "grammar"
