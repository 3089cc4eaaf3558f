import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from accounts.permissions import Role, roles_of
from schemes.models import Organisation, Scheme


@pytest.mark.django_db
def test_seed_demo_builds_a_believable_demo_once(settings, capsys):
    settings.DEBUG = True

    call_command("seed_demo")
    first = capsys.readouterr().out
    counts = (User.objects.count(), Organisation.objects.count(), Scheme.objects.count())
    call_command("seed_demo")
    second = capsys.readouterr().out

    assert (User.objects.count(), Organisation.objects.count(), Scheme.objects.count()) == counts
    assert set(Scheme.objects.values_list("kind", flat=True)) == {"mentoring", "career_conversations"}
    assert Organisation.objects.filter(kind="practice").count() == 6
    assert Organisation.objects.filter(kind="training_hub").exists()
    held = set().union(*(roles_of(user) for user in User.objects.all()))
    assert held == set(Role)
    for email in ("staff@demo.mentoring.nhs.example", "mentee@demo.mentoring.nhs.example"):
        assert email in first
    # The same secret is printed again, so the demo logins keep working.
    assert first.split("authenticator secret ")[1][:32] == second.split("authenticator secret ")[1][:32]


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="runs only with DEBUG on"):
        call_command("seed_demo")

    assert not User.objects.exists()


@pytest.mark.django_db
def test_seed_demo_puts_something_on_every_screen(settings, capsys):
    from mentoring.models import CareerConversation, Mentee, Mentor, Mentorship
    from mentoring.selectors import with_attention_flags
    from portal.management.commands.seed_demo import DEMO_LOGINS

    settings.DEBUG = True

    call_command("seed_demo")

    assert Mentee.objects.filter(status=Mentee.Status.WAITING).exists()
    statuses = set(Mentorship.objects.values_list("status", flat=True))
    assert {Mentorship.Status.PROPOSED, Mentorship.Status.ACTIVE, Mentorship.Status.COMPLETED} <= statuses
    active = Mentorship.objects.get(status=Mentorship.Status.ACTIVE)
    assert active.sessions.exists()
    assert active.mentee.user.email == "mentee@demo.mentoring.nhs.example"
    assert CareerConversation.objects.filter(parts__part=1).exists()
    flags = with_attention_flags(Mentor.objects.filter(status=Mentor.Status.ACTIVE))
    assert not flags.filter(verification_lapsed=True).exists()
    assert set(User.objects.values_list("email", flat=True)) == set(DEMO_LOGINS)
    printed = capsys.readouterr().out
    assert all(f" {email}" in printed for email in DEMO_LOGINS[:6])
