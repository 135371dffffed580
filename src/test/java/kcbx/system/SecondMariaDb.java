package kcbx.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A MariaDB server of the test's own, on a free loopback port with a fresh data directory, so
 * it can be killed and restarted while the shared server on 3306 stays up for everything else.
 * Uses the MariaDB binaries every development and CI machine has (mariadb-install-db, mariadbd).
 */
final class SecondMariaDb implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;

    private SecondMariaDb(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** A new data directory with root reachable over TCP without a password, like the shared server's. */
    static SecondMariaDb install() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("kcbx-fault-db-");
        Process install = new ProcessBuilder(binary("/usr/bin/mariadb-install-db", "mariadb-install-db"), "--no-defaults",
                "--datadir=" + dir.resolve("data"), "--user=root", "--auth-root-authentication-method=normal",
                "--skip-test-db").redirectErrorStream(true).redirectOutput(dir.resolve("install.log").toFile()).start();
        if (!install.waitFor(120, TimeUnit.SECONDS) || install.exitValue() != 0) {
            install.destroyForcibly();
            throw new IllegalStateException("mariadb-install-db failed; see " + dir.resolve("install.log"));
        }
        try (ServerSocket free = new ServerSocket(0)) {
            return new SecondMariaDb(dir, free.getLocalPort());
        }
    }

    String jdbcUrl(String database) {
        // connectTimeout/socketTimeout: a server that vanishes must fail a request, never hang it
        return "jdbc:mysql://127.0.0.1:" + port + "/" + database + "?createDatabaseIfNotExist=true"
                + "&characterEncoding=UTF-8&connectionTimeZone=UTC&connectTimeout=1000&socketTimeout=10000";
    }

    /** The URL with no timeouts of its own, so the service's defaults (kcbx.database.*) are what is tested. */
    String jdbcUrlWithServiceDefaults(String database) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + database + "?createDatabaseIfNotExist=true"
                + "&characterEncoding=UTF-8&connectionTimeZone=UTC";
    }

    /**
     * Freezes the server (SIGSTOP): it keeps its sockets and the kernel still accepts connections
     * for it, but it answers nothing, as a server stuck on a full disk or swapped out would.
     */
    void freeze() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Lets a frozen server run again (SIGCONT). */
    void thaw() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
        }
    }

    /**
     * Starts the server and waits until it answers; returns the milliseconds that took. It waits for
     * the server to write "ready for connections" to its error log (or to exit), not for time.
     */
    long start() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Path log = dir.resolve("error.log");
        long readyBefore = readyLines(log);
        try (WatchService watch = dir.getFileSystem().newWatchService()) {
            dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            process = new ProcessBuilder(binary("/usr/sbin/mariadbd", "mariadbd"), "--no-defaults",
                    "--datadir=" + dir.resolve("data"), "--port=" + port, "--bind-address=127.0.0.1",
                    "--socket=" + dir.resolve("mysqld.sock"), "--pid-file=" + dir.resolve("mysqld.pid"), "--user=root",
                    "--skip-log-bin", "--skip-name-resolve", "--innodb-buffer-pool-size=32M",
                    "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci",
                    "--log-error=" + log)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("out.log").toFile()))
                    .start();
            CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
                try {
                    while (readyLines(log) <= readyBefore) {
                        WatchKey key = watch.take(); // the next change in the server's directory (its error log)
                        key.pollEvents();
                        key.reset();
                    }
                    return true;
                } catch (IOException | InterruptedException | ClosedWatchServiceException e) {
                    return false;
                }
            });
            try {
                CompletableFuture.anyOf(ready, process.onExit()).get(60, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("mariadbd did not answer within 60 s; see " + log, e);
            }
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("mariadbd exited with " + process.exitValue() + "; see " + log);
        }
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/?connectTimeout=5000", "root", "")) {
            return (System.nanoTime() - t0) / 1_000_000;
        } catch (SQLException e) {
            throw new IllegalStateException("mariadbd said it was ready but refuses a connection; see " + log, e);
        }
    }

    /** How many times the server has said it is ready in its error log (once per start). */
    private static long readyLines(Path log) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.contains("ready for connections")).count();
        }
    }

    /** Kills the server outright (SIGKILL), as a crash or a pulled plug would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            thaw(); // a frozen server would not act on the SIGTERM
            process.destroy(); // SIGTERM: a clean shutdown
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String binary(String usual, String name) {
        return Files.isExecutable(Path.of(usual)) ? usual : name;
    }

    @Override
    public String toString() {
        return "MariaDB on 127.0.0.1:" + port + " with data in " + dir;
    }
}
