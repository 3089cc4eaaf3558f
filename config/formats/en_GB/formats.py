"""Dates as the NHS.UK style guide writes them, "2 December 2026", wherever Django formats one."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j F Y"
SHORT_DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
# What people may type is Django's en_GB list, unchanged (Django reads on to its own module).
