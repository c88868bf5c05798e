package waybill.store.mongo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.bson.Document;

/**
 * Writes a backup archive ({@link Archive}) from a store's collections, each read by {@code scan}, in
 * {@link Archive#COLLECTIONS} order. On a scan that is not a snapshot the decision log passes through
 * {@link LogPrefix}: of each job only the unbroken run of versions is kept.
 */
final class ArchiveWriter {
    private final Function<String, Iterable<Document>> scan;
    private final String source;
    private final boolean snapshot;

    /**
     * @param source   what the archive was taken from, for its header: "embedded" or "mongodb"
     * @param snapshot true when each collection's scan reads one version of it (the embedded file): no
     *                 gap can show in a job's log; false when the decisions come sorted by job and version
     */
    ArchiveWriter(Function<String, Iterable<Document>> scan, String source, boolean snapshot) {
        this.scan = scan;
        this.source = source;
        this.snapshot = snapshot;
    }

    Map<String, Long> write(OutputStream to, Instant at) throws IOException {
        MessageDigest sha = sha256();
        Map<String, Long> counts = new LinkedHashMap<>();
        GZIPOutputStream gz = new GZIPOutputStream(to, 1 << 16);
        Document header = new Document("format", Archive.FORMAT)
                .append("version", Archive.VERSION)
                .append("createdAt", at.toString())
                .append("source", source)
                .append("collections", Archive.COLLECTIONS);
        emit(gz, sha, header.toJson(Archive.JSON) + "\n");
        for (String collection : Archive.COLLECTIONS) {
            long n = 0;
            LogPrefix prefix = new LogPrefix();
            for (Document d : scan.apply(collection)) {
                Document doc = Archive.normalized(d);
                if (!snapshot && collection.equals("decisions") && !prefix.keep(doc)) {
                    continue;
                }
                emit(gz, sha, Archive.line(collection, doc));
                n++;
            }
            counts.put(collection, n);
        }
        Document trailer = new Document("end", true)
                .append("counts", new Document(Map.copyOf(counts)))
                .append("sha256", HexFormat.of().formatHex(sha.digest()));
        gz.write((trailer.toJson(Archive.JSON) + "\n").getBytes(StandardCharsets.UTF_8));
        gz.finish();
        gz.flush();
        return counts;
    }

    private static void emit(OutputStream out, MessageDigest sha, String line) throws IOException {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        sha.update(bytes);
        out.write(bytes);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /**
     * Of each job's decisions, scanned job after job in version order, those up to the first missing
     * version: a scan that is not a snapshot may see a decision made during the backup without the one
     * made just before it. The archive then holds the job as it stood before the gap.
     */
    static final class LogPrefix {
        private String current;
        private long next;
        private boolean broken;

        boolean keep(Document d) {
            String job = d.getString("jobId");
            long seq = d.get("seq") instanceof Number n ? n.longValue() : -1;
            if (!job.equals(current)) {
                current = job; // the log keeps every decision from version 1: a job starts there
                next = 1;
                broken = false;
            }
            if (broken || seq != next) {
                broken = true;
                return false;
            }
            next = seq + 1;
            return true;
        }
    }
}
