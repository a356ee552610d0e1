import factory

from hamahang.accounts.models import Role, User
from hamahang.organizations.tests.factories import AgencyFactory

TEST_PASSWORD = "Test-Pass-1405"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "کاربر"
    last_name = factory.Sequence(lambda n: f"آزمایشی {n}")
    email = factory.Sequence(lambda n: f"user{n}@example.ir")
    agency = factory.SubFactory(AgencyFactory)
    role = Role.SECRETARIAT
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create and results:
            instance.save()
