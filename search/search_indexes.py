"""The network core's kinds: museums and member profiles."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from haystack import indexes

from extranet.models import Museum, Profile

from .registry import KindIndex, PersonMuseumsMixin, Visibility, person_memberships_prefetch, register


@register
class MuseumIndex(KindIndex, indexes.Indexable):
    kind_label = "museum"
    verbose_name = _("Museum")

    def get_model(self):
        return Museum

    def prepare_text(self, obj) -> str:
        return "\n".join(filter(None, [obj.name, obj.city, obj.department, obj.description]))

    def prepare_title(self, obj) -> str:
        return f"{obj.name} ({obj.city})"

    def prepare_museum_ids(self, obj) -> list[int]:
        return [obj.pk]

    def prepare_department(self, obj) -> list[str]:
        return [obj.department_code]

    def prepare_visibility(self, obj) -> str:
        return Visibility.MEMBERS


def _profiles_of_membership(pk):
    return Profile.objects.filter(user__memberships=pk)


@register
class ProfileIndex(PersonMuseumsMixin, KindIndex, indexes.Indexable):
    """People who work for at least one museum now; former members are not found."""

    kind_label = "profile"
    verbose_name = _("Member")
    follows = {
        "extranet.user": lambda pk: Profile.objects.filter(user_id=pk),
        "extranet.membership": _profiles_of_membership,
        "extranet.museum": lambda pk: Profile.objects.filter(user__memberships__museum=pk),
    }

    def get_model(self):
        return Profile

    def index_queryset(self, using=None):
        return (
            Profile.objects.filter(user__is_active=True, user__memberships__ended_at__isnull=True)
            .select_related("user")
            .prefetch_related(person_memberships_prefetch())
            .distinct()
        )

    def prepare_text(self, obj) -> str:
        parts = [obj.user.get_full_name(), obj.job_title, obj.bio, *(museum.name for museum in obj._museums)]
        return "\n".join(filter(None, parts))

    def prepare_title(self, obj) -> str:
        return obj.user.display_name

    def prepare_url(self, obj) -> str:
        return reverse("profile_detail", kwargs={"pk": obj.user_id})

    def prepare_visibility(self, obj) -> str:
        return Visibility.MEMBERS
