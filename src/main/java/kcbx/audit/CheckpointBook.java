package kcbx.audit;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checkpoints a verification holds the chains to, read from a sink and checked against the
 * public key first: by chain and seq (several checkpoints may name one seq; legitimately they
 * agree). Shared by the service's verify and the offline {@link VerifyExport}.
 */
final class CheckpointBook {
    private final Map<String, TreeMap<Long, List<Checkpoint>>> byChain = new TreeMap<>();
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
            book.byChain.computeIfAbsent(e.checkpoint().chainName(), k -> new TreeMap<>())
                    .computeIfAbsent(e.checkpoint().seq(), k -> new ArrayList<>()).add(e.checkpoint());
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

    /** A checkpoint of this chain at this seq that names another hash, or null. */
    Checkpoint contradicting(String chain, long seq, String chainHash) {
        List<Checkpoint> at = bySeq(chain).get(seq);
        if (at != null) {
            for (Checkpoint c : at) {
                if (!c.headHash().equals(chainHash)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** The checkpoint of this chain with the highest seq, or null. */
    Checkpoint highest(String chain) {
        Map.Entry<Long, List<Checkpoint>> last = bySeq(chain).lastEntry();
        return last == null ? null : last.getValue().get(0);
    }

    /** Every checkpoint of this chain, by seq. */
    List<Checkpoint> all(String chain) {
        return bySeq(chain).values().stream().flatMap(List::stream).toList();
    }

    /** The chains that have checkpoints, by name. */
    java.util.Set<String> chains() {
        return byChain.keySet();
    }

    private TreeMap<Long, List<Checkpoint>> bySeq(String chain) {
        return byChain.getOrDefault(chain, new TreeMap<>());
    }
}
