"""Suggestions: responses whose free text matches a theme's search terms and that the theme
does not code yet. Suggestions are only ever listed; an officer codes each one.

On PostgreSQL the match is full-text search over the queue's search index (migration
``responses/0002``): whole words, case-insensitive and stemmed, so "travel" also finds
"travelling". Elsewhere (SQLite) a substring match narrows the responses and a regular
expression keeps whole words only, case-insensitive.
"""

import json
import re
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from consultation.models import QuestionKind
from responses.models import Response
from responses.moderation.queue import SEARCH_DOCUMENT

from .models import Theme
from .services import without_theme

SUGGESTION_LIMIT = 50
EXCERPT_AROUND = 80


@dataclass
class Suggestion:
    response: Response
    before: str
    match: str
    after: str


def term_pattern(terms: list[str]) -> re.Pattern:
    """Any of the terms as a whole word or phrase, case-insensitive."""
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _full_text(terms: list[str]) -> RawSQL:
    # One phrase query a term, joined with OR; the expression is the index's own.
    query = " || ".join(["websearch_to_tsquery('english'::regconfig, %s)"] * len(terms))
    return RawSQL(f"{SEARCH_DOCUMENT} @@ ({query})", [f'"{term}"' for term in terms], output_field=BooleanField())


def _substring(terms: list[str]) -> Q:
    # The answers are stored as JSON text, where letters beyond ASCII are escaped: match them so.
    return reduce(or_, (Q(answers__icontains=json.dumps(term)[1:-1]) for term in terms))


def text_questions(consultation) -> list[str]:
    return [q.slug for q in consultation.questions.all() if q.kind == QuestionKind.FREE_TEXT]


def excerpt(response: Response, slugs: list[str], pattern: re.Pattern) -> Suggestion | None:
    """The passage around the first match in the free-text answers, or None without a match."""
    texts = [t for slug in slugs if isinstance(t := response.answers.get(slug), str) and t]
    for text in texts:
        if found := pattern.search(text):
            before = text[max(0, found.start() - EXCERPT_AROUND) : found.start()]
            after = text[found.end() : found.end() + EXCERPT_AROUND]
            return Suggestion(response, ("…" if found.start() > EXCERPT_AROUND else "") + before, found[0], after)
    return None


def suggestions(theme: Theme, *, limit: int = SUGGESTION_LIMIT) -> list[Suggestion]:
    """Up to ``limit`` responses, newest first, that match the theme's terms and lack the theme."""
    terms = [term for term in theme.search_terms if term.strip()]
    if not terms:
        return []
    slugs = text_questions(theme.consultation)
    pattern = term_pattern(terms)
    responses = without_theme(theme.consultation.responses.all(), theme).order_by("-submitted_at", "-id")
    if connection.vendor == "postgresql":
        found = []
        for response in responses.filter(_full_text(terms))[:limit]:
            # A stemmed match ("travelling" for "travel") has no exact passage: show the first answer.
            found.append(excerpt(response, slugs, pattern) or _opening(response, slugs))
        return found
    return _matching(responses.filter(_substring(terms)), slugs, pattern, limit)


def _matching(responses: QuerySet, slugs, pattern, limit) -> list[Suggestion]:
    found = []
    for response in responses.iterator(chunk_size=500):
        if suggestion := excerpt(response, slugs, pattern):
            found.append(suggestion)
            if len(found) == limit:
                break
    return found


def _opening(response: Response, slugs: list[str]) -> Suggestion:
    text = next((t for slug in slugs if isinstance(t := response.answers.get(slug), str) and t), "")
    return Suggestion(response, "", "", text[: EXCERPT_AROUND * 2])
