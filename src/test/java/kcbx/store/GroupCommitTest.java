package kcbx.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Items submitted without waiting ({@link GroupCommit#submit}, an HTTP request on its event loop):
 * the future completes only once the group holding the item is written, with the item's own result
 * or failure; items queued behind a group being written are the next group; callers that wait on
 * each future and callers that do not, mixed under load on two keys, each get their own result,
 * every item written once; and an answer chained on a future does not hold up the next group. The
 * time-outs only turn a lost wake-up (an item never written) into a failure.
 */
class GroupCommitTest {
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
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GroupCommit<String, String> groupCommit(HeldWrite held, ExecutorService writers) {
        return new GroupCommit<>(64, held::write, e -> false, writers);
    }

    @Test
    void itemsQueuedBehindAGroupAreTheNextGroupAndEachFutureCompletesOnlyOnceWritten() {
        assertTimeoutPreemptively(HUNG, () -> {
            HeldWrite held = new HeldWrite();
            ExecutorService writers = Executors.newCachedThreadPool();
            try {
                GroupCommit<String, String> groups = groupCommit(held, writers);
                CompletableFuture<String> first = groups.submit("chain", "first");
                held.entered.await();
                List<CompletableFuture<String>> queued = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    queued.add(groups.submit("chain", "q" + i));
                }
                assertFalse(first.isDone(), "the first group is still being written");
                queued.forEach(f -> assertFalse(f.isDone(), "queued behind the writer: not written, not answered"));
                held.release.countDown();
                assertEquals("ok:first", first.get());
                for (int i = 0; i < 8; i++) {
                    assertEquals("ok:q" + i, queued.get(i).get(), "each its own result");
                }
                assertEquals(List.of(List.of("first"), List.of("q0", "q1", "q2", "q3", "q4", "q5", "q6", "q7")),
                        held.groups, "the eight queued meanwhile are one group");
            } finally {
                writers.shutdownNow();
            }
        });
    }

    @Test
    void aFailureIsTheFuturesOfItsGroupOrOfTheRefusedItemAlone() {
        assertTimeoutPreemptively(HUNG, () -> {
            ExecutorService writers = Executors.newCachedThreadPool();
            try {
                IllegalStateException down = new IllegalStateException("database down");
                GroupCommit<String, String> failing = new GroupCommit<>(8,
                        items -> {
                            throw down;
                        }, e -> true, writers);
                ExecutionException e = assertThrows(ExecutionException.class, () -> failing.submit("chain", "a").get());
                assertSame(down, e.getCause(), "the write's failure, as submit would throw it");

                // a group holding one faulty item: written again item by item, only that one fails
                IllegalStateException faulty = new IllegalStateException("one faulty item");
                List<List<String>> writes = new CopyOnWriteArrayList<>();
                CountDownLatch firstHeld = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                GroupCommit<String, String> alone = new GroupCommit<>(8, items -> {
                    writes.add(List.copyOf(items));
                    if (items.equals(List.of("first"))) {
                        firstHeld.countDown();
                        await(release);
                    }
                    if (items.stream().anyMatch(i -> i.startsWith("faulty"))) {
                        throw faulty;
                    }
                    return items.stream().map(i -> "ok:" + i).toList();
                }, ex -> false, writers);
                CompletableFuture<String> first = alone.submit("chain", "first");
                firstHeld.await();
                CompletableFuture<String> refused = alone.submit("chain", "faulty-b");
                CompletableFuture<String> fine = alone.submit("chain", "c");
                release.countDown();
                assertEquals("ok:first", first.get());
                assertSame(faulty, assertThrows(ExecutionException.class, refused::get).getCause());
                assertEquals("ok:c", fine.get());
                assertEquals(List.of(List.of("first"), List.of("faulty-b", "c"), List.of("faulty-b"), List.of("c")), writes,
                        "the group of two, then each of its items alone");
            } finally {
                writers.shutdownNow();
            }
        });
    }

    @Test
    void callersWaitingOrNotEachGetTheirOwnResultEveryItemWrittenOnce() {
        assertTimeoutPreemptively(HUNG, () -> {
            Map<String, Integer> writes = new ConcurrentHashMap<>();
            ExecutorService writers = Executors.newCachedThreadPool();
            GroupCommit<String, String> groups = new GroupCommit<>(16,
                    items -> {
                        items.forEach(i -> writes.merge(i, 1, Integer::sum));
                        return items.stream().map(i -> "ok:" + i).toList();
                    }, e -> false, writers);
            int threads = 12;
            int each = 400;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        int ok = 0;
                        List<CompletableFuture<Boolean>> pending = new ArrayList<>();
                        for (int i = 0; i < each; i++) {
                            String item = thread + ":" + i;
                            String chain = "chain-" + (i % 2);
                            if (thread % 2 == 0) { // half the callers wait for each item, half do not
                                ok += groups.submit(chain, item).join().equals("ok:" + item) ? 1 : 0;
                            } else {
                                pending.add(groups.submit(chain, item).thenApply(r -> r.equals("ok:" + item)));
                            }
                        }
                        for (CompletableFuture<Boolean> f : pending) {
                            ok += f.get() ? 1 : 0;
                        }
                        return ok;
                    }));
                }
                int ok = 0;
                for (Future<Integer> f : done) {
                    ok += f.get();
                }
                assertEquals(threads * each, ok, "every caller got its own item's result");
                assertEquals(threads * each, writes.size(), "every item written");
                assertTrue(writes.values().stream().allMatch(n -> n == 1), "and written once");
            } finally {
                pool.shutdownNow();
                writers.shutdownNow();
            }
        });
    }

    @Test
    void anAnswerChainedOnAFutureDoesNotHoldUpTheNextGroup() {
        assertTimeoutPreemptively(HUNG, () -> {
            List<List<String>> groupsWritten = new CopyOnWriteArrayList<>();
            ExecutorService writers = Executors.newCachedThreadPool();
            try {
                CountDownLatch chained = new CountDownLatch(1);
                GroupCommit<String, String> groups = new GroupCommit<>(8,
                        items -> {
                            if (groupsWritten.isEmpty()) {
                                try { // the first group waits until the test has chained its answer on the future
                                    chained.await();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                            groupsWritten.add(List.copyOf(items));
                            return items;
                        }, e -> false, writers);
                CountDownLatch answering = new CountDownLatch(1);
                CountDownLatch letAnswerGo = new CountDownLatch(1);
                // the first item's answer blocks the thread that completes its future: the writing task's
                CompletableFuture<String> slowAnswer = groups.submit("chain", "a").thenApply(r -> {
                    answering.countDown();
                    try {
                        letAnswerGo.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return r;
                });
                chained.countDown();
                assertTrue(answering.await(30, TimeUnit.SECONDS));
                // meanwhile the chain is free: another item is written and answered
                assertEquals("b", groups.submit("chain", "b").get(30, TimeUnit.SECONDS));
                letAnswerGo.countDown();
                assertEquals("a", slowAnswer.get());
                assertEquals(List.of(List.of("a"), List.of("b")), groupsWritten);
            } finally {
                writers.shutdownNow();
            }
        });
    }
}
