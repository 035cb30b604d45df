"""Whole articles in four outlets' styles (agency, relay, analysis, interview): every statement found
with its speaker, and none credited to an official who did not make it.

The expected lists are hand annotations of tests/fixtures/extract/precision_*.txt.
"""

from __future__ import annotations

import pytest

from tests.extract_helpers import article, said

EXPECTED = {
    "precision_irna_baku.txt": [
        ("مرزهای دو کشور مرز دوستی است.", "Heydarov"),
        ("همکاری‌های آموزشی دو ارتش گسترش می‌یابد.", "Heydarov"),
        ("باکو به همسایگی با ایران افتخار می‌کند.", None),  # the president is not in the archive
        ("هیچ کشور ثالثی نمی‌تواند روابط دو کشور را تیره کند.", None),
        ("رزمایش مشترک مرزی در پاییز برگزار خواهد شد.", "Mamedov"),
        ("طرح این رزمایش ماه آینده نهایی می‌شود.", "Mamedov"),
    ],
    "precision_tasnim_moscow.txt": [
        ("تولید پهپاد در سال جاری دو برابر می‌شود.", "Zhdanov"),  # relayed by the spokesman
        ("وزارت دفاع گزارش کامل را هفته آینده منتشر می‌کند.", "Semyonov"),
        ("اصلاحات ساختاری ارتش باید ادامه یابد.", "Krasnov"),  # «وزیر دفاع پیشین روسیه»
        ("من از تصمیمات جانشینم حمایت می‌کنم.", "Krasnov"),
        ("اروپا افزایش توان نظامی روسیه را زیر نظر دارد.", None),
        ("پاریس به گفت‌وگو با مسکو پایبند است.", None),
    ],
    "precision_analysis_caspian.txt": [
        ("تهران در حال بررسی یک پیشنهاد همکاری دریایی است.", None),  # sources close to the minister
        ("خزر برای روسیه پشت جبهه است و مسکو نمی‌خواهد آنجا ناآرام شود.", None),
        ("ایران و روسیه در خزر بیش از هر جای دیگری منافع مشترک دارند.", None),
        ("کشورهای ساحلی هنوز بر سر رژیم حقوقی دریا توافق کامل ندارند.", None),
        ("حضور نیروهای فرامنطقه‌ای در خزر خط قرمز ایران است.", "Kaviani"),
        ("همکاری دریایی با همه همسایگان در دستور کار است.", None),  # the minister's adviser
    ],
    "precision_fars_interview.txt": [
        ("ناوگروه هشتاد و دوم تا پایان ماه اعزام خواهد شد.", "Farhadi"),
        ("مأموریت آن تأمین امنیت خطوط کشتیرانی است.", "Farhadi"),
        ("بله، رزمایش مشترک بعدی در اقیانوس هند برگزار می‌شود.", "Farhadi"),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_statement_is_found_with_its_speaker(name):
    assert [(text, who) for text, who, _how in said(article(name))] == EXPECTED[name]


def test_no_statement_is_credited_to_an_official_who_did_not_make_it():
    wrong = []
    for name, expected in EXPECTED.items():
        truth = dict(expected)
        for text, who, how in said(article(name)):
            if who is not None and truth.get(text) != who:
                wrong.append((name, text, who, how))
    assert wrong == []
