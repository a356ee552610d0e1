"""Writes of reference data."""

from django.db import transaction

from hamahang.organizations import reference
from hamahang.organizations.models import Agency, Committee, County, Province


@transaction.atomic
def reference_data_load() -> dict[str, int]:
    """Add the reference data that is missing; never changes or removes existing rows."""
    created = {"provinces": 0, "counties": 0, "agencies": 0, "committees": 0}
    for name, code in reference.PROVINCES:
        _, is_new = Province.objects.get_or_create(code=code, defaults={"name": name})
        created["provinces"] += is_new
    qom = Province.objects.get(code=reference.DEMO_PROVINCE)
    for name in reference.QOM_COUNTIES:
        _, is_new = County.objects.get_or_create(province=qom, name=name)
        created["counties"] += is_new
    for province, rows in ((qom, reference.QOM_AGENCIES), (None, reference.NATIONAL_AGENCIES)):
        for name, short_name, kind in rows:
            _, is_new = Agency.objects.get_or_create(
                province=province, name=name, defaults={"short_name": short_name, "kind": kind}
            )
            created["agencies"] += is_new
    by_short = {agency.short_name: agency for agency in Agency.objects.filter(province=qom)}
    for name, short, kind, chair, secretariat, quorum, members in reference.QOM_COMMITTEES:
        committee, is_new = Committee.objects.get_or_create(
            province=qom,
            name=name,
            defaults={
                "short_name": short,
                "kind": kind,
                "chair_title": chair,
                "secretariat": by_short[secretariat],
                "quorum": quorum,
            },
        )
        if is_new:
            committee.members.set([by_short[member] for member in members])
            created["committees"] += 1
    return created
