"""What the directory holds about a person, for extranet.privacy (download and erasure)."""

from django.utils import timezone

from .models import DirectoryEntry, LearningWish, MemberSkill
from .selectors import export_of


def erase(user) -> None:
    """Withdraw the person's declarations and hide them; their questions to others stay."""
    now = timezone.now()
    MemberSkill.objects.filter(user=user, removed_at__isnull=True).update(removed_at=now)
    MemberSkill.objects.filter(user=user).update(description="")
    LearningWish.objects.filter(user=user, removed_at__isnull=True).update(removed_at=now)
    DirectoryEntry.objects.update_or_create(user=user, defaults={"hidden": True})


export = export_of
