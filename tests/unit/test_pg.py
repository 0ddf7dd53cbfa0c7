"""The one PostgreSQL helper: targets, one-line errors, the slot statement and the slot model's JSON."""

from __future__ import annotations

from cdcshell.pg import PgTarget, ReplicationSlot, drop_slot_sql, error_line


def test_target_dsn_quotes_credentials_and_hides_the_password_from_repr() -> None:
    target = PgTarget("db.internal", 5433, "shop", "cdc", "it's secret")
    assert target.dsn() == "postgresql://cdc:it%27s%20secret@db.internal:5433/shop"
    assert target.label == "db.internal:5433/shop"
    assert "secret" not in repr(target)
    assert target.params()["dbname"] == "shop"


def test_error_line_is_the_first_line_or_the_type() -> None:
    assert error_line(RuntimeError("refused\nDETAIL: more")) == "refused"
    assert error_line(RuntimeError("")) == "RuntimeError"


def test_drop_slot_sql_escapes_quotes() -> None:
    assert drop_slot_sql("it's") == "SELECT pg_drop_replication_slot('it''s');"


def test_slot_serialises_itself() -> None:
    slot = ReplicationSlot("h:5432/shop", "s", "pgoutput", False, 10, "reserved", ("orders",))
    assert slot.as_dict() == {
        "slot": "s",
        "database": "h:5432/shop",
        "active": False,
        "plugin": "pgoutput",
        "retained_bytes": 10,
        "wal_status": "reserved",
        "used_by": ["orders"],
    }
    assert slot.drop_sql() == drop_slot_sql("s")
