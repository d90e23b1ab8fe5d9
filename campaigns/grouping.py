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
    quoted: text.Quoted

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


def matches(values: np.ndarray, candidates: list[int], signatures: np.ndarray) -> tuple[list[int], bool]:
    """The candidates at or above the threshold, most similar first (then lowest id), and whether
    the response adds to the index (nothing in it is nearly equal)."""
    if not candidates:
        return [], True
    scores = text.similarities(signatures, values)
    ranked = sorted(zip(candidates, scores.tolist(), strict=True), key=lambda pair: (-pair[1], pair[0]))
    found = [pk for pk, score in ranked if score >= text.THRESHOLD]
    return found, ranked[0][1] < text.NOVELTY


def join(consultation_id: int, response_id: int, matched: list[int], groups: dict[int, int]) -> dict[int, list[int]]:
    """Put a response with the earlier ones it matched: into their group, or a new one led by the most
    similar. Groups it links are one campaign: the later merges into the earlier. ``groups`` (response
    id to group id) is brought up to date; returns the memberships to add, by group."""
    involved = {groups[pk] for pk in matched if pk in groups}
    if involved:
        target = min(involved)
    else:
        target = groups[matched[0]] = store.group_create(consultation_id, leader_id=matched[0])
    for other in involved - {target}:
        store.group_absorb(target, other)
        for pk, group in groups.items():
            if group == other:
                groups[pk] = target
    added = [pk for pk in [*matched, response_id] if pk not in groups]
    for pk in added:
        groups[pk] = target
    return {target: added}


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
    exact = store.exact_match(consultation_id, hash_)
    if exact is not None:
        matched, indexed = [exact], False
    else:
        matched, indexed = matches(values, *store.candidates(consultation_id, text.band_keys(values)))
    keys = text.band_keys(values) if indexed else []
    store.save_fingerprints(consultation_id, [(response_id, hash_, values, indexed)], [(response_id, keys)])
    if not matched:
        return None
    store.members_add(join(consultation_id, response_id, matched, store.groups_of(matched)))
    return store.code_of(response_id)


@dataclass
class Memory:
    """A consultation's grouping state in memory, for a full run."""

    index: object = field(default_factory=text.new_index)
    # The signatures of indexed responses, one row each (``rows`` gives a response's row).
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((1024, text.NUM_PERM), np.uint32))
    rows: dict[int, int] = field(default_factory=dict)
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
            if len(self.rows) == len(self.matrix):
                self.matrix = np.concatenate([self.matrix, np.zeros_like(self.matrix)])
            self.matrix[len(self.rows)] = values
            self.rows[response_id] = len(self.rows)
            self.index.insert(response_id, text.minhash_of(values), check_duplication=False)

    def place(self, values: np.ndarray, hash_: int) -> tuple[list[int], bool]:
        """The earlier responses this one matches, and whether it goes into the index."""
        if (match := self.exact.get(hash_)) is not None:
            return [match], False
        candidates = sorted(self.index.query(text.minhash_of(values)))
        if not candidates:
            return [], True
        candidates, signatures = text.shortlist(candidates, self.matrix[[self.rows[c] for c in candidates]], values)
        return matches(values, candidates, signatures)


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
    fingerprints, bands, joining = [], [], []
    for response_id, answers, _ in rows:
        found = reader.fingerprint(answers)
        if found is None:
            fingerprints.append((response_id, None, None, False))
            continue
        hash_, values = found
        matched, indexed = memory.place(values, hash_)
        fingerprints.append((response_id, hash_, values, indexed))
        if indexed:
            bands.append((response_id, text.band_keys(values)))
        memory.remember(response_id, hash_, values if indexed else None)
        if matched:
            for added in join(consultation_id, response_id, matched, memory.groups).values():
                joining.extend(added)
    store.save_fingerprints(consultation_id, fingerprints, bands)
    joins: dict[int, list[int]] = {}
    for pk in joining:  # in the group they are in now: a merge in the batch may have moved them
        joins.setdefault(memory.groups[pk], []).append(pk)
    store.members_add(joins)
