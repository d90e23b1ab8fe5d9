"""The children's centres and what each stage of the proposal said about them."""

from dataclasses import dataclass

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class District(models.TextChoices):
    BRECKLAND = "Breckland", "Breckland"
    BROADLAND = "Broadland", "Broadland"
    GREAT_YARMOUTH = "Great Yarmouth", "Great Yarmouth"
    KINGS_LYNN = "King's Lynn and West Norfolk", "King's Lynn and West Norfolk"
    NORTH_NORFOLK = "North Norfolk", "North Norfolk"
    NORWICH = "Norwich", "Norwich"
    SOUTH_NORFOLK = "South Norfolk", "South Norfolk"


class CentreQuerySet(models.QuerySet):
    def in_district(self, district: str):
        return self.filter(district=district)

    def search(self, text: str):
        return self.filter(models.Q(name__icontains=text) | models.Q(town__icontains=text))

    def with_status_at(self, stage):
        """Annotate each centre with its status at the given stage ('' when not known)."""
        status = CentreStatus.objects.filter(centre=models.OuterRef("pk"), stage=stage).values("status")[:1]
        return self.annotate(stage_status=models.functions.Coalesce(models.Subquery(status), models.Value("")))

    def with_stage_status(self, status: str):
        """Keep the centres whose status (from ``with_status_at``) is ``status``; '' means not known."""
        return self.filter(stage_status=status)

    def status_counts_at(self, stage) -> dict[str, int]:
        """How many centres have each status at the stage, in one query ('' counts the not known)."""
        rows = self.with_status_at(stage).order_by().values("stage_status").annotate(count=models.Count("pk"))
        return {row["stage_status"]: row["count"] for row in rows}


class Centre(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    town = models.CharField(max_length=200, blank=True)
    district = models.CharField(max_length=40, choices=District.choices)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    note = models.TextField(blank=True, help_text=_("Caveats about what the public record says."))
    sources = models.TextField(blank=True, help_text=_("One source a line."))

    objects = CentreQuerySet.as_manager()

    class Meta:
        ordering = ["district", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True) | models.Q(latitude__gte=-90, latitude__lte=90),
                name="centre_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True) | models.Q(longitude__gte=-180, longitude__lte=180),
                name="centre_longitude_in_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("centres:detail", kwargs={"slug": self.slug})

    @property
    def source_list(self) -> list[str]:
        return [line.strip() for line in self.sources.splitlines() if line.strip()]

    @property
    def source_links(self) -> list[tuple[str, str]]:
        """Each source as (web address, remark): a line is an address, then an optional remark.

        Only http and https addresses become links; any other line is all remark, so
        a typing slip in the file can never make a javascript: link.
        """
        links = []
        for line in self.source_list:
            address, _space, remark = line.partition(" ")
            if address.startswith(("https://", "http://")):
                links.append((address, remark.strip()))
            else:
                links.append(("", line))
        return links

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Stage(models.Model):
    """A stage of the proposal, such as the September 2018 proposal.

    The headline figures are what the council announced at that stage. They are
    facts of the proposal and may differ from what the register holds.
    """

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(unique=True)
    date = models.DateField(null=True, blank=True)
    announced_total = models.PositiveSmallIntegerField(null=True, blank=True)
    announced_kept = models.PositiveSmallIntegerField(null=True, blank=True)
    announced_closed = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.name


class Status(models.TextChoices):
    BASE = "base", _("Kept as a base")
    HUB = "hub", _("Kept as a hub")
    CLOSE = "close", _("To close")


class CentreStatus(models.Model):
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="statuses")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="statuses")
    status = models.CharField(max_length=10, choices=Status.choices)

    class Meta:
        ordering = ["stage__order"]
        verbose_name_plural = "centre statuses"
        constraints = [
            models.UniqueConstraint(fields=["centre", "stage"], name="one_status_per_centre_and_stage"),
            models.CheckConstraint(condition=models.Q(status__in=Status.values), name="centre_status_known"),
        ]

    def __str__(self):
        return f"{self.centre} at {self.stage}: {self.get_status_display()}"


@dataclass(frozen=True)
class StageFigures:
    """What the register says about one stage, beside what the council announced for it.

    The register's figures are counted from the data; the announced ones are facts of
    the proposal. They differ when the public record names fewer centres than the council.
    """

    stage: Stage
    base: int
    hub: int
    close: int
    not_known: int

    @classmethod
    def from_counts(cls, *, stage: Stage, counts: dict[str, int]) -> "StageFigures":
        return cls(
            stage=stage,
            base=counts.get(Status.BASE, 0),
            hub=counts.get(Status.HUB, 0),
            close=counts.get(Status.CLOSE, 0),
            not_known=counts.get("", 0),
        )

    @property
    def total(self) -> int:
        return self.base + self.hub + self.close + self.not_known

    @property
    def kept(self) -> int:
        return self.base + self.hub

    @property
    def missing(self) -> int:
        """How many centres the announcement names that the register does not hold (0 when none)."""
        if self.stage.announced_total is None:
            return 0
        return max(self.stage.announced_total - self.total, 0)
