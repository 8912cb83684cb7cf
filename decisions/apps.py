from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = "Quyết định công nhận, thu hồi"

    def ready(self):
        from products.filtersets import register_star_filter

        from .selectors import products_with_current_stars

        def filter_by_current_stars(queryset, stars):
            return queryset.filter(pk__in=products_with_current_stars(stars))

        register_star_filter(filter_by_current_stars)
