from django.db import transaction

from accounts.services import audit
from mentoring.models import Mentee, Mentor


def mentor_create(*, user, scheme, status=Mentor.Status.APPLIED, by=None):
    with transaction.atomic():
        mentor = Mentor.objects.create(user=user, scheme=scheme, status=status)
        audit(actor=by or user, action="mentor.create", target=mentor, scheme=scheme, status=status)
    return mentor


def mentee_register(*, user, scheme, by=None):
    with transaction.atomic():
        mentee = Mentee.objects.create(user=user, scheme=scheme)
        audit(actor=by or user, action="mentee.register", target=mentee, scheme=scheme)
    return mentee
