"""Operators' commands with the deployed settings (environment as in Lambda):

python -m services.erp_export configure TENANT --erp sage300cre --erp vista \\
    [--intacct-parameter NAME --intacct-send]
python -m services.erp_export export        # write every configured tenant's files now
"""

from __future__ import annotations

import argparse
import json
import sys

from services.erp_export.models import ERP_NAMES, TenantErpConfig


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.erp_export")
    commands = parser.add_subparsers(dest="command", required=True)
    configure = commands.add_parser("configure", help="choose the ERPs a tenant feeds")
    configure.add_argument("tenant")
    configure.add_argument("--erp", action="append", choices=ERP_NAMES, required=True)
    configure.add_argument(
        "--intacct-parameter", help="SSM SecureString parameter with the Intacct credentials"
    )
    configure.add_argument("--intacct-send", action="store_true", help="also send records to Intacct")
    commands.add_parser("export", help="run the scheduled export now")
    args = parser.parse_args(argv)

    from services.erp_export import bootstrap

    if args.command == "configure":
        if args.intacct_send and not args.intacct_parameter:
            print("error: --intacct-send needs --intacct-parameter", file=sys.stderr)
            return 1
        config = TenantErpConfig(
            tenant_id=args.tenant,
            erps=sorted(set(args.erp)),
            intacct_send=args.intacct_send,
            intacct_credentials_parameter=args.intacct_parameter,
        )
        bootstrap.configure_tenant(config)
        print(json.dumps({"tenant_id": args.tenant, "erps": config.erps}))
        return 0
    from services.erp_export.scheduled import ExportFailedError, handler

    try:
        print(json.dumps(handler({}, None)))
    except ExportFailedError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
