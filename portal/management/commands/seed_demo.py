"""A believable demo: an ICB with PCNs and practices, a training hub, two schemes, one login per role,
and every screen with something on it: verified mentors, a mentee waiting, a match proposed, one
active with sessions, one completed, and a career conversation under way. Everything is made through
the services, so the audit history reads as it would for real.

Idempotent: run it again and it adds only what is missing, and prints the same logins.
"""

import datetime
import time
from decimal import Decimal

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import User
from accounts.permissions import Role
from accounts.services import user_create, user_mfa_enrol
from mentoring.codes import Mode
from mentoring.models import (
    CareerConversation,
    EligibilityCheck,
    Mentee,
    Mentor,
    MentoringSession,
    Mentorship,
    TrainingRecord,
)
from mentoring.services.conversations import conversation_accept, conversation_part_log, conversation_request
from mentoring.services.mentees import mentee_register
from mentoring.services.mentors import eligibility_verify, mentor_create
from mentoring.services.mentorships import mentorship_accept, mentorship_propose
from mentoring.services.sessions import session_log
from mentoring.services.training import training_record_save
from schemes import periods
from schemes.models import Organisation, Scheme, SchemeYear
from schemes.services import financial_year_for, membership_grant, organisation_create, scheme_create

DEMO_PASSWORD = "demo-mentoring-2026"  # noqa: S105 - published on purpose; DEBUG-only command
REORGANISATION = datetime.date(2026, 4, 1)

PCNS = {
    ("U12345", "Wirral West PCN"): [("N81001", "Hoylake Road Surgery"), ("N81002", "West Kirby Health Centre")],
    ("U23456", "Liverpool Central PCN"): [("N82003", "Bold Street Medical Centre"), ("N82004", "Dale Street Practice")],
    ("U34567", "Chester City PCN"): [("N83005", "Northgate Village Surgery"), ("N83006", "Boughton Health Centre")],
}

PEOPLE = [
    # email, first, last, role, needs MFA
    ("admin@demo.mentoring.nhs.example", "Priya", "Shah", "platform administrator", True),
    ("staff@demo.mentoring.nhs.example", "Sam", "Okafor", Role.STAFF, True),
    ("approver@demo.mentoring.nhs.example", "Alex", "Morgan", Role.CLAIMS_APPROVER, True),
    ("commissioner@demo.mentoring.nhs.example", "Chris", "Bennett", Role.COMMISSIONER, True),
    ("mentor@demo.mentoring.nhs.example", "Helen", "Price", Role.MENTOR, True),
    ("mentee@demo.mentoring.nhs.example", "Tom", "Reid", Role.MENTEE, False),
]


DEMO_MENTORS = [
    # email, first name, last name, practice, GMC number, role, about me, focus areas, anything else
    ("mentor@demo.mentoring.nhs.example", "Helen", "Price", "N81001", "7012345", "gp_partner",
     "Partner for 15 years in a training practice on the Wirral, and a GP appraiser.",
     ["leadership", "partnership", "wellbeing"], {"offers_face_to_face": True}),
    ("r.adeyemi@demo.mentoring.nhs.example", "Ruth", "Adeyemi", "N82003", "7023456", "salaried_gp",
     "Salaried GP in central Liverpool with a portfolio career in medical education.",
     ["portfolio_career", "education", "career_planning"], {}),
    ("j.walsh@demo.mentoring.nhs.example", "James", "Walsh", "N83005", "7034567", "retired_gp",
     "Recently retired from a Chester partnership; I help GPs returning to practice.",
     ["returning_to_practice", "new_to_practice"], {"offers_face_to_face": True}),
    ("s.khan@demo.mentoring.nhs.example", "Sadia", "Khan", "N81002", "7045678", "locum_gp",
     "Locum GP across the Wirral, applying to mentor newly qualified GPs.",
     ["career_progression"],
     {"status": Mentor.Status.APPLIED, "has_mentoring_qualification": False, "training_needed": "ILM Level 5"}),
]  # fmt: skip

# A facilitator on the career-conversations scheme, trained on the Career Conversation course.
DEMO_FACILITATOR = (
    "d.hughes@demo.mentoring.nhs.example", "Dan", "Hughes", "N83006", "7056789", "gp_partner",
    "Partner in Chester and a trained GP Career Conversation Facilitator.", ["career_planning"], {},
)  # fmt: skip

# Mentees beside the demo login: one waiting, one proposed to the demo mentor, one finished.
# email, first name, last name, practice, what happens (mentor's email for a match)
DEMO_MENTEES = [
    ("a.patel@demo.mentoring.nhs.example", "Anita", "Patel", "N81002", "waiting", None),
    ("l.jones@demo.mentoring.nhs.example", "Lucy", "Jones", "N83006", "proposed", "mentor@demo.mentoring.nhs.example"),
    ("m.obrien@demo.mentoring.nhs.example", "Mark", "O'Brien", "N83005", "completed",
     "r.adeyemi@demo.mentoring.nhs.example"),
]  # fmt: skip

# Everyone the demo creates, for checks that walk the demo as each of them.
DEMO_LOGINS = [
    *(person[0] for person in PEOPLE),
    *(mentor[0] for mentor in DEMO_MENTORS[1:]),
    DEMO_FACILITATOR[0],
    *(mentee[0] for mentee in DEMO_MENTEES),
]


def _mentee_answers(practice_code):
    return {
        "role": "salaried_gp",
        "career_stage": "early_mid_career",
        "practice": Organisation.objects.get(kind="practice", code=practice_code, valid_to__isnull=True),
        "reasons": ["work_life_balance", "career_options"],
        "changes_considered": ["reduce_hours"],
        "intends_to_leave": False,
        "prefers_video": True,
        "preferred_contact": "email",
    }


def _mentor_profile(practice_code, gmc_number, role, about, focus_areas, extra):
    profile = {
        "status": Mentor.Status.ACTIVE,
        "practice": Organisation.objects.get(kind="practice", code=practice_code, valid_to__isnull=True),
        "gmc_number": gmc_number,
        "role": role,
        "phone": "0151 000 0000",
        "clinical_sessions_per_week": 6,
        "intends_extra_session": True,
        "declares_gmc_licence": True,
        "declares_performers_list": True,
        "declares_no_suspension": True,
        "has_mentoring_qualification": True,
        "qualification": "ILM Level 5 Certificate in Coaching and Mentoring",
        "motivation": "I want to help colleagues stay in general practice.",
        "bio_about": about,
        "bio_why": "Someone did it for me when I needed it.",
        "bio_availability": "Tuesday and Thursday afternoons",
        "bio_contact": "Email first, then we can arrange a call",
        "offers_video": True,
        "offers_telephone": True,
        "focus_areas": focus_areas,
        **extra,
    }
    profile["bio_published"] = profile["status"] == Mentor.Status.ACTIVE
    return profile


def _organisation(kind, code, name, parent=None, valid_from=None):
    return Organisation.objects.filter(kind=kind, code=code, valid_to__isnull=True).first() or organisation_create(
        kind=kind, code=code, name=name, parent=parent, valid_from=valid_from
    )


class Command(BaseCommand):
    help = "Build the demo ICB, schemes and one login per role (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo creates logins with a published password, so it runs only with DEBUG on.")
        mentoring_scheme, careers_scheme = self._schemes()
        logins = [self._person(*person, mentoring_scheme, careers_scheme) for person in PEOPLE]
        self._colleagues(mentoring_scheme)
        staff = User.objects.get(email=PEOPLE[1][0])
        facilitator = self._facilitator(careers_scheme, staff)
        self._verify_mentors(staff)
        self._mentorships(mentoring_scheme, staff)
        self._conversation(facilitator, User.objects.get(email=PEOPLE[-1][0]))
        self._print(logins)

    def _schemes(self):
        region = _organisation(Organisation.Kind.REGION, "Y62", "North West")
        icb = _organisation(
            Organisation.Kind.ICB, "QYG", "NHS Cheshire and Merseyside ICB", region, valid_from=REORGANISATION
        )
        for (pcn_code, pcn_name), practices in PCNS.items():
            sub_icb = _organisation(Organisation.Kind.SUB_ICB, f"0{pcn_code[1:3]}", f"{pcn_name[:-4]} place", icb)
            pcn = _organisation(Organisation.Kind.PCN, pcn_code, pcn_name, sub_icb)
            for code, name in practices:
                _organisation(Organisation.Kind.PRACTICE, code, name, pcn)
        hub = _organisation(Organisation.Kind.TRAINING_HUB, "CMTH", "Cheshire and Merseyside Training Hub", icb)

        mentoring_scheme = Scheme.objects.filter(slug="cm-gp-mentoring").first() or scheme_create(
            name="Cheshire and Merseyside GP Mentoring",
            slug="cm-gp-mentoring",
            icb=icb,
            delivery_partner=hub,
            mentor_cap=40,
            budget=Decimal("150000.00"),
        )
        careers_scheme = Scheme.objects.filter(slug="cm-career-conversations").first() or scheme_create(
            name="Cheshire and Merseyside GP Career Conversations",
            slug="cm-career-conversations",
            kind=Scheme.Kind.CAREER_CONVERSATIONS,
            icb=icb,
            delivery_partner=hub,
            career_fund=Decimal("60000.00"),
        )
        this_year = financial_year_for(start_year=periods.financial_year_start_year(datetime.date.today()))
        for scheme in (mentoring_scheme, careers_scheme):
            SchemeYear.objects.get_or_create(
                scheme=scheme, financial_year=this_year, defaults={"allocation": Decimal("120000.00")}
            )
        return mentoring_scheme, careers_scheme

    def _person(self, email, first_name, last_name, role, needs_mfa, mentoring_scheme, careers_scheme):
        user = User.objects.filter(email=email).first() or user_create(
            email=email,
            password=DEMO_PASSWORD,
            first_name=first_name,
            last_name=last_name,
            is_superuser=role == "platform administrator",
            email_verified=True,
        )
        if role == Role.MENTOR and not Mentor.objects.filter(user=user).exists():
            _verified(mentor_create(user=user, scheme=mentoring_scheme, **_mentor_profile(*DEMO_MENTORS[0][3:])))
        elif role == Role.MENTEE and not Mentee.objects.filter(user=user).exists():
            mentee_register(user=user, scheme=mentoring_scheme, **_mentee_answers("N82004"))
        elif role in (Role.STAFF, Role.COMMISSIONER):
            for scheme in (mentoring_scheme, careers_scheme):
                membership_grant(user=user, scheme=scheme, role=role)
        elif role == Role.CLAIMS_APPROVER:
            membership_grant(user=user, scheme=mentoring_scheme, role=role)
        secret, recovery_codes = user_mfa_enrol(user=user) if needs_mfa else (None, [])
        return role, email, secret, recovery_codes

    def _colleagues(self, scheme):
        """More mentors for the directory, and an application waiting for staff to review."""
        for email, first_name, last_name, *profile in DEMO_MENTORS[1:]:
            if not User.objects.filter(email=email).exists():
                user = user_create(email=email, first_name=first_name, last_name=last_name, email_verified=True)
                _verified(mentor_create(user=user, scheme=scheme, **_mentor_profile(*profile)))

    def _facilitator(self, scheme, staff):
        email, first_name, last_name, *profile = DEMO_FACILITATOR
        facilitator = Mentor.objects.filter(user__email=email).first()
        if facilitator is None:
            user = user_create(email=email, first_name=first_name, last_name=last_name, email_verified=True)
            facilitator = _verified(mentor_create(user=user, scheme=scheme, **_mentor_profile(*profile)))
            today = timezone.localdate()
            course = TrainingRecord(
                mentor=facilitator,
                course=TrainingRecord.Course.CAREER_CONVERSATION,
                provider="Cheshire and Merseyside Training Hub",
                started_on=today - datetime.timedelta(days=90),
                expected_completion_on=today + datetime.timedelta(days=90),
                completed_on=today - datetime.timedelta(days=30),
            )
            training_record_save(record=course, by=staff)
        return facilitator

    def _verify_mentors(self, staff):
        """Staff have checked every active mentor's eligibility, so none shows as lapsed."""
        for mentor in Mentor.objects.filter(status=Mentor.Status.ACTIVE, user__email__in=DEMO_LOGINS):
            current = set(
                mentor.eligibility_checks.filter(recheck_due__gte=timezone.localdate()).values_list("item", flat=True)
            )
            for item in EligibilityCheck.Item:
                if item not in current:
                    eligibility_verify(mentor=mentor, item=item, by=staff)

    def _mentorships(self, scheme, staff):
        """The demo mentee with the demo mentor, met once; the others as DEMO_MENTEES says."""
        mentee_login = Mentee.objects.get(user__email=PEOPLE[-1][0])
        self._match(mentee_login, Mentor.objects.get(user__email=PEOPLE[4][0]), staff, "active")
        for email, first_name, last_name, practice_code, stage, mentor_email in DEMO_MENTEES:
            mentee = Mentee.objects.filter(user__email=email).first()
            if mentee is None:
                user = user_create(email=email, first_name=first_name, last_name=last_name, email_verified=True)
                mentee = mentee_register(user=user, scheme=scheme, **_mentee_answers(practice_code))
            if mentor_email:
                self._match(mentee, Mentor.objects.get(user__email=mentor_email), staff, stage)

    def _match(self, mentee, mentor, staff, stage):
        if Mentorship.objects.filter(mentee=mentee).exists():
            return
        mentorship = mentorship_propose(mentee=mentee, mentor=mentor, by=staff)
        if stage == "proposed":
            return
        mentorship_accept(mentorship=mentorship, by=mentor.user)
        today = timezone.localdate()
        session_log(
            mentorship=mentorship,
            by=mentor.user,
            held_on=today,
            duration_minutes=60,
            mode=Mode.VIDEO,
            kind=MentoringSession.Kind.INTRODUCTORY,
            topics=mentorship.scheme.session_topics[:2],
            actions_agreed="Try protecting one afternoon a week for admin; review in a month.",
            next_meeting_on=today + datetime.timedelta(weeks=4),
            agreed_focus_areas=["wellbeing"],
            working_agreement="Monthly video calls of an hour; either of us can rearrange with a week's notice.",
        )
        if stage == "completed":
            session_log(
                mentorship=mentorship,
                by=mentor.user,
                held_on=today,
                duration_minutes=60,
                mode=Mode.VIDEO,
                kind=MentoringSession.Kind.FINAL,
                actions_agreed="Keep the protected afternoon.",
                reasons_addressed=["work_life_balance"],
            )

    def _conversation(self, facilitator, gp):
        """The demo mentee asked for a career conversation; its first part is held."""
        if CareerConversation.objects.filter(gp=gp).exists():
            return
        conversation = conversation_request(facilitator=facilitator, gp=gp, by=gp)
        conversation_accept(conversation=conversation, by=facilitator.user)
        conversation_part_log(
            conversation=conversation, by=facilitator.user, part=1, held_on=timezone.localdate(), duration_minutes=120
        )

    def _print(self, logins):
        write = self.stdout.write
        write(self.style.SUCCESS("Demo ready. Every demo login uses the password: " + DEMO_PASSWORD))
        write("Roles that see other people's data sign in with a code from an authenticator app:")
        write("add the secret to the app, or use the code shown (valid for 30 seconds) or a recovery code.\n")
        counter = int(time.time()) // 30
        for role, email, secret, recovery_codes in logins:
            label = role.label if isinstance(role, Role) else role
            write(f"  {label:<24} {email}")
            if secret:
                code_now = format_hotp_value(hotp_value(secret, counter))
                write(f"  {'':<24} authenticator secret {secret}, code now {code_now}")
                write(f"  {'':<24} recovery codes {' '.join(recovery_codes[:3])} ...")


def _verified(mentor):
    """Demo mentors on the scheme have had their eligibility checked, so staff can match them at once."""
    if mentor.status in Mentor.ON_SCHEME:
        for item in EligibilityCheck.Item:
            eligibility_verify(mentor=mentor, item=item, by=None)
    return mentor
