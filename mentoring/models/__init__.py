from mentoring.models.mentees import Mentee
from mentoring.models.mentors import EligibilityCheck, FocusArea, Mentor
from mentoring.models.mentorships import Mentorship
from mentoring.models.training import TrainingRecord, TrainingSession

__all__ = ["EligibilityCheck", "FocusArea", "Mentee", "Mentor", "Mentorship", "TrainingRecord", "TrainingSession"]
