"""`quarterly_report`: one scheme or all, PDF or XLSX by extension, and the staff version marked."""

import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from tests.factories.mentoring import MenteeFactory
from tests.reporting.pdf_text import pages_text

QUARTER = "2026/27-Q3"


@pytest.fixture
def two_schemes(scheme, other_scheme):
    for _ in range(9):
        MenteeFactory(scheme=scheme, role="gp_partner")
    for _ in range(3):
        MenteeFactory(scheme=other_scheme, role="practice_nurse")
    return scheme, other_scheme


def test_all_schemes_xlsx_has_a_named_sheet_per_table_with_labels(two_schemes, tmp_path):
    output = tmp_path / "all.xlsx"
    call_command("quarterly_report", "--all-schemes", QUARTER, "--output", str(output))

    sheets = pd.read_excel(output, sheet_name=None)
    assert {"About", "Registrations by role", "Reasons", "Definitions"} <= set(sheets)
    roles = sheets["Registrations by role"].set_index("Role")
    # The 3 nurses are hidden, and the 9 partners with them: 12 less 9 would give the 3 away.
    assert roles.loc["Practice nurse", "Count"] == "*"
    assert roles.loc["GP partner", "Count"] == "*"
    assert roles.loc["Salaried GP", "Count"] == 0
    assert roles.loc["Total", "Count"] == 10  # 12 rounded to the nearest 5


def test_the_unsuppressed_pdf_says_not_for_publication_on_every_page(two_schemes, tmp_path):
    scheme, _ = two_schemes
    output = tmp_path / "staff.pdf"
    call_command("quarterly_report", scheme.slug, QUARTER, "--output", str(output), "--unsuppressed")

    pages = pages_text(output.read_bytes())
    assert all("NOT FOR PUBLICATION" in page for page in pages)
    assert any("Contents" in page for page in pages) and any("Definitions" in page for page in pages)


@pytest.mark.parametrize(
    "arguments",
    [
        [QUARTER, "--output", "x.pdf"],
        ["nowhere", QUARTER, "--output", "x.pdf"],
        ["--all-schemes", QUARTER, "--output", "x.docx"],
        ["--all-schemes", "2026-Q3", "--output", "x.pdf"],
    ],
)
def test_the_command_refuses_what_it_cannot_do(two_schemes, arguments, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError):
        call_command("quarterly_report", *arguments)
    assert not any(tmp_path.iterdir())


def test_a_career_conversation_schemes_report_has_conversations_and_their_themes(db, tmp_path):
    import datetime

    from tests.factories.mentoring import MentorFactory
    from tests.factories.reporting import past_conversation
    from tests.factories.schemes import SchemeFactory

    scheme = SchemeFactory(slug="conversations", kind="career_conversations")
    facilitator = MentorFactory(scheme=scheme)
    for day in range(10):
        needs = ["cpd", "portfolio"] if day < 8 else ["coaching"]
        past_conversation(facilitator=facilitator, completed_on=datetime.date(2025, 8, 1 + day), career_needs=needs)
    output = tmp_path / "conversations.xlsx"

    call_command("quarterly_report", "conversations", "2025/26-Q2", "--output", str(output))

    sheets = pd.read_excel(output, sheet_name=None)
    assert "Registrations by role" not in sheets
    held = sheets["Conversations held"].set_index("Period")
    assert held.loc["In the quarter", "Conversations"] == 10
    needs = sheets["Career needs"].set_index("Career need")
    assert needs.loc["Continuing Professional Development", "Conversations"] == 8
    assert needs.loc["Continuing Professional Development", "Conversations (%)"] == pytest.approx(0.8)
    assert needs.loc["Undergoing coaching/mentoring/career motivation", "Conversations"] == "*"


@pytest.mark.parametrize(("quarters", "shown"), [((10, 3), ("*", 15)), ((11, 1), ("*", "*")), ((12, 9), (9, 20))])
def test_conversations_held_to_date_cannot_give_a_hidden_quarter_away(db, quarters, shown):
    """11 in Q1 and 1 in Q2: a year to date of "10" (12 rounded) beside Q1's 11 would leave Q2 only 1."""
    import datetime

    from reporting import periods
    from reporting.quarterly import published, quarterly_report
    from tests.factories.mentoring import MentorFactory
    from tests.factories.reporting import past_conversation
    from tests.factories.schemes import SchemeFactory

    scheme = SchemeFactory(kind="career_conversations")
    facilitator = MentorFactory(scheme=scheme)
    for number, count in enumerate(quarters):
        for day in range(count):
            completed_on = periods.quarter(f"2025/26-Q{number + 1}").starts_on + datetime.timedelta(days=day)
            past_conversation(facilitator=facilitator, completed_on=completed_on, career_needs=["cpd"])
    report = quarterly_report([scheme], periods.quarter("2025/26-Q2"))

    def held(suppress):
        table = published(report, suppress=suppress).table("conversations_held")
        return tuple(table.frame.set_index("Period")["Conversations"])

    assert held(suppress=True) == shown
    assert held(suppress=False) == (quarters[1], sum(quarters))
