import itertools

import factory

from mentoring.models import Mentee, Mentor
from mentoring.services.mentees import mentee_register
from mentoring.services.mentors import mentor_create
from tests.factories.accounts import UserFactory
from tests.factories.schemes import SchemeFactory


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentor

    user = factory.SubFactory(UserFactory)
    scheme = factory.SubFactory(SchemeFactory)
    status = Mentor.Status.ACTIVE

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """A mentor on the scheme has had every eligibility item verified, as approval needs
        (pass verified=False for one whose checks are missing, as after an import)."""
        verified = kwargs.pop("verified", True)
        mentor = mentor_create(**kwargs)
        if verified and mentor.status in Mentor.ON_SCHEME:
            from mentoring.models import EligibilityCheck
            from mentoring.services.mentors import eligibility_verify

            for item in EligibilityCheck.Item:
                eligibility_verify(mentor=mentor, item=item, by=None)
        return mentor


class MenteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentee

    user = factory.SubFactory(UserFactory)
    scheme = factory.SubFactory(SchemeFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # "Other" as a reason comes with what it is, as registration asks.
        if "other" in kwargs.get("reasons", []):
            kwargs.setdefault("other_reason", "Returning after a career break")
        return mentee_register(**kwargs)


_practice_numbers = itertools.count(10000)
_gmc_numbers = itertools.count(2000000)


def complete_application(**overrides):
    """Every answer a mentor application needs, ready for mentor_create or mentor_application_save."""
    from tests.factories.schemes import practice

    answers = {
        "phone": "0151 496 0000",
        "gmc_number": str(next(_gmc_numbers)),
        "role": "gp_partner",
        "clinical_sessions_per_week": 5,
        "intends_extra_session": True,
        "declares_gmc_licence": True,
        "declares_performers_list": True,
        "declares_no_suspension": True,
        "motivation": "To help colleagues stay in general practice.",
        "has_mentoring_qualification": True,
        "qualification": "ILM Level 5",
        "bio_about": "A GP partner in a training practice.",
    }
    answers |= overrides
    if "practice" not in answers:
        answers["practice"] = practice(code=f"B{next(_practice_numbers):05d}")
    return answers


def applicant(scheme, **overrides):
    """A mentor whose complete application has been sent (status applied)."""
    return MentorFactory(scheme=scheme, status=Mentor.Status.APPLIED, **complete_application(**overrides))


def approved_mentor(scheme, by=None, **overrides):
    """An applicant whose every eligibility item staff verified, and who was approved into training."""
    from mentoring.models import EligibilityCheck
    from mentoring.services.mentors import eligibility_verify, mentor_approve

    mentor = applicant(scheme, **overrides)
    for item in EligibilityCheck.Item:
        eligibility_verify(mentor=mentor, item=item, by=by)
    return mentor_approve(mentor=mentor, by=by)
