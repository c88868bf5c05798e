package waybill.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real HTTP receiver on loopback, on raw sockets so it can misbehave: each request takes the next
 * scripted answer (200 when the script is empty) — a status, no answer at all until the client gives up
 * ({@link #HANG}), or the connection closed without an answer ({@link #DROP}). Keeps every request it read.
 */
public final class Receiver implements AutoCloseable {
    static final int HANG = -1;
    static final int DROP = -2;

    /** A request as received, with the answer it got. */
    public record Request(Map<String, String> headers, String body, int answer, Instant receivedAt) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final ServerSocket socket;
    private final Deque<Integer> script = new ConcurrentLinkedDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private final Thread acceptor;
    private volatile int otherwise = 200;

    public Receiver() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "receiver");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/hook";
    }

    /** The next requests' answers, in order. */
    Receiver then(int... answers) {
        for (int a : answers) {
            script.add(a);
        }
        return this;
    }

    /** The answer once the script is used up. */
    public Receiver otherwise(int answer) {
        otherwise = answer;
        return this;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Waits (a real network peer: a deadline, not a timer) until some requests match. */
    List<Request> await(Predicate<List<Request>> done, long seconds) {
        try {
            return Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(seconds))
                    .pollInterval(java.time.Duration.ofMillis(10))
                    .until(this::requests, done::test);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "the receiver did not get what was expected within " + seconds + " s; it got "
                            + requests().size() + " requests: "
                            + requests().stream().map(Request::answer).toList(),
                    e);
        }
    }

    List<Request> awaitCount(int n) throws InterruptedException {
        return await(r -> r.size() >= n, 20);
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread t = new Thread(() -> serve(s), "receiver-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            while (true) {
                Map<String, String> headers = new LinkedHashMap<>();
                String line = readLine(in);
                if (line == null || line.isEmpty()) {
                    return;
                }
                while (!(line = readLine(in)).isEmpty()) {
                    int colon = line.indexOf(':');
                    headers.put(
                            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim());
                }
                int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                Integer scripted = script.poll();
                int answer = scripted == null ? otherwise : scripted;
                synchronized (this) {
                    requests.add(new Request(headers, body, answer, Instant.now()));
                }
                if (answer == DROP) {
                    s.setSoLinger(true, 0); // a reset, not a clean close
                    return;
                }
                if (answer == HANG) {
                    Thread.sleep(5000); // longer than the client's timeout in these tests
                    return;
                }
                OutputStream out = s.getOutputStream();
                out.write(
                        ("HTTP/1.1 " + answer + " X\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the client went away
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
