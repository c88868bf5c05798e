#!/usr/bin/python3
# The official Azure Import/Export Python SDK (azure-mgmt-storageimportexport 1.0.0b2, Debian's python3-azure)
# sends a burst past a service started with a small budget (serve --throttle reads=3,writes=3,window=PT3S: one
# read and one write come back each second, Retry-After 1 s). The SDK's retry policy honours Retry-After: every
# call completes, and the exchanges the SDK saw include 429 answers.
# Usage: WAYBILL_URL=http://127.0.0.1:8080 WAYBILL_KEY=... [AZURE_EXAMPLES=dir/] /usr/bin/python3 python-sdk-throttled.py
# Prints each call, then "throttled N times, M calls completed"; exits non-zero when a call fails.
import collections
import json
import os
import sys
import time

from azure.core.credentials import AccessToken
from azure.mgmt.storageimportexport import StorageImportExport
from azure.mgmt.storageimportexport import models

URL = os.environ.get("WAYBILL_URL", "http://127.0.0.1:8080")
KEY = os.environ.get("WAYBILL_KEY", "")
EXAMPLES = os.environ.get("AZURE_EXAMPLES",
                          os.path.join(os.path.dirname(os.path.abspath(__file__)), "../src/test/resources/azure-examples/"))
SUBSCRIPTION = "e2e00000-0000-0000-0000-000000000001"
GROUP = "py-burst"
BURST = 6


class ServiceKey:
    """A TokenCredential whose token is the service's own API key (no Azure AD here)."""

    def get_token(self, *scopes, **kwargs):
        return AccessToken(KEY, int(time.time()) + 3600)


HTTP = {"enforce_https": False}
statuses = collections.Counter()
retry_after = set()


def seen(pipeline_response):
    # the custom hook runs after the retry policy: it sees every attempt, the 429s the SDK then waited out too
    r = pipeline_response.http_response
    statuses[r.status_code] += 1
    if r.status_code == 429:
        retry_after.add(r.headers.get("Retry-After"))


client = StorageImportExport(ServiceKey(), SUBSCRIPTION, base_url=URL, raw_response_hook=seen)


def body():
    with open(os.path.join(EXAMPLES, "CreateJob.json"), encoding="utf-8") as f:
        b = json.load(f)["parameters"]["body"]
    account = b["properties"]["storageAccountId"]
    b["properties"]["storageAccountId"] = "/subscriptions/" + SUBSCRIPTION + account[account.index("/", 15):]
    return models.PutJobParameters.deserialize(b)


stamp = str(int(time.time() * 1000))
names = ["py-burst-{}-{}".format(stamp, i) for i in range(BURST)]
completed = 0
try:
    for name in names:
        job = client.jobs.create(name, GROUP, body(), **HTTP)
        assert job.name == name, job.name
        completed += 1
        print("ok   create " + name, flush=True)
    for name in names:
        assert client.jobs.get(name, GROUP, **HTTP).properties.state == "Creating"
        completed += 1
        print("ok   get " + name, flush=True)
    listed = {j.name for j in client.jobs.list_by_resource_group(GROUP, **HTTP)}
    assert set(names) <= listed, listed
    completed += 1
    print("ok   list " + GROUP, flush=True)
    for name in names:
        client.jobs.delete(name, GROUP, **HTTP)
        completed += 1
        print("ok   delete " + name, flush=True)
except Exception as e:  # the call the SDK gave up on, and what it saw
    print("FAIL after {} calls: {}: {}; statuses seen {}".format(completed, type(e).__name__, e, dict(statuses)))
    sys.exit(1)

print("Retry-After values: {}".format(sorted(v for v in retry_after if v is not None)))
print("throttled {} times, {} calls completed".format(statuses[429], completed))
sys.exit(0 if statuses[429] > 0 and completed == 3 * BURST + 1 else 1)
