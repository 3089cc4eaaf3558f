from mentoring.admin import mentees, mentors, mentorships  # noqa: F401 - registers the admin classes
