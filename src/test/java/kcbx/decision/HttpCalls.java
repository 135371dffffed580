package kcbx.decision;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Real HTTP calls with the status, media type and body kept whatever the status. */
public final class HttpCalls {
    public record Reply(int status, String contentType, String body, Map<String, Object> json) {
    }

    private final HttpClient client;
    private final JsonMapper json;

    public HttpCalls(HttpClient client, JsonMapper json) {
        this.client = client;
        this.json = json;
    }

    public Reply post(String path, String body) {
        return exchange(HttpRequest.POST(path, body).contentType(MediaType.APPLICATION_JSON_TYPE));
    }

    public Reply get(String path) {
        return exchange(HttpRequest.GET(path));
    }

    public Reply exchange(HttpRequest<?> request) {
        try {
            HttpResponse<String> r = client.toBlocking().exchange(request, String.class);
            return reply(r, r.getBody().orElse(""));
        } catch (HttpClientResponseException e) {
            return reply(e.getResponse(), e.getResponse().getBody(String.class).orElse(""));
        }
    }

    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Map<String, Object> read(String text) {
        try {
            return json.readValue(text, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Reply reply(HttpResponse<?> r, String body) {
        Map<String, Object> parsed = null;
        if (body.startsWith("{")) {
            parsed = read(body);
        }
        return new Reply(r.code(), r.getContentType().map(MediaType::toString).orElse(""), body, parsed);
    }
}
