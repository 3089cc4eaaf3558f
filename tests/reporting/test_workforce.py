"""National GP demographics: a dated file naming its publication, refreshed from a file someone downloaded."""

import datetime
import shutil

import pytest
from django.core.management import CommandError, call_command

from reporting import periods, workforce
from reporting.quarterly import quarterly_report
from reporting.tables import display_rows, publish
from tests.factories.mentoring import MenteeFactory

PUBLICATION = "NHS Digital, General Practice Workforce, 30 September 2020: fully qualified GPs (headcount)"
GOOD = f"""publication,as_at,measure,code,percent
"{PUBLICATION}",2020-09-30,gender,female,55.0
"{PUBLICATION}",2020-09-30,gender,male,45.0
"""


@pytest.fixture
def workforce_file(settings, tmp_path):
    path = tmp_path / "gp_workforce.csv"
    shutil.copy(workforce.SHIPPED, path)
    settings.GP_WORKFORCE_CSV = path
    return path


def test_the_shipped_file_names_its_publication_and_holds_no_unchecked_figures():
    figures = workforce.parse(workforce.SHIPPED.read_text())

    assert "General Practice Workforce, 30 September 2020" in figures.publication
    assert str(figures.as_at) == "2020-09-30"
    assert figures.percents == {}
    assert "no figures loaded yet" in figures.citation


def test_loading_a_checked_file_puts_its_figures_beside_gp_mentees(workforce_file, tmp_path, scheme):
    downloaded = tmp_path / "from-the-bulletin.csv"
    downloaded.write_text(GOOD)
    MenteeFactory(scheme=scheme, role="salaried_gp", gender="female")

    call_command("gp_workforce_load", str(downloaded))

    assert workforce.load().percent("gender", "female") == pytest.approx(0.55)
    today = datetime.date.today()
    report = quarterly_report([scheme], periods.quarter(periods.periods.quarter_label(today)))
    gender = publish(report.table("gp_mentee_gender"), suppress=True)
    rows = {row[0]: row for row in display_rows(gender)}
    assert rows["Female"][-1] == "55.0%"
    assert rows["Not given"][-1] == ""
    age = publish(report.table("gp_mentee_age"), suppress=True)
    assert {row[0]: row for row in display_rows(age)}["Under 30"][-1] == "not loaded"
    assert PUBLICATION in gender.definition and PUBLICATION in age.definition


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a,b\n", "column names"),
        (GOOD.replace("female,55.0", "woman,55.0"), "Line 2: 'gender' 'woman' is not"),
        (GOOD.replace("2020-09-30,gender,male", "30/09/2020,gender,male"), "Line 3: as_at must be a date"),
        (GOOD.replace("male,45.0", "male,40.0"), "add up to 95.0, not 100"),
        ("publication,as_at,measure,code,percent\n", "no figures"),
    ],
)
def test_a_wrong_file_is_refused_with_its_line_and_changes_nothing(workforce_file, tmp_path, text, message):
    before = workforce_file.read_text()
    downloaded = tmp_path / "wrong.csv"
    downloaded.write_text(text)

    with pytest.raises(CommandError, match=message):
        call_command("gp_workforce_load", str(downloaded))

    assert workforce_file.read_text() == before
