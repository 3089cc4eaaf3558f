from django.db import transaction

from accounts.services import audit
from mentoring.models import Mentee


def mentee_register(*, user, scheme, by=None):
    with transaction.atomic():
        mentee = Mentee.objects.create(user=user, scheme=scheme)
        audit(actor=by or user, action="mentee.register", target=mentee, scheme=scheme)
    return mentee
