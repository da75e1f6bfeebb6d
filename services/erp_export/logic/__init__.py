"""erp_export's use cases, each taking the service's ports (`services.erp_export.ports`):
`exporter` (record compliance, build, store, log and deliver each ERP's file), `console` (what the
staff API and pages do), `vendor_match` (codes from the ERP's vendor list). ERP codes and their
rules are `codes.py`, the files `formatters/`; the local stack's demo setup is
`coi_cli/local/erp_demo.py`."""
