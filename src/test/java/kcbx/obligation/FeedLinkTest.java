package kcbx.obligation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import kcbx.audit.PlainSql;
import kcbx.decision.HttpCalls;
import kcbx.security.Credentials;
import kcbx.security.IssuedCredential;
import kcbx.security.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Feed links to the obligations calendar, attacked the ways a secret URL can be: guessed, reused
 * after revocation or expiry or after its credential is revoked, sent as a bearer token to other
 * endpoints, spelled otherwise in its path, and looked for in the logs and the database. Each
 * failure is the same 404; the secret opens one calendar and nothing else, and is kept only hashed.
 */
@MicronautTest(transactional = false)
@Tag("db")
class FeedLinkTest {
    private static final Pattern PATH = Pattern.compile("/v1/feeds/([0-9a-f]{64})/obligations\\.ics");

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    Credentials credentials;

    @Inject
    DataSource dataSource;

    @Inject
    EmbeddedServer server;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void captureTheLog() {
        log.start();
        root().addAppender(log);
        ((Logger) LoggerFactory.getLogger("kcbx.access")).addAppender(log);
    }

    @AfterEach
    void stopCapturing() {
        root().detachAppender(log);
        ((Logger) LoggerFactory.getLogger("kcbx.access")).detachAppender(log);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private record Feed(String id, String secret, String path, HttpCalls.Reply minted) {
    }

    private HttpCalls as(IssuedCredential c) {
        return new HttpCalls(client, json).as(c.token());
    }

    private IssuedCredential credential(String label, Role role) {
        return credentials.issue(label, List.of(role), role == Role.SCHOOL_SYSTEM ? List.of("S1") : List.of());
    }

    private Feed mint(HttpCalls owner, String body) {
        HttpCalls.Reply r = owner.post("/v1/feeds", body);
        assertEquals(201, r.status(), r.body());
        String path = r.json().get("path").toString();
        var m = PATH.matcher(path);
        assertTrue(m.matches(), path);
        return new Feed(r.json().get("feedId").toString(), m.group(1), path, r);
    }

    private static String withoutStamps(String ics) {
        return ics.lines().filter(l -> !l.startsWith("DTSTAMP:")).collect(Collectors.joining("\n"));
    }

    @Test
    void aFeedLinkServesTheCalendarItsCredentialWouldSeeWithoutABearerHeader() throws Exception {
        IssuedCredential township = credential("feed test: school system", Role.SCHOOL_SYSTEM);
        Feed feed = mint(as(township), "{\"profile\": \"helan\", \"role\": \"SCHOOL\", \"label\": \"习岗镇 张老师的手机\"}");
        assertEquals("no-store", feed.minted().headers().get("Cache-Control"));
        assertTrue(feed.minted().json().get("url").toString().endsWith(feed.path()), feed.minted().body());
        assertEquals("credential:" + township.credentialId(), feed.minted().json().get("owner"));

        HttpCalls.Reply calendar = new HttpCalls(client, json).anonymous().get(feed.path() + "?from=2026-01-01&to=2027-12-31");
        assertEquals(200, calendar.status(), calendar.body());
        assertTrue(calendar.contentType().startsWith("text/calendar"), calendar.contentType());
        assertTrue(calendar.body().contains("BEGIN:VEVENT"), calendar.body());
        HttpCalls.Reply same = as(township).get("/v1/obligations.ics?profile=helan&role=SCHOOL&from=2026-01-01&to=2027-12-31");
        assertEquals(withoutStamps(same.body()), withoutStamps(calendar.body()), "the same calendar as its credential's");
        // the profile and role are the link's: parameters naming others are not obeyed
        HttpCalls.Reply other = new HttpCalls(client, json).anonymous().get(feed.path()
                + "?from=2026-01-01&to=2027-12-31&profile=zhongyang&role=TOWNSHIP");
        assertEquals(withoutStamps(calendar.body()), withoutStamps(other.body()));

        // the database keeps the secret's SHA-256, never the secret
        PlainSql sql = new PlainSql(dataSource);
        String stored = sql.rows("SELECT * FROM feed_link WHERE feed_id = ?", feed.id()).toString();
        assertFalse(stored.contains(feed.secret()), stored);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(feed.secret().getBytes(StandardCharsets.US_ASCII))),
                sql.text("SELECT secret_sha256 FROM feed_link WHERE feed_id = ?", feed.id()));
        assertEquals("credential:" + township.credentialId(), sql.text("SELECT acted_by FROM admin_event"
                + " WHERE kind = 'feed_issued' AND detail_json LIKE ?", "%" + feed.id() + "%"), "minting is chained");

        // the access log names the feed by its id; no log line anywhere holds the secret
        assertTrue(log.list.stream().anyMatch(e -> e.getLoggerName().equals("kcbx.access")
                && e.getFormattedMessage().contains("credential=feed:" + feed.id())
                && e.getFormattedMessage().contains("route=\"GET /v1/feeds/{feedSecret}/obligations.ics\"")),
                "the fetch is in the access log");
        assertNoSecretLogged(feed.secret());
    }

    @Test
    @SuppressWarnings("unchecked")
    void guessedAndMisspelledSecretsAreAllTheSame404() throws IOException {
        Feed feed = mint(as(credential("feed test: guesses", Role.COUNTY_OFFICER)), "{\"profile\": \"baseline\"}");
        HttpCalls anonymous = new HttpCalls(client, json).anonymous();
        HttpCalls.Reply unknown = anonymous.get("/v1/feeds/" + "0".repeat(64) + "/obligations.ics");
        assertEquals(404, unknown.status(), unknown.body());
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 100; i++) {
            byte[] b = new byte[32];
            random.nextBytes(b);
            assertSame404(unknown, anonymous.get("/v1/feeds/" + HexFormat.of().formatHex(b) + "/obligations.ics"));
        }
        String s = feed.secret();
        char flipped = s.charAt(10) == 'a' ? 'b' : 'a';
        for (String guess : List.of(s.substring(0, 10) + flipped + s.substring(11), s.toUpperCase(java.util.Locale.ROOT),
                s.substring(1), s.substring(0, 32), "kcbx_" + s.substring(5))) {
            assertSame404(unknown, anonymous.get("/v1/feeds/" + guess + "/obligations.ics"));
        }
        // longer than any secret: refused by the contract's length, before any look-up
        for (String guess : List.of(s + "0", "kcbx_" + s)) {
            HttpCalls.Reply r = anonymous.get("/v1/feeds/" + guess + "/obligations.ics");
            assertEquals(400, r.status(), r.body());
            assertEquals("feedSecret", ((List<Map<String, Object>>) r.json().get("errors")).get(0).get("field"));
        }
        // other spellings of the real path: a trailing or doubled slash, dot segments, percent-encoding,
        // a ';' parameter, case, another resource under the secret
        for (String path : List.of(feed.path() + "/", feed.path().replace("/v1/feeds/", "/v1/feeds//"),
                "/v1/feeds/" + s + "/./obligations.ics", "/v1/feeds/x/../" + s + "/obligations.ics",
                "/v1/feeds/" + s + "/obligations%2Eics", "/v1/feeds/" + s + "%2Fobligations.ics",
                "/v1/feeds/" + s + ";x/obligations.ics", "/V1/feeds/" + s + "/obligations.ics",
                "/v1/feeds/" + s + "/obligations", "/v1/feeds/" + s + "/obligations.json",
                "/v1/feeds/" + s + "/decisions", "/v1/feeds/" + s, "/v1/feeds/" + s + "/obligations.ics/../../decisions")) {
            String answer = raw(path);
            assertTrue(answer.startsWith("HTTP/1.1 404") || answer.startsWith("HTTP/1.1 405")
                    || answer.startsWith("HTTP/1.1 401"), path + ": " + answer);
            assertFalse(answer.contains("BEGIN:VCALENDAR"), path + " served the calendar");
        }
        assertEquals(200, anonymous.get(feed.path()).status(), "the link itself still works");
        assertNoSecretLogged(s);
    }

    @Test
    void theSecretIsNoBearerCredentialAnywhere() {
        IssuedCredential owner = credential("feed test: bearer", Role.AUDITOR);
        Feed feed = mint(as(owner), "{\"profile\": \"baseline\"}");
        for (String token : List.of(feed.secret(), "kcbx_" + feed.id() + "_" + feed.secret(), feed.path())) {
            HttpCalls bearer = new HttpCalls(client, json).as(token);
            for (HttpRequest<?> request : List.<HttpRequest<?>>of(HttpRequest.GET("/v1/obligations.ics?profile=baseline"),
                    HttpRequest.GET("/v1/obligations?profile=baseline"), HttpRequest.GET("/v1/feeds"),
                    HttpRequest.POST("/v1/feeds", "{\"profile\": \"baseline\"}")
                            .contentType(io.micronaut.http.MediaType.APPLICATION_JSON_TYPE), HttpRequest.DELETE("/v1/feeds/" + feed.id()),
                    HttpRequest.GET("/v1/decisions"), HttpRequest.GET("/v1/profiles"),
                    HttpRequest.GET("/v1/reconciliations"))) {
                HttpCalls.Reply r = bearer.exchange(request);
                assertEquals(401, r.status(), request.getMethodName() + " " + request.getPath() + ": " + r.body());
            }
        }
        assertEquals(200, new HttpCalls(client, json).anonymous().get(feed.path()).status(), "not revoked by any of that");
    }

    @Test
    @SuppressWarnings("unchecked")
    void feedsAreListedToTheirOwnerAndOperatorAndRevokedLikeCredentials() throws Exception {
        IssuedCredential owner = credential("feed test: owner", Role.POLICY_EDITOR);
        IssuedCredential stranger = credential("feed test: stranger", Role.COUNTY_OFFICER);
        IssuedCredential operator = credential("feed test: operator", Role.OPERATOR);
        Feed feed = mint(as(owner), "{\"profile\": \"baseline\", \"label\": \"revoke me\"}");
        HttpCalls anonymous = new HttpCalls(client, json).anonymous();
        HttpCalls.Reply unknown = anonymous.get("/v1/feeds/" + "0".repeat(64) + "/obligations.ics");

        HttpCalls.Reply mine = as(owner).get("/v1/feeds");
        assertEquals(200, mine.status(), mine.body());
        Map<String, Object> listed = ((List<Map<String, Object>>) mine.json().get("feeds")).stream()
                .filter(f -> f.get("feedId").equals(feed.id())).findFirst().orElseThrow();
        assertEquals("ACTIVE", listed.get("state"));
        assertEquals("revoke me", listed.get("label"));
        assertFalse(mine.body().contains(feed.secret()), "a listing never shows a secret");
        assertFalse(as(stranger).get("/v1/feeds").body().contains(feed.id()), "another credential does not see it");
        assertTrue(as(operator).get("/v1/feeds").body().contains(feed.id()), "the operator sees every feed");

        HttpCalls.Reply notYours = as(stranger).exchange(HttpRequest.DELETE("/v1/feeds/" + feed.id()));
        assertEquals(404, notYours.status(), notYours.body());
        assertEquals(200, anonymous.get(feed.path()).status(), "a stranger cannot revoke it");
        assertEquals(204, as(owner).exchange(HttpRequest.DELETE("/v1/feeds/" + feed.id())).status());
        assertSame404(unknown, anonymous.get(feed.path()));
        assertEquals(404, as(owner).exchange(HttpRequest.DELETE("/v1/feeds/" + feed.id())).status(), "revoked once");
        assertEquals("REVOKED", state(as(owner), feed.id()));
        assertEquals(1, Integer.parseInt(new PlainSql(dataSource).text("SELECT COUNT(*) FROM admin_event"
                + " WHERE kind = 'feed_revoked' AND detail_json LIKE ?", "%" + feed.id() + "%")), "revoking is chained");

        // the operator revokes any feed
        Feed second = mint(as(owner), "{\"profile\": \"baseline\"}");
        assertEquals(204, as(operator).exchange(HttpRequest.DELETE("/v1/feeds/" + second.id())).status());
        assertSame404(unknown, anonymous.get(second.path()));
    }

    @Test
    void aFeedEndsWithItsCredentialAndWhenItExpires() throws Exception {
        HttpCalls anonymous = new HttpCalls(client, json).anonymous();
        HttpCalls.Reply unknown = anonymous.get("/v1/feeds/" + "0".repeat(64) + "/obligations.ics");
        PlainSql sql = new PlainSql(dataSource);

        IssuedCredential revokedOwner = credential("feed test: owner to revoke", Role.COUNTY_OFFICER);
        Feed one = mint(as(revokedOwner), "{\"profile\": \"baseline\"}");
        assertEquals(200, anonymous.get(one.path()).status());
        credentials.revoke(revokedOwner.credentialId());
        assertSame404(unknown, anonymous.get(one.path()));
        IssuedCredential operator = credential("feed test: operator 2", Role.OPERATOR);
        assertEquals("OWNER_INACTIVE", state(as(operator), one.id()), "listed as its owner's");

        IssuedCredential expiringOwner = credential("feed test: owner to expire", Role.COUNTY_OFFICER);
        Feed two = mint(as(expiringOwner), "{\"profile\": \"baseline\"}");
        sql.update("UPDATE api_credential SET expires_at_ms = ? WHERE credential_id = ?", System.currentTimeMillis() - 1,
                expiringOwner.credentialId());
        assertSame404(unknown, anonymous.get(two.path()));

        IssuedCredential owner = credential("feed test: feed to expire", Role.COUNTY_OFFICER);
        Feed three = mint(as(owner), "{\"profile\": \"baseline\"}");
        assertEquals(200, anonymous.get(three.path()).status());
        sql.update("UPDATE feed_link SET expires_at_ms = ? WHERE feed_id = ?", System.currentTimeMillis() - 1, three.id());
        assertSame404(unknown, anonymous.get(three.path()));
        assertEquals("EXPIRED", state(as(owner), three.id()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void mintingChecksWhatItIsGiven() {
        HttpCalls owner = as(credential("feed test: minting", Role.COUNTY_OFFICER));
        HttpCalls.Reply profile = owner.post("/v1/feeds", "{\"profile\": \"nowhere\"}");
        assertEquals(400, profile.status(), profile.body());
        assertEquals("unknown_profile", profile.json().get("code"));
        HttpCalls.Reply role = owner.post("/v1/feeds", "{\"profile\": \"baseline\", \"role\": \"KING\"}");
        assertEquals(400, role.status(), role.body());
        assertEquals("role", ((List<Map<String, Object>>) role.json().get("errors")).get(0).get("field"));
        HttpCalls.Reply unknownField = owner.post("/v1/feeds", "{\"profile\": \"baseline\", \"secret\": \"mine\"}");
        assertEquals(400, unknownField.status(), unknownField.body());
        assertEquals("unknown_field", unknownField.json().get("code"));
        assertEquals(401, new HttpCalls(client, json).anonymous().post("/v1/feeds", "{\"profile\": \"baseline\"}").status());
    }

    @SuppressWarnings("unchecked")
    private static String state(HttpCalls caller, String feedId) {
        return ((List<Map<String, Object>>) caller.get("/v1/feeds").json().get("feeds")).stream()
                .filter(f -> f.get("feedId").equals(feedId)).map(f -> f.get("state").toString()).findFirst().orElse("not listed");
    }

    private static void assertSame404(HttpCalls.Reply expected, HttpCalls.Reply actual) {
        assertEquals(404, actual.status(), actual.body());
        assertEquals(expected.body(), actual.body(), "every failing secret gets the same answer");
    }

    private void assertNoSecretLogged(String secret) {
        for (ILoggingEvent e : log.list) {
            assertFalse(e.getFormattedMessage().contains(secret), "logged the secret: " + e.getFormattedMessage());
            if (e.getThrowableProxy() != null) {
                assertFalse(e.getThrowableProxy().getMessage() != null && e.getThrowableProxy().getMessage().contains(secret));
            }
        }
        assertNotEquals(0, log.list.size(), "the log was captured at all");
    }

    /** The answer to a path sent exactly as written (an HTTP client would normalise it). */
    private String raw(String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
