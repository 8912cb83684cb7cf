"""Producer-facing application pages (đơn đăng ký đánh giá của chủ thể), included by producers/urls.py."""

urlpatterns = []
