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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
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

    private static final byte[] COMMA = {','};
    private static final byte[] NEWLINE = {'\n'};
    private static final byte[] OBJECT_END = {'}'};
    private static final byte[] ARRAY_END = {']', '}'};

    private final BatchDecisions batch;
    private final JsonMapper json;

    BatchController(BatchDecisions batch, JsonMapper json) {
        this.batch = batch;
        this.json = json;
    }

    /**
     * The answer is a BatchResult ({"decided":..,"failed":..,"items":[..]}, as the serialiser
     * writes one; BatchApiTest compares), its items written as they are recorded to the same kind
     * of file as the stream's and sent behind the counts once all are: up to 10,000 decisions
     * would otherwise be held as objects, then serialised again, on a heap of 512 MB.
     */
    @Post(value = PATH, consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    StreamedFile decideBatch(HttpRequest<?> request, @Body byte[] body) throws IOException {
        if (body == null || body.length == 0) {
            throw ProblemException.contract(List.of(new FieldProblem("body", "is empty")));
        }
        List<byte[]> items = BatchInput.arrayElements(body, BatchDecisions.MAX_JSON_ITEMS);
        return answered(MediaType.APPLICATION_JSON_TYPE, out -> {
            BatchDecisions.Summary s = batch.decide(items.iterator(), request.getPath(), answer -> {
                if (answer.index() > 0) { // answered in order, from 0
                    write(out, COMMA);
                }
                item(out, answer);
            });
            return ("{\"decided\":" + s.decided() + ",\"failed\":" + s.failed() + ",\"items\":[")
                    .getBytes(StandardCharsets.US_ASCII);
        }, ARRAY_END);
    }

    /**
     * Reads the lines as they arrive and answers a line per item, sent once every item is
     * recorded: a response streamed while the request is still being read would tie the two to
     * one another's pace on one connection (a client that sends everything before it reads would
     * stall both).
     */
    @Post(value = PATH, consumes = NDJSON, produces = NDJSON)
    StreamedFile decideBatchStream(HttpRequest<?> request, @Body InputStream body) throws IOException {
        return answered(MediaType.of(NDJSON), out -> {
            batch.decide(BatchInput.lines(body), request.getPath(), answer -> {
                item(out, answer);
                write(out, NEWLINE);
            });
            return new byte[0];
        }, new byte[0]);
    }

    /** Writes a batch's items to out and returns what goes before them in the answer. */
    private interface Items {
        byte[] writeTo(OutputStream out) throws IOException;
    }

    /**
     * The answer: what items returns, then the items it wrote, then tail. The items go to a
     * temporary file, not the heap (100,000 answers of 15 KB each would not fit it); the file is
     * created readable by the service's user only and unlinked as soon as it is open, so no other
     * process can open it by name and nothing is left on disk after a crash; its space is freed
     * when the answer has been sent.
     */
    private static StreamedFile answered(MediaType type, Items items, byte[] tail) throws IOException {
        Path file = Files.createTempFile("kcbx-batch-", ".json"); // rw------- on POSIX
        InputStream written = null;
        try {
            byte[] head;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                written = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                Files.delete(file);
                head = items.writeTo(out);
            }
            InputStream answer = new SequenceInputStream(Collections.enumeration(List.of(
                    new ByteArrayInputStream(head), written, new ByteArrayInputStream(tail))));
            return new StreamedFile(answer, type);
        } catch (RuntimeException | IOException e) {
            if (written != null) {
                written.close();
            }
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /**
     * One item. A decision is written as the text it was recorded with, inside the item exactly as
     * the serialiser writes a BatchItem ({"index":..,"decision":..}; BatchApiTest compares):
     * serialising it again would double the cost of the answer for nothing.
     */
    private void item(OutputStream out, BatchDecisions.Answer answer) {
        if (answer.decisionUtf8() != null) {
            write(out, ("{\"index\":" + answer.index() + ",\"decision\":").getBytes(StandardCharsets.US_ASCII));
            write(out, answer.decisionUtf8());
            write(out, OBJECT_END);
        } else {
            try {
                write(out, json.writeValueAsBytes(answer.problem()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void write(OutputStream out, byte[] bytes) {
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
