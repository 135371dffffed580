package kcbx.system;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's own worker threads: daemons (a pool left running never keeps the JVM alive, and a
 * test run starts many application contexts), named so a thread dump or bench/cpu-split.sh tells
 * them apart.
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Threads named {@code name}. */
    public static ThreadFactory named(String name) {
        return r -> daemon(r, name);
    }

    /** Threads named {@code prefix} and a number from 1, in the order they are made. */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger made = new AtomicInteger();
        return r -> daemon(r, prefix + made.incrementAndGet());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
