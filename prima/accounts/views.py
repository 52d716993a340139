from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from prima.accounts.forms import EmailLoginForm, LanguageForm
from prima.accounts.services import set_user_language


class LoginView(auth_views.LoginView):
    form_class = EmailLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@require_POST
def change_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language: saved on the staff member's profile, or in a cookie for the public."""
    form = LanguageForm(request.POST)
    # The page's current address wins over the hidden `next`: live search rewrites the address bar after load.
    candidates = [request.headers.get("Referer", ""), request.POST.get("next", "")]
    next_url = next(
        (url for url in candidates if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()})),
        "/",
    )
    response = HttpResponseRedirect(next_url)
    if not form.is_valid():
        return response
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        set_user_language(request.user, language=language, actor=request.user)
    translation.activate(language)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax")
    return response
