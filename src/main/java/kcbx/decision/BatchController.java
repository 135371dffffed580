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
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
        BatchDecisions.Summary s = batch.decide(items.iterator(), request.getPath(), a -> answers.add(a.item()));
        return new BatchResult(s.decided(), s.failed(), answers);
    }

    /**
     * Reads the lines as they arrive and writes the answers to a temporary file, sent once every
     * item is recorded: 100,000 answers would not fit the heap, and a response streamed while the
     * request is still being read would tie the two to one another's pace on one connection. The
     * file is created readable by the service's user only and unlinked as soon as it is open, so
     * no other process can open it by name and nothing is left on disk after a crash; its space is
     * freed when the answer has been sent.
     */
    @Post(value = PATH, consumes = NDJSON, produces = NDJSON)
    StreamedFile decideBatchStream(HttpRequest<?> request, @Body InputStream body) throws IOException {
        Path file = Files.createTempFile("kcbx-batch-", ".ndjson"); // rw------- on POSIX
        InputStream answers = null;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            answers = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            Files.delete(file);
            batch.decide(BatchInput.lines(body), request.getPath(), item -> line(out, item));
        } catch (RuntimeException | IOException e) {
            if (answers != null) {
                answers.close();
            }
            Files.deleteIfExists(file);
            throw e;
        }
        return new StreamedFile(answers, MediaType.of(NDJSON));
    }

    /**
     * One answer line. A decision is written as the text it was recorded with, inside the item
     * exactly as the serialiser writes a BatchItem ({"index":..,"decision":..}; BatchApiTest
     * compares): serialising it again would double the cost of the answer for nothing.
     */
    private void line(OutputStream out, BatchDecisions.Answer answer) {
        try {
            if (answer.decisionUtf8() != null) {
                out.write(("{\"index\":" + answer.item().getIndex() + ",\"decision\":")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(answer.decisionUtf8());
                out.write('}');
            } else {
                out.write(json.writeValueAsBytes(answer.item()));
            }
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
