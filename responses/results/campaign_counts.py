"""How many of the counted responses are in campaign groups, and which groups are largest.

One grouped query over the memberships of the counted responses (a row per group, never one
per response). A group's size here is how many of the *counted* responses it holds, so it
follows the filters; the group's own page lists all its members.
"""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from campaigns.models import Membership

from .tables import Table, percent

LARGEST = 10


@dataclass
class CampaignCounts:
    total: int  # responses counted
    in_groups: int  # of them in a campaign group
    groups: int  # how many groups they are in
    table: Table = field(default_factory=lambda: Table(key="campaign-groups", title="", header=[]))

    @property
    def outside(self) -> int:
        return self.total - self.in_groups

    @property
    def share(self) -> str:
        return percent(self.in_groups, self.total)

    @property
    def largest(self) -> list[tuple[str, int]]:
        """(code, responses counted) of the largest groups, largest first."""
        return [(row[0], row[1]) for row in self.table.rows[:LARGEST]]


def campaign_counts(responses: QuerySet, total: int) -> CampaignCounts:
    """The campaign groups of ``responses`` (``total`` of them), largest first."""
    members = Membership.objects.filter(response__in=responses.order_by().values("pk"))
    rows = members.values("group__code").annotate(n=Count("pk")).order_by("-n", "group__code")
    table = Table(
        key="campaign-groups",
        title="Campaign groups, largest first",
        header=["Group", "Responses counted", "Percentage of responses counted"],
        note="A group counts only the responses these filters keep.",
    )
    for row in rows:
        table.rows.append([row["group__code"], row["n"], percent(row["n"], total)])
    in_groups = sum(row[1] for row in table.rows)
    return CampaignCounts(total=total, in_groups=in_groups, groups=len(table.rows), table=table)
