"""The public, read-only catalogue API: no login, rate-limited per IP, ETag/Last-Modified, published fields only."""

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from .. import selectors
from ..filtersets import catalogue_filter
from ..http import conditional
from .serializers import PublicProductPageSerializer, PublicProductSerializer

DEFAULT_RATE = "120/min"
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class PublicCatalogueThrottle(SimpleRateThrottle):
    """Per client address (X-Forwarded-For through the configured proxies), for everyone, logged in or not.
    Rate: ``settings.OCOP_PUBLIC_API_RATE`` (default 120/min)."""

    scope = "public_catalogue"

    def get_rate(self):
        return getattr(settings, "OCOP_PUBLIC_API_RATE", DEFAULT_RATE)

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def cache_seconds():
    """How long a public answer is served from the cache (no database): ``settings.OCOP_PUBLIC_CACHE_SECONDS``."""
    return int(getattr(settings, "OCOP_PUBLIC_CACHE_SECONDS", 60))


def _cache_key(request):
    digest = hashlib.sha256(request.build_absolute_uri().encode("utf-8")).hexdigest()
    return f"catalogue:api:{digest}"


def cached(build):
    """Serve ``build(request, ...)``'s (data, items) from the cache for ``cache_seconds()``."""

    def get(self, request, *args, **kwargs):
        key = _cache_key(request)
        hit = cache.get(key) if cache_seconds() > 0 else None
        if hit is None:
            data, items = build(self, request, *args, **kwargs)
            hit = (json.loads(_json_bytes(data)), items)  # plain JSON values, no serializer in the cache
            if cache_seconds() > 0:
                cache.set(key, hit, cache_seconds())
        data, items = hit
        return conditional(request, Response(data), _json_bytes(data), items)

    get.__name__ = build.__name__
    get.__doc__ = build.__doc__
    return get


def _json_bytes(data):
    return json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8")


class PublicApiView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicCatalogueThrottle]


def _with_url(item, request):
    item = dict(item)
    item["url"] = request.build_absolute_uri(selectors.product_url(item))
    item["photos"] = [request.build_absolute_uri(url) for url in item["photos"]]
    return item


COMMON_RESPONSES = {
    304: OpenApiResponse(description="Không đổi so với ETag gửi trong If-None-Match"),
    429: OpenApiResponse(description="Quá nhiều yêu cầu từ địa chỉ này: thử lại sau số giây trong Retry-After"),
}

FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description="Tìm theo tên sản phẩm, chủ thể (có hoặc không dấu)"),
    OpenApiParameter("province", str, description="Mã tỉnh (GSO)"),
    OpenApiParameter("commune", str, description="Mã xã, phường (GSO)"),
    OpenApiParameter("group", str, description="Mã nhóm sản phẩm (QĐ 148)"),
    OpenApiParameter("stars", int, enum=[3, 4, 5]),
    OpenApiParameter("status", str, enum=["valid", "expiring", "expired", "revoked"]),
    OpenApiParameter("sort", str, enum=["name", "-stars", "valid_until", "commune"]),
    OpenApiParameter("page", int),
    OpenApiParameter("page_size", int, description=f"tối đa {MAX_PAGE_SIZE}"),
]


class PublicProductListView(PublicApiView):
    @extend_schema(
        operation_id="public_catalogue_list",
        tags=["Danh mục OCOP công khai"],
        summary="Danh mục sản phẩm OCOP công khai (không cần đăng nhập)",
        parameters=FILTER_PARAMETERS,
        responses={200: PublicProductPageSerializer, **COMMON_RESPONSES},
        auth=[],
    )
    @cached
    def get(self, request):
        _form, queryset, lean = catalogue_filter(request.query_params, with_lean=True)
        try:
            size = min(max(int(request.query_params.get("page_size", PAGE_SIZE)), 1), MAX_PAGE_SIZE)
        except ValueError:
            size = PAGE_SIZE
        paginator = Paginator(queryset, size)
        paginator.count = lean.count()  # counted without the published values' joins
        page = paginator.get_page(request.query_params.get("page"))
        items = selectors.published(page.object_list)
        data = {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "results": [_with_url(item, request) for item in items],
        }
        return PublicProductPageSerializer(data).data, items


class PublicProductDetailView(PublicApiView):
    @extend_schema(
        operation_id="public_catalogue_detail",
        tags=["Danh mục OCOP công khai"],
        summary="Một sản phẩm OCOP theo mã tra cứu (mã QR)",
        responses={
            200: PublicProductSerializer,
            404: OpenApiResponse(description="Không có sản phẩm công khai với mã này"),
            **COMMON_RESPONSES,
        },
        auth=[],
    )
    @cached
    def get(self, request, code):
        item = selectors.public_product(code)
        if item is None:
            raise Http404
        return PublicProductSerializer(_with_url(item, request)).data, [item]
