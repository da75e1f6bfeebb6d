"""Operators' commands with the deployed settings (environment as in Lambda):

python -m services.procore_sync install-url TENANT COMPANY_ID
python -m services.procore_sync connect TENANT COMPANY_ID [--code CODE] [--scope project|company]
    [--no-insurances]
python -m services.procore_sync disconnect TENANT
python -m services.procore_sync reconcile
"""

from __future__ import annotations

import argparse
import json
import sys

from services.procore_sync.auth import ProcoreAuthError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.procore_sync")
    commands = parser.add_subparsers(dest="command", required=True)
    install = commands.add_parser("install-url", help="the URL a company admin opens to approve the install")
    install.add_argument("tenant")
    install.add_argument("company_id", type=int)
    connect = commands.add_parser("connect", help="connect (or rotate the webhook secret of) a tenant")
    connect.add_argument("tenant")
    connect.add_argument("company_id", type=int)
    connect.add_argument("--code", help="authorization code (omit for a DMSA / client-credentials app)")
    connect.add_argument("--scope", choices=("project", "company"), default="project")
    connect.add_argument(
        "--no-insurances",
        action="store_true",
        help="the company's ERP integration owns insurance records: write only the pay gate",
    )
    disconnect = commands.add_parser("disconnect", help="disable, delete the hook, revoke tokens")
    disconnect.add_argument("tenant")
    commands.add_parser("reconcile", help="run the reconciliation poll now")
    args = parser.parse_args(argv)

    from services.procore_sync import bootstrap

    try:
        if args.command == "install-url":
            print(bootstrap.start_install_url(args.tenant, args.company_id))
        elif args.command == "connect":
            result = bootstrap.connect_from_environment(
                args.tenant,
                args.company_id,
                our_api_base_url=bootstrap.settings().procore_webhook_base_url,
                authorization_code=args.code,
                insurance_scope=args.scope,
                sync_insurances=not args.no_insurances,
            )
            print(
                json.dumps(
                    {
                        "tenant_id": args.tenant,
                        "hook_id": result.hook_id,
                        "triggers_added": result.triggers_added,
                    }
                )
            )
        elif args.command == "disconnect":
            print(
                json.dumps(
                    {
                        "tenant_id": args.tenant,
                        "hooks_deleted": bootstrap.disconnect_from_environment(args.tenant),
                    }
                )
            )
        else:
            from services.procore_sync.reconcile import handler

            print(json.dumps(handler({}, None)))
    except (ProcoreAuthError, LookupError, ValueError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
