"""Counting codes held in JSON list fields (a mentee's reasons, a conversation's career needs) inside
an aggregate, on PostgreSQL (containment) and on SQLite (the list's text), which the demo runs on."""

from django.db import connection
from django.db.models import Q, TextField
from django.db.models.functions import Cast


def with_list_text(queryset, *fields):
    if connection.vendor == "postgresql":
        return queryset
    return queryset.annotate(**{f"{name}_text": Cast(name, TextField()) for name in fields})


def list_has(field, code):
    """Use on a queryset passed through with_list_text."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [code]})
    return Q(**{f"{field}_text__contains": f'"{code}"'})
