from mentoring.admin import conversations, mentees, mentors, mentorships  # noqa: F401 - registers the admin classes
