"""A meta-test: every view of ours declares who may use it (public, login or a permission)."""

from django.urls import URLPattern, URLResolver, get_resolver

OUR_APPS = ("accounts", "schemes", "mentoring", "surveys", "claims", "reporting", "config")


def our_views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from our_views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.callback.__module__.split(".")[0] in OUR_APPS:
            yield prefix + str(pattern.pattern), pattern.callback


def test_every_view_of_ours_declares_who_may_use_it():
    views = list(our_views(get_resolver().url_patterns))

    assert len(views) >= 4
    undeclared = [route for route, view in views if not hasattr(view, "access")]
    assert undeclared == []
