package waybill.api;

import java.io.IOException;
import java.net.InetAddress;

/** How a service instance names itself: {@code --node-name}, else {@code host:port}. */
public final class NodeName {
    private NodeName() {}

    public static String of(String configured, int port) {
        if (configured != null) {
            return configured;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return host + ":" + port;
    }
}
