package kcbx.decision;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.BufferedOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import kcbx.api.model.BatchItem;
import kcbx.api.model.BatchResult;
import kcbx.system.FieldProblem;
import kcbx.system.ProblemException;

/**
 * HTTP edge of POST /v1/decisions/batch (openapi/decision-api.yaml, operation decideBatch). It
 * does not implement the generated BatchApi: that interface binds the JSON array to a list of
 * requests before any item is checked (one bad item would fail them all) and the NDJSON stream
 * as a multipart upload, which is not what the contract says. The routes here take the raw
 * bytes so every item is validated against the same contract schema on its own.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class BatchController {
    static final String NDJSON = "application/x-ndjson";
    private static final String PATH = "/v1/decisions/batch";

    private final BatchDecisions batch;
    private final JsonMapper json;

    BatchController(BatchDecisions batch, JsonMapper json) {
        this.batch = batch;
        this.json = json;
    }

    @Post(value = PATH, consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    BatchResult decideBatch(HttpRequest<?> request, @Body byte[] body) {
        if (body == null || body.length == 0) {
            throw ProblemException.contract(List.of(new FieldProblem("body", "is empty")));
        }
        List<byte[]> items = BatchInput.arrayElements(body, BatchDecisions.MAX_JSON_ITEMS);
        List<BatchItem> answers = new ArrayList<>(items.size());
        BatchDecisions.Summary s = batch.decide(items.iterator(), request.getPath(), answers::add);
        return new BatchResult(s.decided(), s.failed(), answers);
    }

    /**
     * Reads the lines as they arrive and writes the answers to a temporary file, sent once every
     * item is recorded: 100,000 answers would not fit the heap, and a response streamed while the
     * request is still being read would tie the two to one another's pace on one connection.
     */
    @Post(value = PATH, consumes = NDJSON, produces = NDJSON)
    StreamedFile decideBatchStream(HttpRequest<?> request, @Body InputStream body) throws IOException {
        Path file = Files.createTempFile("kcbx-batch-", ".ndjson");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            batch.decide(BatchInput.lines(body), request.getPath(), item -> line(out, item));
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new StreamedFile(new DeletedOnClose(file), MediaType.of(NDJSON));
    }

    private void line(OutputStream out, BatchItem item) {
        try {
            out.write(json.writeValueAsBytes(item));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answers' file, gone once sent: it holds decisions about children. */
    private static final class DeletedOnClose extends FileInputStream {
        private final Path file;

        DeletedOnClose(Path file) throws IOException {
            super(file.toFile());
            this.file = file;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }
}
