# Persian labels for fields an editor reads (no schema change: verbose names and choices only).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0009_retire_database_search"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="ایجاد"),
        ),
        migrations.AlterField(
            model_name="event",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="به\u200cروزرسانی"),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="created_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="ایجاد"),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="updated_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="به\u200cروزرسانی"),
        ),
        migrations.AlterField(
            model_name="historicalofficial",
            name="created_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="ایجاد"),
        ),
        migrations.AlterField(
            model_name="historicalofficial",
            name="updated_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="به\u200cروزرسانی"),
        ),
        migrations.AlterField(
            model_name="historicalstatement",
            name="created_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="ایجاد"),
        ),
        migrations.AlterField(
            model_name="historicalstatement",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="ثبت\u200cکننده",
            ),
        ),
        migrations.AlterField(
            model_name="historicalstatement",
            name="updated_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="به\u200cروزرسانی"),
        ),
        migrations.AlterField(
            model_name="official",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="ایجاد"),
        ),
        migrations.AlterField(
            model_name="official",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="به\u200cروزرسانی"),
        ),
        migrations.AlterField(
            model_name="rejectedsuggestion",
            name="article",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="rejected_suggestions",
                to="archive.article",
                verbose_name="خبر",
            ),
        ),
        migrations.AlterField(
            model_name="rejectedsuggestion",
            name="end",
            field=models.PositiveIntegerField(verbose_name="پایان بازه"),
        ),
        migrations.AlterField(
            model_name="rejectedsuggestion",
            name="kind",
            field=models.CharField(
                choices=[("statement", "گفته"), ("mention", "نام")], max_length=12, verbose_name="نوع"
            ),
        ),
        migrations.AlterField(
            model_name="rejectedsuggestion",
            name="rejected_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="زمان رد"),
        ),
        migrations.AlterField(
            model_name="rejectedsuggestion",
            name="rejected_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="ردکننده",
            ),
        ),
        migrations.AlterField(
            model_name="rejectedsuggestion",
            name="start",
            field=models.PositiveIntegerField(verbose_name="آغاز بازه"),
        ),
        migrations.AlterField(
            model_name="statement",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="ایجاد"),
        ),
        migrations.AlterField(
            model_name="statement",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                to=settings.AUTH_USER_MODEL,
                verbose_name="ثبت\u200cکننده",
            ),
        ),
        migrations.AlterField(
            model_name="statement",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="به\u200cروزرسانی"),
        ),
        migrations.AlterField(
            model_name="unresolvedmention",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="ورود به صف"),
        ),
        migrations.AlterField(
            model_name="unresolvedmention",
            name="resolved_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="رسیدگی\u200cکننده",
            ),
        ),
    ]
