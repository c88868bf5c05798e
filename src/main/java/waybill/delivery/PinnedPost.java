package waybill.delivery;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 POST to an address already resolved and checked by the {@link EgressPolicy}: the connection
 * goes to that address and to no other, while the request still names the URL's host, in the {@code Host}
 * header and, over https, in the TLS server name (SNI) and the certificate's host name check. The JDK's
 * HttpClient cannot do this: it resolves the host again itself (a second lookup that a rebinding resolver
 * may answer with an inside address) and refuses a {@code Host} header of the caller's. Only the answer's
 * status line is read; the connection is closed after it.
 */
final class PinnedPost {
    /** Opens the TCP connection to the checked address (a test sees where a send would go). */
    @FunctionalInterface
    interface Dialer {
        Socket connect(InetSocketAddress to, int timeoutMillis) throws IOException;
    }

    static final Dialer SOCKETS = (to, timeoutMillis) -> {
        Socket s = new Socket();
        try {
            s.connect(to, timeoutMillis);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    };

    private static final int MAX_LINE = 8192;

    private final Duration timeout;
    private final SSLSocketFactory tls;
    private final Dialer dialer;

    /**
     * @param timeout the whole exchange's bound: connecting, the TLS handshake, sending, the status line
     * @param tls     the https connections' trust (the JDK's default trust store in service)
     */
    PinnedPost(Duration timeout, SSLSocketFactory tls, Dialer dialer) {
        this.timeout = timeout;
        this.tls = tls;
        this.dialer = dialer;
    }

    /** POSTs {@code body} to {@code url}, connecting to {@code address} only; the answer's status code. */
    int post(URI url, InetAddress address, Map<String, String> headers, byte[] body) throws IOException {
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
        long deadline = System.nanoTime() + timeout.toNanos();
        Socket socket = dialer.connect(new InetSocketAddress(address, port), remaining(deadline));
        try (Socket s = https ? tls(socket, host(url), port, deadline) : socket) {
            s.setSoTimeout(remaining(deadline));
            StringBuilder head = new StringBuilder()
                    .append("POST ")
                    .append(target(url))
                    .append(" HTTP/1.1\r\nHost: ")
                    .append(authority(url))
                    .append("\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            return status(new BufferedInputStream(s.getInputStream()), s, deadline);
        }
    }

    /** TLS over the connection already made, naming the URL's host for SNI and for the certificate's check. */
    private Socket tls(Socket socket, String host, int port, long deadline) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(socket, host, port, true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (EgressPolicy.literal(host) == null) {
            p.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(p);
        ssl.setSoTimeout(remaining(deadline));
        ssl.startHandshake();
        return ssl;
    }

    /** The final status code (an informational 1xx answer and its headers are passed over). */
    private static int status(InputStream in, Socket s, long deadline) throws IOException {
        while (true) {
            s.setSoTimeout(remaining(deadline));
            String line = line(in);
            if (!line.matches("HTTP/1\\.[01] [0-9]{3}( .*)?")) {
                throw new IOException("not an HTTP/1.1 status line");
            }
            int code = Integer.parseInt(line.substring(9, 12));
            if (code >= 200) {
                return code;
            }
            while (!line(in).isEmpty()) {
                s.setSoTimeout(remaining(deadline));
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0 || b.size() > MAX_LINE) {
                throw new IOException("the answer ended or ran on before its status line ended");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static int remaining(long deadline) throws SocketTimeoutException {
        long ms = (deadline - System.nanoTime()) / 1_000_000;
        if (ms <= 0) {
            throw new SocketTimeoutException("no answer in time");
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    private static String host(URI url) {
        return EgressPolicy.host(url);
    }

    /** The URL's host and port as written (without any user part): the Host header. */
    private static String authority(URI url) {
        String a = url.getRawAuthority();
        return a.substring(a.lastIndexOf('@') + 1);
    }

    private static String target(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }
}
