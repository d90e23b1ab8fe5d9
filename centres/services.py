from dataclasses import dataclass

from django.db import transaction

from .importer import CentreRow
from .models import Centre, CentreStatus, Stage


@dataclass
class ImportSummary:
    created: int
    updated: int


@transaction.atomic
def centres_import(*, rows: list[CentreRow]) -> ImportSummary:
    """Create or update each centre and its status at each stage, by name.

    Running it twice with the same rows changes nothing. A status left empty in
    the file removes any status recorded for that stage: it is not known.
    """
    stages = {stage.slug: stage for stage in Stage.objects.all()}
    created = updated = 0
    for row in rows:
        centre, was_created = Centre.objects.update_or_create(
            slug=row.slug,
            defaults={
                "name": row.name,
                "town": row.town,
                "district": row.district,
                "address": row.address,
                "postcode": row.postcode,
                "latitude": row.latitude,
                "longitude": row.longitude,
                "note": row.note,
                "sources": row.sources,
            },
        )
        created += was_created
        updated += not was_created
        for slug, stage in stages.items():
            status = row.statuses.get(slug)
            if status:
                CentreStatus.objects.update_or_create(centre=centre, stage=stage, defaults={"status": status})
            else:
                CentreStatus.objects.filter(centre=centre, stage=stage).delete()
    return ImportSummary(created=created, updated=updated)
