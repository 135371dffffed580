package kcbx.ruleset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What an escaping rule calls to show it ran: a counter and a file. Rule code may not call it (it
 * is outside the allowlist), so the tests that try find the counter at zero and no file.
 */
public final class SandboxProbe {
    private static final AtomicInteger HITS = new AtomicInteger();

    private SandboxProbe() {
    }

    public static boolean hit() {
        HITS.incrementAndGet();
        return true;
    }

    public static int count() {
        return HITS.get();
    }

    public static String touch(String path) throws IOException {
        HITS.incrementAndGet();
        Files.writeString(Path.of(path), "a rule ran code outside the allowlist");
        return path;
    }
}
