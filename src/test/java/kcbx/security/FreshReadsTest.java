package kcbx.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shared credential look-up never answers a caller with a read that began before the caller
 * asked: the attack it must withstand is a revocation committed while a look-up is in flight,
 * followed by a request that would be served that look-up's stale "still valid".
 */
class FreshReadsTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** A store whose reads of "id" block until released, one gate per read, and count themselves. */
    private static final class GatedStore {
        final Map<String, String> rows = new ConcurrentHashMap<>(Map.of("id", "valid"));
        final List<CountDownLatch> started = new ArrayList<>();
        final List<CountDownLatch> release = new ArrayList<>();
        final AtomicInteger reads = new AtomicInteger();

        GatedStore(int rounds) {
            for (int i = 0; i < rounds; i++) {
                started.add(new CountDownLatch(1));
                release.add(new CountDownLatch(1));
            }
        }

        String read(String key) {
            int n = reads.getAndIncrement();
            String value = rows.get(key); // the read's moment: what the row held when it began
            started.get(n).countDown();
            try {
                assertTrue(release.get(n).await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return value;
        }
    }

    @Test
    void aCallerArrivingDuringAReadWaitsForTheNextReadAndSeesTheRevocation() throws Exception {
        GatedStore store = new GatedStore(2);
        FreshReads<String, String> reads = new FreshReads<>(store::read);

        Future<String> first = pool.submit(() -> reads.get("id"));
        assertTrue(store.started.get(0).await(30, TimeUnit.SECONDS)); // the first read has the row as "valid"
        store.rows.put("id", "revoked");                               // then the credential is revoked
        Future<String> second = pool.submit(() -> reads.get("id"));   // and a request arrives
        Future<String> third = pool.submit(() -> reads.get("id"));
        awaitQueued(reads, 2);

        store.release.get(0).countDown();
        assertEquals("valid", first.get(30, TimeUnit.SECONDS), "the first caller asked before the revocation");
        assertTrue(store.started.get(1).await(30, TimeUnit.SECONDS));
        store.release.get(1).countDown();
        assertEquals("revoked", second.get(30, TimeUnit.SECONDS), "never the read that began before it asked");
        assertEquals("revoked", third.get(30, TimeUnit.SECONDS));
        assertEquals(2, store.reads.get(), "the two callers that arrived during the first read shared one read");
    }

    /** Until {@code n} callers have joined the next round of "id" (they block there, so this cannot overshoot). */
    private static void awaitQueued(FreshReads<String, ?> reads, int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (reads.queued("id") < n) {
            assertTrue(System.nanoTime() < deadline, "callers did not queue");
            Thread.onSpinWait();
        }
    }

    @Test
    void anIdleKeyIsReadAgainOnEveryCall() {
        AtomicInteger reads = new AtomicInteger();
        FreshReads<String, Integer> fresh = new FreshReads<>(k -> reads.incrementAndGet());
        assertEquals(1, fresh.get("id"));
        assertEquals(2, fresh.get("id"));
        assertEquals(3, fresh.get("other"));
    }

    @Test
    void aFailedReadFailsItsRoundAndTheNextCallReadsAgain() throws Exception {
        GatedStore store = new GatedStore(3);
        RuntimeException down = new IllegalStateException("database down");
        AtomicInteger calls = new AtomicInteger();
        FreshReads<String, String> reads = new FreshReads<>(k -> {
            String v = store.read(k);
            if (calls.incrementAndGet() == 2) {
                throw down;
            }
            return v;
        });
        Future<String> first = pool.submit(() -> reads.get("id"));
        assertTrue(store.started.get(0).await(30, TimeUnit.SECONDS));
        Future<String> second = pool.submit(() -> reads.get("id"));
        Future<String> third = pool.submit(() -> reads.get("id"));
        awaitQueued(reads, 2);
        store.release.get(0).countDown();
        assertEquals("valid", first.get(30, TimeUnit.SECONDS));
        assertTrue(store.started.get(1).await(30, TimeUnit.SECONDS));
        store.release.get(1).countDown();
        for (Future<String> f : List.of(second, third)) {
            var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
            assertSame(down, e.getCause(), "the read's own exception, so the caller maps it (a 503) as before");
        }
        store.release.get(2).countDown();
        assertEquals("valid", reads.get("id"), "nothing of the failed round is remembered");
        assertEquals(3, store.reads.get());
    }

    @Test
    void differentKeysDoNotWaitForEachOther() throws Exception {
        GatedStore store = new GatedStore(1);
        FreshReads<String, String> reads = new FreshReads<>(k -> k.equals("id") ? store.read(k) : "other-row");
        Future<String> blocked = pool.submit(() -> reads.get("id"));
        assertTrue(store.started.get(0).await(30, TimeUnit.SECONDS));
        assertEquals("other-row", reads.get("another"), "a credential's read in flight holds up no other credential");
        store.release.get(0).countDown();
        assertEquals("valid", blocked.get(30, TimeUnit.SECONDS));
    }
}
