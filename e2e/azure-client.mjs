// End to end: the official Azure Import/Export client (@azure/arm-storageimportexport 2.1.0) against a
// running Waybill. Usage: WAYBILL_URL=http://127.0.0.1:8080 [WAYBILL_KEY=...] node azure-client.mjs
// Prints one line per check and "N passed, M failed"; exits non-zero when any check fails.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { StorageImportExport } from "@azure/arm-storageimportexport";
import { bearerTokenAuthenticationPolicyName } from "@azure/core-rest-pipeline";

const url = process.env.WAYBILL_URL ?? "http://127.0.0.1:8080";
const key = process.env.WAYBILL_KEY ?? "";
const examples = process.env.AZURE_EXAMPLES ?? new URL("../src/test/resources/azure-examples/", import.meta.url).pathname;
const subscription = "e2e00000-0000-0000-0000-000000000001";
const group = "e2e-rg";

// The client insists on https and a bearer token from Azure AD: swap its bearer policy for one that sets
// the service's own key, and allow plain http to the local service.
const credential = { getToken: async () => ({ token: key, expiresOnTimestamp: Date.now() + 3600_000 }) };
const client = new StorageImportExport(credential, subscription, { $host: url, endpoint: url });
client.pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
client.pipeline.addPolicy({
  name: "waybillKey",
  sendRequest: (request, next) => {
    request.allowInsecureConnection = true;
    if (key) request.headers.set("Authorization", `Bearer ${key}`);
    return next(request);
  },
});

// The specification's examples are REST bodies; the client's models flatten some of it (export.blobList
// becomes export.blobPath / blobPathPrefix), and serialize them back into the REST shape.
const example = (file) => {
  const body = JSON.parse(readFileSync(examples + file, "utf8")).parameters.body;
  // a customer's job names a storage account of its own subscription (any other is refused with 403)
  body.properties.storageAccountId = body.properties.storageAccountId.replace(/^\/subscriptions\/[^/]+/, `/subscriptions/${subscription}`);
  const exp = body.properties.export;
  if (exp?.blobList) {
    body.properties.export = { ...exp.blobList, blobListBlobPath: exp.blobListBlobPath };
  }
  return body;
};
let passed = 0, failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e?.message ?? e}`);
  }
}
const all = async (iter) => { const out = []; for await (const x of iter) out.push(x); return out; };
const jobName = `e2e-import-${Date.now()}`;

await check("create an import job from the specification's example", async () => {
  const job = await client.jobs.create(jobName, group, example("CreateJob.json"));
  assert.equal(job.name, jobName);
  assert.equal(job.type, "Microsoft.ImportExport/jobs");
  assert.equal(job.properties.state, "Creating");
  assert.equal(job.properties.driveList[0].state, "Specified");
  assert.equal(job.properties.driveList[0].bitLockerKey, undefined, "BitLocker key must not be echoed");
  assert.ok(job.properties.shippingInformation?.streetAddress1, "shippingInformation is filled in");
});

await check("get the job", async () => {
  const job = await client.jobs.get(jobName, group);
  assert.equal(job.id, `/subscriptions/${subscription}/resourceGroups/${group}/providers/Microsoft.ImportExport/jobs/${jobName}`);
  assert.equal(job.properties.jobType, "Import");
});

await check("update to Shipping with a delivery package", async () => {
  const job = await client.jobs.update(jobName, group, {
    state: "Shipping", deliveryPackage: { carrierName: "FedEx", trackingNumber: "123456789" },
  });
  assert.equal(job.properties.state, "Shipping");
  assert.equal(job.properties.deliveryPackage.trackingNumber, "123456789");
});

await check("an update to another state is refused with the ARM error shape", async () => {
  await assert.rejects(client.jobs.update(jobName, group, { state: "Completed" }),
    (e) => e.statusCode === 400 && /Shipping/.test(e.message));
});

await check("list by resource group and by subscription", async () => {
  const byGroup = await all(client.jobs.listByResourceGroup(group));
  assert.ok(byGroup.some((j) => j.name === jobName));
  const bySub = await all(client.jobs.listBySubscription());
  assert.ok(bySub.some((j) => j.name === jobName));
});

await check("list BitLocker keys", async () => {
  const keys = await all(client.bitLockerKeys.list(jobName, group));
  assert.deepEqual(keys.map((k) => k.driveId), ["9CA995BB"]);
  assert.equal(keys[0].bitLockerKey, "238810-662376-448998-450120-652806-203390-606320-483076");
});

await check("an export job from the specification's example, then delete it while Creating", async () => {
  const name = `e2e-export-${Date.now()}`;
  const job = await client.jobs.create(name, group, example("CreateExportJob.json"));
  assert.equal(job.properties.jobType, "Export");
  assert.deepEqual(job.properties.export.blobPathPrefix, ["/"]);
  await client.jobs.delete(name, group);
  await assert.rejects(client.jobs.get(name, group), (e) => e.statusCode === 404);
});

await check("a Shipping job cannot be deleted", async () => {
  await assert.rejects(client.jobs.delete(jobName, group), (e) => e.statusCode === 409);
});

await check("locations and operations", async () => {
  const locations = await all(client.locations.list());
  assert.ok(locations.length > 0 && locations[0].streetAddress1, JSON.stringify(locations[0]));
  const ops = await all(client.operations.list());
  assert.ok(ops.length > 0);
});

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
