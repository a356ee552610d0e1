"""The public pages: no sign-in, Persian, only published and never confidential, cacheable
(ETag / Last-Modified / Cache-Control, 304), rate-limited, within query budgets."""

import pytest
from django.urls import reverse

from hamahang.meetings import services
from hamahang.public.tests.conftest import SECRET

pytestmark = pytest.mark.django_db

# (URL name, kwargs, query budget). The figures pages compute the report engine's figures
# when the cache is cold (the tests run without one): a number fixed by the report's shape.
PAGES = [
    # The pages built on the report engine: 40, 7 for its sections obstacles (4) and
    # reliefs_expiring (3), 4 for referrals, 3 for the province's stored figures (versions,
    # read, store); the province page 4 more for the outcomes it states.
    ("public:country", {}, 10),
    ("public:province", {"province": "qom"}, 58),
    ("public:resolution_list", {"province": "qom"}, 10),
    ("public:committees", {"province": "qom"}, 54),
    ("public:agencies", {"province": "qom"}, 54),
    ("public:projects", {"province": "qom"}, 8),
    ("public:units", {"province": "qom"}, 54),
    ("public:feed", {"province": "qom"}, 6),
    ("public:country_feed", {}, 6),
    ("public:open_data", {"province": "qom"}, 10),
    ("public:country_open_data", {}, 10),
]


@pytest.mark.parametrize(("name", "kwargs", "budget"), PAGES)
def test_each_public_page_answers_anonymously_with_cache_headers(
    client, published, django_assert_max_num_queries, name, kwargs, budget
):
    url = reverse(name, kwargs=kwargs)
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert response["ETag"].startswith('"') and response["Last-Modified"]
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies
    assert SECRET.encode() not in response.content
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304


def test_the_province_page_lists_published_resolutions_only(client, published):
    response = client.get(reverse("public:resolution_list", args=["qom"]))
    text = response.content.decode()
    assert "تأمین برق شهرک صنعتی" in text  # published
    assert "امهال بدهی مالیاتی واحدها" not in text  # not published
    assert SECRET not in text
    assert 'lang="fa" dir="rtl"' in text
    detail = client.get(reverse("public:resolution_detail", args=["qom", published["first"].pk]))
    assert detail.status_code == 200
    assert "سازمان صنعت، معدن و تجارت" in detail.content.decode()


@pytest.mark.parametrize("which", ["second", "secret"])
def test_an_unpublished_or_confidential_resolution_is_not_found(client, published, which):
    response = client.get(reverse("public:resolution_detail", args=["qom", published[which].pk]))
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_an_unknown_province_is_not_found(client, published):
    assert client.get("/public/nowhere/").status_code == 404


def test_publishing_changes_the_etag(client, published):
    url = reverse("public:resolution_list", args=["qom"])
    before = client.get(url)["ETag"]
    services.resolution_publish(resolution=published["second"], acting_user=published["dabir"])
    response = client.get(url, HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200 and response["ETag"] != before
    assert "امهال بدهی مالیاتی واحدها" in response.content.decode()


def test_a_malformed_period_is_refused_in_persian(client, published):
    response = client.get(reverse("public:committees", args=["qom"]), {"period": "y13x9"})
    assert response.status_code == 400
    assert "شناخته نیست" in response.content.decode()


def test_the_period_filter_narrows_the_list(client, published):
    url = reverse("public:resolution_list", args=["qom"])
    assert "تأمین برق" in client.get(url, {"period": "y1399"}).content.decode()
    assert "تأمین برق" not in client.get(url, {"period": "y1400"}).content.decode()


def test_public_pages_take_no_writes(client, published):
    assert client.post(reverse("public:country")).status_code == 405


def test_too_many_requests_get_a_persian_429(client, published, real_cache, settings):
    settings.PUBLIC_RATE_LIMIT = "3/m"
    url = reverse("public:country")
    answers = [client.get(url).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    response = client.get(url)
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert "درخواست‌های شما بیش از حد مجاز است" in response.content.decode()


def test_the_feed_is_atom_with_the_published_resolution(client, published):
    response = client.get(reverse("public:feed", args=["qom"]))
    assert response["Content-Type"].startswith("application/atom+xml")
    text = response.content.decode()
    assert "تأمین برق شهرک صنعتی" in text and "امهال بدهی" not in text and SECRET not in text
    assert f"/public/qom/resolutions/{published['first'].pk}/" in text


def test_the_country_page_links_the_open_data(client, published):
    text = client.get("/public/").content.decode()
    assert reverse("public:country_open_data") in text
    assert "درگاه شفافیت" in text and "قم" in text


def test_projects_show_money_by_currency_and_no_executor(client, published):
    text = client.get(reverse("public:projects", args=["qom"])).content.decode()
    assert "کارخانه کاشی قم" in text
    assert "ریال" in text and "دلار" in text
    assert "آقای محمدی" not in text  # the executor is a person: not public


def test_the_resolution_detail_has_a_query_budget(client, published, django_assert_max_num_queries):
    url = reverse("public:resolution_detail", args=["qom", published["first"].pk])
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200 and "max-age" in response["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
