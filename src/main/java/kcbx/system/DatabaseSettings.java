package kcbx.system;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings the operator should not have to remember, applied to every datasource before its pool
 * opens:
 * <ul>
 * <li>MySQL/MariaDB (Connector/J): a connect and a socket timeout unless the URL sets its own, so a
 * frozen server (one that accepts TCP but never answers) fails a statement within
 * kcbx.database.socket-timeout instead of hanging it; and every connection is checked (a ping) as
 * it leaves the pool, so a request that arrives once the server froze gets its 503 within about
 * a second rather than waiting on a connection that was fine a moment ago; and statements prepared on
 * the server and kept per connection ({@link #STATEMENT_CACHE}), unless the URL says otherwise: a
 * decision's JSON is sent as it is rather than escaped into the SQL text, and the multi-row INSERTs
 * of the write path (some 3,000 characters of SQL each, over the driver's default limit of 256 for
 * a statement it keeps) are prepared once per connection instead of on every write (a prepare was
 * 29 % of the time a batch's chunk took to store). 512 statements kept a connection: the write
 * path's multi-row statements come in 66 sizes each ({@link Jdbc#slice}: every count up to 64 rows,
 * then 128 and 256), so a group commit's group is one statement a table; with the driver's 25 a
 * connection they pushed each other out under HTTP load. Kept statements cost heap (each holds the
 * driver's metadata of every parameter): 71 MB live against 52 MB with 64 kept after the same load;
 * when statements of every size up to 256 rows were kept, they took about 110 MB of a 512 MB heap
 * (docs/benchmarks.md).</li>
 * <li>Embedded H2 in a file: the data directory is created owner-only (0700) before H2 creates
 * its files there, and its files (which H2 creates with the process's umask) are made 0600 once
 * the service has started (see {@link OwnerOnly}).</li>
 * </ul>
 */
@Singleton
class DatabaseSettings implements BeanCreatedEventListener<DatasourceConfiguration>, ApplicationEventListener<StartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseSettings.class);
    private static final String H2_FILE = "jdbc:h2:file:";
    /** Read by each Hikari pool as it is built; 0 checks a connection on every borrow (Hikari's default skips it for 500 ms). */
    static final String ALIVE_BYPASS = "com.zaxxer.hikari.aliveBypassWindowMs";

    /** Connector/J's statement settings of a MySQL/MariaDB datasource, each unless the URL or the configuration sets it. */
    static final Map<String, String> STATEMENT_CACHE = Map.of(
            "useServerPrepStmts", "true",
            "cachePrepStmts", "true",
            "prepStmtCacheSqlLimit", "65536",
            "prepStmtCacheSize", "512");

    private final Duration connectTimeout;
    private final Duration socketTimeout;
    /** H2 file directories seen, tightened again once started: H2 creates its files with the process umask. */
    private final Set<Path> h2Directories = ConcurrentHashMap.newKeySet();

    DatabaseSettings(@Value("${kcbx.database.connect-timeout:2s}") Duration connectTimeout,
                     @Value("${kcbx.database.socket-timeout:5s}") Duration socketTimeout) {
        this.connectTimeout = connectTimeout;
        this.socketTimeout = socketTimeout;
    }

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration ds = event.getBean();
        String url = ds.getUrl() == null ? "" : ds.getUrl();
        if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
            if (System.getProperty(ALIVE_BYPASS) == null) {
                System.setProperty(ALIVE_BYPASS, "0");
            }
            setUnlessInUrl(ds, url, "connectTimeout", connectTimeout);
            setUnlessInUrl(ds, url, "socketTimeout", socketTimeout);
            STATEMENT_CACHE.forEach((property, value) -> setUnlessInUrl(ds, url, property, value));
        } else if (url.startsWith(H2_FILE)) {
            Path dir = h2Directory(url);
            if (dir != null) {
                OwnerOnly.directory(dir);
                h2Directories.add(dir);
            }
        }
        return ds;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        h2Directories.forEach(OwnerOnly::directory);
    }

    private static void setUnlessInUrl(DatasourceConfiguration ds, String url, String property, Duration value) {
        if (!value.isZero()) {
            setUnlessInUrl(ds, url, property, String.valueOf(value.toMillis()));
        }
    }

    private static void setUnlessInUrl(DatasourceConfiguration ds, String url, String property, String value) {
        if (!url.contains(property + "=") && !ds.getDataSourceProperties().containsKey(property)) {
            ds.addDataSourceProperty(property, value);
            LOG.debug("Datasource {}: {}={}", ds.getName(), property, value);
        }
    }

    /** The directory of an H2 file database URL ({@code jdbc:h2:file:./data/kcbx;MODE=...}); null for one in the home directory shorthand. */
    static Path h2Directory(String url) {
        String file = url.substring(H2_FILE.length());
        int options = file.indexOf(';');
        file = options < 0 ? file : file.substring(0, options);
        if (file.startsWith("~")) {
            return null;
        }
        Path parent = Path.of(file).toAbsolutePath().normalize().getParent();
        return parent;
    }
}
