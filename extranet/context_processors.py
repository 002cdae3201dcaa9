from .permissions import is_coordinator


def site_chrome(request):
    """What the site layout needs on every page: the navigation depends on the role."""
    user = getattr(request, "user", None)
    return {"is_coordinator": is_coordinator(user) if user is not None else False}
