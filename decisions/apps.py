from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = "Quyết định công nhận, thu hồi"

    def ready(self):
        from products.filtersets import register_star_filter

        from .selectors import annotate_ocop_status

        def filter_by_current_stars(queryset, stars):
            if "current_stars" not in queryset.query.annotations:
                queryset = annotate_ocop_status(queryset)
            return queryset.filter(current_stars=stars)

        register_star_filter(filter_by_current_stars)
