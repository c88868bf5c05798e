package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group commit's fsync covers a chunk the background writer took before it. MVStore's commit finds
 * nothing left to store and returns while that chunk is still queued on the store's executors; the sync
 * ({@link EmbeddedMongo#syncCovering}) must not run ahead of its write.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class SyncCoversBackgroundStoreTest {
    @Test
    void theSyncAfterACommitFollowsTheChunkABackgroundStoreIsStillWriting(@TempDir Path dir) throws Exception {
        FilePath.register(HeldPath.FS);
        HeldPath file = HeldPath.FS;
        MVStore store = new MVStore.Builder()
                .fileName("held:" + dir.resolve("held.mv.db"))
                .autoCommitDisabled()
                .open();
        try {
            MVMap<String, String> map = store.openMap("m");
            map.put("before", "x");
            store.commit();
            // the background writer's executors, without its timed commits during the test
            store.setAutoCommitDelay((int) TimeUnit.HOURS.toMillis(1));

            file.hold.set(true);
            map.put("acknowledged", "y");
            store.tryCommit(); // what the background writer does: the chunk is written on the store's executors
            file.held.await(); // serialized, and its write under way
            Thread groupCommit = new Thread(() -> {
                store.commit();
                EmbeddedMongo.syncCovering(store).run();
            });
            groupCommit.start();

            // the group commit either syncs at once or waits for the held chunk on the store's executor
            Awaitility.await("the group commit synced or waits for the held chunk")
                    .atMost(java.time.Duration.ofSeconds(60))
                    .pollInterval(java.time.Duration.ofMillis(1))
                    .until(() -> !file.events.isEmpty() || LockSupport.getBlocker(groupCommit) instanceof FutureTask);
            file.release.countDown();
            groupCommit.join();

            assertTrue(file.events.contains("write"), "the held chunk was written: " + file.events);
            assertEquals("write", file.events.get(0), "the sync ran before the chunk was written: " + file.events);
        } finally {
            file.release.countDown();
            store.close();
        }
    }

    /** Files named {@code held:...}: once armed, a write waits until released; writes and syncs are recorded. */
    public static final class HeldPath extends FilePathWrapper {
        private static final AtomicBoolean HOLD = new AtomicBoolean();
        private static final CountDownLatch RELEASE = new CountDownLatch(1);
        private static final CountDownLatch HELD = new CountDownLatch(1);
        private static final List<String> EVENTS = new CopyOnWriteArrayList<>();
        static final HeldPath FS = new HeldPath(); // the wrapper makes an instance per path: the state is shared
        final AtomicBoolean hold = HOLD;
        final CountDownLatch release = RELEASE;
        final CountDownLatch held = HELD;
        final List<String> events = EVENTS;

        @Override
        public String getScheme() {
            return "held";
        }

        @Override
        public FileChannel open(String mode) throws IOException {
            FileChannel base = super.open(mode);
            return new FileBase() {
                @Override
                public int write(ByteBuffer src, long position) throws IOException {
                    if (!FS.hold.get()) {
                        return base.write(src, position);
                    }
                    FS.held.countDown();
                    try {
                        FS.release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    int n = base.write(src, position);
                    FS.events.add("write");
                    return n;
                }

                @Override
                public void force(boolean metaData) throws IOException {
                    if (FS.hold.get()) {
                        FS.events.add("sync");
                    }
                    base.force(metaData);
                }

                @Override
                public int read(ByteBuffer dst, long position) throws IOException {
                    return base.read(dst, position);
                }

                @Override
                public int read(ByteBuffer dst) throws IOException {
                    return base.read(dst);
                }

                @Override
                public int write(ByteBuffer src) throws IOException {
                    return base.write(src);
                }

                @Override
                public long position() throws IOException {
                    return base.position();
                }

                @Override
                public FileChannel position(long newPosition) throws IOException {
                    base.position(newPosition);
                    return this;
                }

                @Override
                public long size() throws IOException {
                    return base.size();
                }

                @Override
                public FileChannel truncate(long size) throws IOException {
                    base.truncate(size);
                    return this;
                }

                @Override
                public FileLock tryLock(long position, long size, boolean shared) throws IOException {
                    return base.tryLock(position, size, shared);
                }

                @Override
                protected void implCloseChannel() throws IOException {
                    base.close();
                }
            };
        }
    }
}
