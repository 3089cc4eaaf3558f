from mentoring.admin import mentees, mentors  # noqa: F401 - registers the admin classes
