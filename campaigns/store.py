"""The grouping's reads and writes of its tables (worker side); COPY on PostgreSQL for the bulk ones."""

import io

import numpy as np
from django.db import connection
from django.db.models import Count, Q, QuerySet

from responses.models import Response

from . import text
from .models import BandKey, Fingerprint, Group, Membership

Row = tuple[int, int | None, np.ndarray | None, bool]  # response id, text hash, signature, indexed


def code_for(reference: str) -> str:
    """A group's code: stable, from its first response's reference (NCC-ABCD-EFGH gives CAMP-ABCD-EFGH)."""
    return "CAMP-" + reference.split("-", 1)[-1]


def is_grouped(response_id: int) -> bool:
    return Fingerprint.objects.filter(response_id=response_id).exists()


def code_of(response_id: int) -> str | None:
    return Membership.objects.filter(response_id=response_id).values_list("group__code", flat=True).first()


def exact_match(consultation_id: int, hash_: int) -> int | None:
    """The first response grouped with exactly this text (case, spacing and punctuation aside)."""
    rows = Fingerprint.objects.filter(consultation_id=consultation_id, text_hash=hash_, kept_apart=False)
    return rows.order_by("id").values_list("response_id", flat=True).first()


def candidates(consultation_id: int, keys: list[int]) -> tuple[list[int], np.ndarray | None]:
    """The indexed responses sharing a band with these keys (those sharing most first, at most
    MAX_CANDIDATES), in id order, with their signatures: one query."""
    rows = BandKey.objects.filter(consultation_id=consultation_id, key__in=keys).values("response_id")
    top = rows.annotate(shared=Count("id")).order_by("-shared", "response_id").values("response_id")
    found = Fingerprint.objects.filter(response_id__in=top[: text.MAX_CANDIDATES]).order_by("response_id")
    pairs = list(found.values_list("response_id", "signature"))
    if not pairs:
        return [], None
    return [pk for pk, _ in pairs], np.stack([np.frombuffer(signature, np.uint32) for _, signature in pairs])


def groups_of(response_ids: list[int]) -> dict[int, int]:
    return dict(Membership.objects.filter(response_id__in=response_ids).values_list("response_id", "group_id"))


def group_absorb(target_id: int, other_id: int) -> None:
    """The grouping found two groups are one campaign: the later one's responses join the earlier."""
    Membership.objects.filter(group_id=other_id).update(group_id=target_id)
    Group.objects.filter(pk=other_id).update(merged_into_id=target_id)


def group_create(consultation_id: int, *, leader_id: int) -> int:
    """A group started by ``leader_id`` (its code kept if a group of that leader existed before)."""
    reference, submitted_at = Response.objects.values_list("reference", "submitted_at").get(pk=leader_id)
    group, _ = Group.objects.get_or_create(
        code=code_for(reference), defaults={"consultation_id": consultation_id, "leader_id": leader_id}
    )
    while group.merged_into_id:  # a group merged away lives on in the one it joined
        group = Group.objects.get(pk=group.merged_into_id)
    Membership.objects.get_or_create(response_id=leader_id, defaults={"group": group, "submitted_at": submitted_at})
    return group.pk


def members_add(joins: dict[int, list[int]]) -> None:
    """Add responses to groups (group id to response ids), each with its response's submitted_at."""
    response_ids = [pk for members in joins.values() for pk in members]
    if not response_ids:
        return
    sent = dict(Response.objects.filter(pk__in=response_ids).values_list("pk", "submitted_at"))
    Membership.objects.bulk_create(
        [
            Membership(group_id=group_id, response_id=pk, submitted_at=sent[pk])
            for group_id, members in joins.items()
            for pk in members
        ],
        batch_size=2000,
    )


def fingerprints(consultation_id: int):
    """(response id, text hash, signature, indexed) of each grouped response that can be matched, in order."""
    rows = Fingerprint.objects.filter(consultation_id=consultation_id, kept_apart=False, text_hash__isnull=False)
    return rows.order_by("id").values_list("response_id", "text_hash", "signature", "indexed").iterator(10_000)


def memberships(consultation_id: int) -> dict[int, int]:
    rows = Membership.objects.filter(group__consultation_id=consultation_id)
    return dict(rows.values_list("response_id", "group_id").iterator(10_000))


def pending_page(pending: QuerySet, after: tuple | None, size: int) -> list:
    """The next ``size`` responses not grouped yet, by (submitted_at, id), after a position."""
    if after is not None:
        pending = pending.filter(Q(submitted_at__gt=after[0]) | Q(submitted_at=after[0], id__gt=after[1]))
    return list(pending.order_by("submitted_at", "id").values_list("id", "answers", "submitted_at")[:size])


def still_pending(response_ids: list[int]) -> set[int]:
    done = set(Fingerprint.objects.filter(response_id__in=response_ids).values_list("response_id", flat=True))
    return set(response_ids) - done


def save_fingerprints(consultation_id: int, rows: list[Row], bands: list[tuple[int, list[int]]]) -> None:
    if connection.vendor == "postgresql" and len(rows) > 100:
        _copy_fingerprints(consultation_id, rows, bands)
        return
    Fingerprint.objects.bulk_create(
        [
            Fingerprint(
                response_id=pk,
                consultation_id=consultation_id,
                text_hash=hash_,
                signature=values.tobytes() if values is not None else None,
                indexed=indexed,
            )
            for pk, hash_, values, indexed in rows
        ],
        batch_size=2000,
    )
    BandKey.objects.bulk_create(
        [BandKey(consultation_id=consultation_id, key=key, response_id=pk) for pk, keys in bands for key in keys],
        batch_size=5000,
    )


def _copy_fingerprints(consultation_id: int, rows: list[Row], bands) -> None:
    # Fingerprints are written in the order given, so their ids follow the grouping's order.
    prints, keys = io.StringIO(), io.StringIO()
    for pk, hash_, values, indexed in rows:
        signature = "\\\\x" + values.tobytes().hex() if values is not None else "\\N"
        hash_text = "\\N" if hash_ is None else str(hash_)
        prints.write(f"{pk}\t{consultation_id}\t{hash_text}\t{signature}\t{'t' if indexed else 'f'}\tf\n")
    for pk, band in bands:
        keys.writelines(f"{consultation_id}\t{key}\t{pk}\n" for key in band)
    prints.seek(0)
    keys.seek(0)
    with connection.cursor() as cursor:
        # A full run can be run again, so a crash losing its last batch costs nothing: no wait for the disk.
        cursor.execute("SET LOCAL synchronous_commit = off")
        raw = cursor.cursor
        columns = "response_id, consultation_id, text_hash, signature, indexed, kept_apart"
        raw.copy_expert(f"COPY {Fingerprint._meta.db_table} ({columns}) FROM STDIN", prints)
        raw.copy_expert(f"COPY {BandKey._meta.db_table} (consultation_id, key, response_id) FROM STDIN", keys)
