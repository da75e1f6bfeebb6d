"""erp_export's use cases, each taking the service's ports (`services.erp_export.ports`):
`exporter` (record compliance, build, store, log and deliver each ERP's file), `requests` (what
staff ask for from the Exports page: export now, retry a delivery). Applying ERP codes is
`codes.py`, the files `formatters/`; the settings, codes, export records and the staff console
are `shared.erp`; the local stack's demo setup is `coi_cli/local/erp_demo.py`."""
