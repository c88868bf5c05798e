package waybill.config;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Where links in answers (a list's {@code nextLink}) send clients: the configured public URL
 * ({@code serve --public-url}); else, when a trusted proxy is configured ({@code --trust-forwarded-headers},
 * off by default), the scheme and host of its {@code X-Forwarded-Proto} and {@code X-Forwarded-Host};
 * else the service's own address, {@code http://localhost:PORT}. The {@code Host} header never chooses.
 *
 * @param publicUrl      the URL clients reach the service at (http or https, no query), or null
 * @param trustForwarded take {@code X-Forwarded-Proto}/{@code -Host} from the request (only behind a proxy
 *                       that sets them and drops the client's own)
 */
public record PublicLinks(URI publicUrl, boolean trustForwarded) {
    public static final PublicLinks DEFAULT = new PublicLinks(null, false);
    private static final Pattern HOST =
            Pattern.compile("[A-Za-z0-9.-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

    public PublicLinks {
        if (publicUrl != null) {
            String scheme = publicUrl.getScheme();
            if (scheme == null
                    || !(scheme.equals("http") || scheme.equals("https"))
                    || publicUrl.getHost() == null
                    || publicUrl.getQuery() != null
                    || publicUrl.getFragment() != null
                    || publicUrl.getUserInfo() != null) {
                throw new IllegalArgumentException("--public-url must be an http or https URL with a host and no "
                        + "user, query or fragment, such as https://waybill.example.com, not '" + publicUrl + "'");
            }
        }
    }

    /** Parses {@code --public-url}; null or blank: none. */
    public static PublicLinks of(String publicUrl, boolean trustForwarded) {
        if (publicUrl == null || publicUrl.isBlank()) {
            return new PublicLinks(null, trustForwarded);
        }
        try {
            return new PublicLinks(URI.create(publicUrl.strip()), trustForwarded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--public-url '" + publicUrl + "' is not a URL: " + e.getMessage());
        }
    }

    /**
     * The base of links, without a trailing slash.
     *
     * @param forwardedProto the request's X-Forwarded-Proto (or null)
     * @param forwardedHost the request's X-Forwarded-Host (or null)
     * @param port the port the service listens on
     */
    public String base(String forwardedProto, String forwardedHost, int port) {
        if (publicUrl != null) {
            return publicUrl.toString().replaceAll("/+$", "");
        }
        if (trustForwarded && forwardedProto != null && forwardedHost != null) {
            String proto = first(forwardedProto);
            String host = first(forwardedHost);
            if ((proto.equals("http") || proto.equals("https"))
                    && HOST.matcher(host).matches()) {
                return proto + "://" + host;
            }
        }
        return "http://localhost:" + port;
    }

    private static String first(String header) {
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).strip();
    }
}
