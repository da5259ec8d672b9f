"""Reading JSON request bodies: 400 when malformed, 422 when a field is missing or mistyped."""

from __future__ import annotations

from typing import Any

from flask import request
from werkzeug.exceptions import BadRequest

from webapp.services.errors import InvalidInput

_TYPE_NAMES = {int: "整数", str: "字符串", bool: "布尔值", list: "数组"}


def json_object() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise BadRequest("请求体必须是 JSON 对象（Content-Type: application/json）")
    return data


def field(data: dict[str, Any], name: str, kind: type, default: Any = ...) -> Any:
    """data[name] checked against `kind`; `default` makes it optional."""
    if name not in data or data[name] is None:
        if default is ...:
            raise InvalidInput(f"缺少字段：{name}", field=name)
        return default
    value = data[name]
    # bool is an int in Python; JSON true is no revision number.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise InvalidInput(f"字段 {name} 应为{_TYPE_NAMES.get(kind, kind.__name__)}", field=name)
    return value


def int_arg(name: str) -> int:
    raw = request.args.get(name, "")
    try:
        return int(raw)
    except ValueError:
        raise InvalidInput(f"查询参数 {name} 应为整数", field=name) from None
