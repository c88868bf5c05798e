#!/usr/bin/python3
# End to end: the official Azure Import/Export Python SDK (azure-mgmt-storageimportexport 1.0.0b2, Debian's
# python3-azure; api-version 2021-01-01) against a running Waybill.
# Usage: WAYBILL_URL=http://127.0.0.1:8080 WAYBILL_KEY=... [AZURE_EXAMPLES=dir/] /usr/bin/python3 python-sdk.py
# Prints one line per check and "N passed, M failed"; exits non-zero when any check fails.
import json
import os
import sys
import time
import traceback

from azure.core.credentials import AccessToken
from azure.core.exceptions import HttpResponseError, ResourceExistsError, ResourceNotFoundError
from azure.mgmt.storageimportexport import StorageImportExport
from azure.mgmt.storageimportexport import models

URL = os.environ.get("WAYBILL_URL", "http://127.0.0.1:8080")
KEY = os.environ.get("WAYBILL_KEY", "")
EXAMPLES = os.environ.get("AZURE_EXAMPLES",
                          os.path.join(os.path.dirname(os.path.abspath(__file__)), "../src/test/resources/azure-examples/"))
SUBSCRIPTION = "e2e00000-0000-0000-0000-000000000001"
GROUP = "py-rg"
OTHER_GROUP = "py-rg-2"
DRIVE = "9CA995BB"
BITLOCKER = "238810-662376-448998-450120-652806-203390-606320-483076"


class ServiceKey:
    """A TokenCredential whose token is the service's own API key (no Azure AD here)."""

    def get_token(self, *scopes, **kwargs):
        return AccessToken(KEY, int(time.time()) + 3600)


# The SDK's BearerTokenCredentialPolicy refuses plain http unless each call says enforce_https=False.
HTTP = {"enforce_https": False}
last = {}


def remember(pipeline_response):
    # the last exchange, to show a failed check's request and answer exactly
    last["response"] = pipeline_response.http_response


client = StorageImportExport(ServiceKey(), SUBSCRIPTION, base_url=URL, raw_response_hook=remember)


def example(name):
    """The specification's example body, as the SDK's model (deserialized from the REST shape)."""
    with open(os.path.join(EXAMPLES, name), encoding="utf-8") as f:
        body = json.load(f)["parameters"]["body"]
    # a customer's job names a storage account of its own subscription (any other is refused with 403)
    account = body["properties"]["storageAccountId"]
    body["properties"]["storageAccountId"] = "/subscriptions/" + SUBSCRIPTION + account[account.index("/", 15):]
    return models.PutJobParameters.deserialize(body)


passed = failed = 0


def check(name, fn):
    global passed, failed
    try:
        fn()
        passed += 1
        print("ok   " + name, flush=True)
    except Exception as e:  # every failure is reported, the run goes on
        failed += 1
        where = traceback.extract_tb(e.__traceback__)[-1]
        detail = exchange(getattr(e, "response", None))
        if detail is None:
            detail = "{}; last exchange: {}".format(e, exchange(last.get("response")))
        print("FAIL {}: {}: {} (line {})".format(name, type(e).__name__, detail, where.lineno), flush=True)
    last.clear()


def exchange(r):
    """The exact request and response, so a defect can be reported as it happened."""
    if r is None or getattr(r, "request", None) is None:
        return None
    req = r.request
    body = req.body.decode() if isinstance(req.body, bytes) else req.body
    return "{} {} {} -> {} {}".format(req.method, req.url, body or "", r.status_code, r.text())


def expect_error(call, status, cls=HttpResponseError, text=None):
    try:
        call()
    except cls as e:
        assert e.status_code == status, "status {} instead of {}: {}".format(e.status_code, status, exchange(e.response))
        assert e.error is not None and e.error.code, "no ARM error code parsed: " + str(exchange(e.response))
        if text is not None:
            assert text in e.message, "{!r} not in the message: {}".format(text, e.message)
        return e
    raise AssertionError("the call succeeded; expected {} {}".format(status, cls.__name__))


stamp = str(int(time.time() * 1000))
imp = "py-import-" + stamp
exp = "py-export-" + stamp
cancel = "py-cancel-" + stamp


def create_import():
    job = client.jobs.create(imp, GROUP, example("CreateJob.json"), **HTTP)
    assert job.name == imp and job.type == "Microsoft.ImportExport/jobs", job
    assert job.properties.state == "Creating", job.properties.state
    assert job.properties.job_type == "Import"
    assert job.properties.drive_list[0].drive_id == DRIVE
    assert job.properties.drive_list[0].state == "Specified"
    assert job.properties.drive_list[0].bit_locker_key is None, "a BitLocker key must not be echoed"
    assert job.properties.shipping_information.street_address1, "shippingInformation is filled in"
    assert job.properties.return_address.email == "Test@contoso.com"


def create_export():
    job = client.jobs.create(exp, GROUP, example("CreateExportJob.json"), **HTTP)
    assert job.properties.job_type == "Export"
    assert job.properties.export.blob_path_prefix == ["/"], job.properties.export
    assert job.properties.state == "Creating"


def get_import():
    job = client.jobs.get(imp, GROUP, **HTTP)
    assert job.id == "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ImportExport/jobs/{}".format(
        SUBSCRIPTION, GROUP, imp), job.id
    assert job.location == "West US"
    assert job.properties.job_type == "Import"
    assert job.properties.return_shipping.carrier_name == "FedEx"


def get_export_keeps_the_blob_list():
    job = client.jobs.get(exp, GROUP, **HTTP)
    assert job.properties.job_type == "Export"
    assert job.properties.export is not None, "the export blob list was not kept"
    assert job.properties.export.blob_path_prefix == ["/"], job.properties.export


def get_missing():
    e = expect_error(lambda: client.jobs.get("py-nobody-" + stamp, GROUP, **HTTP), 404, ResourceNotFoundError)
    assert e.error.code == "ResourceNotFound", e.error.code


PAGED = ["py-page-{}-{}".format(stamp, i) for i in range(5)]
ELSEWHERE = "py-other-" + stamp


def more_jobs():
    for name in PAGED:
        client.jobs.create(name, GROUP, example("CreateJob.json"), **HTTP)
    client.jobs.create(ELSEWHERE, OTHER_GROUP, example("CreateJob.json"), **HTTP)


def names_by_page(pager):
    pages = [[j.name for j in page] for page in pager.by_page()]
    return pages, [n for p in pages for n in p]


def list_by_group_paged():
    pages, names = names_by_page(client.jobs.list_by_resource_group(GROUP, top=2, **HTTP))
    mine = [n for n in names if stamp in n]
    assert len(names) == len(set(names)), "a job listed twice: {}".format(names)
    for n in [imp, exp] + PAGED:
        assert n in mine, "{} missing from {}".format(n, names)
    assert ELSEWHERE not in names, "a job of another resource group listed"
    assert all(len(p) <= 2 for p in pages), "a page longer than $top=2: {}".format(pages)
    assert len(pages) >= 4, "nextLink not followed: {} pages".format(len(pages))


def list_by_subscription_paged():
    pages, names = names_by_page(client.jobs.list_by_subscription(top=3, **HTTP))
    assert len(names) == len(set(names)), "a job listed twice: {}".format(names)
    for n in [imp, exp, ELSEWHERE] + PAGED:
        assert n in names, "{} missing from {}".format(n, names)
    assert all(len(p) <= 3 for p in pages), pages
    assert len(pages) >= 3, "nextLink not followed: {} pages".format(len(pages))


def list_filtered():
    names = [j.name for j in client.jobs.list_by_resource_group(GROUP, filter="state eq 'Creating'", **HTTP)]
    assert imp in names and exp in names, names


def update_tags():
    job = client.jobs.update(imp, GROUP, models.UpdateJobParameters(tags={"team": "py", "cost": "42"}), **HTTP)
    assert job.tags == {"team": "py", "cost": "42"}, job.tags
    assert client.jobs.get(imp, GROUP, **HTTP).tags == {"team": "py", "cost": "42"}


def ship():
    job = client.jobs.update(imp, GROUP, models.UpdateJobParameters(
        state="Shipping", delivery_package=models.DeliveryPackageInformation(
            carrier_name="FedEx", tracking_number="123456789")), **HTTP)
    assert job.properties.state == "Shipping", job.properties.state
    assert job.properties.delivery_package.tracking_number == "123456789"
    assert job.properties.cancel_requested is not True


def refuse_other_state():
    expect_error(lambda: client.jobs.update(imp, GROUP, models.UpdateJobParameters(state="Completed"), **HTTP),
                 400, text="Shipping")


def cancel_a_job():
    client.jobs.create(cancel, GROUP, example("CreateJob.json"), **HTTP)
    job = client.jobs.update(cancel, GROUP, models.UpdateJobParameters(cancel_requested=True), **HTTP)
    assert job.properties.cancel_requested is True, job.properties
    again = client.jobs.get(cancel, GROUP, **HTTP)
    assert again.properties.cancel_requested is True


def bitlocker_keys():
    keys = list(client.bit_locker_keys.list(imp, GROUP, **HTTP))
    assert [k.drive_id for k in keys] == [DRIVE], keys
    assert keys[0].bit_locker_key == BITLOCKER


def locations():
    all_locations = list(client.locations.list(**HTTP))
    assert all_locations and all_locations[0].street_address1, all_locations
    west = client.locations.get("westus", **HTTP)
    assert west.name == "West US" or west.id.endswith("westus"), west
    assert "FedEx" in west.supported_carriers, west.supported_carriers
    expect_error(lambda: client.locations.get("nowhere", **HTTP), 404, ResourceNotFoundError)


def operations():
    ops = list(client.operations.list(**HTTP))
    names = [o.name for o in ops]
    assert "Microsoft.ImportExport/jobs/write" in names, names
    # the SDK flattens display (x-ms-client-flatten): provider, resource, operation, description
    assert all(o.provider == "Microsoft Import/Export" and o.operation for o in ops), [o.as_dict() for o in ops]


def delete_while_creating():
    client.jobs.delete(exp, GROUP, **HTTP)
    expect_error(lambda: client.jobs.get(exp, GROUP, **HTTP), 404, ResourceNotFoundError)
    for name in PAGED + [cancel]:
        client.jobs.delete(name, GROUP, **HTTP)
    client.jobs.delete(ELSEWHERE, OTHER_GROUP, **HTTP)


def shipping_job_is_not_deleted():
    e = expect_error(lambda: client.jobs.delete(imp, GROUP, **HTTP), 409, ResourceExistsError)
    assert client.jobs.get(imp, GROUP, **HTTP).properties.state == "Shipping"
    assert e.error.code == "Conflict", e.error.code


def plain_http_needs_the_opt_out():
    # the SDK's own guard: without enforce_https=False it refuses to send the key over http
    from azure.core.exceptions import ServiceRequestError
    try:
        client.jobs.get(imp, GROUP)
    except ServiceRequestError as e:
        assert "https" in str(e), e
        return
    if URL.startswith("https"):
        return
    raise AssertionError("the SDK sent a bearer token over plain http")


check("create an import job from the specification's example", create_import)
check("create an export job from the specification's example", create_export)
check("get the import job", get_import)
check("get the export job: its blob list is kept", get_export_keeps_the_blob_list)
check("a missing job is 404 ResourceNotFound", get_missing)
check("create more jobs, in two resource groups", more_jobs)
check("list by resource group, $top=2, following nextLink", list_by_group_paged)
check("list by subscription, $top=3, following nextLink", list_by_subscription_paged)
check("list with $filter on state", list_filtered)
check("update tags", update_tags)
check("ship: state Shipping with a delivery package", ship)
check("an update to another state is refused with the ARM error", refuse_other_state)
check("cancel a job", cancel_a_job)
check("list BitLocker keys", bitlocker_keys)
check("locations: list and get", locations)
check("operations", operations)
check("delete jobs while Creating", delete_while_creating)
check("a Shipping job cannot be deleted", shipping_job_is_not_deleted)
check("the SDK refuses plain http without enforce_https=False", plain_http_needs_the_opt_out)

print("{} passed, {} failed".format(passed, failed))
sys.exit(0 if failed == 0 else 1)
