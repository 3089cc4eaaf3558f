from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def pounds(amount):
    """£1,234.56, and -£289.00 for a reversal: money shown exactly as it is held."""
    if amount is None or amount == "":
        return ""
    amount = Decimal(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"
