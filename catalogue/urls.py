"""Included at the root (``path("", include("catalogue.urls"))``): the public pages, /v/<code>/, robots.txt and
the public API under /api/public/catalogue/."""

from django.urls import include, path

from . import views

app_name = "catalogue"

urlpatterns = [
    path("catalogue/", views.CatalogueView.as_view(), name="list"),
    path("catalogue/ban-do.svg", views.CatalogueMapView.as_view(), name="map"),
    path("catalogue/export/<str:fmt>/", views.ExportView.as_view(), name="export"),
    path("catalogue/sitemap.xml", views.sitemap_xml, name="sitemap"),
    path("catalogue/p/<str:code>/", views.ProductView.as_view(), name="product-short"),
    path("catalogue/p/<str:code>/<slug:slug>/", views.ProductView.as_view(), name="product"),
    path("catalogue/p/<str:code>/anh/<slug:token>.<slug:ext>", views.PhotoView.as_view(), name="photo"),
    path("catalogue/qr/<str:code>/", views.QrView.as_view(), name="qr"),
    path("catalogue/qr/<str:code>/download.<str:fmt>", views.QrView.as_view(), name="qr-download"),
    path("catalogue/qr/recognition/<int:pk>/", views.QrForRecognitionView.as_view(), name="qr-for-recognition"),
    path("catalogue/consent/<int:pk>/", views.ConsentView.as_view(), name="consent"),
    path("v/<str:code>/", views.VerifyView.as_view(), name="verify"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("api/public/catalogue/", include(("catalogue.api.urls", "catalogue-api"))),
]
