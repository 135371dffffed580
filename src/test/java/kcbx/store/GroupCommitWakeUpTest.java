package kcbx.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * How callers of a group commit are woken (issue 18): a caller whose item another's group wrote
 * returns without taking the lock, the first of those still queued when a writer is done writes
 * them all as one group, an interrupt does not lose an item nor the interrupt, and under many
 * callers every item is written once and every caller gets its own result. The time-outs only
 * turn a lost wake-up (a caller asleep for ever) into a failure.
 */
class GroupCommitWakeUpTest {
    private static final Duration HUNG = Duration.ofSeconds(60);

    /** A write that waits, on its first call only, until the test lets it go; records every group. */
    private static final class HeldWrite {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<List<String>> groups = new CopyOnWriteArrayList<>();

        List<String> write(List<String> items) {
            boolean first = groups.isEmpty();
            groups.add(List.copyOf(items));
            if (first) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return items.stream().map(i -> "ok:" + i).toList();
        }

        /** A group commit that admits every item and writes through this. */
        GroupCommit<String, String> groupCommit() {
            return new GroupCommit<>(64, items -> Collections.nCopies(items.size(), null), this::write, e -> false);
        }

        /** Submits "first" on the pool and returns once its caller is writing, holding the chain's lock. */
        Future<String> firstWriting(ExecutorService pool, GroupCommit<String, String> groups) throws InterruptedException {
            Future<String> first = pool.submit(() -> groups.submit("chain", "first"));
            entered.await();
            return first;
        }
    }

    @Test
    void theCallersQueuedBehindAWriterAreWrittenAsOneGroupAndEachGetsItsOwnResult() {
        assertTimeoutPreemptively(HUNG, () -> {
            HeldWrite held = new HeldWrite();
            GroupCommit<String, String> groups = held.groupCommit();
            ExecutorService pool = Executors.newFixedThreadPool(9);
            try {
                Future<String> first = held.firstWriting(pool, groups);
                List<Thread> waiting = new CopyOnWriteArrayList<>();
                List<Future<String>> queued = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String item = "item-" + i;
                    queued.add(pool.submit(() -> {
                        waiting.add(Thread.currentThread());
                        return groups.submit("chain", item);
                    }));
                }
                awaitParked(waiting, 8);
                held.release.countDown();
                assertEquals("ok:first", first.get());
                for (int i = 0; i < 8; i++) {
                    assertEquals("ok:item-" + i, queued.get(i).get());
                }
                assertEquals(2, held.groups.size(), "the eight queued callers are one group: " + held.groups);
                assertEquals(List.of("first"), held.groups.get(0));
                assertEquals(8, held.groups.get(1).size());
            } finally {
                pool.shutdownNow();
            }
        });
    }

    @Test
    void anInterruptedCallerStillGetsItsItemWrittenAndKeepsTheInterrupt() {
        assertTimeoutPreemptively(HUNG, () -> {
            HeldWrite held = new HeldWrite();
            GroupCommit<String, String> groups = held.groupCommit();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<String> first = held.firstWriting(pool, groups);
                List<Thread> waiting = new CopyOnWriteArrayList<>();
                boolean[] interruptedAfter = new boolean[1];
                Future<String> second = pool.submit(() -> {
                    waiting.add(Thread.currentThread());
                    String r = groups.submit("chain", "second");
                    interruptedAfter[0] = Thread.currentThread().isInterrupted();
                    return r;
                });
                awaitParked(waiting, 1);
                waiting.get(0).interrupt();
                awaitParked(waiting, 1); // back asleep: the interrupt woke it, its item is still queued
                held.release.countDown();
                assertEquals("ok:first", first.get());
                assertEquals("ok:second", second.get());
                assertTrue(interruptedAfter[0], "the caller's interrupt is kept for it");
                assertEquals(List.of(List.of("first"), List.of("second")), held.groups);
            } finally {
                pool.shutdownNow();
            }
        });
    }

    @Test
    void manyCallersEachItemWrittenOnceEachCallerItsOwnResult() {
        assertTimeoutPreemptively(HUNG, () -> {
            Map<String, Integer> writes = new ConcurrentHashMap<>();
            GroupCommit<String, String> groups = new GroupCommit<>(16, items -> Collections.nCopies(items.size(), null),
                    items -> {
                        items.forEach(i -> writes.merge(i, 1, Integer::sum));
                        return items.stream().map(i -> "ok:" + i).toList();
                    }, e -> false);
            int threads = 16;
            int each = 400;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        int right = 0;
                        for (int i = 0; i < each; i++) {
                            String item = thread + "-" + i;
                            // two chains: keys do not wait for each other
                            if (groups.submit(i % 2 == 0 ? "a" : "b", item).equals("ok:" + item)) {
                                right++;
                            }
                        }
                        return right;
                    }));
                }
                for (Future<Integer> f : done) {
                    assertEquals(each, f.get());
                }
                assertEquals(threads * each, writes.size());
                assertTrue(writes.values().stream().allMatch(n -> n == 1), "every item written once");
            } finally {
                pool.shutdownNow();
            }
        });
    }

    /** Until n callers have registered and are parked (asleep in submit), spinning without sleeping. */
    private static void awaitParked(List<Thread> threads, int n) {
        while (threads.size() < n || !threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING
                && isInSubmit(t))) {
            Thread.onSpinWait();
        }
    }

    private static boolean isInSubmit(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(GroupCommit.class.getName()) && e.getMethodName().equals("submit")) {
                return true;
            }
        }
        return false;
    }
}
