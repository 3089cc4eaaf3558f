"""A believable demo: an ICB with PCNs and practices, a training hub, two schemes, one login per role.

Idempotent: run it again and it adds only what is missing, and prints the same logins.
"""

import datetime
import time
from decimal import Decimal

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.permissions import Role
from accounts.services import user_create, user_mfa_enrol
from mentoring.models import Mentee, Mentor
from mentoring.services.mentees import mentee_register
from mentoring.services.mentors import mentor_create
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
            mentor_create(user=user, scheme=mentoring_scheme, **_mentor_profile(*DEMO_MENTORS[0][3:]))
        elif role == Role.MENTEE and not Mentee.objects.filter(user=user).exists():
            mentee_register(
                user=user,
                scheme=mentoring_scheme,
                role="salaried_gp",
                career_stage="early_mid_career",
                practice=Organisation.objects.get(kind="practice", code="N82004", valid_to__isnull=True),
                reasons=["work_life_balance", "career_options"],
                changes_considered=["reduce_hours"],
                intends_to_leave=False,
                prefers_video=True,
            )
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
                mentor_create(user=user, scheme=scheme, **_mentor_profile(*profile))

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
