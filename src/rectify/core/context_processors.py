from django.conf import settings


def site(request):
    return {"site_name": settings.RECTIFY_SITE_NAME}
