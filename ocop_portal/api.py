"""Base API classes: every endpoint's queryset comes from ``restrict`` (same scoping as the pages)."""

from rest_framework import permissions, viewsets

from accounts.permissions import role_allows


class RoleActionPermission(permissions.BasePermission):
    """Reads need the role's "view" action, writes its "change" action."""

    message = "Bạn không có quyền thực hiện thao tác này."

    def has_permission(self, request, view):
        action = "view" if request.method in permissions.SAFE_METHODS else view.write_action
        return role_allows(request.user, action)


class ScopedModelViewSet(viewsets.ModelViewSet):
    permission_classes = [permissions.IsAuthenticated, RoleActionPermission]
    write_action = "change"
    model = None

    def base_queryset(self):
        return self.model.objects.all()

    def get_queryset(self):
        action = "view" if self.request.method in permissions.SAFE_METHODS else self.write_action
        return self.base_queryset().restrict(self.request.user, action)


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticated, RoleActionPermission]
    write_action = "change"
    model = None

    def base_queryset(self):
        return self.model.objects.all()

    def get_queryset(self):
        return self.base_queryset().restrict(self.request.user, "view")


# --- OpenAPI: the error answers every operation may give, documented once (drf-spectacular postprocessing hook) ---

ERROR_SCHEMAS = {
    "ErrorDetail": {
        "type": "object",
        "description": 'Lỗi có một thông báo: {"detail": "..."}.',
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "ValidationErrors": {
        "description": "Dữ liệu không hợp lệ: các thông báo theo tên trường (hoặc một danh sách thông báo).",
        "oneOf": [
            {"type": "object", "additionalProperties": {}},
            {"type": "array", "items": {"type": "string"}},
        ],
    },
}

ERROR_DESCRIPTIONS = {
    "400": ("ValidationErrors", "Dữ liệu hoặc tham số không hợp lệ"),
    "401": ("ErrorDetail", "Chưa xác thực hoặc mã truy cập đã hết hạn"),
    "403": ("ErrorDetail", "Không có quyền"),
    "404": ("ErrorDetail", "Không tìm thấy hoặc ngoài địa bàn của bạn"),
    "409": ("ErrorDetail", "Xung đột: dữ liệu đã đổi hoặc thao tác không hợp với trạng thái hiện tại"),
    "415": ("ErrorDetail", "Kiểu nội dung không được hỗ trợ"),
    "429": ("ErrorDetail", "Quá nhiều yêu cầu; thử lại sau"),
}

WRITE_METHODS = {"post", "put", "patch", "delete"}


def _error_codes(method, operation):
    """The error statuses an operation can answer with.

    Every request may be refused as malformed (400: e.g. a NUL byte in a parameter), unauthenticated (401),
    forbidden (403), not found (404: an object outside the user's area, a page past the end, an unknown
    ``?format=``) or throttled (429); writes may conflict with the current state (409) and a request body may come
    in an unsupported content type (415)."""
    codes = {"400", "401", "403", "404", "429"}
    if method in WRITE_METHODS:
        codes.add("409")
    if "requestBody" in operation:
        codes.add("415")
    return codes


def document_error_responses(result, generator, request, public):
    """Add the error answers (with a JSON body schema) that an operation does not document itself."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in ERROR_SCHEMAS.items():
        schemas.setdefault(name, schema)
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in WRITE_METHODS | {"get"} or not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            for code in sorted(_error_codes(method, operation)):
                schema_name, description = ERROR_DESCRIPTIONS[code]
                response = responses.setdefault(code, {"description": description})
                response.setdefault("description", description)
                response.setdefault(
                    "content", {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}}
                )
    return result
