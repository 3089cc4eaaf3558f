"""A person's own data, found by walking every model that refers to them.

The walk starts from the user and follows, generically through Django's model meta, every foreign key
that points at a row already found: the user's mentee and mentor records, then their mentorships, then
the sessions, answers and claims that hang off those, and so on. Which references are followed is
declared once, in REFERENCES: every foreign key into a model the walk reaches is either followed or
left with a reason. `unclassified_references()` lists any that is neither, and a test fails on it, so
a new model that refers to a person cannot be left out of the export (or of erasure) unnoticed.
"""

import csv
import datetime
import io
import json
import zipfile
from decimal import Decimal

from django.apps import apps
from django.db import models

from claims.exports import neutralise

FOLLOW = "follow"

# Every foreign key into a model the walk reaches: FOLLOW, or why the rows it leads to are not the
# person's own data.
STAFF_ACT = "a record of what staff did; it belongs to the record it is on, reached another way if it is theirs"
REFERENCES = {
    # Django and allauth
    ("admin.LogEntry", "user"): "Django's admin history of what a member of staff changed, naming other people",
    ("account.EmailAddress", "user"): FOLLOW,
    ("account.EmailConfirmation", "email_address"): "a one-time key, a secret rather than personal data",
    ("mfa.Authenticator", "user"): FOLLOW,
    ("socialaccount.SocialAccount", "user"): FOLLOW,
    ("socialaccount.SocialToken", "account"): "an access token, a secret rather than personal data",
    # accounts
    ("accounts.AuditEvent", "actor"): FOLLOW,
    # schemes
    ("schemes.SchemeMembership", "user"): FOLLOW,
    ("schemes.SchemeMembership", "granted_by"): STAFF_ACT,
    # mentoring
    ("mentoring.Mentee", "user"): FOLLOW,
    ("mentoring.Mentor", "user"): FOLLOW,
    ("mentoring.Mentor", "decided_by"): STAFF_ACT,
    ("mentoring.EligibilityCheck", "mentor"): FOLLOW,
    ("mentoring.EligibilityCheck", "verified_by"): STAFF_ACT,
    ("mentoring.TrainingRecord", "mentor"): FOLLOW,
    ("mentoring.TrainingSession", "mentor"): FOLLOW,
    ("mentoring.TrainingSession", "training_record"): FOLLOW,
    ("mentoring.Mentorship", "mentee"): FOLLOW,
    ("mentoring.Mentorship", "mentor"): FOLLOW,
    ("mentoring.Mentorship", "proposed_by"): STAFF_ACT,
    ("mentoring.MentoringSession", "mentorship"): FOLLOW,
    ("mentoring.MentoringSession", "logged_by"): STAFF_ACT,
    ("mentoring.AllowanceExtension", "mentorship"): FOLLOW,
    ("mentoring.AllowanceExtension", "granted_by"): STAFF_ACT,
    ("mentoring.CareerConversation", "gp"): FOLLOW,
    ("mentoring.CareerConversation", "facilitator"): FOLLOW,
    ("mentoring.ConversationPart", "conversation"): FOLLOW,
    ("mentoring.ConversationPart", "logged_by"): STAFF_ACT,
    # surveys
    ("surveys.Response", "mentee"): FOLLOW,
    ("surveys.Response", "mentorship"): "the mentee's answers: reached through the mentee, never through the mentor",
    ("surveys.Response", "voided_by"): STAFF_ACT,
    ("surveys.Answer", "response"): FOLLOW,
    ("surveys.SurveyDispatch", "mentee"): FOLLOW,
    ("surveys.SurveyDispatch", "mentorship"): "emails to the mentee: reached through the mentee, never the mentor",
    ("surveys.StaffDigest", "user"): FOLLOW,
    # claims
    ("claims.Claim", "claimant"): FOLLOW,
    ("claims.Claim", "mentor"): FOLLOW,
    ("claims.ClaimLine", "claim"): FOLLOW,
    ("claims.ClaimLine", "mentor"): FOLLOW,
    ("claims.ClaimLine", "training_session"): FOLLOW,
    ("claims.ClaimLine", "training_record"): FOLLOW,
    ("claims.ClaimLine", "conversation"): "the facilitator's claim: reached through the facilitator, never the GP",
    ("claims.ClaimLine", "decided_by"): STAFF_ACT,
    ("claims.ClaimLine", "reverses"): FOLLOW,
    ("claims.PaymentBatch", "created_by"): STAFF_ACT,
    ("claims.PaymentBatch", "exported_by"): STAFF_ACT,
    ("claims.MentoringPlan", "mentor"): FOLLOW,
    ("claims.MentoringPlan", "recorded_by"): STAFF_ACT,
    # reporting
    ("reporting.GeneratedReport", "requested_by"): FOLLOW,
}

# Fields never exported, even to their owner: secrets that would let someone act as them.
SECRETS = {
    ("accounts.User", "password"),
    ("mfa.Authenticator", "data"),
}

# Fields that are one person's alone although the row is shared: exported only when the path (from the
# row) leads to the person asking. A mentor's confidential notes are theirs, never the mentee's.
PRIVATE_TO = {
    ("mentoring.MentoringSession", "confidential_notes"): "mentorship__mentor__user",
}


def _references(model_list):
    """Every (model, foreign key) in the project, one-to-one included; many-to-many are the row's own."""
    for model in model_list:
        for field in model._meta.get_fields():
            if field.concrete and (field.many_to_one or field.one_to_one) and field.related_model is not None:
                yield model, field


def person_models(model_list=None):
    """The models the walk can reach from a user, in the order it reaches them."""
    model_list = list(model_list if model_list is not None else apps.get_models())
    user_model = apps.get_model("accounts.User")
    reached = [user_model]
    changed = True
    while changed:
        changed = False
        for model, field in _references(model_list):
            label = (model._meta.label, field.name)
            if model not in reached and field.related_model in reached and REFERENCES.get(label) == FOLLOW:
                reached.append(model)
                changed = True
    return reached


def unclassified_references(model_list=None):
    """Foreign keys into a person's records that nobody has said whether to follow: each one is a gap."""
    model_list = list(model_list if model_list is not None else apps.get_models())
    reached = person_models(model_list)
    return sorted(
        f"{model._meta.label}.{field.name}"
        for model, field in _references(model_list)
        if field.related_model in reached and (model._meta.label, field.name) not in REFERENCES
    )


def rows_of_person(user):
    """{model: queryset} of every row that is the person's, found by the walk."""
    found = {apps.get_model("accounts.User"): {user.pk}}
    changed = True
    while changed:
        changed = False
        for model, field in _references(apps.get_models()):
            if REFERENCES.get((model._meta.label, field.name)) != FOLLOW or field.related_model not in found:
                continue
            targets = found[field.related_model]
            if not targets:
                continue
            pks = set(model._base_manager.filter(**{f"{field.name}__in": targets}).values_list("pk", flat=True))
            if not pks <= found.get(model, set()):
                found[model] = found.get(model, set()) | pks
                changed = True
    return {model: model._base_manager.filter(pk__in=pks).order_by("pk") for model, pks in found.items()}


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, bytes | memoryview):
        return f"a file of {len(value)} bytes"  # a generated report's PDF or workbook, not data about the person
    return value


def _exported_fields(model):
    label = model._meta.label
    return [field for field in model._meta.concrete_fields if (label, field.name) not in SECRETS]


def _private_owner(model, field_name, queryset):
    path = PRIVATE_TO.get((model._meta.label, field_name))
    return dict(queryset.values_list("pk", path)) if path else None


def subject_access_records(user):
    """The person's data as {model label: [rows as dicts]}, with the meaning of each column kept plain."""
    records = {}
    for model, queryset in rows_of_person(user).items():
        fields = _exported_fields(model)
        owners = {f.name: _private_owner(model, f.name, queryset) for f in fields}
        many = [f for f in model._meta.many_to_many if f.name != "user_permissions"]
        rows = []
        for obj in queryset.prefetch_related(*[f.name for f in many]):
            row = {}
            for field in fields:
                owner = owners[field.name]
                if owner is not None and owner.get(obj.pk) != user.pk:
                    continue
                row[field.attname if field.is_relation else field.name] = _plain(field.value_from_object(obj))
            for field in many:
                row[field.name] = [str(related) for related in getattr(obj, field.name).all()]
            rows.append(row)
        records[model._meta.label] = rows
    return records


def export_json(user):
    return json.dumps(subject_access_records(user), indent=2, ensure_ascii=False)


def export_zip(user):
    """One CSV a model, in a zip; cells a spreadsheet would run as formulas are shown as text."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for label, rows in subject_access_records(user).items():
            columns = list(dict.fromkeys(key for row in rows for key in row))
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([_cell(row.get(column, "")) for column in columns])
            archive.writestr(f"{label.replace('.', '-')}.csv", text.getvalue())
    return buffer.getvalue()


def _cell(value):
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    return neutralise(value)
