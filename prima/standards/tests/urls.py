"""The project's URLs plus the standards pages, for as long as config/urls.py does not mount them yet."""

from django.urls import URLPattern, URLResolver, include, path

from config import urls as project

handler400 = project.handler400
handler403 = project.handler403
handler404 = project.handler404
handler500 = project.handler500


def _mounted(namespace: str) -> bool:
    return any(getattr(pattern, "namespace", None) == namespace for pattern in project.urlpatterns)


urlpatterns: list[URLPattern | URLResolver] = [
    *([] if _mounted("standards") else [path("standards/", include("prima.standards.urls"))]),
    *([] if _mounted("public_standards") else [path("public/standards/", include("prima.standards.public_urls"))]),
    *project.urlpatterns,
]
