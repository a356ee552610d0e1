import factory

from hamahang.organizations.models import Agency, Committee, County, Province


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ["code"]

    name = "قم"
    code = "qom"


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"شهرستان {n}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"اداره کل شماره {n}")
    short_name = factory.Sequence(lambda n: f"اداره {n}")
    kind = Agency.Kind.EXECUTIVE
    email = factory.Sequence(lambda n: f"agency{n}@example.ir")


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"ستاد شماره {n}")
    short_name = factory.Sequence(lambda n: f"ستاد {n}")
    kind = Committee.Kind.FACILITATION
    secretariat = factory.SubFactory(
        AgencyFactory, province=factory.SelfAttribute("..province"), kind=Agency.Kind.GOVERNORATE
    )
