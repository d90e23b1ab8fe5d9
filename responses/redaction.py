"""Redaction as pure functions: suggest spans of personal data, find typed text, apply spans.

Offsets are character positions in the original text, which is never changed: the
council keeps it, and the public sees each redacted span replaced by ``[redacted]``.
Patterns are matched on the text with Unicode lookalikes folded (NFKC: a full-width
"\uff20" is "@", full-width digits are digits), and the spans found map back to the original.
"""

import re
import unicodedata
from dataclasses import dataclass

PLACEHOLDER = "[redacted]"

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# UK numbers: 0 or +44, an area or mobile code, then the local number, with the usual
# spaces, hyphens and brackets. Ten or eleven digits in all.
PHONE = re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d{2,5}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\w)")
# The same numbers typed with a space (or dot or hyphen) between any digits: "0 1 6 0 3 1 2 3 4 5 6".
# Only a run of exactly ten or eleven digits from 0 or +44, so "46 of 53" and years never match.
PHONE_SPACED = re.compile(r"(?<![\w+])(?<!\d[\s.-])(?:\+[\s.-]?4[\s.-]?4|0)(?:[\s.-]?\d){9,10}(?![\s.-]?\d)(?!\w)")
# The Royal Mail pattern, with or without the space.
POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
# Names a respondent gives for people close to them ("my son Jack", "called Amy"):
# the words before the name in any case, the name itself capitalised.
RELATION_NAME = re.compile(
    r"\b(?i:(?:my|our)\s+(?:son|daughter|child|baby|boy|girl|husband|wife|partner|mum|dad|mother|father|"
    r"grandson|granddaughter|nephew|niece|friend|neighbour|health visitor)|called|named|name is)\s+"
    r"([A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)"
)

CONTACT_PATTERNS = (("email", EMAIL), ("phone", PHONE), ("phone", PHONE_SPACED), ("postcode", POSTCODE))

KIND_LABELS = {
    "email": "Email address",
    "phone": "Phone number",
    "postcode": "Postcode",
    "name": "Name",
}


@dataclass(frozen=True)
class Suggestion:
    start: int
    end: int
    kind: str
    text: str

    @property
    def key(self) -> str:
        return f"{self.start}:{self.end}"

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def _folded(text: str) -> tuple[str, list[int]]:
    """The text with lookalikes folded (NFKC, one character at a time) and, for each of its
    characters, the position of the original character it came from (plus one past the end)."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text, [*range(len(text) + 1)]
    pieces, origin = [], []
    for index, char in enumerate(text):
        folded = char if char.isascii() else unicodedata.normalize("NFKC", char)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    origin.append(len(text))
    return "".join(pieces), origin


def _matches(patterns, text: str) -> list[tuple[re.Pattern, tuple[int, int]]]:
    """Where each pattern matches the folded text, as offsets in the original."""
    folded, origin = _folded(text)
    return [
        (pattern, (origin[m.start()], origin[m.end() - 1] + 1))
        for pattern in patterns
        for m in pattern.finditer(folded)
        if m.end() > m.start()
    ]


def _names_in(text: str, names: list[str]) -> list[tuple[int, int]]:
    spans = [match.span(1) for match in RELATION_NAME.finditer(text)]
    for name in names:
        # The whole name, then each part long enough not to match ordinary words.
        for part in [name.strip(), *name.split()]:
            if len(part) >= 3:
                spans.extend(find_text(text, part))
    return spans


def suggest(text: str, *, names: list[str] = (), existing: list[tuple[int, int]] = ()) -> list[Suggestion]:
    """Spans that look like personal data and are not yet redacted, in reading order."""
    found: dict[tuple[int, int], str] = {}
    kinds = {pattern: kind for kind, pattern in CONTACT_PATTERNS}
    for pattern, span in _matches(kinds, text):
        found.setdefault(span, kinds[pattern])
    for span in _names_in(text, list(names)):
        found.setdefault(span, "name")
    # A postcode inside an email address, or a name inside a longer match, is one suggestion.
    spans = sorted(found, key=lambda span: (span[0], -span[1]))
    kept: list[tuple[int, int]] = []
    for span in spans:
        if not covered(span, kept) and not covered(span, list(existing)):
            kept.append(span)
    return [Suggestion(start, end, found[(start, end)], text[start:end]) for start, end in kept]


def find_text(text: str, needle: str) -> list[tuple[int, int]]:
    """Every place ``needle`` occurs in ``text``, ignoring case, as (start, end) offsets."""
    needle = needle.strip()
    if not needle:
        return []
    return [match.span() for match in re.finditer(re.escape(needle), text, re.IGNORECASE)]


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping or touching ones joined."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def covered(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """Whether ``span`` lies wholly inside one of ``spans``."""
    return any(start <= span[0] and span[1] <= end for start, end in merge(spans))


def segments(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """The text cut into (piece, is_redacted) pairs, for showing officers what is hidden."""
    pieces, position = [], 0
    for start, end in merge(spans):
        start, end = max(start, position), min(end, len(text))
        if start >= end:
            continue
        if start > position:
            pieces.append((text[position:start], False))
        pieces.append((text[start:end], True))
        position = end
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


def apply(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each span replaced by the placeholder."""
    return "".join(PLACEHOLDER if hidden else piece for piece, hidden in segments(text, spans))


def own_name_pattern(names: list[str]) -> re.Pattern | None:
    """The respondent's name, whole and each part of three letters or more, as whole words in any case."""
    parts = set()
    for name in names:
        name = unicodedata.normalize("NFKC", name).strip()
        parts.update(part for part in [name, *name.split()] if sum(char.isalpha() for char in part) >= 3)
    if not parts:
        return None
    # Longest first, so the whole name is one span rather than its parts.
    alternatives = "|".join(re.escape(part) for part in sorted(parts, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def mask_contact_details(text: str, *, names: list[str] = ()) -> str:
    """Hide any email address, phone number or postcode a moderator missed, and the given names.

    The public pages call this after applying the moderator's redactions, so that
    contact details are never published even if a redaction was forgotten. ``names``
    is the respondent's own name when they asked to be published without it.
    """
    patterns = [pattern for _, pattern in CONTACT_PATTERNS]
    if (own_name := own_name_pattern(list(names))) is not None:
        patterns.append(own_name)
    return apply(text, [span for _, span in _matches(patterns, text)])


def public_text(text: str, spans: list[tuple[int, int]], *, names: list[str] = ()) -> str:
    return mask_contact_details(apply(text, spans), names=names)
