"""Model validation helpers shared by the services."""


def loaded_relations(obj):
    """Foreign keys of ``obj`` set to an instance the caller already loaded (a form's, the API's or an importer's
    choice). ``full_clean`` would check each again with a query, one per field and row on a 10,000-row import; the
    rules that matter about them (area, product set) are checked by the services on the instances."""
    return [
        field.name
        for field in obj._meta.concrete_fields
        if field.is_relation and getattr(obj, field.attname) is not None and field.is_cached(obj)
    ]
