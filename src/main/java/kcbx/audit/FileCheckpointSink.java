package kcbx.audit;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Checkpoints as lines of an append-only file (kcbx.audit.checkpoint.file). Each line is written
 * in one append under a file lock and forced to disk, so instances sharing the file (same host or
 * a shared volume) never interleave their lines. Nothing here rewrites or truncates the file.
 */
@Singleton
public class FileCheckpointSink implements CheckpointSink {
    /** FileLock is per process: threads and application contexts of one JVM take this first. */
    private static final Object IN_PROCESS = new Object();

    private final Path file;

    public FileCheckpointSink(@Value("${kcbx.audit.checkpoint.file}") String file) {
        this.file = Path.of(file).toAbsolutePath();
    }

    public Path file() {
        return file;
    }

    @Override
    public void append(Checkpoint checkpoint) throws IOException {
        Files.createDirectories(file.getParent());
        ByteBuffer line = ByteBuffer.wrap((checkpoint.line() + "\n").getBytes(StandardCharsets.UTF_8));
        synchronized (IN_PROCESS) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND); FileLock lock = ch.lock()) {
                while (line.hasRemaining()) {
                    ch.write(line);
                }
                ch.force(true);
            }
        }
    }

    @Override
    public List<Entry> readAll() throws IOException {
        return read(file);
    }

    /** The lines of a checkpoints file (none when it does not exist yet); also used offline by VerifyExport. */
    public static List<Entry> read(Path file) throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int n = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(new Entry(n, Checkpoint.parse(line), null));
                } catch (IOException e) {
                    out.add(new Entry(n, null, e.getMessage()));
                }
            }
        }
        return out;
    }
}
