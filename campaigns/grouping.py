"""Grouping responses into campaigns (worker side): one response as it arrives, or a whole consultation.

Responses are taken in the order they were grouped (a whole consultation: by submitted_at,
then id). Each is compared only with the responses grouped before it: first by its exact
text, then through the LSH index (``BandKey`` in the database, datasketch's ``MinHashLSH``
in memory for a whole consultation; both use the same bands). It joins the group of the
most similar one at or above ``text.THRESHOLD``, or starts a group with it. So a response
grouped on arrival and the same response grouped in a full run end in the same group, and
a full run after another changes nothing. Responses already grouped keep their place:
officers' changes (a response kept apart, two groups merged) are never undone.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from django.db import transaction

from consultation.models import Consultation, QuestionKind
from responses.models import Response

from . import store, text


@dataclass
class Reader:
    """How a consultation's responses are read: which answers are free text, and what is quoted."""

    slugs: list[str]
    quoted: frozenset[str]

    @classmethod
    def of(cls, consultation_id: int) -> "Reader":
        consultation = Consultation.objects.get(pk=consultation_id)
        questions = list(consultation.questions.order_by("order").values_list("slug", "kind", "text"))
        slugs = [slug for slug, kind, _ in questions if kind == QuestionKind.FREE_TEXT]
        quoted = text.reference_passages([consultation.summary, consultation.body, *(t for _, _, t in questions)])
        return cls(slugs, quoted)

    def fingerprint(self, answers) -> tuple[int, np.ndarray] | None:
        answers = answers if isinstance(answers, dict) else {}
        joined = "\n".join(value for slug in self.slugs if isinstance(value := answers.get(slug), str))
        return text.fingerprint(joined, self.quoted)


def best_match(values: np.ndarray, candidates: list[int], signatures: np.ndarray) -> tuple[int | None, float]:
    """The most similar candidate at or above the threshold (the lowest id on a tie), and its similarity."""
    if not candidates:
        return None, 0.0
    scores = text.similarities(signatures, values)
    best = int(np.argmax(scores))  # candidates are in id order: the first of equals
    if scores[best] < text.THRESHOLD:
        return None, float(scores[best])
    return candidates[best], float(scores[best])


@transaction.atomic
def group_response(response_id: int) -> str | None:
    """Group one response with the earlier ones (the path each new response takes). Idempotent.

    Returns its group's code, or None when it stays alone."""
    row = Response.objects.filter(pk=response_id).values("consultation_id", "answers").first()
    if row is None:
        return None
    consultation_id = row["consultation_id"]
    # One response of a consultation at a time: two copies of a letter arriving together must
    # still find each other.
    list(Consultation.objects.select_for_update().filter(pk=consultation_id).values_list("pk"))
    if store.is_grouped(response_id):
        return store.code_of(response_id)
    found = Reader.of(consultation_id).fingerprint(row["answers"])
    if found is None:
        store.save_fingerprints(consultation_id, [(response_id, None, None, False)], [])
        return None
    hash_, values = found
    match, score = store.exact_match(consultation_id, hash_), 1.0
    if match is None:
        candidates = store.candidates(consultation_id, text.band_keys(values))
        match, score = best_match(values, candidates, store.signatures(candidates))
    indexed = match is None or score < text.NOVELTY
    keys = text.band_keys(values) if indexed else []
    store.save_fingerprints(consultation_id, [(response_id, hash_, values, indexed)], [(response_id, keys)])
    if match is None:
        return None
    group_id = store.group_of(match) or store.group_create(consultation_id, leader_id=match)
    store.members_add(group_id, [response_id])
    return store.code_of(response_id)


@dataclass
class Memory:
    """A consultation's grouping state in memory, for a full run."""

    index: object = field(default_factory=text.new_index)
    signatures: dict[int, np.ndarray] = field(default_factory=dict)
    exact: dict[int, int] = field(default_factory=dict)
    groups: dict[int, int] = field(default_factory=dict)  # response id to group id

    @classmethod
    def load(cls, consultation_id: int) -> "Memory":
        memory = cls()
        for response_id, hash_, signature, indexed in store.fingerprints(consultation_id):
            memory.remember(response_id, hash_, np.frombuffer(signature, np.uint32) if indexed else None)
        memory.groups = store.memberships(consultation_id)
        return memory

    def remember(self, response_id: int, hash_: int, values: np.ndarray | None) -> None:
        self.exact.setdefault(hash_, response_id)
        if values is not None:
            self.signatures[response_id] = values
            self.index.insert(response_id, text.minhash_of(values), check_duplication=False)

    def place(self, values: np.ndarray, hash_: int) -> tuple[int | None, bool]:
        """The earlier response this one matches (or None), and whether it goes into the index."""
        if (match := self.exact.get(hash_)) is not None:
            return match, False
        candidates = sorted(self.index.query(text.minhash_of(values)))
        if not candidates:
            return None, True
        match, score = best_match(values, candidates, np.stack([self.signatures[c] for c in candidates]))
        return match, match is None or score < text.NOVELTY


def group_consultation(
    consultation_id: int, *, batch: int = 5000, progress: Callable[[int, int], None] | None = None
) -> int:
    """Group every response of a consultation not grouped yet, in order. Returns how many were grouped."""
    reader, memory = Reader.of(consultation_id), Memory.load(consultation_id)
    pending = Response.objects.filter(consultation_id=consultation_id, campaign_fingerprint__isnull=True)
    total, done, after = pending.count(), 0, None
    while True:
        rows = store.pending_page(pending, after, batch)
        if not rows:
            return done
        with transaction.atomic():
            list(Consultation.objects.select_for_update().filter(pk=consultation_id).values_list("pk"))
            fresh = store.still_pending([pk for pk, _, _ in rows])
            _group_batch(consultation_id, [r for r in rows if r[0] in fresh], reader, memory)
        done += len(rows)
        after = (rows[-1][2], rows[-1][0])
        if progress:
            progress(done, total)


def _group_batch(consultation_id: int, rows: list, reader: Reader, memory: Memory) -> None:
    fingerprints, bands, joins = [], [], {}
    for response_id, answers, _ in rows:
        found = reader.fingerprint(answers)
        if found is None:
            fingerprints.append((response_id, None, None, False))
            continue
        hash_, values = found
        match, indexed = memory.place(values, hash_)
        fingerprints.append((response_id, hash_, values, indexed))
        if indexed:
            bands.append((response_id, text.band_keys(values)))
        memory.remember(response_id, hash_, values if indexed else None)
        if match is not None:
            if match not in memory.groups:
                memory.groups[match] = store.group_create(consultation_id, leader_id=match)
            memory.groups[response_id] = memory.groups[match]
            joins.setdefault(memory.groups[match], []).append(response_id)
    store.save_fingerprints(consultation_id, fingerprints, bands)
    for group_id, members in joins.items():
        store.members_add(group_id, members)
