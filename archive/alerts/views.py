"""Thin views of the alerts: ask (the form), confirm and cancel (signed links, no login)."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from archive.alerts import mail
from archive.alerts.forms import AlertForm
from archive.alerts.searches import BadSearch, canonical_query, describe, page_url
from archive.alerts.subscribe import Refused, client_of, confirm, request_alert, unsubscribe
from archive.alerts.tokens import BadToken, read_token

log = logging.getLogger(__name__)


def notice(request: HttpRequest, title: str, message: str, status: int = 200, **context) -> HttpResponse:
    return render(
        request, "alerts/notice.html", {"title": title, "message": message, **context}, status=status
    )


@never_cache
@require_http_methods(["GET", "POST"])
def new_alert(request: HttpRequest, name: str) -> HttpResponse:
    """The form that asks for an alert of the list's search in the query string; POST mails the link."""
    try:
        query = canonical_query(name, request.GET.urlencode())
    except BadSearch as exc:
        return notice(request, "اطلاع‌رسانی پذیرفته نشد", str(exc), status=400)
    form = AlertForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                subscription = request_alert(data["email"], name, query, data["rate"], client_of(request))
            except Refused as exc:
                form.add_error(None, str(exc))
                status = 429
            else:
                if _mail_confirmation(subscription):
                    return redirect("alerts:requested")
                form.add_error(None, "نامهٔ تأیید فرستاده نشد؛ چند دقیقهٔ دیگر دوباره بکوشید.")
                status = 503
    context = {
        "form": form,
        "name": name,
        "search": describe(name, query),
        "page_url": page_url(name, query),
        "action": request.get_full_path(),
    }
    return render(request, "alerts/new.html", context, status=status)


def _mail_confirmation(subscription) -> bool:
    try:
        mail.confirmation_message(subscription).send()
    except OSError:  # the mail server could not be reached: the request is dropped, to be made again
        log.exception("confirmation mail for alert %s could not be sent", subscription.pk)
        if subscription.confirmed_at is None:
            subscription.delete()
        return False
    return True


def requested(request: HttpRequest) -> HttpResponse:
    return notice(
        request,
        "پیوند تأیید فرستاده شد",
        "نامه‌ای با پیوند تأیید به نشانی شما فرستادیم. تا پیوند را باز نکنید و «تأیید» را نزنید، "
        "اطلاع‌رسانی آغاز نمی‌شود. اگر نامه نرسید، پوشهٔ هرزنامه را ببینید.",
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_alert(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what is confirmed, with a button (a mail scanner's visit confirms nothing); POST confirms."""
    try:
        subscription = read_token(token, "confirm")
    except BadToken as exc:
        return notice(request, "پیوند پذیرفته نشد", str(exc), status=400)
    search = describe(subscription.list_name, subscription.query)
    if request.method == "POST" or subscription.confirmed_at is not None:
        confirm(subscription)
        return notice(
            request,
            "اطلاع‌رسانی تأیید شد",
            f"از این پس {subscription.get_rate_display()} خبرِ موارد تازهٔ این جست‌وجو را "
            "به نشانی شما می‌فرستیم. پیوند لغو در پایین هر نامه است.",
            search=search,
            page_url=page_url(subscription.list_name, subscription.query),
        )
    return notice(
        request,
        "تأیید اطلاع‌رسانی",
        f"برای نشانی {subscription.email}، {subscription.get_rate_display()}، این جست‌وجو:",
        search=search,
        button="تأیید",
    )


@csrf_exempt  # the signed link is the authority; RFC 8058 one-click posts come without cookies
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe_alert(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; POST (the button, or a mail program's one-click List-Unsubscribe) cancels."""
    try:
        subscription = read_token(token, "unsubscribe")
    except BadToken as exc:
        return notice(request, "لغو اطلاع‌رسانی", str(exc), status=400)
    if request.method == "POST":
        unsubscribe(subscription)
        return notice(request, "اطلاع‌رسانی لغو شد", "دیگر نامه‌ای برای این جست‌وجو به نشانی شما نمی‌فرستیم.")
    return notice(
        request,
        "لغو اطلاع‌رسانی",
        f"اطلاع‌رسانی {subscription.get_rate_display()} این جست‌وجو به نشانی {subscription.email} لغو شود؟",
        search=describe(subscription.list_name, subscription.query),
        button="لغو اطلاع‌رسانی",
    )
