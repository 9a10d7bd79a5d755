"""Drives a running server with the real python-zaqarclient and prints what it saw as JSON.

Usage: python3 zaqarclient_session.py <base url> <project id> [keystone]
With "keystone", the client authenticates through a keystoneauth1 password session built from
OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME (domain "default"), as an OpenStack
deployment's client does.
The jest test test/client/python-zaqarclient.test.ts asserts on the output.
"""
import json
import os
import sys

from zaqarclient.queues.v2 import client as zaqar_client


def keystone_session():
    from keystoneauth1 import session
    from keystoneauth1.identity import v3
    auth = v3.Password(auth_url=os.environ['OS_AUTH_URL'], username=os.environ['OS_USERNAME'],
                       password=os.environ['OS_PASSWORD'], project_name=os.environ['OS_PROJECT_NAME'],
                       user_domain_id='default', project_domain_id='default')
    return session.Session(auth=auth)


def main(url, project, auth='noauth'):
    if auth == 'keystone':
        conf = {'auth_opts': {'backend': 'keystone', 'options': {'os_project_id': project}}}
        cli = zaqar_client.Client(url, version=2, conf=conf, session=keystone_session())
    else:
        conf = {'auth_opts': {'backend': 'noauth', 'options': {'os_project_id': project}}}
        cli = zaqar_client.Client(url, version=2, conf=conf)
    seen = {}

    queue = cli.queue('pyclient-jobs', force_create=True)
    queue.metadata(new_meta={'description': 'from python', '_default_message_ttl': 600})
    seen['metadata'] = queue.metadata(force_reload=True)
    queues, _ = cli.queues(detailed=True)
    seen['queue_names'] = [q.name for q in queues]

    queue.post([{'body': {'n': i}, 'ttl': 300} for i in range(5)])
    seen['listed_bodies'] = [m.body for m in queue.messages(echo=True)]
    first = list(queue.messages(echo=True))[0]
    seen['got_one'] = queue.message(first.id).body
    stats = queue.stats
    seen['stats_total'] = stats['messages']['total']

    claim = queue.claim(ttl=120, grace=60, limit=2)
    claimed = list(claim)
    seen['claimed_bodies'] = [m.body for m in claimed]
    seen['claim_ttl'] = claim.ttl
    claim.update(ttl=180)
    seen['claim_ttl_after_update'] = cli.queue('pyclient-jobs').claim(id=claim.id).ttl
    claimed[0].delete()
    claim.delete()
    seen['after_claim_total'] = queue.stats['messages']['total']

    popped = list(queue.pop(count=2))
    seen['popped_bodies'] = [m.body for m in popped]
    remaining = [m.id for m in queue.messages(echo=True)]
    queue.delete_messages(*remaining)
    seen['final_total'] = queue.stats['messages']['total']

    queue.delete()
    queues, _ = cli.queues()
    seen['queue_names_after_delete'] = [q.name for q in queues]
    print(json.dumps(seen))


if __name__ == '__main__':
    main(*sys.argv[1:4])
