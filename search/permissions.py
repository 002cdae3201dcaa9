"""Which indexed documents a member may see, as a filter applied inside the search query.

The filter is part of the query sent to the search engine, so a document the member may not
see is never counted, shown, excerpted or counted in a facet.
"""

from haystack.query import SQ

from extranet.models import Membership
from extranet.permissions import is_coordinator, is_member
from extranet.selectors import working_groups_of

from .registry import Visibility


def visible_documents_filter(user) -> SQ | None:
    """The SQ selecting the documents `user` may see; None when they may see nothing."""
    if not is_member(user):
        return None
    if is_coordinator(user):
        return SQ(visibility__in=list(Visibility.values))
    allowed = SQ(visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS])
    museum_ids = list(Membership.objects.active().filter(user=user).values_list("museum_id", flat=True))
    if museum_ids:
        allowed |= SQ(visibility__exact=Visibility.MUSEUM) & SQ(museum_ids__in=museum_ids)
    group_ids = list(working_groups_of(user).values_list("pk", flat=True))
    if group_ids:
        allowed |= SQ(visibility__exact=Visibility.GROUP) & SQ(group_ids__in=group_ids)
    return allowed
