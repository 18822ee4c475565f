"""Drive the Vault test server with hvac (python3-hvac, an independent client) and print what it sees.

usage: python3 hvac_probe.py URL STEPS_JSON
STEPS_JSON: [{"op": "jwt_login", "role": ..., "jwt": ...}, {"op": "kv1_read", "mount": ..., "path": ...}, ...]
Prints one JSON document: a list of {"op", "ok", "status", "data"} in step order.
"""
import json
import sys

import hvac
from hvac import exceptions

STATUS = [
    (exceptions.InvalidRequest, 400),
    (exceptions.Unauthorized, 401),
    (exceptions.Forbidden, 403),
    (exceptions.InvalidPath, 404),
    (exceptions.RateLimitExceeded, 429),
    (exceptions.InternalServerError, 500),
    (exceptions.VaultNotInitialized, 501),
    (exceptions.VaultDown, 503),
    (exceptions.UnexpectedError, 0),
]


def status_of(err):
    for cls, code in STATUS:
        if isinstance(err, cls):
            return code
    return -1


def main():
    url, steps = sys.argv[1], json.loads(sys.argv[2])
    namespace = None
    client = hvac.Client(url=url, timeout=5, namespace=namespace)
    out = []
    for step in steps:
        op = step["op"]
        try:
            if op == "namespace":
                client = hvac.Client(url=url, timeout=5, namespace=step["namespace"], token=client.token)
                data = None
            elif op == "jwt_login":
                res = client.auth.jwt.jwt_login(role=step["role"], jwt=step["jwt"], path=step.get("mount"))
                data = {"policies": res["auth"]["policies"], "lease_duration": res["auth"]["lease_duration"], "renewable": res["auth"]["renewable"]}
            elif op == "kv1_read":
                res = client.secrets.kv.v1.read_secret(path=step["path"], mount_point=step["mount"])
                data = res["data"]
            elif op == "kv2_read":
                res = client.secrets.kv.v2.read_secret_version(path=step["path"], mount_point=step["mount"])
                data = res["data"]["data"]
            elif op == "lookup_self":
                res = client.auth.token.lookup_self()
                d = res["data"]
                data = {"ttl": d["ttl"], "renewable": d["renewable"], "policies": d["policies"], "explicit_max_ttl": d["explicit_max_ttl"]}
            elif op == "revoke_self":
                client.auth.token.revoke_self()
                data = None
            elif op == "read":
                res = client.read(step["path"])
                data = {"data": res["data"], "lease": bool(res.get("lease_id"))} if res is not None else None
            elif op == "revoke_lease":
                client.sys.revoke_lease(lease_id=step["lease_id"])
                data = None
            elif op == "is_sealed":
                data = client.sys.is_sealed()
            else:
                raise ValueError("unknown op " + op)
            out.append({"op": op, "ok": True, "status": 200, "data": data})
        except exceptions.VaultError as err:
            out.append({"op": op, "ok": False, "status": status_of(err), "data": None})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
