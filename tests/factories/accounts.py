import factory

from accounts.models import User
from accounts.services import user_create


class UserFactory(factory.django.DjangoModelFactory):
    """Users are made by the same service as everywhere else, verified and ready to sign in."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.nhs.uk")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = "a-long-test-password-1"
    email_verified = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return user_create(**kwargs)
