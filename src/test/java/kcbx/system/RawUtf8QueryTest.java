package kcbx.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.core.type.Argument;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import kcbx.security.TestCredentials;
import org.junit.jupiter.api.Test;

/**
 * A query typed with Chinese characters straight into the URL, as curl sends it (the raw UTF-8
 * bytes in the request line, not percent-encoded), is read as the UTF-8 it is: the same answer as
 * {@code curl -G --data-urlencode township=习岗镇}. Bytes that are not UTF-8 are refused naming the
 * parameter; none of these is ever answered "body is not well-formed JSON". Written on a raw socket,
 * since an HTTP client would percent-encode the query itself.
 */
@MicronautTest(transactional = false)
class RawUtf8QueryTest {
    private static final String TOWNSHIP = "习岗镇";

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Test
    void aRawUtf8QueryValueIsReadAsUtf8() throws IOException {
        Answer raw = get(("/v1/ledgers/DROPOUT_LEDGER?asOf=2026-10-01&township=" + TOWNSHIP).getBytes(StandardCharsets.UTF_8));
        assertEquals(200, raw.status(), raw.body());
        assertEquals(TOWNSHIP, raw.json().get("township"), raw.body());

        Answer encoded = get(("/v1/ledgers/DROPOUT_LEDGER?asOf=2026-10-01&township="
                + java.net.URLEncoder.encode(TOWNSHIP, StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII));
        assertEquals(200, encoded.status(), encoded.body());
        assertEquals(raw.json().get("township"), encoded.json().get("township"));

        // the raw value first in the query, and a parameter whose value the service checks
        Answer first = get(("/v1/ledgers/DROPOUT_LEDGER?township=" + TOWNSHIP + "&asOf=2026-10-01").getBytes(StandardCharsets.UTF_8));
        assertEquals(200, first.status(), first.body());
        assertEquals(TOWNSHIP, first.json().get("township"));
        Answer role = get("/v1/obligations?profile=baseline&role=乡镇".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, role.status(), role.body());
        assertEquals("invalid_field", role.json().get("code"), role.body());
        assertEquals("role", field(role));
    }

    @Test
    void aQueryValueThatIsNotUtf8IsRefusedNamingItsParameter() throws IOException {
        byte[] gbk = TOWNSHIP.getBytes(Charset.forName("GBK"));
        for (byte[] target : List.of(
                concat("/v1/ledgers/DROPOUT_LEDGER?asOf=2026-10-01&township=".getBytes(StandardCharsets.US_ASCII), gbk),
                ("/v1/ledgers/DROPOUT_LEDGER?asOf=2026-10-01&township=" + percent(gbk)).getBytes(StandardCharsets.US_ASCII))) {
            Answer a = get(target);
            assertEquals(400, a.status(), a.body());
            assertEquals("invalid_field", a.json().get("code"), a.body());
            assertEquals("township", field(a));
            assertTrue(a.json().get("detail").toString().startsWith("township is not UTF-8"), a.body());
        }
    }

    @Test
    void rawBytesInThePathNameNoResource() throws IOException {
        Answer a = get(("/v1/ledgers/" + TOWNSHIP + "?asOf=2026-10-01").getBytes(StandardCharsets.UTF_8));
        assertEquals(404, a.status(), a.body());
        assertEquals("not_found", a.json().get("code"));
    }

    @Test
    void encodingOnlyTouchesBytesAboveAscii() {
        assertEquals("/a?b=%E4%B9%A0&c=%25", RawQueryBytes.encode("/a?b=\u00e4\u00b9\u00a0&c=%25"));
        assertEquals("/v1/x?y=z", RawQueryBytes.encode("/v1/x?y=z"));
    }

    private record Answer(int status, String body, Map<String, Object> json) {
    }

    @SuppressWarnings("unchecked")
    private String field(Answer a) {
        return ((List<Map<String, Object>>) a.json().get("errors")).get(0).get("field").toString();
    }

    private Answer get(byte[] target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET ".getBytes(StandardCharsets.US_ASCII));
            out.write(target);
            out.write((" HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestCredentials.defaultToken()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            in.transferTo(bytes);
            String response = bytes.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            String head = response.substring(0, response.indexOf("\r\n\r\n"));
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            return new Answer(status, body, body.startsWith("{")
                    ? json.readValue(body, Argument.mapOf(String.class, Object.class)) : Map.of());
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        byte[] all = chunked.getBytes(StandardCharsets.UTF_8);
        int i = 0;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (i < all.length) {
            int eol = indexOf(all, i);
            int size = Integer.parseInt(new String(all, i, eol - i, StandardCharsets.US_ASCII).trim(), 16);
            if (size == 0) {
                break;
            }
            body.write(all, eol + 2, size);
            i = eol + 2 + size + 2;
        }
        out.append(body.toString(StandardCharsets.UTF_8));
        return out.toString();
    }

    private static int indexOf(byte[] a, int from) {
        for (int i = from; i < a.length - 1; i++) {
            if (a[i] == '\r' && a[i + 1] == '\n') {
                return i;
            }
        }
        return a.length;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String percent(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append('%').append(String.format("%02X", b & 0xFF));
        }
        return s.toString();
    }
}
