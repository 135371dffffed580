package kcbx.audit;

import io.micronaut.context.annotation.DefaultImplementation;
import java.io.IOException;
import java.util.List;

/**
 * Where checkpoints are kept, outside the database: by default an append-only file
 * ({@link FileCheckpointSink}); a deployment may replace it with a bean of its own (a remote log,
 * a write-once bucket, a timestamping service) that keeps them where the database's users cannot
 * reach.
 */
@DefaultImplementation(FileCheckpointSink.class)
public interface CheckpointSink {
    /** Keeps one more checkpoint; returns once it is durable. */
    void append(Checkpoint checkpoint) throws IOException;

    /** Every checkpoint kept, in the order written; a line that is not a checkpoint is returned as an error. */
    List<Entry> readAll() throws IOException;

    /** One line of the sink: a checkpoint, or why the line is not one (its number is 1-based). */
    record Entry(int lineNo, Checkpoint checkpoint, String error) {
    }
}
