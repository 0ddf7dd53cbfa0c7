"""Typed views of what the SQL Gateway really sends (not what its OpenAPI spec says).

The wire format differs from the spec: the query flag is ``isQueryResult``, ``results`` is
``{"columns", "rowFormat", "data": [{"kind", "fields"}]}``, ``NOT_READY`` pages hold only ``resultType`` and
``nextResultUri``, and ``EOS`` pages have no ``nextResultUri``. Parsing is tolerant of missing fields so that a
newer gateway adding fields never breaks us; a page that is not an object at all is a protocol error upstream.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NOT_READY = "NOT_READY"
PAYLOAD = "PAYLOAD"
EOS = "EOS"

# Flink's RowKind names on the wire → the short forms Flink prints in changelog mode.
ROW_KINDS = {"INSERT": "+I", "UPDATE_BEFORE": "-U", "UPDATE_AFTER": "+U", "DELETE": "-D"}

_MAX_LENGTH = 2147483647


@dataclass(frozen=True)
class GatewayInfo:
    product_name: str
    version: str


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool
    logical_type: dict[str, Any] = field(default_factory=dict, compare=False)
    comment: str | None = None

    @classmethod
    def from_wire(cls, raw: dict[str, Any]) -> Column:
        logical = raw.get("logicalType") or {}
        return cls(
            name=str(raw.get("name", "")),
            type=sql_type(logical),
            nullable=bool(logical.get("nullable", True)),
            logical_type=logical,
            comment=raw.get("comment"),
        )


@dataclass
class ResultPage:
    result_type: str
    result_kind: str | None = None
    is_query_result: bool | None = None
    job_id: str | None = None
    columns: list[Column] | None = None
    rows: list[tuple[str, list[Any]]] = field(default_factory=list)
    next_uri: str | None = None
    row_format: str | None = None

    @classmethod
    def from_wire(cls, raw: dict[str, Any]) -> ResultPage:
        results = raw.get("results") or {}
        columns = None
        if isinstance(results, dict) and "columns" in results:
            columns = [Column.from_wire(c) for c in results.get("columns") or []]
        data = (results.get("data") if isinstance(results, dict) else None) or []
        try:  # what the gateway sends: a known kind and a list of fields, taken as they are (no copies)
            rows = [(ROW_KINDS[item["kind"]], item["fields"]) for item in data]
            if not all(fields.__class__ is list for _, fields in rows):
                raise TypeError("fields that are not a list")
        except (KeyError, TypeError):  # anything else, value by value
            rows = []
            for item in data:
                kind = str(item.get("kind", "INSERT"))
                rows.append((ROW_KINDS.get(kind, kind), list(item.get("fields") or [])))
        return cls(
            result_type=str(raw.get("resultType", "")),
            result_kind=raw.get("resultKind"),
            is_query_result=raw.get("isQueryResult", raw.get("queryResult")),
            job_id=raw.get("jobID"),
            columns=columns,
            rows=rows,
            next_uri=raw.get("nextResultUri"),
            row_format=results.get("rowFormat") if isinstance(results, dict) else None,
        )


@dataclass
class StatementResult:
    """Everything a bounded statement produced, collected from all its pages."""

    columns: list[Column]
    rows: list[tuple[str, list[Any]]]
    job_id: str | None
    is_query: bool
    result_kind: str | None
    operation: str = ""
    truncated: bool = False


def _nn(logical: dict[str, Any]) -> str:
    return "" if logical.get("nullable", True) else " NOT NULL"


def _precision(name: str, logical: dict[str, Any]) -> str:
    p = logical.get("precision")
    return f"{name}({p})" if p is not None else name


def sql_type(logical: dict[str, Any] | None) -> str:
    """A SQL type as Flink prints it (``INT NOT NULL``, ``STRING``, ``ROW<`a` INT>``) from a wire logicalType."""
    if not logical:
        return "UNKNOWN"
    root = str(logical.get("type", "UNKNOWN"))
    length = logical.get("length")
    if root == "INTEGER":
        base = "INT"
    elif root == "VARCHAR":
        base = (
            "STRING" if length == _MAX_LENGTH else f"VARCHAR({length})" if length is not None else "VARCHAR"
        )
    elif root == "VARBINARY":
        base = (
            "BYTES"
            if length == _MAX_LENGTH
            else f"VARBINARY({length})"
            if length is not None
            else "VARBINARY"
        )
    elif root in ("CHAR", "BINARY"):
        base = f"{root}({length})" if length is not None else root
    elif root == "DECIMAL":
        base = f"DECIMAL({logical.get('precision', 10)}, {logical.get('scale', 0)})"
    elif root == "TIMESTAMP_WITHOUT_TIME_ZONE":
        base = _precision("TIMESTAMP", logical)
    elif root == "TIMESTAMP_WITH_LOCAL_TIME_ZONE":
        base = _precision("TIMESTAMP_LTZ", logical)
    elif root == "TIMESTAMP_WITH_TIME_ZONE":
        base = _precision("TIMESTAMP", logical) + " WITH TIME ZONE"
    elif root == "TIME_WITHOUT_TIME_ZONE":
        base = _precision("TIME", logical)
    elif root in ("ARRAY", "MULTISET"):
        base = f"{root}<{sql_type(logical.get('elementType'))}>"
    elif root == "MAP":
        base = f"MAP<{sql_type(logical.get('keyType'))}, {sql_type(logical.get('valueType'))}>"
    elif root in ("ROW", "STRUCTURED_TYPE"):
        parts = []
        for f in logical.get("fields") or []:
            part = f"`{f.get('name', '')}` {sql_type(f.get('fieldType'))}"
            if f.get("description"):
                part += f" '{f['description']}'"
            parts.append(part)
        base = f"ROW<{', '.join(parts)}>"
    elif root == "INTERVAL_YEAR_MONTH":
        base = "INTERVAL " + str(logical.get("resolution", "YEAR_TO_MONTH")).replace("_", " ")
    elif root == "INTERVAL_DAY_TIME":
        base = "INTERVAL " + str(logical.get("resolution", "DAY_TO_SECOND")).replace("_", " ")
    elif root == "RAW":
        base = f"RAW('{logical.get('class', '?')}', '...')"
    else:
        base = root
    return base + _nn(logical)
