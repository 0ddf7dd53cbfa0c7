"""Parsing the gateway's real wire format (as captured from Flink 1.20.3) into typed models."""

from __future__ import annotations

from cdcshell.gateway.models import Column, ResultPage, sql_type

# Captured from the live gateway: SELECT over a datagen table with one column of each kind.
COLUMNS = [
    {"name": "id", "logicalType": {"type": "INTEGER", "nullable": False}, "comment": None},
    {
        "name": "name",
        "logicalType": {"type": "VARCHAR", "nullable": True, "length": 2147483647},
        "comment": None,
    },
    {
        "name": "d",
        "logicalType": {"type": "DECIMAL", "nullable": True, "precision": 10, "scale": 2},
        "comment": None,
    },
    {"name": "ts", "logicalType": {"type": "TIMESTAMP_WITHOUT_TIME_ZONE", "nullable": True, "precision": 3}},
    {
        "name": "tl",
        "logicalType": {"type": "TIMESTAMP_WITH_LOCAL_TIME_ZONE", "nullable": True, "precision": 3},
    },
    {
        "name": "arr",
        "logicalType": {
            "type": "ARRAY",
            "nullable": True,
            "elementType": {"type": "INTEGER", "nullable": True},
        },
    },
    {
        "name": "m",
        "logicalType": {
            "type": "MAP",
            "nullable": True,
            "keyType": {"type": "VARCHAR", "nullable": True, "length": 2147483647},
            "valueType": {"type": "INTEGER", "nullable": True},
        },
    },
    {
        "name": "r",
        "logicalType": {
            "type": "ROW",
            "nullable": True,
            "fields": [
                {"name": "a", "fieldType": {"type": "INTEGER", "nullable": True}},
                {"name": "b", "fieldType": {"type": "VARCHAR", "nullable": True, "length": 2147483647}},
            ],
        },
    },
    {"name": "bb", "logicalType": {"type": "VARBINARY", "nullable": True, "length": 2147483647}},
    {"name": "dt", "logicalType": {"type": "DATE", "nullable": True}},
    {"name": "tm", "logicalType": {"type": "TIME_WITHOUT_TIME_ZONE", "nullable": True, "precision": 0}},
    {"name": "c", "logicalType": {"type": "VARCHAR", "nullable": False, "length": 10}},
]


def test_sql_types_read_like_flink_prints_them():
    types = [Column.from_wire(c).type for c in COLUMNS]
    assert types == [
        "INT NOT NULL",
        "STRING",
        "DECIMAL(10, 2)",
        "TIMESTAMP(3)",
        "TIMESTAMP_LTZ(3)",
        "ARRAY<INT>",
        "MAP<STRING, INT>",
        "ROW<`a` INT, `b` STRING>",
        "BYTES",
        "DATE",
        "TIME(0)",
        "VARCHAR(10) NOT NULL",
    ]


def test_nullable_flag():
    assert Column.from_wire(COLUMNS[0]).nullable is False
    assert Column.from_wire(COLUMNS[1]).nullable is True


def test_unknown_or_missing_type_does_not_fail():
    assert sql_type(None) == "UNKNOWN"
    assert sql_type({"type": "GEOGRAPHY", "nullable": True}) == "GEOGRAPHY"


def test_not_ready_page():
    page = ResultPage.from_wire(
        {"resultType": "NOT_READY", "nextResultUri": "/v3/sessions/s/operations/o/result/0?rowFormat=JSON"}
    )
    assert page.result_type == "NOT_READY"
    assert page.columns is None
    assert page.rows == []
    assert page.next_uri.endswith("/result/0?rowFormat=JSON")


def test_payload_page_with_rows_and_kinds():
    page = ResultPage.from_wire(
        {
            "resultType": "PAYLOAD",
            "isQueryResult": True,
            "jobID": "d20f6c17530b50293775a64f14d1a26c",
            "resultKind": "SUCCESS_WITH_CONTENT",
            "results": {
                "columns": COLUMNS[:1],
                "rowFormat": "JSON",
                "data": [
                    {"kind": "INSERT", "fields": [1]},
                    {"kind": "UPDATE_BEFORE", "fields": [1]},
                    {"kind": "UPDATE_AFTER", "fields": [2]},
                    {"kind": "DELETE", "fields": [2]},
                ],
            },
            "nextResultUri": "/v3/sessions/s/operations/o/result/1?rowFormat=JSON",
        }
    )
    assert page.is_query_result is True
    assert page.job_id == "d20f6c17530b50293775a64f14d1a26c"
    assert page.result_kind == "SUCCESS_WITH_CONTENT"
    assert [c.name for c in page.columns] == ["id"]
    assert page.rows == [("+I", [1]), ("-U", [1]), ("+U", [2]), ("-D", [2])]
    assert page.row_format == "JSON"


def test_eos_page_has_no_next_uri():
    page = ResultPage.from_wire(
        {
            "resultType": "EOS",
            "isQueryResult": False,
            "resultKind": "SUCCESS",
            "results": {"columns": [], "data": []},
        }
    )
    assert page.result_type == "EOS"
    assert page.next_uri is None
    assert page.columns == []
