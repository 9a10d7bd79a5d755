"""Drives pools, flavors and health of a running pooled server with the real python-zaqarclient.

Usage: python3 zaqarclient_pools.py <base url> <project id> <pool uri a> <pool uri b>
Prints what it saw as JSON (last line); test/pooling/pooling-surfaces.test.ts asserts on it.
"""
import json
import sys

from zaqarclient.queues.v2 import client as zaqar_client


def main(url, project, uri_a, uri_b):
    conf = {'auth_opts': {'backend': 'noauth', 'options': {'os_project_id': project}}}
    cli = zaqar_client.Client(url, version=2, conf=conf)
    seen = {}

    pool_a = cli.pool('pya', uri=uri_a, weight=100, options={})
    pool_b = cli.pool('pyb', uri=uri_b, weight=50)
    seen['pool_names'] = [p.name for p in cli.pools()]
    seen['pool_a'] = pool_a.get()
    pool_b.update({'weight': 60})
    seen['pool_b'] = pool_b.get()
    seen['pool_b_weight'] = pool_b.weight

    # Placed on a pool of no flavor (once every pool has a flavor, a queue without one has no pool: 503).
    queue = cli.queue('pyq', force_create=True)
    queue.post([{'body': {'n': i}, 'ttl': 300} for i in range(3)])
    seen['bodies'] = [m.body for m in queue.messages(echo=True)]
    seen['health'] = cli.health()
    queue.delete()

    flavor = cli.flavor('pygold', pool_list=['pya'])
    seen['flavor'] = flavor.get()
    flavor.update({'pool_list': ['pya', 'pyb']})
    seen['flavor_updated'] = flavor.get()
    seen['flavor_names'] = [f.name for f in cli.flavors()]


    flavor.delete()
    seen['flavor_names_after'] = [f.name for f in cli.flavors()]
    pool_a.delete()
    pool_b.delete()
    seen['pool_names_after'] = [p.name for p in cli.pools()]
    print(json.dumps(seen))


if __name__ == '__main__':
    main(*sys.argv[1:5])
