"""E-mail alerts (archive/alerts/): subscriptions, their planned messages, the records they listed.

The editors' group may see them in the admin (view only: a subscriber's
address is theirs to change or cancel). Granting adds these permissions and
revoking removes exactly them, so both are safe to run twice.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

import archive.alerts.models

GROUP = "ویراستاران"
CODENAMES = ["view_subscription", "view_alertmessage"]


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="archive", codename__in=CODENAMES)


def grant_editors(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # As in 0012: permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("archive")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(*_permissions(apps))


def revoke_editors(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0012_editors_queue_mentions"),
    ]

    operations = [
        migrations.CreateModel(
            name="Subscription",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("email", models.EmailField(max_length=254, verbose_name="نشانی ایمیل")),
                (
                    "list_name",
                    models.CharField(
                        choices=[("articles", "خبرها"), ("statements", "گفته\u200cها")],
                        max_length=16,
                        verbose_name="فهرست",
                    ),
                ),
                (
                    "query",
                    models.CharField(
                        blank=True,
                        help_text="رشتهٔ پرس\u200cوجوی صفحهٔ فهرست",
                        max_length=2000,
                        verbose_name="جست\u200cوجو",
                    ),
                ),
                (
                    "rate",
                    models.CharField(
                        choices=[("daily", "روزانه"), ("weekly", "هفتگی")],
                        default="daily",
                        max_length=8,
                        verbose_name="بسامد",
                    ),
                ),
                (
                    "key",
                    models.CharField(
                        default=archive.alerts.models.new_key, editable=False, max_length=40, unique=True
                    ),
                ),
                (
                    "client",
                    models.CharField(
                        db_index=True,
                        editable=False,
                        max_length=64,
                        verbose_name="درخواست\u200cکننده (درهم\u200cشده)",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="ایجاد")),
                (
                    "requested_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="فرستادن پیوند تأیید"
                    ),
                ),
                ("confirmed_at", models.DateTimeField(blank=True, null=True, verbose_name="تأیید")),
                (
                    "position",
                    models.BigIntegerField(default=0, editable=False, verbose_name="جای دفتر تغییرها"),
                ),
                (
                    "last_sent_at",
                    models.DateTimeField(blank=True, editable=False, null=True, verbose_name="آخرین نامه"),
                ),
            ],
            options={
                "verbose_name": "اشتراک اطلاع\u200cرسانی",
                "verbose_name_plural": "اشتراک\u200cهای اطلاع\u200cرسانی",
                "indexes": [models.Index(fields=["rate", "confirmed_at"], name="alert_rate_confirmed")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("email", "list_name", "query"), name="alert_once_per_search"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="AlertMessage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("item_ids", models.JSONField(default=list, verbose_name="شناسه\u200cها")),
                ("more", models.PositiveIntegerField(default=0, verbose_name="موارد بیشتر")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="ایجاد")),
                (
                    "claimed_until",
                    models.DateTimeField(blank=True, null=True, verbose_name="در دست فرستادن تا"),
                ),
                ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="کوشش\u200cها")),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="فرستاده شد")),
                (
                    "subscription",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="messages",
                        to="archive.subscription",
                        verbose_name="اشتراک",
                    ),
                ),
            ],
            options={
                "verbose_name": "نامهٔ اطلاع\u200cرسانی",
                "verbose_name_plural": "نامه\u200cهای اطلاع\u200cرسانی",
            },
        ),
        migrations.CreateModel(
            name="SentMatch",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("object_id", models.BigIntegerField()),
                (
                    "message",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="matches",
                        to="archive.alertmessage",
                    ),
                ),
                (
                    "subscription",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="archive.subscription",
                    ),
                ),
            ],
            options={
                "verbose_name": "مورد فرستاده",
                "verbose_name_plural": "موارد فرستاده",
                "constraints": [
                    models.UniqueConstraint(fields=("subscription", "object_id"), name="alert_match_once")
                ],
            },
        ),
        migrations.AddIndex(
            model_name="alertmessage",
            index=models.Index(fields=["sent_at", "claimed_until"], name="alert_message_unsent"),
        ),
        migrations.RunPython(grant_editors, revoke_editors),
    ]
