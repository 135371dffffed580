package kcbx.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Group commit. Every append holds its chain head's row lock until it commits, so one item per
 * transaction would allow one commit (one log flush) at a time per chain. Callers of one key (a
 * chain) therefore queue their items; whichever caller holds the key's lock writes everything
 * queued, up to {@code limit}, as one group, and each caller returns when the group holding its
 * item is written, or gets that group's failure. A lone caller writes alone. Keys do not wait for
 * each other.
 *
 * <p>A failure {@code sharedFailure} accepts (the database is unavailable) is every item's of the
 * group; any other failure is one item's fault, so each item of the group is then written alone
 * and only the faulty one fails.
 *
 * <p>Before a group is written, {@code admit} is asked about all of its items at once (one look-up
 * for the group): an item it answers a failure for fails with it and is not written; the rest are.
 * A failure of {@code admit} itself is every item's.
 */
final class GroupCommit<T, R> {
    private final int limit;
    private final Function<List<T>, List<RuntimeException>> admit;
    private final Function<List<T>, List<R>> write;
    private final Predicate<RuntimeException> sharedFailure;
    private final Map<String, Writer<T, R>> writers = new ConcurrentHashMap<>();

    /**
     * A group commit that writes only the items {@code admit} lets through: it answers, per item of
     * the group in order, null (write it) or the failure that item's caller gets.
     */
    GroupCommit(int limit, Function<List<T>, List<RuntimeException>> admit, Function<List<T>, List<R>> write,
                Predicate<RuntimeException> sharedFailure) {
        this.limit = limit;
        this.admit = admit;
        this.write = write;
        this.sharedFailure = sharedFailure;
    }

    /**
     * Writes the item with whatever else is queued under its key; returns once it is written.
     *
     * <p>A caller whose item another caller's group wrote is woken by that writer directly
     * ({@link Queued#complete}), not by taking the lock in its turn: with every waiter taking the
     * lock only to find its item written, the group's callers left one at a time, each a thread
     * switch, and the next group could not start before they had (on two cores a quarter of the
     * machine stood idle under 32 clients). Only a caller whose item is still queued takes the
     * lock; the writer, done, wakes the caller at the head of the queue to write what is left.
     */
    R submit(String key, T item) {
        Queued<T, R> mine = new Queued<>(item, Thread.currentThread());
        Writer<T, R> writer = writers.computeIfAbsent(key, k -> new Writer<>());
        writer.queue.add(mine);
        boolean interrupted = false;
        while (!mine.done) {
            if (writer.lock.tryLock()) {
                try {
                    while (!mine.done) {
                        writeQueued(writer.queue);
                    }
                } finally {
                    writer.lock.unlock();
                }
                // items queued meanwhile: their callers may all be asleep; the first writes them
                Queued<T, R> next = writer.queue.peek();
                if (next != null) {
                    LockSupport.unpark(next.caller);
                }
            } else {
                // woken when a group wrote the item, or when the writer is done and it is first in line
                // (a wake-up given before this park is not lost: park returns at once)
                LockSupport.park(this);
                interrupted |= Thread.interrupted(); // an interrupt must not spin this loop; kept below
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.result;
    }

    /** One key's queue, and the lock its writing caller holds. */
    private static final class Writer<T, R> {
        private final Queue<Queued<T, R>> queue = new ConcurrentLinkedQueue<>();
        private final ReentrantLock lock = new ReentrantLock();
    }

    /** A caller's item; read by the caller once done (the volatile done orders the writes before). */
    private static final class Queued<T, R> {
        private final T item;
        private final Thread caller;
        private volatile boolean done;
        private R result;
        private RuntimeException failure;

        Queued(T item, Thread caller) {
            this.item = item;
            this.caller = caller;
        }

        void complete(R result, RuntimeException failure) {
            this.result = result;
            this.failure = failure;
            this.done = true;
            LockSupport.unpark(caller);
        }
    }

    /** The items of the group {@code admit} lets through; the others are failed here. */
    private List<Queued<T, R>> admitted(List<Queued<T, R>> group) {
        if (group.isEmpty()) {
            return group;
        }
        List<RuntimeException> refusals;
        try {
            refusals = admit.apply(group.stream().map(q -> q.item).toList());
        } catch (RuntimeException e) {
            group.forEach(q -> q.complete(null, e));
            return List.of();
        }
        List<Queued<T, R>> through = new ArrayList<>(group.size());
        for (int i = 0; i < group.size(); i++) {
            if (refusals.get(i) == null) {
                through.add(group.get(i));
            } else {
                group.get(i).complete(null, refusals.get(i));
            }
        }
        return through;
    }

    /** Writes the items queued now, as one group; under the writer's lock. */
    private void writeQueued(Queue<Queued<T, R>> queue) {
        List<Queued<T, R>> group = new ArrayList<>();
        for (Queued<T, R> q; group.size() < limit && (q = queue.poll()) != null; ) {
            group.add(q);
        }
        group = admitted(group);
        if (group.isEmpty()) {
            return;
        }
        try {
            List<R> results = write.apply(group.stream().map(q -> q.item).toList());
            for (int i = 0; i < group.size(); i++) {
                group.get(i).complete(results.get(i), null);
            }
        } catch (RuntimeException e) {
            if (group.size() == 1 || sharedFailure.test(e)) {
                group.forEach(q -> q.complete(null, e));
                return;
            }
            for (Queued<T, R> q : group) {
                try {
                    q.complete(write.apply(List.of(q.item)).get(0), null);
                } catch (RuntimeException alone) {
                    q.complete(null, alone);
                }
            }
        }
    }
}
