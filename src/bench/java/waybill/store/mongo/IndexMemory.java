package waybill.store.mongo;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
import waybill.store.ActionRecord;

/**
 * Heap of each memory index of the embedded store, filled as a store of {@code n} jobs fills it: the due
 * index with one timer per job (job ids of the real length), the open actions with one open action per
 * job in 10 (a store's queue is far shorter; this is an upper view), and the snapshot cache at its bound
 * with snapshots of the real size (a body of about 2 KB). Heap used after a full GC, before and after.
 *
 * <pre>IndexMemory [sizes...]   (default 100000 1000000)</pre>
 */
public final class IndexMemory {
    private static final String PREFIX =
            "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/scale/providers/Microsoft.ImportExport/jobs/";

    /** A job in Creating with one drive, as the store writes it. */
    private static final String JOB = "{\"id\":\"JOBID\",\"subscriptionId\":\"s1\",\"resourceGroup\":\"rg\","
            + "\"name\":\"j1\",\"location\":\"West US\",\"registered\":true,\"state\":\"Creating\",\"jobType\":\"Import\","
            + "\"storageAccountId\":\"/subscriptions/s1/resourceGroups/ops/providers/Microsoft.Storage/storageAccounts/contoso\","
            + "\"returnAddress\":{\"recipientName\":\"Test\",\"streetAddress1\":\"Street1\",\"city\":\"Redmond\","
            + "\"postalCode\":\"98007\",\"countryOrRegion\":\"USA\",\"phone\":\"4250000000\",\"email\":\"test@contoso.com\"},"
            + "\"returnShipping\":{\"carrierName\":\"FedEx\",\"carrierAccountNumber\":\"989ffff\"},"
            + "\"deliveryPackage\":{\"carrierName\":\"FedEx\",\"trackingNumber\":\"123456789\"},"
            + "\"diagnosticsPath\":\"waimportexport\",\"logLevel\":\"Error\",\"cancelRequested\":false,\"percentComplete\":0,"
            + "\"drives\":[{\"driveId\":\"9CA995BB\",\"state\":\"Specified\","
            + "\"bitLockerKey\":\"238810-662376-448998-450120-652806-203390-606320-483076\",\"percentComplete\":0}],"
            + "\"heldDriveIds\":[],\"extraDriveIds\":[],\"deadlines\":[{\"name\":\"creating-expiry\","
            + "\"at\":\"2026-03-16T09:00:00Z\",\"state\":\"Creating\",\"rule\":\"A job left in Creating is deleted after two weeks\"}],"
            + "\"pausedTimers\":[],\"returnAddressInvalid\":false,\"createdAt\":\"2026-03-02T09:00:00Z\","
            + "\"lastModifiedAt\":\"2026-03-02T09:00:00Z\",\"version\":1}";

    private IndexMemory() {}

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {100_000, 1_000_000} : new int[args.length];
        for (int i = 0; i < args.length; i++) {
            sizes[i] = Integer.parseInt(args[i]);
        }
        String body = "x".repeat(2_000);
        Instant t0 = Instant.parse("2026-03-02T09:00:00Z");
        for (int n : sizes) {
            long b = used();
            DueIndex due = new DueIndex();
            for (int i = 0; i < n; i++) {
                due.put(id(i), 3, t0.plusSeconds(i));
            }
            long d = used() - b;
            b = used();
            OpenActions open = new OpenActions();
            for (int i = 0; i < n / 10; i++) {
                open.put(new ActionRecord(
                        java.util.UUID.randomUUID().toString(),
                        "NotifyOperators",
                        id(i),
                        List.of("9CA995B1"),
                        "The package for job " + i + " did not arrive in 14 days",
                        t0,
                        ActionRecord.OPEN,
                        "A package that never arrives is reported",
                        null,
                        t0,
                        null,
                        null));
            }
            long a = used() - b;
            b = used();
            SnapshotCache cache = new SnapshotCache(50_000);
            for (int i = 0; i < Math.min(n, 200_000); i++) {
                cache.put(
                        id(i),
                        new Document("_id", id(i))
                                .append("v", 3L)
                                .append("deleted", false)
                                .append("registered", true)
                                .append("subscriptionId", "11111111-2222-3333-4444-555555555555")
                                .append("resourceGroup", "scale")
                                .append("state", "Shipping")
                                .append("nextTimer", new java.util.Date())
                                .append("body", body + i));
            }
            long c = used() - b;
            b = used();
            for (int i = 0; i < SnapshotCache.DECIDED; i++) { // the busy jobs: each keeps its decided job
                waybill.job.Job job = Codec.read(JOB.replace("JOBID", id(i)), waybill.job.Job.class);
                cache.put(id(i), cache.get(id(i)), job);
            }
            long e = used() - b;
            System.out.printf(
                    "%,d jobs: due index (%,d timers) %,d MB (%d B per job); open actions (%,d) %,d MB (%d B each);"
                            + " snapshot cache (bound 50,000, body 2 KB) %,d MB; decided jobs kept (%,d) %,d KB"
                            + " (%d B each)%n",
                    n,
                    due.size(),
                    d >> 20,
                    d / n,
                    n / 10,
                    a >> 20,
                    a / Math.max(1, n / 10),
                    c >> 20,
                    SnapshotCache.DECIDED,
                    e >> 10,
                    e / SnapshotCache.DECIDED);
            System.out.printf("RESULT heap_mb_%d_due=%d open=%d cache=%d%n", n, d >> 20, a >> 20, c >> 20);
            keep(due, open, cache);
        }
    }

    private static Object kept;

    private static void keep(Object... o) {
        kept = o; // reachable until the next size: measured after a GC
        kept = null;
    }

    private static String id(int i) {
        return PREFIX + String.format("bulk%08d", i);
    }

    private static long used() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
