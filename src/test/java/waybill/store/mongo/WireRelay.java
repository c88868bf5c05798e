package waybill.store.mongo;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * A TCP relay in front of a MongoDB-wire server that counts, from outside the service, every command a
 * client sends: each client-to-server frame is read whole, the command's name taken from it (the first
 * key of an OP_MSG body, or of an OP_QUERY's query) and the frame passed on unchanged. What the driver's
 * own monitoring sends ({@code hello}, {@code isMaster}) is counted apart from what the service asks.
 */
public final class WireRelay implements AutoCloseable {
    /** The driver's server monitoring: not the service's work. */
    public static final Set<String> MONITORING = Set.of("hello", "ismaster", "isMaster");

    private static final int OP_QUERY = 2004;
    private static final int OP_COMPRESSED = 2012;
    private static final int OP_MSG = 2013;

    private final InetSocketAddress target;
    private final ServerSocket listening;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byCollection = new ConcurrentHashMap<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private WireRelay(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "wire-relay-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** A relay on a free loopback port to the server of {@code connectionString} ({@code mongodb://host:port}). */
    public static WireRelay to(String connectionString) throws IOException {
        String hostPort = connectionString.substring("mongodb://".length()).split("/")[0];
        int colon = hostPort.lastIndexOf(':');
        return new WireRelay(
                new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))));
    }

    /** The connection string that goes through the relay. */
    public String connectionString() {
        return "mongodb://127.0.0.1:" + listening.getLocalPort();
    }

    /** Commands counted so far, by name. */
    public Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((name, n) -> out.put(name, n.sum()));
        return out;
    }

    /** Commands counted so far, by name and collection ("find jobs"): what sends them. */
    public Map<String, Long> byCollection() {
        Map<String, Long> out = new TreeMap<>();
        byCollection.forEach((name, n) -> out.put(name, n.sum()));
        return out;
    }

    /** Every command counted so far but the driver's monitoring. */
    public long serviceCommands() {
        return counts().entrySet().stream()
                .filter(e -> !MONITORING.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** What was counted since {@code before} (an earlier {@link #counts()}), by name. */
    public Map<String, Long> since(Map<String, Long> before) {
        return since(before, counts());
    }

    /** What {@code after} counts more than {@code before}, by key. */
    public static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((name, n) -> {
            long d = n - before.getOrDefault(name, 0L);
            if (d > 0) {
                out.put(name, d);
            }
        });
        return out;
    }

    /** The service's commands in {@code delta} (a {@link #since} answer): the monitoring left out. */
    public static long service(Map<String, Long> delta) {
        return delta.entrySet().stream()
                .filter(e -> !MONITORING.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listening.accept();
                Socket server = new Socket(target.getAddress(), target.getPort());
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                open.add(client);
                open.add(server);
                pump(
                        "wire-relay-up",
                        () -> countFrames(client.getInputStream(), server.getOutputStream()),
                        client,
                        server);
                pump("wire-relay-down", () -> copy(server.getInputStream(), client.getOutputStream()), client, server);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private interface Pump {
        void run() throws IOException;
    }

    private void pump(String name, Pump p, Socket a, Socket b) {
        Thread t = new Thread(
                () -> {
                    try {
                        p.run();
                    } catch (IOException e) {
                        // one side closed: close both
                    } finally {
                        closeQuietly(a);
                        closeQuietly(b);
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
    }

    private void countFrames(InputStream from, OutputStream to) throws IOException {
        DataInputStream in = new DataInputStream(from);
        byte[] header = new byte[16];
        while (true) {
            in.readFully(header);
            ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            int length = h.getInt(0);
            int opCode = h.getInt(12);
            byte[] body = new byte[length - 16];
            in.readFully(body);
            String[] named = command(opCode, body);
            counts.computeIfAbsent(named[0], k -> new LongAdder()).increment();
            byCollection
                    .computeIfAbsent(named[1] == null ? named[0] : named[0] + " " + named[1], k -> new LongAdder())
                    .increment();
            to.write(header);
            to.write(body);
            to.flush();
        }
    }

    /** The command a frame carries: the first key of its body document, and its value when a string (the collection). */
    static String[] command(int opCode, byte[] body) {
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        int doc;
        if (opCode == OP_MSG && body.length > 5 && body[4] == 0) {
            doc = 5; // flagBits, then a kind-0 section: the command document
        } else if (opCode == OP_QUERY) {
            int end = 4;
            while (body[end] != 0) {
                end++;
            }
            doc = end + 1 + 8; // flags, the collection's name, numberToSkip, numberToReturn
        } else if (opCode == OP_COMPRESSED) {
            return new String[] {"(compressed)", null};
        } else {
            return new String[] {"(opcode " + opCode + ")", null};
        }
        int nameAt = doc + 4 + 1; // the document's length, the first element's type
        if (b.getInt(doc) <= 5) {
            return new String[] {"(empty)", null};
        }
        int end = nameAt;
        while (body[end] != 0) {
            end++;
        }
        String name = new String(body, nameAt, end - nameAt, StandardCharsets.UTF_8);
        String collection = null;
        if (body[doc + 4] == 0x02) { // a string: int32 length (with its NUL), then the bytes
            int length = b.getInt(end + 1);
            collection = new String(body, end + 5, length - 1, StandardCharsets.UTF_8);
        }
        return new String[] {name, collection};
    }

    private static void copy(InputStream from, OutputStream to) throws IOException {
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = from.read(buf)) >= 0) {
            to.write(buf, 0, n);
            to.flush();
        }
        throw new IOException("closed");
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listening.close();
        } catch (IOException ignored) {
            // closing
        }
        open.forEach(WireRelay::closeQuietly);
    }
}
