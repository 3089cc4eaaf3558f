import factory

from mentoring.models import Mentee, Mentor
from mentoring.services import mentee_register, mentor_create
from tests.factories.accounts import UserFactory
from tests.factories.schemes import SchemeFactory


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentor

    user = factory.SubFactory(UserFactory)
    scheme = factory.SubFactory(SchemeFactory)
    status = Mentor.Status.ACTIVE

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return mentor_create(**kwargs)


class MenteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentee

    user = factory.SubFactory(UserFactory)
    scheme = factory.SubFactory(SchemeFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return mentee_register(**kwargs)
