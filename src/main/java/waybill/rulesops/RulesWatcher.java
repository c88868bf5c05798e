package waybill.rulesops;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a rules folder (and the folders inside it) for changes to {@code *.drl} files and, once the
 * folder has been quiet for a while (an editor saves in several steps; a copy writes many files),
 * calls back once. One daemon thread; {@link #close()} stops it. The callback runs on that thread and
 * decides what a change means (compile, check, activate): the watcher only notices.
 */
public final class RulesWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RulesWatcher.class);
    public static final Duration QUIET = Duration.ofMillis(300);

    private final Path dir;
    private final Duration quiet;
    private final Runnable onChange;
    private final WatchService watch;
    private final Map<WatchKey, Path> keys = new HashMap<>();
    private volatile Thread thread;
    private volatile boolean closed;

    public RulesWatcher(Path dir, Duration quiet, Runnable onChange) throws IOException {
        this.dir = dir.toAbsolutePath().normalize();
        this.quiet = quiet;
        this.onChange = onChange;
        this.watch = FileSystems.getDefault().newWatchService();
        registerAll(this.dir);
    }

    /** Watches on a thread of {@code threads} (its owner's naming) until {@link #close()}. */
    public RulesWatcher start(java.util.concurrent.ThreadFactory threads) {
        thread = threads.newThread(this::run);
        thread.start();
        LOG.info("watching {} for rule changes (*.drl, {} ms quiet)", dir, quiet.toMillis());
        return this;
    }

    private void registerAll(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                keys.put(
                        d.register(
                                watch,
                                StandardWatchEventKinds.ENTRY_CREATE,
                                StandardWatchEventKinds.ENTRY_MODIFY,
                                StandardWatchEventKinds.ENTRY_DELETE),
                        d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void run() {
        try {
            while (!closed) {
                WatchKey key = watch.take();
                boolean relevant = drain(key);
                // debounce: keep collecting until the folder has been quiet for the whole period
                WatchKey more;
                while ((more = watch.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    relevant |= drain(more);
                }
                if (relevant && !closed) {
                    try {
                        onChange.run();
                    } catch (RuntimeException e) {
                        LOG.error("handling a change in {} failed", dir, e);
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    /** Reads a key's events: true when a rule file (or a folder that may hold some) changed. */
    private boolean drain(WatchKey key) {
        Path base = keys.get(key);
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                relevant = true;
                continue;
            }
            if (base == null) {
                continue;
            }
            Path child = base.resolve((Path) event.context());
            if (child.getFileName().toString().endsWith(".drl")) {
                relevant = true;
            } else if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(child)) {
                try {
                    registerAll(child);
                } catch (IOException e) {
                    LOG.warn("cannot watch {}: {}", child, e.toString());
                }
                relevant = true;
            } else if (event.kind() == StandardWatchEventKinds.ENTRY_DELETE && keys.containsValue(child)) {
                relevant = true; // a folder of rules went away
            }
        }
        if (!key.reset()) {
            keys.remove(key);
        }
        return relevant;
    }

    @Override
    public void close() {
        closed = true;
        try {
            watch.close();
        } catch (IOException e) {
            LOG.debug("closing the watch service: {}", e.toString());
        }
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
            try {
                t.join(5_000); // a reload under way ends first
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
