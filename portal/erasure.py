"""What anonymising a person changes, field by field (the data map in docs/data-protection.md).

A person is anonymised rather than deleted: the rows that reports and payments count stay, with their
codes, dates, statuses and amounts, so the figures already reported do not change and claims already paid
keep their amounts. What identifies the person, and everything they or others wrote in their own words, is
erased. Every model the subject-access walk reaches is listed here (a test fails otherwise), and every
text, file or JSON field of those models is either erased or kept for a stated reason.
"""

ERASED = "[erased]"
FREE_TEXT_ANSWERS = object()  # only the answers to free-text questions, not the scores

# {model label: {field: value it becomes}}; a file field becomes "" and its file is deleted.
ERASE = {
    "accounts.User": {"first_name": "", "last_name": ""},  # and the email and password: see anonymise_user
    "accounts.AuditEvent": {},
    "schemes.SchemeMembership": {},
    "mentoring.Mentee": {"other_reason": "", "preferences": "", "phone": "", "preferred_contact": ""},
    "mentoring.Mentor": {
        "phone": "",
        "gmc_number": "",
        "motivation": "",
        "qualification": "",
        "training_needed": "",
        "bio_about": "",
        "bio_why": "",
        "bio_availability": "",
        "bio_contact": "",
        "bio_published": False,
        "photo": "",
        "rejection_feedback": "",
        "leave_reason": "",
    },
    "mentoring.EligibilityCheck": {},
    "mentoring.TrainingRecord": {"certificate": ""},
    "mentoring.TrainingSession": {},
    "mentoring.Mentorship": {"decline_reason": "", "end_reason": ""},
    "mentoring.MentoringSession": {"actions_agreed": "", "working_agreement": "", "confidential_notes": ""},
    "mentoring.AllowanceExtension": {"reason": ERASED},
    "mentoring.CareerConversation": {"end_reason": "", "need_not_in_resource_list": ""},
    "mentoring.ConversationPart": {},
    "surveys.Response": {"void_reason": ""},
    "surveys.Answer": {"value": FREE_TEXT_ANSWERS},
    "surveys.SurveyDispatch": {},
    "surveys.StaffDigest": {},
    "claims.Claim": {"return_reason": ""},
    "claims.ClaimLine": {"description": "", "decision_reason": "", "invoice": ""},
    "claims.MentoringPlan": {"note": ""},
    "reporting.GeneratedReport": {},
}

# Rows that are nothing but the person's means of signing in: deleted outright.
DELETE = {"account.EmailAddress", "mfa.Authenticator", "socialaccount.SocialAccount"}

# Text, file and JSON fields of a person's records that are kept, and why.
KEPT = {
    "accounts.User": {"password": "made unusable", "email": "replaced by an address that names nobody"},
    "accounts.AuditEvent": {
        "action": "a code",
        "target_type": "a model's name",
        "target_id": "an id",
        "detail": "ids, codes and field names only",
    },
    "mentoring.Mentee": {
        "reasons": "codes counted in the quarterly report",
        "changes_considered": "codes counted in the quarterly report",
    },
    "mentoring.Mentor": {
        "experience": "codes",
        "languages": "the languages offered, counted in no report and naming nobody",
    },
    "mentoring.MentoringSession": {
        "topics": "codes",
        "agreed_focus_areas": "codes",
        "reasons_addressed": "codes counted in the quarterly report",
    },
    "mentoring.TrainingRecord": {"course_name": "a course's name", "provider": "a training provider's name"},
    "mentoring.CareerConversation": {"career_needs": "codes counted in the NHS England return"},
    "surveys.Response": {"code": "the questionnaire's code"},
    "surveys.SurveyDispatch": {"failure_reason": "a mail server's code", "skip_reason": "a code"},
    "claims.ClaimLine": {"career_need": "a code", "reference": "the hub's payment reference"},
    "reporting.GeneratedReport": {
        "period": "a period",
        "stage": "a code",
        "title": "the report's title",
        "tables": "aggregate figures, small numbers suppressed",
        "charts": "aggregate figures",
    },
}

# Coded fields that are personal data (several special category) and are kept on anonymisation, because
# reports count them and, once the name, contact details and free text are gone, they name nobody.
KEPT_CODED = {
    "mentoring.Mentee": [
        "role",
        "career_stage",
        "is_gp_fellow",
        "practice",
        "age_band",
        "gender",
        "ethnicity",
        "intends_to_leave",
        "consents_to_contact_about_leaving",
        "shares_questionnaires_with_mentor",
        "reasons",
        "changes_considered",
    ],
    "mentoring.Mentor": [
        "role",
        "practice",
        "clinical_sessions_per_week",
        "gender",
        "age_band",
        "ethnicity",
        "experience",
        "languages",
    ],
    "mentoring.MentoringSession": ["held_on", "duration_minutes", "topics", "reasons_addressed"],
    "mentoring.CareerConversation": ["career_needs"],
    "surveys.Response": ["score", "band"],
    "claims.ClaimLine": ["amount", "rate", "extra_cost"],
}


def erasure_gaps(model_list=None):
    """Models the walk reaches that are not listed, and text-like fields that are neither erased nor kept."""
    from django.db import models

    from portal.subject_access import person_models

    gaps = []
    for model in person_models(model_list):
        label = model._meta.label
        if label in DELETE:
            continue
        if label not in ERASE:
            gaps.append(label)
            continue
        for field in model._meta.concrete_fields:
            text_like = isinstance(field, models.CharField | models.TextField | models.FileField | models.JSONField)
            listed = field.name in ERASE[label] or field.name in KEPT.get(label, {})
            if text_like and not field.choices and not listed:
                gaps.append(f"{label}.{field.name}")
    return gaps


def personal_fields():
    """Every field the data map says holds personal data: erased, kept coded, and the user's address."""
    fields = {f"{label}.{name}" for label, erase in ERASE.items() for name in erase}
    fields |= {f"{label}.{name}" for label, names in KEPT_CODED.items() for name in names}
    fields |= {"accounts.User.email"}
    return sorted(fields)
