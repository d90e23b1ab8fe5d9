"""The logs officers answer for: moderation decisions and export downloads, filterable, as pages or CSV.

Every view needs ``responses.view_logs`` (senior moderators and service administrators).
Pages are numbered (newest first); "Download as CSV" gives every row the filters keep.
"""

import csv
from collections.abc import Iterable, Iterator

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from consultation.models import Consultation
from responses.exports.csv import BOM, neutralise
from responses.models import Decision, ExportDownload

from .changes import ChangeLogFilterSet, change_row, changes_kept
from .filters import DecisionLogFilterSet, DownloadLogFilterSet

PAGE_SIZE = 50


class LogsPermissionMixin(PermissionRequiredMixin):
    permission_required = "responses.view_logs"


class LogsHomeView(LogsPermissionMixin, TemplateView):
    template_name = "responses/logs/home.html"


class _Echo:
    def write(self, value):
        return value


def csv_lines(header: list[str], rows: Iterable[list[str]]) -> Iterator[bytes]:
    """The CSV as the exports write it: UTF-8 with a byte-order mark, CRLF, formula cells neutralised."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield BOM + writer.writerow(header).encode()
    for row in rows:
        yield writer.writerow([neutralise(str(cell)) for cell in row]).encode()


def _when(value) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


class LogView(LogsPermissionMixin, View):
    filterset_class = None
    template_name = ""
    title = ""
    csv_name = ""
    header: list[str] = []

    def queryset(self):
        raise NotImplementedError

    def row(self, item) -> list[str]:
        raise NotImplementedError

    def items(self, filters):
        """What the filters keep, newest first."""
        return filters.qs

    def each(self, items):
        return items.iterator(chunk_size=2000)

    def get(self, request):
        filters = self.filterset_class(request.GET or None, self.queryset())
        # Bad filters show their messages and no rows, rather than guessing what was meant.
        valid = filters.is_valid() if filters.is_bound else True
        items = self.items(filters) if valid else self.queryset().none()
        if request.GET.get("format") == "csv" and valid:
            stream = csv_lines(self.header, (self.row(item) for item in self.each(items)))
            response = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
            name = f"{self.csv_name}-{timezone.localtime():%Y-%m-%d-%H%M}.csv"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        query.pop("format", None)
        context = {"form": filters.form, "page": page, "rows": [self.row(item) for item in page.object_list]}
        context |= {"header": self.header, "title": self.title, "query": query.urlencode(), "valid": valid}
        return render(request, self.template_name, context, status=200 if valid else 400)


class DecisionLogView(LogView):
    filterset_class = DecisionLogFilterSet
    template_name = "responses/logs/log.html"
    title = "Moderation decision log"
    csv_name = "decision-log"
    header = ["when", "officer", "consultation", "response", "from", "to", "reason", "note"]

    def queryset(self):
        return Decision.objects.select_related("actor", "response__consultation").order_by("-created_at", "-id")

    def row(self, item) -> list[str]:
        response = item.response
        return [
            _when(item.created_at),
            item.actor.get_username(),
            response.consultation.slug,
            response.reference,
            item.from_state,
            item.to_state,
            item.reason,
            item.note,
        ]


class DownloadLogView(LogView):
    filterset_class = DownloadLogFilterSet
    template_name = "responses/logs/log.html"
    title = "Export download log"
    csv_name = "download-log"
    header = ["when", "officer", "consultation", "export", "personal_data", "requested_by", "rows"]

    def queryset(self):
        related = ("user", "export__consultation", "export__requested_by")
        return ExportDownload.objects.select_related(*related).order_by("-downloaded_at", "-id")

    def row(self, item) -> list[str]:
        export = item.export
        return [
            _when(item.downloaded_at),
            item.user.get_username(),
            export.consultation.slug,
            str(export.pk),
            "yes" if export.include_personal_data else "no",
            export.requested_by.get_username(),
            str(export.rows_written),
        ]


class ChangeLogView(LogView):
    filterset_class = ChangeLogFilterSet
    template_name = "responses/logs/log.html"
    title = "Consultation change history"
    csv_name = "consultation-changes"
    header = ["when", "officer", "consultation", "what", "change", "fields changed"]

    def queryset(self):
        return ChangeLogFilterSet.Meta.model.objects.all()

    def items(self, filters):
        self.slugs = dict(Consultation.objects.values_list("pk", "slug"))
        return changes_kept(filters.form.cleaned_data if filters.is_bound else {})

    def each(self, items):
        return iter(items)

    def row(self, item) -> list[str]:
        if not hasattr(self, "slugs"):
            self.slugs = dict(Consultation.objects.values_list("pk", "slug"))
        return change_row(item, self.slugs)
