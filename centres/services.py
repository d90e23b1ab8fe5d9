from dataclasses import dataclass

from django.db import transaction

from responses.linked_centres import linked_centres_refresh, responses_linked_to

from .importer import CentreRow
from .models import Centre, CentreStatus, Stage

CENTRE_FIELDS = ("name", "town", "district", "address", "postcode", "latitude", "longitude", "note", "sources")


@dataclass
class ImportSummary:
    created: int
    changed: int
    unchanged: int


def _centre_save(*, centre: Centre, row: CentreRow) -> bool:
    """Copy the row's facts onto the centre; save and return True only if something differs."""
    differs = [name for name in CENTRE_FIELDS if getattr(centre, name) != getattr(row, name)]
    for name in differs:
        setattr(centre, name, getattr(row, name))
    if differs and centre.pk:
        centre.save(update_fields=differs)
    return bool(differs)


def _statuses_save(*, centre: Centre, row: CentreRow, stages: dict[str, Stage]) -> bool:
    """Make the centre's recorded statuses match the row's; return True if any changed."""
    recorded = {status.stage_id: status for status in centre.statuses.all()}
    changed = False
    for slug, stage in stages.items():
        wanted, current = row.statuses.get(slug), recorded.get(stage.pk)
        if current and not wanted:
            current.delete()
        elif wanted and not current:
            CentreStatus.objects.create(centre=centre, stage=stage, status=wanted)
        elif current and current.status != wanted:
            current.status = wanted
            current.save(update_fields=["status"])
        else:
            continue
        changed = True
    return changed


@transaction.atomic
def centres_import(*, rows: list[CentreRow]) -> ImportSummary:
    """Create or update each centre (matched by slug) and its status at each stage.

    Only what differs is written, so running it twice with the same rows changes
    nothing. A status left empty in the file removes any status recorded for that
    stage: it is not known. Centres missing from the rows are kept, because
    responses may refer to them.
    """
    stages = {stage.slug: stage for stage in Stage.objects.all()}
    existing = Centre.objects.prefetch_related("statuses").in_bulk([row.slug for row in rows], field_name="slug")
    created = changed = 0
    # Centres whose name or district changes: the responses that chose them store both.
    renamed = [
        c.pk for row in rows if (c := existing.get(row.slug)) and (c.name, c.district) != (row.name, row.district)
    ]
    for row in rows:
        centre = existing.get(row.slug)
        if centre is None:
            centre = Centre(slug=row.slug)
            _centre_save(centre=centre, row=row)
            centre.save()
            created += 1
            _statuses_save(centre=centre, row=row, stages=stages)
        elif _centre_save(centre=centre, row=row) | _statuses_save(centre=centre, row=row, stages=stages):
            changed += 1
    if renamed:
        linked_centres_refresh(response_ids=responses_linked_to(renamed))
    return ImportSummary(created=created, changed=changed, unchanged=len(rows) - created - changed)
