package kcbx.security;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Reads of one key by many concurrent callers, shared without ever serving a caller a read that
 * began before it asked. Per key, at most one read is in flight; callers that arrive meanwhile
 * wait together for the next read, which starts when the one in flight ends, and all take its
 * answer. So every caller sees the store as it was at some moment after its call began: a row
 * changed (a credential revoked) before a call is never missed by that call, exactly as if each
 * call had read on its own, while under load one read serves every caller that arrived during the
 * previous one (measured: school systems send their calls concurrently with one credential).
 *
 * <p>The caller that opens a round performs its read on its own thread; the others block until it
 * is done. A read that fails fails every caller of its round with the same exception.
 */
final class FreshReads<K, V> {
    private final Function<K, V> read;
    /** Per key with a read in flight: the next round, open to callers, or null when nobody waits. */
    private final Map<K, Round<V>> waiting = new HashMap<>();

    FreshReads(Function<K, V> read) {
        this.read = read;
    }

    private static final class Round<V> {
        /** Completed when this round may read: the read before it has ended. */
        final CompletableFuture<Void> turn = new CompletableFuture<>();
        final CompletableFuture<V> answer = new CompletableFuture<>();
        /** Callers that take this round's answer; only counted for {@link #queued}. */
        int callers = 1;
    }

    /** How many callers wait for the next read of {@code key} (for tests: who has joined a round). */
    int queued(K key) {
        synchronized (waiting) {
            Round<V> open = waiting.get(key);
            return open == null ? 0 : open.callers;
        }
    }

    /**
     * The value of {@code key} as read at some moment after this call began.
     *
     * @throws RuntimeException what the read threw, unwrapped
     */
    V get(K key) {
        Round<V> round;
        boolean opener;
        synchronized (waiting) {
            if (!waiting.containsKey(key)) { // nothing in flight: read now; later callers queue behind it
                waiting.put(key, null);
                round = new Round<>();
                round.turn.complete(null);
                opener = true;
            } else if (waiting.get(key) == null) { // a read in flight and no round open: open the next
                round = new Round<>();
                waiting.put(key, round);
                opener = true;
            } else { // the next round is open and has not started reading: join it
                round = waiting.get(key);
                round.callers++;
                opener = false;
            }
        }
        if (opener) {
            round.turn.join(); // never completed exceptionally
            try {
                round.answer.complete(read.apply(key));
            } catch (RuntimeException | Error e) {
                round.answer.completeExceptionally(e);
            } finally {
                passTurn(key);
            }
        }
        try {
            return round.answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * The read of {@code key} ended: the round opened meanwhile (if any) is closed to newcomers
     * and may read now; with none, the key is idle again.
     */
    private void passTurn(K key) {
        Round<V> next;
        synchronized (waiting) {
            next = waiting.get(key);
            if (next == null) {
                waiting.remove(key);
            } else {
                waiting.put(key, null); // in flight again; the next caller opens a new round
            }
        }
        if (next != null) {
            next.turn.complete(null);
        }
    }
}
