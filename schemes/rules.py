"""The one kind of error a scheme's rule raises, whichever app holds the rule.

Services raise a subclass (a mentor's, a survey's, a transition the lifecycle does not allow) with
words for the person who tried; views and admin screens catch `RuleBroken` once and show them.
"""

from django.core.exceptions import ValidationError


class RuleBroken(ValidationError):
    """A rule of the scheme stops this change; the message says which, in words for the user."""
