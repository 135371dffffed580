package kcbx.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service listens on the one interface it is told to (KCBX_BIND_ADDRESS, i.e.
 * micronaut.server.host), so a reverse proxy on the same host can be the only way in. 127.0.0.2
 * is a loopback address of its own on Linux: bound there, the service is not reachable on 127.0.0.1.
 */
class BindAddressTest {

    @Test
    void boundToOneAddressTheServiceIsNotReachableOnAnother() throws IOException {
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class,
                Map.of("micronaut.server.host", "127.0.0.2"), "test")) {
            int port = server.getPort();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.2", port), 5_000);
                assertEquals(port, s.getPort());
            }
            assertThrows(ConnectException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                }
            }, "nothing listens on 127.0.0.1");
        }
    }
}
