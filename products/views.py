from ocop_portal.views import ScopedListView

from .models import Product


class ListPage(ScopedListView):
    model = Product
    template_name = "products/product_list.html"
