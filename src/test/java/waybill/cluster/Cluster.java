package waybill.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Several Waybill processes on one MongoDB-wire server, each in its own process: the embedded server run
 * alone ({@code waybill mongo-server}, the stand-in for a replica set) and {@code waybill serve
 * --mongo-uri} instances on it, each with its own rules folder (a copy of {@code rules/}), the
 * repository's fixtures as the reload gate, and one admin key. For tests that need real processes:
 * kill -9 of an instance or of the store, and several JVMs deciding on one database.
 * <pre>
 * try (Cluster c = Cluster.start(dir, 3)) { c.node(0).put(...); c.node(1).get(...); c.node(2).kill(); }
 * </pre>
 */
public final class Cluster implements AutoCloseable {
    public static final String ADMIN_KEY = "cluster-admin-key-000000000000000001";
    static final Duration START_WITHIN = Duration.ofSeconds(120);

    private final Path dir;
    private final int storePort;
    /** More {@code serve} arguments for every instance (a test's own flags). */
    private final List<String> serveArgs;

    private Proc store;
    private final List<Node> nodes = new ArrayList<>();

    private Cluster(Path dir, List<String> serveArgs) throws IOException {
        this.dir = dir;
        this.storePort = freePort();
        this.serveArgs = List.copyOf(serveArgs);
    }

    /** The store and {@code instances} Waybill processes, each listening before this returns. */
    public static Cluster start(Path dir, int instances) throws Exception {
        return start(dir, instances, List.of());
    }

    /** The same, each instance started with {@code serveArgs} added to its {@code serve} command line. */
    public static Cluster start(Path dir, int instances, List<String> serveArgs) throws Exception {
        Cluster c = new Cluster(dir, serveArgs);
        try {
            c.startStore();
            for (int i = 0; i < instances; i++) {
                c.nodes.add(c.launch("n" + (i + 1)));
            }
            for (Node n : c.nodes) {
                n.proc.awaitLog("listening on http://", START_WITHIN);
            }
            return c;
        } catch (Exception e) {
            c.close();
            throw e;
        }
    }

    public String mongoUri() {
        return "mongodb://127.0.0.1:" + storePort + "/waybill";
    }

    public Node node(int i) {
        return nodes.get(i);
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** The instances not killed. */
    public List<Node> alive() {
        return nodes.stream().filter(Node::alive).toList();
    }

    /** Starts the store process (again, on the same port and file after {@link #killStore}). */
    public void startStore() throws Exception {
        Path data = dir.resolve("store");
        store = new Proc(
                        "mongo-server",
                        dir.resolve("store.log"),
                        Map.of(),
                        "mongo-server",
                        "--port",
                        String.valueOf(storePort),
                        "--data",
                        data.toString())
                .start();
        store.awaitLog("mongo-server listening on", START_WITHIN);
    }

    /**
     * Stops instance {@code i} as an operator would and starts it again under the same name, folders and
     * store, on a new port, with {@code moreArgs} added to its command line; listening before this returns
     * (its start-up pass may still run behind serving).
     */
    public Node restart(int i, String... moreArgs) throws Exception {
        Node old = nodes.get(i);
        old.stop();
        List<String> args = new ArrayList<>(serveArgs);
        args.addAll(List.of(moreArgs));
        Node n = launch(dir, old.name, List.of("--mongo-uri", mongoUri()), args);
        nodes.set(i, n);
        n.proc.awaitLog("listening on http://", START_WITHIN);
        return n;
    }

    /** kill -9 of the store process. */
    public void killStore() throws InterruptedException {
        store.kill();
    }

    private Node launch(String name) throws IOException {
        return launch(dir, name, List.of("--mongo-uri", mongoUri()), serveArgs);
    }

    /**
     * One {@code serve} process alone (on the embedded store of {@code dir/name/data} unless {@code serveArgs}
     * names a {@code --mongo-uri}), listening before this returns; {@link Node#stop} ends it.
     */
    public static Node serve(Path dir, String name, List<String> serveArgs) throws Exception {
        Node n = launch(dir, name, List.of(), serveArgs);
        try {
            n.proc.awaitLog("listening on http://", START_WITHIN);
            return n;
        } catch (Exception e) {
            n.proc.close();
            throw e;
        }
    }

    private static Node launch(Path dir, String name, List<String> storeArgs, List<String> serveArgs)
            throws IOException {
        Path home = dir.resolve(name);
        Path rules = home.resolve("rules");
        Files.createDirectories(rules);
        try (Stream<Path> files = Files.list(Path.of("rules"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, rules.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        int port = freePort();
        // the cluster's tests put writers under load: no request budget (each instance would keep its own)
        List<String> args = new ArrayList<>(List.of("serve", "--throttle", "off", "--port", String.valueOf(port)));
        args.addAll(storeArgs);
        args.addAll(List.of(
                "--node-name",
                name,
                "--rules",
                rules.toString(),
                "--fixtures",
                "fixtures",
                "--data",
                home.resolve("data").toString(),
                "--locations",
                "config/locations.yaml"));
        args.addAll(serveArgs);
        Proc p = new Proc(
                        name,
                        home.resolve("service.log"),
                        Map.of("WAYBILL_KEYS", ADMIN_KEY + "=admin"),
                        args.toArray(String[]::new))
                .start();
        return new Node(name, port, rules, p);
    }

    /** The logs of every process, for a failure message. */
    public String logs() {
        StringBuilder out = new StringBuilder();
        try {
            out.append("--- store\n").append(store.tail()).append('\n');
            for (Node n : nodes) {
                out.append("--- ")
                        .append(n.name)
                        .append('\n')
                        .append(n.proc.tail())
                        .append('\n');
            }
        } catch (IOException e) {
            out.append(e);
        }
        return out.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Stops every process this cluster started. */
    @Override
    public void close() throws InterruptedException {
        for (Node n : nodes) {
            n.proc.close();
        }
        if (store != null) {
            store.close();
        }
    }
}
