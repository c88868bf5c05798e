package waybill.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.bson.Document;
import waybill.store.Backup;

/**
 * Writes a backup archive ({@link Archive}) of what a store offers ({@link Backup}): its collections in
 * {@link Archive#COLLECTIONS} order, the store's versions held while they are read. On a scan that is not
 * a snapshot the decision log passes through {@link LogPrefix}: of each job only the unbroken run of
 * versions is kept.
 */
public final class ArchiveWriter {
    private final Backup store;

    public ArchiveWriter(Backup store) {
        this.store = store;
    }

    /**
     * Writes the archive to {@code to}. Every fact acknowledged before the call is in it. If writing fails
     * part-way the archive has no trailer, and restore refuses it.
     *
     * @param at the instant the archive's header names (the service's clock)
     * @return the documents written per collection
     */
    public Map<String, Long> write(OutputStream to, Instant at) throws IOException {
        try (Backup.Hold held = store.hold().get()) {
            return writeHeld(to, at);
        }
    }

    private Map<String, Long> writeHeld(OutputStream to, Instant at) throws IOException {
        MessageDigest sha = sha256();
        Map<String, Long> counts = new LinkedHashMap<>();
        GZIPOutputStream gz = new GZIPOutputStream(to, 1 << 16);
        Document header = new Document("format", Archive.FORMAT)
                .append("version", Archive.VERSION)
                .append("createdAt", at.toString())
                .append("source", store.source())
                .append("collections", Archive.COLLECTIONS);
        emit(gz, sha, header.toJson(Archive.JSON) + "\n");
        for (String collection : Archive.COLLECTIONS) {
            long n = 0;
            LogPrefix prefix = new LogPrefix();
            for (Map<String, Object> d : store.scan().apply(collection)) {
                Document doc = Archive.normalized(d);
                if (!store.snapshot() && collection.equals("decisions") && !prefix.keep(doc)) {
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
    public static final class LogPrefix {
        private String current;
        private long next;
        private boolean broken;

        public boolean keep(Document d) {
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
