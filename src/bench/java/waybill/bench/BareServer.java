package waybill.bench;

import io.javalin.Javalin;

/**
 * The HTTP ceiling for bench/load.sh: Javalin 7 on Jetty 12 with one route answering a constant JSON
 * document of about the size of a Get Job answer's head, no store, no rules.
 * {@code BareServer PORT} serves {@code GET /bare} and {@code POST /bare} until killed.
 */
public final class BareServer {
    private static final String BODY =
            "{\"id\":\"/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/ops"
                    + "/providers/Microsoft.ImportExport/jobs/bare\",\"name\":\"bare\",\"type\":\"Microsoft.ImportExport/jobs\","
                    + "\"properties\":{\"state\":\"Transferring\"}}";

    private BareServer() {}

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Javalin app = Javalin.create(c -> {
            c.jetty.port = port;
            c.jetty.host = "127.0.0.1";
            c.startup.showJavalinBanner = false;
            c.routes.get("/bare", ctx -> ctx.contentType("application/json").result(BODY));
            c.routes.post("/bare", ctx -> {
                ctx.body(); // read the request body, as the service does
                ctx.contentType("application/json").result(BODY);
            });
        });
        app.start();
        System.out.println("bare listening on " + app.port());
    }
}
