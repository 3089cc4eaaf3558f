"""Bulk imports from a hub's spreadsheet (CSV or XLSX), all or nothing: mentors and mentees.

reading.py reads the file and checks cells; mentors.py and mentees.py hold each import's columns
and rules. docs/imports.md documents the columns; docs/adr/0004-mentor-imports.md the approach.
"""

from mentoring.imports.mentees import mentees_import
from mentoring.imports.mentors import mentors_import
from mentoring.imports.reading import ImportProblem, ImportResult

__all__ = ["ImportProblem", "ImportResult", "mentees_import", "mentors_import"]
