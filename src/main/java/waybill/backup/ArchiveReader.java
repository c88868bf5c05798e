package waybill.backup;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.bson.Document;
import org.bson.json.JsonParseException;

/**
 * Reads a backup archive ({@link Archive}). {@link #verify} reads it whole first and refuses, with
 * {@link DamagedArchiveException}, anything but a complete archive of a version it reads: a missing or
 * foreign header, a line that is not a document of a known collection, no trailer (truncated), counts or
 * SHA-256 that do not match (altered), a damaged gzip stream. Only then does {@link #read} hand out the
 * documents, so a restore writes nothing from an archive it would refuse.
 */
final class ArchiveReader {
    /** The header's fields and the trailer's counts of a verified archive. */
    record Manifest(Document header, Map<String, Long> counts) {
        long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    interface Sink {
        void accept(String collection, Document doc);
    }

    private final Path file;

    ArchiveReader(Path file) {
        this.file = file;
    }

    Manifest verify() {
        return pass(null);
    }

    /** Every document in archive order; call after {@link #verify}. */
    void read(Sink sink) {
        pass(sink);
    }

    private Manifest pass(Sink sink) {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16)) {
            MessageDigest sha = ArchiveWriter.sha256();
            byte[] first = line(in);
            if (first == null) {
                throw new DamagedArchiveException(file + " is empty");
            }
            sha.update(first);
            Document header = header(first);
            Map<String, Long> counts = new LinkedHashMap<>();
            long lineNo = 1;
            while (true) {
                byte[] bytes = line(in);
                lineNo++;
                if (bytes == null) {
                    throw new DamagedArchiveException(file + " is truncated: it ends after " + (lineNo - 2)
                            + " documents without its trailer line");
                }
                Document d = parse(bytes, lineNo);
                if (Boolean.TRUE.equals(d.get("end"))) {
                    checkTrailer(d, counts, HexFormat.of().formatHex(sha.digest()));
                    if (in.read() != -1) {
                        throw new DamagedArchiveException(file + " has data after its trailer (line " + lineNo + ")");
                    }
                    return new Manifest(header, counts);
                }
                sha.update(bytes);
                String collection = d.getString("collection");
                if (!Archive.COLLECTIONS.contains(collection) || !(d.get("doc") instanceof Document doc)) {
                    throw new DamagedArchiveException(
                            file + " line " + lineNo + " is not a document of a known collection");
                }
                counts.merge(collection, 1L, Long::sum);
                if (sink != null) {
                    sink.accept(collection, doc);
                }
            }
        } catch (NoSuchFileException e) {
            throw new DamagedArchiveException("no such file: " + file, e);
        } catch (ZipException | EOFException e) {
            throw new DamagedArchiveException(file + " is damaged or truncated (gzip: " + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DamagedArchiveException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private Document header(byte[] bytes) {
        Document h;
        try {
            h = Document.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new DamagedArchiveException(file + " is not a Waybill backup (its first line is not its header)");
        }
        if (!Archive.FORMAT.equals(h.getString("format"))) {
            throw new DamagedArchiveException(file + " is not a Waybill backup (format " + h.get("format") + ")");
        }
        if (!(h.get("version") instanceof Number v) || v.intValue() != Archive.VERSION) {
            throw new DamagedArchiveException(file + " is a backup of format version " + h.get("version")
                    + "; this restore reads version " + Archive.VERSION);
        }
        return h;
    }

    private Document parse(byte[] bytes, long lineNo) {
        try {
            return Document.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new DamagedArchiveException(file + " line " + lineNo + " is not JSON: " + e.getMessage());
        }
    }

    private void checkTrailer(Document trailer, Map<String, Long> counted, String digest) {
        if (!digest.equals(trailer.getString("sha256"))) {
            throw new DamagedArchiveException(
                    file + " was altered: its SHA-256 is " + digest + ", the trailer says " + trailer.get("sha256"));
        }
        Document said = trailer.get("counts", Document.class);
        for (String c : Archive.COLLECTIONS) {
            long expected = said != null && said.get(c) instanceof Number n ? n.longValue() : -1;
            if (expected != counted.getOrDefault(c, 0L)) {
                throw new DamagedArchiveException(file + " holds " + counted.getOrDefault(c, 0L) + " " + c
                        + " documents; its trailer says " + expected);
            }
        }
    }

    /** The next line with its newline, or null at the end; a last line without a newline is incomplete. */
    private static byte[] line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        int b;
        while ((b = in.read()) != -1) {
            out.write(b);
            if (b == '\n') {
                return out.toByteArray();
            }
        }
        return null;
    }
}
