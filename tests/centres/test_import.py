import csv
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from centres.models import Centre, CentreStatus, Stage, Status

BUNDLED = Path(__file__).resolve().parents[2] / "centres" / "data" / "norfolk_childrens_centres_2018.csv"
HEADER = (
    "name,town,district,address,postcode,latitude,longitude,status_sept_2018,status_jan_2019,status_final,note,source"
)
GOOD_ROW = "Example Children's Centre,Diss,South Norfolk,,,52.4,1.1,close,close,close,,https://example.org/a"


def write_csv(tmp_path, *lines, encoding="utf-8") -> str:
    path = tmp_path / "centres.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return str(path)


def snapshot():
    return (
        list(Centre.objects.order_by("pk").values()),
        list(CentreStatus.objects.order_by("pk").values()),
    )


def test_bundled_register_loads_every_row_of_the_file(centres):
    with BUNDLED.open(encoding="utf-8") as file:
        names = {row["name"] for row in csv.DictReader(file)}

    assert len(names) == 47
    assert set(centres.values_list("name", flat=True)) == names


def test_september_2018_proposal_keeps_seven_centres_as_bases(centres):
    september = Stage.objects.get(slug="sept-2018")

    bases = CentreStatus.objects.filter(stage=september, status=Status.BASE)

    assert bases.count() == 7 == september.announced_kept
    assert not CentreStatus.objects.filter(stage=september, status=Status.HUB).exists()


@pytest.mark.parametrize(
    ("stage_slug", "column"),
    [("sept-2018", "status_sept_2018"), ("jan-2019", "status_jan_2019"), ("final", "status_final")],
)
def test_each_stage_holds_the_statuses_the_file_gives_it(centres, stage_slug, column):
    with BUNDLED.open(encoding="utf-8") as file:
        expected = {row["name"]: row[column] for row in csv.DictReader(file) if row[column]}

    loaded = CentreStatus.objects.filter(stage__slug=stage_slug).values_list("centre__name", "status")

    assert dict(loaded) == expected


def test_a_centre_with_no_status_in_the_file_has_none_recorded(centres):
    north_walsham = Centre.objects.get(name="North Walsham Children's Centre")

    assert not north_walsham.statuses.exists()
    assert "not confirmed" in north_walsham.note


def test_importing_twice_changes_nothing(centres, capsys):
    before = snapshot()

    call_command("import_centres")

    assert snapshot() == before
    assert "0 new, 0 changed, 47 unchanged" in capsys.readouterr().out


def test_a_file_with_bad_rows_is_rejected_with_their_line_numbers_and_loads_nothing(db, tmp_path):
    path = write_csv(
        tmp_path,
        HEADER,
        GOOD_ROW,
        "Bad District Centre,Ipswich,Suffolk,,,,,close,,,,",
        "Bad Status Centre,Diss,South Norfolk,,,,,closing,,,,",
        "Bad Place Centre,Diss,South Norfolk,,,95,1.1,close,,,,",
        "Bad Number Centre,Diss,South Norfolk,,,52.4,east,close,,,,",
    )

    with pytest.raises(CommandError) as error:
        call_command("import_centres", path)

    message = str(error.value)
    assert "nothing was loaded" in message
    assert "Line 3: district 'Suffolk' is not one of Norfolk's seven districts" in message
    assert "Line 4: status_sept_2018 'closing' must be one of" in message
    assert "Line 5: latitude 95 is outside -90 to 90" in message
    assert "Line 6: longitude 'east' is not a number" in message
    assert "Line 2" not in message
    assert not Centre.objects.exists()


def test_a_rejected_file_leaves_the_loaded_register_as_it_was(centres, tmp_path):
    before = snapshot()
    changed = "City and Eaton Children's Centre,Norwich,Norwich,,,,,close,close,close,,"
    path = write_csv(tmp_path, HEADER, changed, "Nameless,,Norwich,,,,,,,,,", ",Diss,South Norfolk,,,,,,,,,")

    with pytest.raises(CommandError, match="Line 4: the centre has no name"):
        call_command("import_centres", path)

    assert snapshot() == before


def test_a_centre_named_twice_is_rejected(db, tmp_path):
    path = write_csv(tmp_path, HEADER, GOOD_ROW, GOOD_ROW)

    with pytest.raises(CommandError, match="Line 3: 'Example Children's Centre' repeats the centre on line 2"):
        call_command("import_centres", path)

    assert not Centre.objects.exists()


def test_a_file_that_is_not_utf8_gets_a_clear_error(db, tmp_path):
    path = write_csv(tmp_path, HEADER, GOOD_ROW.replace("Diss", "Dïss"), encoding="cp1252")

    with pytest.raises(CommandError, match="The file is not UTF-8 text .* Nothing was loaded."):
        call_command("import_centres", path)

    assert not Centre.objects.exists()


def test_a_file_without_a_required_column_gets_a_clear_error(db, tmp_path):
    path = write_csv(tmp_path, HEADER.replace(",status_final", ""), GOOD_ROW.replace(",close,,", ",,"))

    with pytest.raises(CommandError, match="The file has no status_final column. Nothing was loaded."):
        call_command("import_centres", path)


def test_a_missing_file_gets_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read .*nowhere.csv"):
        call_command("import_centres", str(tmp_path / "nowhere.csv"))


def test_the_councils_corrected_list_updates_statuses_and_empties_unknown_ones(centres, tmp_path, capsys):
    # The council's list says City and Eaton closes at the final stage and gives no January status.
    path = write_csv(tmp_path, HEADER, "City and Eaton Children's Centre,Norwich,Norwich,,NR1 1AA,,,base,,close,,")

    call_command("import_centres", path)

    assert "0 new, 1 changed, 0 unchanged" in capsys.readouterr().out
    centre = Centre.objects.get(name="City and Eaton Children's Centre")
    assert dict(centre.statuses.values_list("stage__slug", "status")) == {"sept-2018": "base", "final": "close"}
    assert centre.postcode == "NR1 1AA"
    assert Centre.objects.count() == centres.count()
