"""Factories for tests: people are made through the membership services, as in real use."""

import itertools

import factory

from extranet import services
from extranet.models import Museum, Role, WorkingGroup

_seq = itertools.count(1)


class MuseumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Museum

    name = factory.Sequence(lambda n: f"Musée d'essai {n}")
    slug = factory.Sequence(lambda n: f"musee-essai-{n}")
    city = "Arras"
    department = "Pas-de-Calais"
    department_code = "62"
    latitude = 50.29
    longitude = 2.78


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    name = factory.Sequence(lambda n: f"Groupe {n}")
    slug = factory.Sequence(lambda n: f"groupe-{n}")


PASSWORD = "musenor-test-password"


def make_user(*, email=None, first_name="Alex", last_name="Martin", password=PASSWORD):
    """A person with an account and a profile."""
    n = next(_seq)
    return services.user_create(
        email=email or f"person{n}@test.example", first_name=first_name, last_name=f"{last_name}{n}", password=password
    )


def make_member(museum, *, role=Role.MEMBER, **kwargs):
    """A person working for `museum`, granted through the membership service."""
    user = make_user(**kwargs)
    services.membership_grant(user=user, museum=museum, role=role, by=None)
    return user


def make_coordinator(**kwargs):
    user = make_user(**kwargs)
    services.coordinator_set(user=user, is_coordinator=True, by=None)
    return user
