from mentoring.models.conversations import CareerConversation, CareerNeed, ConversationPart
from mentoring.models.mentees import Mentee
from mentoring.models.mentors import EligibilityCheck, FocusArea, Mentor
from mentoring.models.mentorships import Mentorship
from mentoring.models.sessions import AllowanceExtension, MentoringSession
from mentoring.models.training import TrainingRecord, TrainingSession

__all__ = [
    "AllowanceExtension",
    "CareerConversation",
    "CareerNeed",
    "ConversationPart",
    "MentoringSession",
    "EligibilityCheck",
    "FocusArea",
    "Mentee",
    "Mentor",
    "Mentorship",
    "TrainingRecord",
    "TrainingSession",
]
