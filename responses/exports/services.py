"""Exports, the analyst's side: ask for one, try again, see which are yours, record downloads.

A request creates the Export row and sends the job to a worker once the transaction
commits; if the broker is down the row stays queued and beat sends it again.
"""

import io
import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction

from consultation.models import Consultation
from responses.models import Export, ExportDownload, ExportFormat

from .codebook import write_codebook_csv
from .csv import ExportFilters
from .tasks import export_enqueue
from .write import export_layout

logger = logging.getLogger(__name__)


def user_can_view_export(user, export: Export) -> bool:
    if export.include_personal_data and not user.has_perm("responses.export_personal_data"):
        return False
    return export.requested_by_id == user.pk or user.has_perm("responses.view_all_exports")


def exports_visible_to(user):
    exports = Export.objects.select_related("consultation", "requested_by")
    if user.has_perm("responses.view_all_exports"):
        return exports
    return exports.filter(requested_by=user)


@transaction.atomic
def export_request(
    *,
    user,
    consultation: Consultation,
    filters: ExportFilters,
    include_personal_data: bool,
    format: str = ExportFormat.CSV,
) -> Export:
    """Create a queued export job and send it to a worker once the transaction commits."""
    if not user.has_perm("responses.request_export"):
        raise PermissionDenied
    if include_personal_data and not user.has_perm("responses.export_personal_data"):
        raise PermissionDenied
    export = Export.objects.create(
        consultation=consultation,
        requested_by=user,
        filters=filters.to_json(),
        include_personal_data=include_personal_data,
        format=format,
    )
    transaction.on_commit(lambda: export_enqueue(export_id=export.pk))
    return export


def export_retry(*, user, export: Export) -> Export:
    """A new job with the same choices as a failed one (the failed one keeps its reason)."""
    return export_request(
        user=user,
        consultation=export.consultation,
        filters=ExportFilters.from_json(export.filters),
        include_personal_data=export.include_personal_data,
        format=export.format,
    )


@transaction.atomic
def export_download_record(*, export: Export, user) -> ExportDownload:
    """Record who downloaded an export file, and when."""
    return ExportDownload.objects.create(export=export, user=user)


def export_codebook_csv(*, export: Export) -> bytes:
    """The codebook of the export's columns, as its own CSV file (the XLSX's second sheet)."""
    buffer = io.BytesIO()
    write_codebook_csv(buffer, export_layout(export))
    return buffer.getvalue()
