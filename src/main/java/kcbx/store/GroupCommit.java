package kcbx.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Group commit. Every append holds its chain head's row lock until it commits, so one item per
 * transaction would allow one commit (one log flush) at a time per chain. Items of one key (a
 * chain) are therefore queued, and a writing task of {@code writing} writes everything queued, up
 * to {@code limit}, as one group, then hands what is left to the next task; each item's future
 * completes when the group holding it is committed, or with that group's failure. Nobody waits as
 * a sleeping thread: until 2026-12-05 each caller did, as the group's writer or for it, and every
 * wait was a thread put to sleep and woken (docs/benchmarks.md). Keys do not wait for each other.
 *
 * <p>A failure {@code sharedFailure} accepts (the database is unavailable) is every item's of the
 * group; any other failure is one item's fault, so each item of the group is then written alone
 * and only the faulty one fails.
 *
 * <p>What an item's caller gets besides its result (a refusal, say) is for {@code R} to carry.
 *
 * <p>A group's futures are completed once the next group has a task of its own, so what a caller
 * chains on its future (an answer written) never holds up the chain.
 */
final class GroupCommit<T, R> {
    private final int limit;
    private final Function<List<T>, List<R>> write;
    private final Predicate<RuntimeException> sharedFailure;
    private final Map<String, Writer<T, R>> writers = new ConcurrentHashMap<>();
    /** Runs the writing tasks, one at a time per key. */
    private final Executor writing;

    /**
     * A group commit whose {@code write} records a group (at most {@code limit} items of one key)
     * and answers each item's result in order; a failure it throws that {@code sharedFailure}
     * accepts is every item's.
     */
    GroupCommit(int limit, Function<List<T>, List<R>> write, Predicate<RuntimeException> sharedFailure, Executor writing) {
        this.writing = writing;
        this.limit = limit;
        this.write = write;
        this.sharedFailure = sharedFailure;
    }

    /**
     * Queues the item under its key and returns at once; the future completes with the item's
     * result once the group holding it is committed, or with its failure.
     */
    CompletableFuture<R> submit(String key, T item) {
        Queued<T, R> mine = new Queued<>(item);
        Writer<T, R> writer = writers.computeIfAbsent(key, k -> new Writer<>());
        writer.queue.add(mine);
        drainLater(writer);
        return mine.future;
    }

    /** Starts a task writing the key's queue until it is empty, unless one is running already. */
    private void drainLater(Writer<T, R> writer) {
        if (!writer.draining.compareAndSet(false, true)) {
            return; // the running task looks at the queue again before it stops
        }
        try {
            writing.execute(() -> drain(writer));
        } catch (RejectedExecutionException e) {
            drain(writer); // shutting down: written here rather than left queued
        }
    }

    /**
     * Writes one group of the key's queue, then lets the next group have a task of its own before
     * answering this one's items: the answers (whatever a caller chained on its future) never hold
     * up the chain, and a caller is answered as soon as its group is committed, not once the queue
     * runs dry. An item queued just as {@code draining} is cleared starts that task itself. Only
     * the task that set {@code draining} writes, so groups of a key are written one at a time.
     */
    private void drain(Writer<T, R> writer) {
        List<Queued<T, R>> ready = new ArrayList<>();
        try {
            writeQueued(writer.queue, ready);
        } finally {
            writer.draining.set(false);
            if (!writer.queue.isEmpty()) {
                drainLater(writer);
            }
            answer(ready);
        }
    }

    /** Completes the futures of a written group's items. */
    private static <T, R> void answer(List<Queued<T, R>> ready) {
        for (Queued<T, R> q : ready) {
            if (q.failure != null) {
                q.future.completeExceptionally(q.failure);
            } else {
                q.future.complete(q.result);
            }
        }
    }

    /** One key's queue, and whether a writing task is on it. */
    private static final class Writer<T, R> {
        private final Queue<Queued<T, R>> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean draining = new AtomicBoolean();
    }

    /** An item and its future, completed (by {@link #answer}) once its result or failure is known. */
    private static final class Queued<T, R> {
        private final T item;
        private final CompletableFuture<R> future = new CompletableFuture<>();
        private R result;
        private RuntimeException failure;

        Queued(T item) {
            this.item = item;
        }

        /** Its group is done: the item joins {@code ready}, answered once the next group has its task. */
        void complete(R result, RuntimeException failure, List<Queued<T, R>> ready) {
            this.result = result;
            this.failure = failure;
            ready.add(this);
        }
    }

    /** Writes the items queued now, up to {@code limit}, as one group; by the key's one writing task. */
    private void writeQueued(Queue<Queued<T, R>> queue, List<Queued<T, R>> ready) {
        List<Queued<T, R>> group = new ArrayList<>();
        for (Queued<T, R> q; group.size() < limit && (q = queue.poll()) != null; ) {
            group.add(q);
        }
        if (group.isEmpty()) {
            return;
        }
        try {
            List<R> results = write.apply(group.stream().map(q -> q.item).toList());
            for (int i = 0; i < group.size(); i++) {
                group.get(i).complete(results.get(i), null, ready);
            }
        } catch (RuntimeException e) {
            if (group.size() == 1 || sharedFailure.test(e)) {
                group.forEach(q -> q.complete(null, e, ready));
                return;
            }
            for (Queued<T, R> q : group) {
                try {
                    q.complete(write.apply(List.of(q.item)).get(0), null, ready);
                } catch (RuntimeException alone) {
                    q.complete(null, alone, ready);
                }
            }
        }
    }
}
