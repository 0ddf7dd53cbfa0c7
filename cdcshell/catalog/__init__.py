"""The generated completion catalogs: configuration keys, connector options, SQL words, per Flink version."""

from cdcshell.catalog.loader import (
    CatalogError,
    available_series,
    fallback_notice,
    load_catalog,
    preload,
    resolve_series,
)
from cdcshell.catalog.model import Catalog, ConnectorInfo, OptionInfo

__all__ = [
    "Catalog",
    "CatalogError",
    "ConnectorInfo",
    "OptionInfo",
    "available_series",
    "fallback_notice",
    "load_catalog",
    "preload",
    "resolve_series",
]
