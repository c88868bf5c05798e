package waybill.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static waybill.store.StoreTestSupport.T0;
import static waybill.store.StoreTestSupport.create;
import static waybill.store.StoreTestSupport.jobId;
import static waybill.store.StoreTestSupport.rules;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import waybill.decision.Processor;
import waybill.engine.Rulebook;
import waybill.store.mongo.EmbeddedMongo;
import waybill.store.mongo.MongoStore;
import waybill.store.mongo.StoreFactory;
import waybill.timers.ManualClock;

/**
 * Restore refuses what it must not write: a truncated archive, one altered after it was written (a
 * document, a count, the compressed bytes), something that is not an archive, and a store that already
 * holds jobs. Each time with an error that says which, and nothing written: no data folder is made.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class RestoreRefusalTest {
    @TempDir
    static Path shared;

    static Path archive;

    @BeforeAll
    static void anArchiveOfThreeJobs() throws Exception {
        Rulebook rulebook = rules();
        archive = shared.resolve("backup.jsonl.gz");
        try (MongoStore store = StoreFactory.embedded(shared.resolve("source"))) {
            Processor p = new Processor(() -> rulebook, store, new ManualClock(T0));
            for (int i = 0; i < 3; i++) {
                p.submit(create(jobId("s1", "job" + i), "c" + i));
            }
            try (OutputStream out = Files.newOutputStream(archive)) {
                new ArchiveWriter(store.backup().orElseThrow()).write(out, T0);
            }
        }
    }

    @Test
    void aCompleteArchiveRestoresAndReportsWhatItHeld(@TempDir Path into) {
        Restore.Report r = restore(archive, into.resolve("data"));
        assertEquals(3L, r.counts().get("jobs"));
        assertEquals(3L, r.counts().get("decisions"));
        assertEquals(T0.toString(), r.archiveCreatedAt());
    }

    @Test
    void aTruncatedArchiveIsRefusedAndNothingIsWritten(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(archive);
        for (int cut : List.of(whole.length - 1, whole.length - 9, whole.length / 2, 12)) {
            Path file = dir.resolve("cut-" + cut + ".gz");
            Files.write(file, Arrays.copyOf(whole, cut));
            Path data = dir.resolve("data-" + cut);
            DamagedArchiveException e = assertThrows(DamagedArchiveException.class, () -> restore(file, data));
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
            assertFalse(Files.exists(data), "nothing written for a cut at " + cut);
        }
    }

    @Test
    void anArchiveCutAtALineEndIsRefusedForItsMissingTrailer(@TempDir Path dir) throws Exception {
        String text = text(archive);
        String withoutTrailer = text.substring(0, text.lastIndexOf("{\"end\""));
        Path file = gzip(dir.resolve("no-trailer.gz"), withoutTrailer);
        DamagedArchiveException e =
                assertThrows(DamagedArchiveException.class, () -> restore(file, dir.resolve("data")));
        assertTrue(e.getMessage().contains("without its trailer"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("data")));
    }

    @Test
    void anAlteredDocumentIsRefusedByItsChecksum(@TempDir Path dir) throws Exception {
        String text = text(archive);
        assertTrue(text.contains("jobs/job1"), "the archive names job1");
        Path file = gzip(dir.resolve("altered.gz"), text.replaceFirst("jobs/job1", "jobs/jobX"));
        DamagedArchiveException e =
                assertThrows(DamagedArchiveException.class, () -> restore(file, dir.resolve("data")));
        assertTrue(e.getMessage().contains("altered") && e.getMessage().contains("SHA-256"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("data")));
    }

    @Test
    void aRemovedDocumentIsRefused(@TempDir Path dir) throws Exception {
        String text = text(archive);
        int start = text.indexOf("{\"collection\": \"decisions\"");
        String without = text.substring(0, start) + text.substring(text.indexOf('\n', start) + 1);
        Path file = gzip(dir.resolve("removed.gz"), without);
        DamagedArchiveException e =
                assertThrows(DamagedArchiveException.class, () -> restore(file, dir.resolve("data")));
        assertTrue(e.getMessage().contains("altered"), e.getMessage());
    }

    @Test
    void aFlippedCompressedByteIsRefused(@TempDir Path dir) throws Exception {
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length / 2] ^= 0x5a;
        Path file = Files.write(dir.resolve("flipped.gz"), bytes);
        assertThrows(DamagedArchiveException.class, () -> restore(file, dir.resolve("data")));
        assertFalse(Files.exists(dir.resolve("data")));
    }

    @Test
    void aFileThatIsNoArchiveIsRefusedSayingSo(@TempDir Path dir) throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "hello\n");
        DamagedArchiveException e =
                assertThrows(DamagedArchiveException.class, () -> restore(plain, dir.resolve("data")));
        assertTrue(e.getMessage().contains("gzip"), e.getMessage());
        Path foreign = gzip(dir.resolve("foreign.gz"), "{\"format\": \"other\"}\n");
        e = assertThrows(DamagedArchiveException.class, () -> restore(foreign, dir.resolve("data")));
        assertTrue(e.getMessage().contains("not a Waybill backup"), e.getMessage());
        Path newer = gzip(dir.resolve("newer.gz"), "{\"format\": \"waybill-backup\", \"version\": 2}\n");
        e = assertThrows(DamagedArchiveException.class, () -> restore(newer, dir.resolve("data")));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("data")));
    }

    @Test
    void aStoreThatHoldsJobsIsRefusedUnlessToldToReplace(@TempDir Path into) throws Exception {
        Path data = into.resolve("data");
        restore(archive, data);
        long size = Files.size(data.resolve(EmbeddedMongo.FILE));
        Restore.Refused e = assertThrows(Restore.Refused.class, () -> restore(archive, data));
        assertTrue(e.getMessage().contains("already holds 3 jobs"), e.getMessage());
        assertEquals(
                3L,
                new Restore(archive, l -> {})
                        .into(new Restore.Target(data, null), true)
                        .counts()
                        .get("jobs"));
        try (MongoStore store = StoreFactory.embedded(data)) {
            store.awaitWarm();
            assertTrue(store.find(jobId("s1", "job2")).isPresent());
            assertEquals(1, store.history(jobId("s1", "job2")).size(), "replaced, not doubled");
        }
        assertTrue(size > 0);
    }

    private static Restore.Report restore(Path file, Path data) {
        return new Restore(file, l -> {}).into(new Restore.Target(data, null), false);
    }

    private static String text(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Path gzip(Path to, String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return Files.write(to, bytes.toByteArray());
    }
}
