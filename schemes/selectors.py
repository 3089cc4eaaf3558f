from django.shortcuts import get_object_or_404

from schemes.permissions import schemes_with_permission


def scheme_for_user(*, user, slug, permission):
    """The scheme, if the user holds the permission in it; otherwise 404, as if it did not exist."""
    return get_object_or_404(
        schemes_with_permission(user, permission).select_related("icb", "delivery_partner"), slug=slug
    )
