from .views import DocumentViewSet, ProductClassViewSet, ProductViewSet, SalesChannelViewSet


def register(router):
    """Register this app's viewsets on the portal's single API router."""
    router.register("products", ProductViewSet, basename="product")
    router.register("documents", DocumentViewSet, basename="document")
    router.register("product-classes", ProductClassViewSet, basename="product-class")
    router.register("sales-channels", SalesChannelViewSet, basename="sales-channel")
