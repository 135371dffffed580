package kcbx.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * How the console is served: its page at /console/ (and /console leads there), its scripts,
 * styles and ECharts from the jar, each with the Content-Security-Policy that keeps the browser
 * within the service; no other spelling of a console path is served, and nothing outside the
 * console's folders is reachable through it. Raw HTTP, so nothing rewrites the paths.
 */
@MicronautTest
class ConsoleServingTest {
    @Inject
    EmbeddedServer server;

    private record Answer(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @Test
    void thePageIsServedAtConsoleSlashWithItsPolicy() {
        Answer page = get("/console/");
        assertEquals(200, page.status());
        assertTrue(page.headers().get("content-type").startsWith("text/html"), page.headers().toString());
        assertPolicy(page);
        assertTrue(page.text().contains("<script type=\"module\" src=\"js/main.js\"></script>"), page.text());
        assertEquals("DENY", page.headers().get("x-frame-options"));
        assertEquals("nosniff", page.headers().get("x-content-type-options"));

        Answer bare = get("/console");
        assertEquals(308, bare.status());
        assertEquals("/console/", bare.headers().get("location"));
    }

    @Test
    void scriptsStylesAndTheChartLibraryComeFromTheJarWithThePolicy() {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("/console/js/main.js", "application/javascript");
        types.put("/console/js/pages/impact.js", "application/javascript");
        types.put("/console/css/console.css", "text/css");
        types.put("/console/img/emblem.svg", "image/svg+xml");
        types.put("/console/vendor/echarts/echarts.esm.min.js", "application/javascript");
        types.forEach((path, type) -> {
            Answer a = get(path);
            assertEquals(200, a.status(), path);
            assertTrue(a.headers().get("content-type").startsWith(type), path + ": " + a.headers());
            assertPolicy(a);
        });
        Answer echarts = get("/console/vendor/echarts/echarts.esm.min.js");
        assertTrue(echarts.body().length > 900_000, "the whole ECharts bundle: " + echarts.body().length);
        assertTrue(echarts.text().contains("5.3.1"), "ECharts 5.3.1 from its WebJar");
    }

    @Test
    void noOtherSpellingOfAConsolePathIsServedAndNothingBesideTheConsole() {
        for (String target : List.of("/console//", "/console/./js/main.js", "/console/js/../index.html",
                "/console/js//main.js", "/console/%2e%2e/application.yml", "/console/js/%2e%2e/index.html",
                "/console/vendor/echarts/..%2f..%2f..%2fapplication.yml", "/console/vendor/echarts/../../../application.yml",
                "/console/index.html;x=y", "/console\\js\\main.js", "/console/application.yml", "/console/logback.xml",
                "/console/vendor/echarts/../echarts.js", "/console/vendor/../application.yml",
                "/console/kcbx/Application.class", "/console/META-INF/MANIFEST.MF", "/console/js/nothing.js")) {
            Answer a = get(target);
            assertTrue(a.status() == 404 || a.status() == 400, target + " -> " + a.status());
            assertFalse(a.text().contains("micronaut:") || a.text().contains("<configuration"), target + " showed a file it must not");
        }
    }

    /** Every file of the console names only its own folder: no http(s) URL, no protocol-relative one. */
    @Test
    void noConsoleFileNamesAnotherOrigin() throws IOException {
        Pattern outside = Pattern.compile("(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}", Pattern.CASE_INSENSITIVE);
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/console"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f);
                Matcher m = outside.matcher(text);
                while (m.find()) {
                    if (!m.group().endsWith("//www.w3.org")) { // the SVG namespace is a name, not a request
                        found.add(f + ": " + m.group());
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }

    private static void assertPolicy(Answer a) {
        String csp = a.headers().get("content-security-policy");
        assertTrue(csp != null && csp.startsWith("default-src 'self';"), String.valueOf(csp));
        assertTrue(csp.contains("script-src 'self';") && csp.contains("connect-src 'self';")
                && csp.contains("frame-ancestors 'none'"), csp);
        assertFalse(csp.contains("unsafe"), csp);
    }

    private Answer get(String target) {
        try (Socket s = new Socket(server.getHost(), server.getPort())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] all = in.readAllBytes();
            int split = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String head = new String(all, 0, split, StandardCharsets.ISO_8859_1);
            Map<String, String> headers = new LinkedHashMap<>();
            String[] lines = head.split("\r\n");
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            byte[] body = java.util.Arrays.copyOfRange(all, split + 4, all.length);
            return new Answer(Integer.parseInt(lines[0].substring(9, 12)), headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(target, e);
        }
    }

    private static int indexOf(byte[] a, byte[] b) {
        outer:
        for (int i = 0; i + b.length <= a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                if (a[i + j] != b[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
