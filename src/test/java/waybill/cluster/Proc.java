package waybill.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One child process of the cluster test: the built jar ({@code target/waybill.jar}, made by the package
 * phase before failsafe runs) under the JVM that runs the test, its output in a log file. {@link #kill()}
 * is SIGKILL (kill -9): no shutdown hook runs, as when a machine dies.
 */
final class Proc implements AutoCloseable {
    /** Small heaps, one GC thread, the quick JIT only: four JVMs share two busy cores. */
    private static final List<String> JVM = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    final String name;
    final Path log;
    private final List<String> command;
    private final Map<String, String> env;
    private Process process;
    /** Where this start's output begins in the log (a restarted process appends to it). */
    private long from;

    Proc(String name, Path log, Map<String, String> env, String... args) {
        this.name = name;
        this.log = log;
        this.env = env;
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(JVM);
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        this.command = List.copyOf(cmd);
    }

    /** The runnable jar with its lib/ folder, as the package phase leaves it. */
    static Path jar() {
        Path jar = Path.of(System.getProperty("waybill.jar", "target/waybill.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: the cluster test runs after the package phase (mvn verify)");
        }
        return jar;
    }

    Proc start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        from = Files.exists(log) ? Files.size(log) : 0;
        process = pb.start();
        return this;
    }

    /**
     * Waits until this start's output holds {@code line}; fails with the log's tail when the process exits
     * first or {@code within} passes.
     */
    void awaitLog(String line, Duration within) throws IOException {
        try {
            Awaitility.await(name + " logs '" + line + "'")
                    .atMost(within)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (logged(line)) {
                            return true;
                        }
                        if (!process.isAlive()) {
                            throw new IllegalStateException(
                                    name + " exited with " + process.exitValue() + ":\n" + tail());
                        }
                        return false;
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(name + " did not log '" + line + "' within " + within + ":\n" + tail(), e);
        }
    }

    /** True when this start's output holds {@code line}. */
    boolean logged(String line) throws IOException {
        if (!Files.exists(log)) {
            return false;
        }
        byte[] all = Files.readAllBytes(log);
        int start = (int) Math.min(from, all.length);
        return new String(all, start, all.length - start, java.nio.charset.StandardCharsets.UTF_8).contains(line);
    }

    /** Waits for the process to end by itself and answers its exit code; fails with its log past the deadline. */
    int await(Duration within) throws Exception {
        if (!process.waitFor(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " did not end within " + within + ":\n" + tail());
        }
        return process.exitValue();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** kill -9: the process gets no chance to finish anything. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    String tail() throws IOException {
        if (!Files.exists(log)) {
            return "(no output)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Stops the process and waits for it (SIGTERM, then SIGKILL after 10 s). */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }
}
