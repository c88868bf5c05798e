package waybill.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import waybill.store.mongo.EmbeddedMongo;

/**
 * The embedded MongoDB-wire server on its own, for several {@code serve --mongo-uri} processes to share:
 * a stand-in for a replica set on one machine (tests, demos), not one (one copy, no fsync: it survives a
 * kill of the process, not a power cut; see docs/deploy.md).
 */
@Command(
        name = "mongo-server",
        description = "Run the embedded MongoDB-wire server alone, for several serve --mongo-uri processes to share "
                + "(a stand-in for a replica set).")
public final class MongoServerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(MongoServerCommand.class);

    @Option(names = "--port", defaultValue = "27017", description = "port (default: 27017; 0 for any free port)")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default: 127.0.0.1)")
    String host;

    @Option(names = "--data", defaultValue = "data-mongo", description = "the folder of its file (default: data-mongo)")
    Path data;

    @Override
    public Integer call() throws Exception {
        EmbeddedMongo server = EmbeddedMongo.standalone(data, new InetSocketAddress(host, port));
        // the line a script or test waits for, with the address to connect to
        System.out.println("mongo-server listening on " + server.connectionString() + " (" + server.file() + ")");
        System.out.flush();
        LOG.info("mongo-server on {} ({}): a stand-in for a replica set", server.connectionString(), server.file());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "waybill-mongo-server-shutdown"));
        stopped.await();
        return 0;
    }
}
