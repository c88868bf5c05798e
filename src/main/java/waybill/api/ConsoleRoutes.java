package waybill.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /console}: the operations console, static files in the jar (no CDN, nothing fetched at run
 * time). The page and its files need no key; every data call it makes sends the key it was given as a
 * bearer header. Strict headers: only this origin's scripts and styles, no framing, no referrer.
 */
final class ConsoleRoutes {
    static final String PATH = "/console";
    private static final String CSP = "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'none'";

    private ConsoleRoutes() {}

    static boolean isConsolePath(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/");
    }

    static void register(JavalinConfig c) {
        String page = read("/waybill/console/index.html");
        c.staticFiles.add(sf -> {
            sf.hostedPath = PATH + "/assets";
            sf.directory = "/waybill/console/assets";
            sf.location = Location.CLASSPATH;
            sf.headers = java.util.Map.of(
                    "Cache-Control", "no-cache", "X-Content-Type-Options", "nosniff", "Content-Security-Policy", CSP);
        });
        c.routes.get(
                PATH,
                ctx -> ctx.header("Content-Security-Policy", CSP)
                        .header("X-Frame-Options", "DENY")
                        .header("Referrer-Policy", "no-referrer")
                        .header("Cache-Control", "no-cache")
                        .html(page));
    }

    private static String read(String resource) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not in the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
