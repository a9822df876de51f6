"""Ingestion: sources → extraction → RDF → one transaction per article; and watching feeds."""

from __future__ import annotations

from kg.ingest.batch import ExtractsMany, Failure, IngestReport, ingest

__all__ = ["ExtractsMany", "Failure", "IngestReport", "ingest"]
