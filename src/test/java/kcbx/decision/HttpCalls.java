package kcbx.decision;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import kcbx.security.TestCredentials;

/**
 * Real HTTP calls with the status, media type and body kept whatever the status. Every call
 * carries a bearer token: by default the test credential (a school system for every school and
 * an auditor, see {@link TestCredentials}); {@link #as} and {@link #anonymous} choose otherwise.
 * A request that already has an Authorization header is sent as it is.
 */
public final class HttpCalls {
    public record Reply(int status, String contentType, String body, Map<String, Object> json,
                        HttpHeaders headers) {
        public Reply(int status, String contentType, String body, Map<String, Object> json) {
            this(status, contentType, body, json, null);
        }
    }

    private final HttpClient client;
    private final JsonMapper json;
    private final String token;

    public HttpCalls(HttpClient client, JsonMapper json) {
        this(client, json, TestCredentials.defaultToken());
    }

    private HttpCalls(HttpClient client, JsonMapper json, String token) {
        this.client = client;
        this.json = json;
        this.token = token;
    }

    /** The same calls with this bearer token. */
    public HttpCalls as(String bearerToken) {
        return new HttpCalls(client, json, bearerToken);
    }

    /** The same calls with no Authorization header. */
    public HttpCalls anonymous() {
        return new HttpCalls(client, json, null);
    }

    public Reply post(String path, String body) {
        return exchange(HttpRequest.POST(path, body).contentType(MediaType.APPLICATION_JSON_TYPE));
    }

    public Reply get(String path) {
        return exchange(HttpRequest.GET(path));
    }

    public Reply exchange(HttpRequest<?> request) {
        if (token != null && request instanceof MutableHttpRequest<?> m && !request.getHeaders().contains(HttpHeaders.AUTHORIZATION)) {
            m.bearerAuth(token);
        }
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
        return new Reply(r.code(), r.getContentType().map(MediaType::toString).orElse(""), body, parsed, r.getHeaders());
    }
}
