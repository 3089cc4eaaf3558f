"""The mentor and mentee roles, held through mentoring's own records; registered with accounts when
the app is ready. An applicant is not a mentor yet: the role (and its MFA) starts on approval and
ends on leaving."""

from django.db.models import Value

from accounts.permissions import Role, register_role_source
from mentoring.models import Mentee, Mentor


def mentor_roles(user):
    mentors = Mentor.objects.filter(user=user, status__in=Mentor.ON_SCHEME)
    return mentors.annotate(held=Value(Role.MENTOR)).values_list("held", flat=True)


def mentee_roles(user):
    return Mentee.objects.filter(user=user).annotate(held=Value(Role.MENTEE)).values_list("held", flat=True)


def register():
    register_role_source(mentor_roles)
    register_role_source(mentee_roles)
