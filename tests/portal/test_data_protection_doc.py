"""docs/data-protection.md is the DPIA's data map: every field the code treats as personal data is in it."""

from pathlib import Path

from django.conf import settings

from portal import erasure

DATA_MAP = (Path(settings.BASE_DIR) / "docs" / "data-protection.md").read_text()


def missing_from(data_map):
    return [field for field in erasure.personal_fields() if f"`{field}`" not in data_map]


def test_every_personal_data_field_is_in_the_data_map():
    assert missing_from(DATA_MAP) == []


def test_the_check_fails_for_a_field_left_out_of_the_data_map():
    assert missing_from(DATA_MAP.replace("`mentoring.Mentee.phone`", "")) == ["mentoring.Mentee.phone"]


def test_the_data_map_names_the_lawful_bases_it_uses():
    for basis in ("Art. 6(1)(e)", "Art. 9(2)(h)", "Art. 9(2)(b)", "Art. 9(2)(g)"):
        assert basis in DATA_MAP
