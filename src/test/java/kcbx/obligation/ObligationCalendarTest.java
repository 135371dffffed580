package kcbx.obligation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kcbx.decision.HttpCalls;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The iCalendar feed, parsed back by ical4j (a real iCalendar library, as a phone or desktop
 * calendar would): one all-day event per obligation of the JSON list, same dates, same clause,
 * unique UIDs, and Chinese text intact through folding and escaping.
 */
@MicronautTest(transactional = false)
@Tag("db")
class ObligationCalendarTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Test
    @SuppressWarnings("unchecked")
    void feedParsesBackToTheSameObligations() throws Exception {
        HttpCalls http = new HttpCalls(client, json);
        String query = "profile=baiyin&from=2025-09-01&to=2026-08-31";
        HttpCalls.Reply ics = http.get("/v1/obligations.ics?" + query);
        assertEquals(200, ics.status(), ics.body());
        assertTrue(ics.contentType().startsWith("text/calendar"), ics.contentType());
        List<Map<String, Object>> listed = (List<Map<String, Object>>) http.get("/v1/obligations?" + query).json()
                .get("obligations");
        assertFalse(listed.isEmpty());

        Calendar calendar = new CalendarBuilder().build(new StringReader(ics.body()));
        assertEquals("2.0", calendar.getProperty(Property.VERSION).orElseThrow().getValue());
        List<VEvent> events = calendar.getComponents(Component.VEVENT);
        assertEquals(listed.size(), events.size(), "one event per obligation");
        Set<String> uids = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            VEvent event = events.get(i);
            Map<String, Object> o = listed.get(i);
            LocalDate due = LocalDate.parse(o.get("dueDate").toString());
            LocalDate start = o.get("startDate") == null ? due : LocalDate.parse(o.get("startDate").toString());
            assertEquals(start, event.getStartDate().orElseThrow().getDate(), "DTSTART of " + o.get("code"));
            assertEquals(due.plusDays(1), event.getEndDate().orElseThrow().getDate(), "DTEND (exclusive) of " + o.get("code"));
            String summary = event.getProperty(Property.SUMMARY).orElseThrow().getValue();
            assertTrue(summary.startsWith(o.get("title").toString()), summary);
            String description = event.getProperty(Property.DESCRIPTION).orElseThrow().getValue();
            assertTrue(description.contains(o.get("reason").toString()), "reason survives folding: " + description);
            assertTrue(description.contains("依据：" + o.get("citation")), description);
            assertTrue(description.contains("负责：" + o.get("responsible")), description);
            assertTrue(uids.add(event.getProperty(Property.UID).orElseThrow().getValue()), "UIDs are unique");
        }
    }

    @Test
    void roleFilterAppliesToTheFeed() throws Exception {
        HttpCalls http = new HttpCalls(client, json);
        HttpCalls.Reply ics = http.get("/v1/obligations.ics?profile=baiyin&from=2025-01-01&to=2025-12-31&role=POLICE");
        assertEquals(200, ics.status(), ics.body());
        List<VEvent> events = new CalendarBuilder().build(new StringReader(ics.body())).getComponents(Component.VEVENT);
        assertEquals(1, events.size());
        assertTrue(events.get(0).getProperty(Property.DESCRIPTION).orElseThrow().getValue().contains("负责：POLICE"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void queryErrorsNameTheParameter() {
        HttpCalls http = new HttpCalls(client, json);
        Map<String, String> cases = Map.of(
                "/v1/obligations?from=2025-01-01", "profile",
                "/v1/obligations?profile=baiyin&from=2025-06-01&to=2025-05-01", "to",
                "/v1/obligations?profile=baiyin&from=2025-01-01&to=2029-01-01", "to",
                "/v1/obligations?profile=baiyin&role=MAYOR", "role");
        cases.forEach((path, field) -> {
            HttpCalls.Reply reply = http.get(path);
            assertEquals(400, reply.status(), path + ": " + reply.body());
            assertEquals("application/problem+json", reply.contentType());
            assertEquals(field, ((List<Map<String, Object>>) reply.json().get("errors")).get(0).get("field"), path + ": " + reply.body());
        });
        HttpCalls.Reply unknown = http.get("/v1/obligations?profile=nowhere");
        assertEquals(400, unknown.status());
        assertEquals("unknown_profile", unknown.json().get("code"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void badQueryIsAProblemNotACalendar() {
        HttpCalls http = new HttpCalls(client, json);
        HttpCalls.Reply reply = http.get("/v1/obligations.ics?profile=baiyin&from=2025-02-30");
        assertEquals(400, reply.status());
        assertEquals("application/problem+json", reply.contentType());
        assertEquals("invalid_field", reply.json().get("code"));
        assertEquals("from", ((List<Map<String, Object>>) reply.json().get("errors")).get(0).get("field"));
    }
}
