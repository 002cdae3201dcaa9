"""Who may see and act on documents, exhibitions and publications, asked in pairs.

`can_view_document` and `documents_visible_to` state one rule; `DocumentIndex` stores the
same facts (visibility, museum_ids, group_ids) so that the search page's filter
(search/permissions.py) is that rule too.
"""

from django.db.models import Q, QuerySet

from extranet.models import Membership, Museum, WorkingGroup, WorkingGroupMembership
from extranet.permissions import (
    can_act_for_museum,
    can_manage_staff,
    is_coordinator,
    is_member,
    museums_acted_for_by,
)

from .models import Document, DocumentVisibility, Exhibition, Publication


def _museum_ids(user) -> QuerySet:
    return Membership.objects.active().filter(user=user).values("museum_id")


def _group_ids(user) -> QuerySet:
    return WorkingGroupMembership.objects.active().filter(user=user).values("group_id")


def documents_visible_to(user) -> QuerySet[Document]:
    """The documents `user` may see (page, file, every version); visitors see the public ones."""
    if not is_member(user):
        return Document.objects.filter(visibility=DocumentVisibility.PUBLIC)
    if is_coordinator(user):
        return Document.objects.all()
    return Document.objects.filter(
        Q(visibility__in=[DocumentVisibility.PUBLIC, DocumentVisibility.MEMBERS])
        | Q(visibility=DocumentVisibility.MUSEUM, museum_id__in=_museum_ids(user))
        | Q(visibility=DocumentVisibility.GROUP, working_group_id__in=_group_ids(user))
    )


def can_view_document(user, document: Document) -> bool:
    """May `user` see this document, download its file and every earlier version?"""
    if not is_member(user):
        return document.visibility == DocumentVisibility.PUBLIC
    if is_coordinator(user):
        return True
    if document.visibility in (DocumentVisibility.PUBLIC, DocumentVisibility.MEMBERS):
        return True
    if document.visibility == DocumentVisibility.MUSEUM:
        return _museum_ids(user).filter(museum_id=document.museum_id).exists()
    if document.visibility == DocumentVisibility.GROUP:
        return _group_ids(user).filter(group_id=document.working_group_id).exists()
    return False


def can_edit_document(user, document: Document) -> bool:
    """The uploader (while they may still see it), the managers of its museum and coordinators edit and replace."""
    if not can_view_document(user, document):
        return False
    if is_coordinator(user) or document.uploaded_by_id == user.pk:
        return True
    return document.museum_id is not None and can_manage_staff(user, document.museum)


def documents_editable_by(user) -> QuerySet[Document]:
    """The documents `user` may edit or replace."""
    if is_coordinator(user):
        return Document.objects.all()
    managed = Membership.objects.active().filter(user=user, role="manager").values("museum_id")
    return documents_visible_to(user).filter(Q(uploaded_by=user) | Q(museum_id__in=managed))


def upload_museums_for(user) -> QuerySet[Museum]:
    """Museums `user` may file a document under: theirs; every museum for coordinators."""
    return museums_acted_for_by(user).order_by("search_key")


def upload_groups_for(user) -> QuerySet[WorkingGroup]:
    """Working groups `user` may file a document under: theirs; every group for coordinators."""
    if is_coordinator(user):
        return WorkingGroup.objects.order_by("name")
    if not is_member(user):
        return WorkingGroup.objects.none()
    return WorkingGroup.objects.filter(pk__in=_group_ids(user)).order_by("name")


def can_upload_document(user) -> bool:
    """Members with a museum or a working group, and coordinators, may share documents."""
    return is_coordinator(user) or (
        is_member(user) and (_museum_ids(user).exists() or _group_ids(user).exists())
    )


def can_file_document(user, *, museum, working_group, visibility) -> bool:
    """May `user` file a document under this museum / group with this visibility?"""
    if is_coordinator(user):
        return True
    if not is_member(user) or (museum is None and working_group is None):
        return False
    if visibility == DocumentVisibility.COORDINATORS:
        return False
    if museum is not None and not _museum_ids(user).filter(museum_id=museum.pk).exists():
        return False
    if working_group is not None and not _group_ids(user).filter(group_id=working_group.pk).exists():
        return False
    return True


# --- Exhibitions: public information; museum staff edit their own museum's -----------------


def exhibitions_visible_to(user) -> QuerySet[Exhibition]:
    """Every exhibition: the calendar is public information."""
    return Exhibition.objects.all()


def can_edit_exhibition(user, exhibition: Exhibition) -> bool:
    """Staff of the exhibition's museum and coordinators add and edit it."""
    return can_act_for_museum(user, exhibition.museum)


def can_add_exhibition(user) -> bool:
    return is_coordinator(user) or (is_member(user) and _museum_ids(user).exists())


def exhibitions_editable_by(user) -> QuerySet[Exhibition]:
    if is_coordinator(user):
        return Exhibition.objects.all()
    return Exhibition.objects.filter(museum_id__in=_museum_ids(user)) if is_member(user) else Exhibition.objects.none()


# --- Publications: every member reads; staff add their museum's ---------------------------


def publications_visible_to(user) -> QuerySet[Publication]:
    """Every publication, for every member."""
    return Publication.objects.all() if is_member(user) else Publication.objects.none()


def can_add_publication(user) -> bool:
    return can_upload_document(user)


def can_edit_publication(user, publication: Publication) -> bool:
    """Who added it, staff of its museum, and coordinators."""
    if is_coordinator(user):
        return True
    if not is_member(user):
        return False
    if publication.created_by_id == user.pk:
        return True
    return publication.museum_id is not None and can_act_for_museum(user, publication.museum)
