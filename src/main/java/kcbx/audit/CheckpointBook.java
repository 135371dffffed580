package kcbx.audit;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checkpoints a verification holds the chain to, read from a sink and checked against the
 * public key first: by seq (several checkpoints may name one seq; legitimately they agree). Shared
 * by the service's verify and the offline {@link VerifyExport}.
 */
final class CheckpointBook {
    private final TreeMap<Long, List<Checkpoint>> bySeq = new TreeMap<>();
    private final String problem;
    private final int count;

    private CheckpointBook(String problem, int count) {
        this.problem = problem;
        this.count = count;
    }

    /** Every entry's signature checked; the first entry that is no checkpoint or does not verify is the problem. */
    static CheckpointBook of(List<CheckpointSink.Entry> entries, PublicKey key) {
        for (CheckpointSink.Entry e : entries) {
            if (e.checkpoint() == null) {
                return new CheckpointBook("Line " + e.lineNo() + " of the checkpoints is not a checkpoint: " + e.error()
                        + ".", 0);
            }
            if (!CheckpointKeys.verifies(key, e.checkpoint())) {
                return new CheckpointBook("The signature of checkpoint line " + e.lineNo() + " (seq "
                        + e.checkpoint().seq() + ") does not verify with the checkpoint public key.", 0);
            }
        }
        CheckpointBook book = new CheckpointBook(null, entries.size());
        for (CheckpointSink.Entry e : entries) {
            book.bySeq.computeIfAbsent(e.checkpoint().seq(), k -> new ArrayList<>()).add(e.checkpoint());
        }
        return book;
    }

    static CheckpointBook unreadable(String why) {
        return new CheckpointBook(why, 0);
    }

    /** Why the checkpoints cannot be trusted (a bad line or signature), or null. */
    String problem() {
        return problem;
    }

    int count() {
        return count;
    }

    /** A checkpoint at this seq that names another hash, or null. */
    Checkpoint contradicting(long seq, String chainHash) {
        List<Checkpoint> at = bySeq.get(seq);
        if (at != null) {
            for (Checkpoint c : at) {
                if (!c.headHash().equals(chainHash)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** The checkpoint with the highest seq, or null. */
    Checkpoint highest() {
        Map.Entry<Long, List<Checkpoint>> last = bySeq.lastEntry();
        return last == null ? null : last.getValue().get(0);
    }

    /** Every checkpoint, by seq. */
    Iterable<Checkpoint> all() {
        return bySeq.values().stream().flatMap(List::stream).toList();
    }
}
