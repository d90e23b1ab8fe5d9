"""The export's campaign_group column, and the seed's labelled campaign letters."""

import csv
import io
from collections import Counter

import pytest
from django.core.management import call_command

from campaigns.grouping import group_consultation
from campaigns.models import Group, Membership, SeedLabel
from responses.exports.csv import Progress
from responses.exports.write import export_write_csv
from tests.campaigns.conftest import LETTER, respond
from tests.databases import EXPORT_METHODS
from tests.factories import ExportFactory


@pytest.mark.parametrize("method", EXPORT_METHODS)
def test_the_export_gives_each_response_its_campaign_group_code_or_nothing(demo_consultation, method):
    first, second = respond(demo_consultation, LETTER), respond(demo_consultation, LETTER.replace("Acle", "Holt"))
    alone = respond(demo_consultation, "Keep it open.")
    group_consultation(demo_consultation.pk)
    buffer = io.BytesIO()

    export_write_csv(
        export=ExportFactory(consultation=demo_consultation), file=buffer, progress=Progress(), method=method
    )

    rows = list(csv.DictReader(io.StringIO(buffer.getvalue().decode("utf-8-sig"), newline="")))
    codes = {row["reference"]: row["campaign_group"] for row in rows}
    code = Group.objects.get().code
    assert codes == {first.reference: code, second.reference: code, alone.reference: ""}


def test_seeded_campaign_letters_are_labelled_and_grouped_as_their_campaigns(demo_consultation):
    call_command("seed_responses", consultation=demo_consultation.slug, count=400, seed=3, verbosity=0)

    labels = dict(SeedLabel.objects.values_list("response_id", "campaign"))
    assert len(set(labels.values())) >= 3
    group_consultation(demo_consultation.pk)
    groups = dict(Membership.objects.values_list("response_id", "group_id"))
    # Nearly every letter is in its campaign's group (bench/campaigns.py measures how nearly),
    # and a group holds one campaign's letters only.
    for campaign in set(labels.values()):
        found = Counter(groups.get(pk) for pk, label in labels.items() if label == campaign)
        (group, count), *_ = found.most_common(1)
        assert group is not None and count >= 0.9 * found.total()
    assert set(groups) <= set(labels)
    assert all(len({labels[pk] for pk, g in groups.items() if g == group}) == 1 for group in set(groups.values()))
