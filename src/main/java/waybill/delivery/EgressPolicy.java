package waybill.delivery;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where webhooks may send (docs/security.md#webhook-egress): no loopback, link-local, private, unique-local,
 * unspecified, multicast or reserved address, in whatever spelling (IPv4-mapped IPv6, decimal, octal or hex
 * IPv4), and no cloud metadata or private-use name, unless the deliveries file allows private networks or
 * lists the address's range. A URL is checked as written when the webhook is registered, and each address
 * its host resolves to is checked again before every send, so a name that later points inward is refused;
 * the send then connects to the address checked, not to a second lookup's.
 */
public final class EgressPolicy {
    /** Resolves a host name to its addresses (the system resolver in service). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final Set<String> NAMES = Set.of(
            "localhost",
            "metadata",
            "metadata.google.internal",
            "metadata.goog",
            "instance-data",
            "instance-data.ec2.internal",
            "metadata.azure.com",
            "kubernetes.default",
            "kubernetes.default.svc");
    private static final List<String> SUFFIXES =
            List.of(".localhost", ".internal", ".local", ".home.arpa", ".localdomain", ".cluster.local");
    private static final List<Cidr> REFUSED = List.of(
            Cidr.parse("0.0.0.0/8", "unspecified"),
            Cidr.parse("10.0.0.0/8", "private"),
            Cidr.parse("100.64.0.0/10", "shared (carrier-grade NAT)"),
            Cidr.parse("127.0.0.0/8", "loopback"),
            Cidr.parse("169.254.0.0/16", "link-local"),
            Cidr.parse("172.16.0.0/12", "private"),
            Cidr.parse("192.0.0.0/24", "reserved"),
            Cidr.parse("192.168.0.0/16", "private"),
            Cidr.parse("198.18.0.0/15", "reserved"),
            Cidr.parse("224.0.0.0/4", "multicast"),
            Cidr.parse("240.0.0.0/4", "reserved"),
            Cidr.parse("::/128", "unspecified"),
            Cidr.parse("::1/128", "loopback"),
            Cidr.parse("fc00::/7", "unique-local"),
            Cidr.parse("fe80::/10", "link-local"),
            Cidr.parse("fec0::/10", "site-local"),
            Cidr.parse("ff00::/8", "multicast"),
            Cidr.parse("2001::/32", "Teredo (hides its IPv4 address)"));

    private final boolean allowPrivate;
    private final List<Cidr> allowed;
    private final Resolver resolver;

    /**
     * @param allowPrivate true: no address or name is refused (a test or a closed network)
     * @param allowedCidrs ranges sent to even though they are not public ({@code 10.1.2.0/24}, {@code ::1/128})
     */
    public EgressPolicy(boolean allowPrivate, List<String> allowedCidrs, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        List<Cidr> a = new ArrayList<>();
        for (String c : allowedCidrs == null ? List.<String>of() : allowedCidrs) {
            a.add(Cidr.parse(c, "allowed"));
        }
        this.allowed = List.copyOf(a);
        this.resolver = resolver;
    }

    public static EgressPolicy of(DeliveryConfig.Egress e) {
        return new EgressPolicy(
                e != null && Boolean.TRUE.equals(e.allowPrivateNetworks()),
                e == null ? null : e.allowedCidrs(),
                InetAddress::getAllByName);
    }

    /** Why the URL as written may not be registered; empty when it may. */
    public Optional<String> refusal(String url) {
        if (allowPrivate) {
            return Optional.empty();
        }
        String host = host(URI.create(url));
        if (NAMES.contains(host) || SUFFIXES.stream().anyMatch(host::endsWith)) {
            return Optional.of("the host '" + host + "' is a local or cloud metadata name");
        }
        byte[] literal = literal(host);
        return literal == null ? Optional.empty() : refusal(literal, host);
    }

    /**
     * Where a send goes: the URL's host resolved once, every address checked, and the first of them, which
     * the send connects to ({@link PinnedPost}) without resolving again; or why it may not be sent.
     */
    record Target(InetAddress address, String refusal) {}

    /** The URL's host resolved and checked for a send now. {@link UnknownHostException} when it does not resolve. */
    Target atSend(URI url) throws UnknownHostException {
        Optional<String> written = refusal(url.toString());
        if (written.isPresent()) {
            return new Target(null, written.get());
        }
        String host = host(url);
        byte[] literal = literal(host);
        if (literal != null) {
            return new Target(InetAddress.getByAddress(literal), null); // checked as written
        }
        InetAddress[] all = resolver.resolve(host);
        if (all.length == 0) {
            throw new UnknownHostException(host);
        }
        for (InetAddress a : allowPrivate ? new InetAddress[0] : all) {
            Optional<String> r = refusal(a.getAddress(), host + " (" + a.getHostAddress() + ")");
            if (r.isPresent()) {
                return new Target(null, r.get());
            }
        }
        return new Target(all[0], null);
    }

    /** Why the URL's host may not be sent to now, after resolving it; empty when it may. */
    Optional<String> refusalAtSend(URI url) throws UnknownHostException {
        return Optional.ofNullable(atSend(url).refusal());
    }

    private Optional<String> refusal(byte[] address, String shown) {
        byte[] a = embeddedIpv4(address);
        for (Cidr c : allowed) {
            if (c.contains(a) || c.contains(address)) {
                return Optional.empty();
            }
        }
        for (Cidr c : REFUSED) {
            if (c.contains(a) || c.contains(address)) {
                return Optional.of("the address " + shown + " is " + c.kind);
            }
        }
        return Optional.empty();
    }

    static String host(URI u) {
        String h = u.getHost();
        if (h == null) { // java.net.URI gives no host for some numeric spellings (127.1): read the authority
            String a = u.getRawAuthority() == null ? "" : u.getRawAuthority();
            a = a.substring(a.lastIndexOf('@') + 1);
            h = a.startsWith("[") || a.lastIndexOf(':') < 0 ? a : a.substring(0, a.lastIndexOf(':'));
        }
        h = h.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    /** The IPv4 inside an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6 address; else the address. */
    static byte[] embeddedIpv4(byte[] a) {
        if (a.length != 16) {
            return a;
        }
        boolean zero10 = true;
        for (int i = 0; i < 10; i++) {
            zero10 &= a[i] == 0;
        }
        boolean mapped = zero10 && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
        boolean compatible = zero10 && a[10] == 0 && a[11] == 0 && !(a[12] == 0 && a[13] == 0 && a[14] == 0);
        boolean nat64 =
                (a[0] & 0xff) == 0x00 && (a[1] & 0xff) == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b;
        if (mapped || compatible || nat64) {
            return new byte[] {a[12], a[13], a[14], a[15]};
        }
        if ((a[0] & 0xff) == 0x20 && (a[1] & 0xff) == 0x02) {
            return new byte[] {a[2], a[3], a[4], a[5]};
        }
        return a;
    }

    /**
     * The address a host spells literally, as the system resolver would read it (IPv6; IPv4 in one to four
     * parts, each decimal, octal with a leading 0 or hex with 0x); null for a name.
     */
    static byte[] literal(String host) {
        if (host.contains(":")) {
            try {
                String h = host.contains("%") ? host.substring(0, host.indexOf('%')) : host;
                return InetAddress.getByName("[" + h + "]").getAddress();
            } catch (UnknownHostException | IllegalArgumentException e) {
                return null;
            }
        }
        if (!host.matches("[0-9a-fx.]+") || host.isEmpty() || host.endsWith(".") || host.contains("..")) {
            return null;
        }
        String[] parts = host.split("\\.");
        if (parts.length > 4) {
            return null;
        }
        long[] v = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            try {
                if (p.startsWith("0x")) {
                    v[i] = p.length() == 2 ? 0 : Long.parseLong(p.substring(2), 16);
                } else if (p.length() > 1 && p.startsWith("0")) {
                    v[i] = Long.parseLong(p.substring(1), 8);
                } else {
                    v[i] = Long.parseLong(p);
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        long n = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (v[i] > 255) {
                return null;
            }
            n = (n << 8) | v[i];
        }
        int rest = 4 - (parts.length - 1);
        if (v[parts.length - 1] >= (1L << (8 * rest))) {
            return null;
        }
        n = (n << (8 * rest)) | v[parts.length - 1];
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }

    private record Cidr(byte[] base, int bits, String kind) {
        static Cidr parse(String s, String kind) {
            int slash = s.indexOf('/');
            byte[] b = slash < 0
                    ? literal(s.trim())
                    : literal(s.substring(0, slash).trim());
            if (b == null) {
                throw new IllegalArgumentException("egress.allowedCidrs: '" + s + "' is not an address or range");
            }
            int bits;
            try {
                bits = slash < 0
                        ? b.length * 8
                        : Integer.parseInt(s.substring(slash + 1).trim());
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > b.length * 8) {
                throw new IllegalArgumentException("egress.allowedCidrs: '" + s + "' has a wrong prefix length");
            }
            return new Cidr(b, bits, kind);
        }

        boolean contains(byte[] a) {
            if (a.length != base.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((a[i / 8] & mask) != (base[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
