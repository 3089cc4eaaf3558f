import factory

from accounts.permissions import Role
from schemes.models import Organisation, Scheme, SchemeMembership
from schemes.services import membership_grant, organisation_create, scheme_create
from tests.factories.accounts import UserFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.ICB
    code = factory.Sequence(lambda n: f"Q{n:02d}")
    name = factory.Sequence(lambda n: f"NHS Test ICB {n}")
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return organisation_create(**kwargs)


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme

    name = factory.Sequence(lambda n: f"Test GP Mentoring Scheme {n}")
    slug = factory.Sequence(lambda n: f"test-scheme-{n}")
    icb = factory.SubFactory(OrganisationFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return scheme_create(**kwargs)


class SchemeMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchemeMembership

    user = factory.SubFactory(UserFactory)
    scheme = factory.SubFactory(SchemeFactory)
    role = Role.STAFF

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return membership_grant(**kwargs)


def practice(code="A81001", pcn_code="U12345"):
    """A current practice in its PCN, as the ODS reference data would have it."""
    pcn = Organisation.objects.filter(kind="pcn", code=pcn_code).first() or organisation_create(
        kind="pcn", code=pcn_code, name=f"PCN {pcn_code}"
    )
    return organisation_create(kind="practice", code=code, name=f"The Surgery {code}", parent=pcn)
