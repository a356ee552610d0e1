"""The Atom feed of newly published resolutions (Django's syndication framework), of a
province or of the country; read from `public.selectors` like every public page."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from hamahang.core.text import display_code
from hamahang.public import selectors
from hamahang.public.views import public_page


class PublishedResolutionsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, province=None):
        return province

    def title(self, province):
        where = f"استان {province.name}" if province else "کل کشور"
        return f"مصوبات منتشرشده ستادهای اقتصادی — {where}"

    def subtitle(self, province):
        return "تازه‌ترین مصوباتی که دبیرخانه برای عموم منتشر کرده است، با پیشرفت اجرای آن‌ها."

    def link(self, province):
        if province is None:
            return reverse("public:country")
        return reverse("public:resolution_list", args=[province.code])

    def items(self, province):
        return selectors.latest_published(province_id=province.id if province else None)

    def item_title(self, item):
        return f"مصوبه {display_code(item.code)} — {item.committee} ({item.province})"

    def item_description(self, item):
        return item.text

    def item_link(self, item):
        return reverse("public:resolution_detail", args=[item.province_code, item.id])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at


_feed = PublishedResolutionsFeed()


@public_page
def feed(request, province=None):
    return _feed(request, province)
