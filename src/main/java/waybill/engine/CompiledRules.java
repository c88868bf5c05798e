package waybill.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.drools.compiler.compiler.io.memory.MemoryFileSystem;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.compiler.kie.builder.impl.KieBuilderImpl;
import org.drools.compiler.kie.builder.impl.MemoryKieModule;
import org.drools.model.codegen.ExecutableModelProject;
import org.drools.modelcompiler.CanonicalKieModule;
import org.kie.api.KieServices;
import org.kie.api.builder.ReleaseId;
import org.kie.api.builder.model.KieModuleModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rulebooks compiled before, kept in a folder so that a start with unchanged rule files skips Drools'
 * compile (seconds) and loads the generated classes (about a second). One file per rulebook: the kjar as
 * the executable model wrote it, before {@link FiringChecks} rewrote its rule code, named by a hash of
 * the rule files (every byte) and of this build of Waybill and Drools, so a file written by another
 * version is never read.
 *
 * <p>What is read back is not trusted further than a fresh compile: {@link RulebookLoader} puts the time
 * checks in and runs the guards over the classes that will run ({@link RuleGuard}, {@link ModelGuard}), as
 * after a compile; a file that does not load or that the guards refuse is deleted and the rules compiled
 * from their source.
 */
public final class CompiledRules {
    private static final Logger LOG = LoggerFactory.getLogger(CompiledRules.class);
    private static final String SUFFIX = ".kjar";
    /** Files kept: the rulebooks of the last few starts and reloads. */
    private static final int KEPT = 8;
    /** Waybill's own classes (the vocabulary the generated code links against) and the Drools that generated it. */
    private static final String ENGINE = engineIdentity();

    private final Path dir;
    private final AtomicLong loaded = new AtomicLong();

    /** @param dir the folder, created on first write */
    public CompiledRules(Path dir) {
        this.dir = dir;
    }

    /** Rulebooks loaded from here instead of compiled, so far. */
    public long loaded() {
        return loaded.get();
    }

    /** The module compiled before for exactly these files, not yet in Drools' repository; empty if none. */
    Optional<InternalKieModule> find(Map<String, String> files) {
        Path file = dir.resolve(key(files) + SUFFIX);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            MemoryFileSystem mfs = MemoryFileSystem.readFromJar(Files.readAllBytes(file));
            KieModuleModel model = KieServices.get().newKieModuleModel();
            KieBuilderImpl.setDefaultsforEmptyKieModule(model); // as the build made it: one default kbase
            return Optional.of(new CanonicalKieModule(new MemoryKieModule(releaseId(mfs), model, mfs)));
        } catch (IOException | RuntimeException e) {
            forget(files, "it does not read back (" + e + ")");
            return Optional.empty();
        }
    }

    /** A module from {@link #find} became a rulebook. */
    void used() {
        loaded.incrementAndGet();
    }

    /** Deletes the file kept for these files: it did not load, or the guards refused it. */
    void forget(Map<String, String> files, String why) {
        Path file = dir.resolve(key(files) + SUFFIX);
        LOG.warn("compiled rules {} not used: {}; compiling the rule files", file, why);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.toString());
        }
    }

    /**
     * Keeps a module just compiled from these files ({@code kjar}: its bytes before the time checks went
     * in). Written whole or not at all; a failure to write is logged, never thrown: the rules are compiled.
     */
    void keep(Map<String, String> files, byte[] kjar) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(key(files) + SUFFIX);
            Path tmp = Files.createTempFile(dir, "writing-", ".tmp");
            Files.write(tmp, kjar);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            prune();
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("compiled rules not kept in {}: {}", dir, e.toString());
        }
    }

    /** Only the newest {@link #KEPT} files stay (and no half-written one of a process that died). */
    private void prune() throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.list(dir)) {
            all = s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)
                            || p.getFileName().toString().startsWith("writing-"))
                    .sorted(Comparator.comparing(CompiledRules::modified).reversed())
                    .toList();
        }
        int kjars = 0;
        for (Path p : all) {
            boolean kjar = p.getFileName().toString().endsWith(SUFFIX);
            boolean stale = kjar ? ++kjars > KEPT : modified(p) < System.currentTimeMillis() - 3_600_000L;
            if (stale) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The release the module was built as: its generated project class is named after it. */
    private static ReleaseId releaseId(MemoryFileSystem mfs) throws IOException {
        String pom = "META-INF/maven/" + RulebookLoader.GROUP + "/" + RulebookLoader.ARTIFACT + "/pom.properties";
        byte[] bytes = mfs.getBytes(pom);
        if (bytes == null) {
            throw new IOException("no " + pom);
        }
        Properties p = new Properties();
        try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
            p.load(in);
        }
        String version = p.getProperty("version");
        if (version == null
                || !RulebookLoader.GROUP.equals(p.getProperty("groupId"))
                || !RulebookLoader.ARTIFACT.equals(p.getProperty("artifactId"))) {
            throw new IOException("not a rulebook: " + p);
        }
        return KieServices.get().newReleaseId(RulebookLoader.GROUP, RulebookLoader.ARTIFACT, version);
    }

    /** Every byte of every file, path-ordered, and the engine: the same rule files on the same build. */
    static String key(Map<String, String> files) {
        MessageDigest sha = RulebookLoader.sha256();
        sha.update(ENGINE.getBytes(StandardCharsets.UTF_8));
        new TreeMap<>(files).forEach((path, content) -> {
            sha.update((byte) 0);
            sha.update(path.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(content.getBytes(StandardCharsets.UTF_8));
        });
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * Waybill's classes as built (the jar's bytes, or every class file of a classes folder) and where the
     * Drools that generates the code comes from (its jars carry their versions) and the Java version.
     */
    private static String engineIdentity() {
        MessageDigest sha = RulebookLoader.sha256();
        sha.update(location(ExecutableModelProject.class).toString().getBytes(StandardCharsets.UTF_8));
        sha.update(System.getProperty("java.version", "").getBytes(StandardCharsets.UTF_8));
        Path own = location(CompiledRules.class);
        try {
            if (Files.isDirectory(own)) {
                try (Stream<Path> s = Files.walk(own)) {
                    for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                        sha.update(own.relativize(p).toString().getBytes(StandardCharsets.UTF_8));
                        sha.update(Files.readAllBytes(p));
                    }
                }
            } else {
                sha.update(Files.readAllBytes(own));
            }
        } catch (IOException e) {
            // unreadable: a key no later process shares, so nothing kept is ever read back
            sha.update(String.valueOf(System.nanoTime()).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("unknown-" + c.getName());
        }
    }
}
