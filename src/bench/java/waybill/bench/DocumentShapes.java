package waybill.bench;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.DataType;
import org.h2.mvstore.type.ObjectDataType;
import waybill.store.mongo.DocumentType;

/**
 * What the embedded server's documents cost to write and read, in the two value types of its data maps:
 * {@code h2}, H2's default (each document Java-serialized on a stream of its own, as files of earlier
 * versions hold them) and {@code fields}, {@link DocumentType} (written field by field). Two documents
 * as the store writes them: a decision ({@code DecisionDocs}: strings, a long, booleans, a date, a list,
 * the decision's JSON) and a job's snapshot ({@code Codec.snapshot}: the job's JSON beside the fields its
 * indexes need). For each: bytes, microseconds to write and to read one, and an MVStore's put and commit
 * (every 16 puts, one thread, a file): what a commit pays for every document of each page it writes
 * again. The rounds alternate the types, so both see the same machine; compare them within one run.
 *
 * <pre>DocumentShapes [rounds=3] [json bytes=1250] [documents=20000]</pre>
 */
public final class DocumentShapes {
    private DocumentShapes() {}

    private static final String JOB = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ImportExport/jobs/m";

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int bytes = args.length > 1 ? Integer.parseInt(args[1]) : 1250;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        String json = StoreCeiling.payload(bytes);
        List<LongFunction<Object>> shapes = List.of(k -> decision(k, json), k -> snapshot(k, json));
        List<String> names = List.of("decision", "snapshot");
        List<DataType<Object>> types = List.of(new ObjectDataType(), new DocumentType());
        List<String> typeNames = List.of("h2", "bson");
        for (int r = -1; r < rounds; r++) { // round -1 warms up
            for (int s = 0; s < shapes.size(); s++) {
                for (int t = 0; t < types.size(); t++) {
                    double[] x = encode(types.get(t), shapes.get(s), n);
                    double put = mvStore(types.get(t), shapes.get(s), n);
                    if (r >= 0) {
                        System.out.printf(
                                "round %d %-8s %-6s %5.0f B, write %6.2f us, read %6.2f us, MVStore put + commit %6.2f us%n",
                                r, names.get(s), typeNames.get(t), x[0], x[1], x[2], put);
                    }
                }
            }
        }
    }

    /** A decision as {@code DecisionDocs} writes it, as the server keeps it (its Document, dates as Instant). */
    static Object decision(long k, String json) {
        String job = JOB + (k % 256);
        return new de.bwaldvogel.mongo.bson.Document("_id", job + "#" + String.format("%012d", k))
                .append("jobId", job)
                .append("seq", k)
                .append("factId", "f-" + k)
                .append("accepted", true)
                .append("at", Instant.ofEpochMilli(1_772_442_000_000L + k))
                .append("stateBefore", "Transferring")
                .append("stateAfter", "Transferring")
                .append("deleted", false)
                .append("actionIds", new ArrayList<>(List.of("a-" + k)))
                .append("scrubbed", false)
                .append("decision", json);
    }

    /** A job's snapshot as {@code Codec.snapshot} writes it. */
    static Object snapshot(long k, String json) {
        return new de.bwaldvogel.mongo.bson.Document("_id", JOB + k)
                .append("v", k % 40)
                .append("deleted", false)
                .append("registered", true)
                .append("subscriptionId", "s")
                .append("resourceGroup", "rg")
                .append("state", "Transferring")
                .append("nextTimer", Instant.ofEpochMilli(1_772_442_000_000L + k))
                .append("body", json);
    }

    /** [bytes, microseconds to write one, microseconds to read one] */
    private static double[] encode(DataType<Object> type, LongFunction<Object> shape, int n) {
        WriteBuffer buff = new WriteBuffer(1 << 16);
        long bytes = 0;
        long write = 0;
        long read = 0;
        for (int i = 0; i < n; i++) {
            Object d = shape.apply(i);
            buff.clear();
            long t0 = System.nanoTime();
            type.write(buff, d);
            long t1 = System.nanoTime();
            ByteBuffer written = buff.getBuffer().flip();
            bytes += written.remaining();
            Object back = type.read(written);
            write += t1 - t0;
            read += System.nanoTime() - t1;
            if (!back.equals(d)) {
                throw new AssertionError("read back differs: " + back);
            }
        }
        return new double[] {(double) bytes / n, write / 1e3 / n, read / 1e3 / n};
    }

    /** Microseconds per document: put in a map of this value type, committed every 16 puts, on a file. */
    private static double mvStore(DataType<Object> type, LongFunction<Object> shape, int n) throws Exception {
        Path file = Files.createTempFile("waybill-shapes", ".mv.db");
        MVStore store = new MVStore.Builder()
                .fileName(file.toString())
                .autoCommitDisabled()
                .open();
        try {
            MVMap<Object, Object> map = store.openMap(
                    "documents", new MVMap.Builder<>().keyType(type).valueType(type));
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Object d = shape.apply((i * 7919L) % n); // pages written again, as random jobs do
                map.put(((java.util.Map<?, ?>) d).get("_id"), d);
                if (i % 16 == 15) {
                    store.commit();
                }
            }
            store.commit();
            return (System.nanoTime() - t0) / 1e3 / n;
        } finally {
            store.close();
            Files.deleteIfExists(file);
        }
    }
}
