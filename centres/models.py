"""The children's centres and what each stage of the proposal said about them."""

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
