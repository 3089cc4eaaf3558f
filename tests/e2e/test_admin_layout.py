"""The scheme administration at a laptop's width: nothing sits on top of anything else."""

import pytest
from playwright.sync_api import expect

from mentoring.models import Mentee
from tests.e2e.test_mentee_journey import log_in_with_code
from tests.factories.mentoring import MenteeFactory

pytestmark = pytest.mark.e2e


def _overlap(first, second):
    return not (
        first["x"] + first["width"] <= second["x"]
        or second["x"] + second["width"] <= first["x"]
        or first["y"] + first["height"] <= second["y"]
        or second["y"] + second["height"] <= first["y"]
    )


def test_the_mentee_lists_buttons_do_not_cover_the_waiting_table_at_1280_pixels(page, staff, scheme):
    MenteeFactory(scheme=scheme, status=Mentee.Status.WAITING)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in_with_code(page, staff)

    page.goto("/admin/mentoring/mentee/")

    table = page.get_by_role("table").filter(has_text="Places short")
    expect(table).to_be_visible()
    tools = page.locator(".object-tools")
    assert not _overlap(tools.bounding_box(), table.bounding_box())
