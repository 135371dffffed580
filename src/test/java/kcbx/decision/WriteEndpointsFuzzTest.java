package kcbx.decision;

import static java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME;
import static kcbx.decision.RequestFuzzer.bytes;
import static kcbx.decision.RequestFuzzer.ordered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.sql.DataSource;
import kcbx.decision.RequestFuzzer.Case;
import kcbx.decision.RequestFuzzer.Expect;
import kcbx.decision.RequestFuzzer.Mix;
import kcbx.facts.NationalId;
import kcbx.ruleset.ActiveRuleset;
import kcbx.security.TestCredentials;
import kcbx.system.ContractValidator;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Bad input, tried hard, on every write endpoint of openapi/decision-api.yaml but POST
 * /v1/decisions (DecisionFuzzTest): batch (JSON array and NDJSON), replay of one decision and of
 * a period, reconciliation, and the rule-set endpoints validate, impact and publish. At least
 * 10,000 generated requests each from a fixed seed ({@link RequestFuzzer}; the batch endpoint's
 * are 5,000 JSON arrays and 5,000 NDJSON streams): valid bodies, the
 * endpoint's own known-invalid ones, mutations of a valid body against its contract schema
 * ({@link ContractMutator}: wrong types, enums, lengths, ranges, dates that do not exist or lie in
 * year 0000 or 9999, null and missing fields, unknown and duplicated keys, huge arrays, deep
 * nesting), odd Unicode and invalid UTF-8, oversized bodies and byte-level mutations. Never a
 * 5xx (a batch item's problem included); every 4xx an application/problem+json with a code, and
 * for a 400 or 413 the fields that are wrong; a valid body succeeds; and afterwards the database
 * holds exactly the decisions, reconciliations and publications that were answered 2xx.
 *
 * <p>Limits: single JSON bodies keep their configured 1 MB (kcbx.request.max-body-bytes). The
 * batch array's limit (micronaut.server.max-request-buffer-size, 64 MB) and the streamed bodies'
 * (max-request-size, 1 GB) are lowered here to {@value #BUFFER_LIMIT} and {@value #STREAM_LIMIT}
 * bytes, so that an oversized case costs megabytes rather than a gigabyte; what is tested is that
 * the limit in force is enforced with a 413 problem.
 *
 * <p>Rule sets: a valid candidate given as files is compiled with Drools on every request (the
 * full rules folder takes seconds), so those endpoints are fuzzed mostly into bodies refused
 * before compiling, their valid cases mostly name a stored version (a swap, no build), and the
 * few candidates compiled are a one-rule set ({@link FuzzBodies#smallRuleset}). Runs in the
 * default (H2) run only; prints its figures.
 */
@MicronautTest(transactional = false)
@Property(name = "micronaut.server.max-request-buffer-size", value = "" + WriteEndpointsFuzzTest.BUFFER_LIMIT)
@Property(name = "micronaut.server.max-request-size", value = "" + WriteEndpointsFuzzTest.STREAM_LIMIT)
// the service's own scenarios, which every published candidate must pass, are here one the
// one-rule set passes: the shipped ones would refuse it (RulesetGateTest shows that)
@Property(name = "kcbx.scenarios.path", value = "src/test/resources/fuzz-scenarios")
// every feed link the fuzz mints belongs to the one test credential
@Property(name = "kcbx.feeds.max-per-credential", value = "1000000")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WriteEndpointsFuzzTest {
    static final long SEED = 20251125L;
    static final int REQUESTS = 10_000;
    static final int BUFFER_LIMIT = 8 << 20;
    static final int STREAM_LIMIT = 16 << 20;
    private static final String JSON = "application/json";
    private static final String NDJSON = "application/x-ndjson";
    private static final String[] PROFILES = {"baseline", "helan", "boshan", "rongchang", "baiyin", "zhongyang"};

    /** Decisions made before the replays, and the window they were made in. */
    private static List<String> stored;
    private static Instant storedFrom;
    private static Instant storedTo;

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Inject
    DataSource dataSource;

    @Inject
    ContractValidator contract;

    @Inject
    ActiveRuleset active;

    @Value("${kcbx.request.max-body-bytes}")
    int maxBody;

    private FuzzRun run() {
        return new FuzzRun(server.getURI(), TestCredentials.defaultToken(), json);
    }

    private RequestFuzzer fuzzer(long salt, RequestFuzzer.Seeds seeds, Mix mix) {
        return new RequestFuzzer(SEED + salt, seeds, mix, new ContractMutator(contract, this::write));
    }

    /** An endpoint's bodies, from functions. */
    private record Seeds(Function<Object, String> json, String schemaName, Valid valid, Known known, Known oversized,
                         Function<Object, Object> treeOf, Function<Object, Case> accept) implements RequestFuzzer.Seeds {
        interface Valid {
            Object make(Random r, int i);
        }

        interface Known {
            Case make(Random r, Object valid);
        }

        @Override
        public Object valid(Random r, int i) {
            return valid.make(r, i);
        }

        @Override
        public Case known(Random r, Object body) {
            return known.make(r, body);
        }

        @Override
        public Case oversized(Random r, Object body) {
            return oversized.make(r, body);
        }

        @Override
        public Object tree(Object body) {
            return treeOf == null ? body : treeOf.apply(body);
        }

        @Override
        public Case accepted(Object body) {
            return accept == null ? RequestFuzzer.Seeds.super.accepted(body) : accept.apply(body);
        }
    }

    // ---------------------------------------------------------------- replay

    /** A replay: which stored decision, and the body (null: none sent). */
    private record Replay(String decisionId, Map<String, Object> body) {
    }

    @Test
    @Order(1)
    void replayOfOneDecisionNeverFails() throws Exception {
        List<String> ids = storedDecisions();
        long before = FuzzRun.lastId(dataSource, "decision_record");
        String version = active.get().version();
        Seeds seeds = new Seeds(this::write, "ReplayRequest", (r, i) -> {
            Map<String, Object> body = switch (r.nextInt(3)) {
                case 0 -> null;
                case 1 -> new LinkedHashMap<>();
                default -> ordered("rulesetVersion", version);
            };
            return new Replay(ids.get(r.nextInt(ids.size())), body);
        }, (r, valid) -> {
            Replay v = (Replay) valid;
            byte[] body = v.body() == null ? new byte[0] : bytes(write(v.body()));
            return switch (r.nextInt(6)) {
                case 0 -> new Case("unknown decision", body, Expect.REFUSED, null, "not_found").answered(404)
                        .to(replayPath("d-" + r.nextInt(1_000_000)));
                case 1 -> new Case("decision id too long", body, Expect.REFUSED, "decisionId", null)
                        .to(replayPath("d".repeat(65 + r.nextInt(100))));
                case 2 -> new Case("odd decision id", body, Expect.ANY, null, null)
                        .to(replayPath(URLEncoder.encode(RequestFuzzer.ODD[r.nextInt(RequestFuzzer.ODD.length)] + "x",
                                StandardCharsets.UTF_8)));
                case 3 -> new Case("unknown version", bytes(write(ordered("rulesetVersion", "0".repeat(64)))), Expect.REFUSED,
                        "rulesetVersion", "unknown_ruleset_version");
                case 4 -> new Case("not JSON", bytes("rulesetVersion=" + version), Expect.REFUSED, null, null).answered(415)
                        .as("application/x-www-form-urlencoded");
                default -> new Case("not an object", bytes(new String[]{"[]", "\"x\"", "42", "true"}[r.nextInt(4)]),
                        Expect.REFUSED, "body", null);
            };
        }, (r, valid) -> new Case("oversized", bytes("{\"rulesetVersion\":\"" + "x".repeat(maxBody) + "\"}"), Expect.TOO_LARGE,
                "body", "payload_too_large"),
                valid -> ((Replay) valid).body() == null ? new LinkedHashMap<>() : ((Replay) valid).body(),
                valid -> {
                    Replay v = (Replay) valid;
                    return new Case("valid", v.body() == null ? new byte[0] : bytes(write(v.body())), Expect.DECIDED, null, null)
                            .to(replayPath(v.decisionId()));
                });
        run().run("/v1/decisions/{decisionId}/replay", JSON, fuzzer(1, seeds, new Mix(3, 150, 200, 500, 50)), REQUESTS, SEED,
                (o, result) -> Boolean.TRUE.equals(result.get("reproduced")) ? null
                        : "a stored decision did not reproduce: " + FuzzRun.abbreviate(o.body()));
        assertEquals(before, FuzzRun.lastId(dataSource, "decision_record"), "a replay stores nothing");
    }

    private static String replayPath(String decisionId) {
        return "/v1/decisions/" + decisionId + "/replay";
    }

    @Test
    @Order(2)
    void replayOfAPeriodNeverFails() throws Exception {
        storedDecisions();
        long before = FuzzRun.lastId(dataSource, "decision_record");
        String version = active.get().version();
        Seeds seeds = new Seeds(this::write, "PeriodReplayRequest", (r, i) -> {
            Map<String, Object> body = period(r);
            body.put("limit", 1 + r.nextInt(3));
            if (r.nextBoolean()) {
                body.put("rulesetVersion", version);
            }
            return body;
        }, (r, valid) -> periodKnown(r, valid, version), (r, valid) -> oversizedField(r, valid, "rulesetVersion"), null, null);
        run().run("/v1/decisions/replay", JSON, fuzzer(2, seeds, new Mix(3, 150, 150, 550, 50)), REQUESTS, SEED, (o, result) -> {
            long replayed = ((Number) result.get("replayed")).longValue();
            return replayed <= 100_000 && replayed == ((Number) result.get("reproduced")).longValue() ? null
                    : "stored decisions did not reproduce: " + FuzzRun.abbreviate(o.body());
        });
        assertEquals(before, FuzzRun.lastId(dataSource, "decision_record"), "a replay stores nothing");
    }

    /** A window around the stored decisions, written with one offset or another. */
    private static Map<String, Object> period(Random r) {
        ZoneOffset offset = r.nextBoolean() ? ZoneOffset.UTC : ZoneOffset.ofHours(8);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", ISO_OFFSET_DATE_TIME.format(OffsetDateTime.ofInstant(storedFrom.minusSeconds(r.nextInt(5)), offset)));
        body.put("to", ISO_OFFSET_DATE_TIME.format(OffsetDateTime.ofInstant(storedTo.plusSeconds(1 + r.nextInt(5)), offset)));
        return body;
    }

    @SuppressWarnings("unchecked")
    private Case periodKnown(Random r, Object valid, String version) {
        Map<String, Object> m = (Map<String, Object>) ContractMutator.copy(valid);
        return switch (r.nextInt(3)) {
            case 0 -> {
                Object from = m.get("from");
                m.put("from", m.get("to"));
                m.put("to", r.nextBoolean() ? from : m.get("from"));
                yield new Case("to before from", bytes(write(m)), Expect.REFUSED, "to", null);
            }
            case 1 -> {
                m.put("rulesetVersion", String.format("%08x", r.nextInt()).repeat(8));
                yield new Case("unknown version", bytes(write(m)), Expect.REFUSED, "rulesetVersion", "unknown_ruleset_version");
            }
            default -> {
                m.put("limit", r.nextBoolean() ? 0 : 100_001);
                yield new Case("limit out of range", bytes(write(m)), Expect.REFUSED, "limit", null);
            }
        };
    }

    /** A body over the single-body limit: one text field as long as the limit. */
    @SuppressWarnings("unchecked")
    private Case oversizedField(Random r, Object valid, String field) {
        Map<String, Object> m = (Map<String, Object>) ContractMutator.copy(valid);
        m.put(field, "版".repeat(maxBody / 3 + 1 + r.nextInt(100_000)));
        return new Case("oversized", bytes(write(m)), Expect.TOO_LARGE, "body", "payload_too_large");
    }

    // ---------------------------------------------------------------- batch

    @Test
    @Order(3)
    void batchAsAJsonArrayNeverFailsAndStoresExactlyWhatItAnswered() throws Exception {
        batch(JSON, 3);
    }

    @Test
    @Order(4)
    void batchAsNdjsonNeverFailsAndStoresExactlyWhatItAnswered() throws Exception {
        batch(NDJSON, 4);
    }

    private void batch(String mediaType, long salt) throws Exception {
        boolean ndjson = mediaType.equals(NDJSON);
        DecisionRequests decisions = new DecisionRequests(this::write, maxBody);
        // an item is valid, invalid for a known reason, a contract mutation or oddly encoded; never a byte mutation,
        // which would break the array or the lines around it (those are the batch's own byte mutations)
        RequestFuzzer items = fuzzer(salt * 100, decisions, new Mix(0, 600, 250, 120, 30));
        Seeds seeds = new Seeds(this::write, null, (r, i) -> {
            List<Case> batch = new ArrayList<>();
            for (int k = 1 + r.nextInt(3); k > 0; k--) {
                batch.add(items.next(i * 8 + k));
            }
            return batch;
        }, (r, valid) -> batchKnown(r, valid, ndjson), (r, valid) -> batchOversized(r, ndjson), null,
                valid -> batchCase(valid, ndjson));
        long before = FuzzRun.lastId(dataSource, "decision_record");
        Set<String> answered = ConcurrentHashMap.newKeySet();
        FuzzRun.Figures figures = run().run("/v1/decisions/batch", mediaType, fuzzer(salt, seeds, new Mix(6, 400, 200, 0, 0)),
                REQUESTS / 2, SEED, (o, result) -> batchAnswer(o, ndjson, answered));
        assertStoredExactly(before, answered, "decision_record", "decision_id");
        assertTrue(figures.kind("oversized") >= 20 && answered.size() > 2_000, "the mix holds thousands of decided items"
                + " and some oversized bodies: " + figures.kinds() + ", " + answered.size() + " decided");
    }

    @SuppressWarnings("unchecked")
    private static Case batchCase(Object valid, boolean ndjson) {
        List<Case> batch = (List<Case>) valid;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(bytes(ndjson ? "" : "["));
        List<Case> parts = new ArrayList<>();
        for (int k = 0; k < batch.size(); k++) {
            if (k > 0) {
                out.writeBytes(bytes(ndjson ? "\n" : ","));
            }
            byte[] item = batch.get(k).body();
            // a line break inside an NDJSON item (a pretty-printed one) would make two items of it
            out.writeBytes(ndjson ? new String(item, StandardCharsets.ISO_8859_1).replace('\n', ' ')
                    .getBytes(StandardCharsets.ISO_8859_1) : item);
            parts.add(batch.get(k).item(k));
        }
        out.writeBytes(bytes(ndjson ? "\n" : "]"));
        return new Case("valid", out.toByteArray(), Expect.DECIDED, null, null).withParts(parts);
    }

    @SuppressWarnings("unchecked")
    private static Case batchKnown(Random r, Object valid, boolean ndjson) {
        Case whole = batchCase(valid, ndjson);
        if (ndjson) {
            // a line over BatchInput.MAX_LINE fails that item alone; a blank body is an empty batch
            if (r.nextBoolean()) {
                return r.nextBoolean() ? new Case("empty body", new byte[0], Expect.REFUSED, "body", null)
                        : new Case("blank lines", bytes("\n \n\r\n"), Expect.DECIDED, null, null);
            }
            List<Case> parts = new ArrayList<>(whole.parts());
            byte[] line = bytes("{\"asOf\":\"2025-09-10\",\"student\":{\"id\":\"" + "x".repeat(BatchInput.MAX_LINE) + "\"}}\n");
            parts.add(new Case("line too long", line, Expect.REFUSED, "body", null).item(parts.size()));
            byte[] body = java.util.Arrays.copyOf(whole.body(), whole.body().length + line.length);
            System.arraycopy(line, 0, body, whole.body().length, line.length);
            return new Case("line too long", body, Expect.DECIDED, null, null).withParts(parts);
        }
        String array = new String(whole.body(), StandardCharsets.UTF_8);
        return switch (r.nextInt(5)) {
            case 0 -> new Case("not an array", bytes(new String[]{"{}", "\"x\"", "42", "null", "", "  "}[r.nextInt(6)]),
                    Expect.REFUSED, "body", null);
            case 1 -> new Case("more after the array", bytes(array + (r.nextBoolean() ? " x" : "[]")), Expect.REFUSED, "body",
                    "malformed_json");
            case 2 -> new Case("array not closed", bytes(array.substring(0, array.length() - 1)), Expect.REFUSED, "body",
                    "malformed_json");
            case 3 -> new Case("too many items", bytes("[" + "{},".repeat(BatchDecisions.MAX_JSON_ITEMS) + "{}]"),
                    Expect.REFUSED, "body", null);
            default -> new Case("not JSON", whole.body(), Expect.REFUSED, null, null).answered(415).as("text/plain");
        };
    }

    private static Case batchOversized(Random r, boolean ndjson) {
        int limit = ndjson ? STREAM_LIMIT : BUFFER_LIMIT;
        String item = "{\"asOf\":\"2025-09-10\",\"student\":{\"id\":\"fz-big\"}}" + (ndjson ? "\n" : ",");
        StringBuilder body = new StringBuilder(limit + 200_000).append(ndjson ? "" : "[");
        int size = limit + 1 + r.nextInt(100_000);
        while (body.length() < size) {
            body.append(item);
        }
        body.append(ndjson ? "" : "{}]");
        return new Case("oversized", bytes(body.toString()), Expect.TOO_LARGE, "body", "payload_too_large");
    }

    /** A batch answer: one item per request item, in order, each a decision or a problem naming a field of that item. */
    @SuppressWarnings("unchecked")
    private String batchAnswer(FuzzRun.Outcome o, boolean ndjson, Set<String> answered) {
        List<Map<String, Object>> items = new ArrayList<>();
        if (ndjson) {
            for (String line : o.body().split("\n")) {
                if (!line.isBlank()) {
                    Map<String, Object> item = run().read(line);
                    if (item == null) {
                        return "an answer line that is not JSON: " + FuzzRun.abbreviate(line);
                    }
                    items.add(item);
                }
            }
        } else {
            Map<String, Object> result = run().read(o.body());
            items = (List<Map<String, Object>>) result.get("items");
        }
        List<Case> parts = o.c().parts();
        if (!parts.isEmpty() && items.size() != parts.size()) {
            return items.size() + " answers for " + parts.size() + " items";
        }
        for (int k = 0; k < items.size(); k++) {
            Map<String, Object> item = items.get(k);
            Map<String, Object> decision = (Map<String, Object>) item.get("decision");
            Map<String, Object> problem = (Map<String, Object>) item.get("problem");
            Case part = parts.isEmpty() ? new Case("any", null, Expect.ANY, null, null) : parts.get(k);
            String at = "item " + k + " (" + part.kind() + "): ";
            if (((Number) item.get("index")).intValue() != k || (decision == null) == (problem == null)) {
                return at + "not one decision or problem at its index: " + FuzzRun.abbreviate(item.toString());
            }
            if (decision != null) {
                answered.add(decision.get("decisionId").toString());
                if (part.expect() == Expect.REFUSED) {
                    return at + "decided although it expected a problem naming " + part.field();
                }
                continue;
            }
            int status = ((Number) problem.get("status")).intValue();
            String defect = FuzzRun.problemDefect(problem, status);
            String prefix = "[" + k + "]";
            if (defect == null && !((List<Map<String, Object>>) problem.getOrDefault("errors", List.of())).stream()
                    .allMatch(e -> e.get("field").toString().startsWith(prefix))) {
                defect = "names a field outside its item";
            }
            if (defect == null && part.expect() == Expect.DECIDED) {
                defect = "refuses a valid item";
            }
            if (defect == null && part.expect() == Expect.REFUSED) {
                defect = FuzzRun.refusal(part, status, problem);
            }
            if (defect != null) {
                return at + "a problem that " + defect + ": " + FuzzRun.abbreviate(problem.toString());
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- reconciliation

    @Test
    @Order(5)
    void reconciliationNeverFailsAndStoresExactlyWhatItAnswered() throws Exception {
        Seeds seeds = new Seeds(this::write, "ReconciliationRequest", this::reconciliation, this::reconciliationKnown,
                (r, valid) -> {
                    // the streamed body's limit, not the single-body one: this route is not buffered
                    Map<String, Object> m = ordered("asOf", "2025-09-10", "householdRegistry", List.of());
                    String body = write(m).replace("[]", "[" + "{\"ref\":\"r\"},".repeat(STREAM_LIMIT / 12 + r.nextInt(1000))
                            + "{}]");
                    return new Case("oversized", bytes(body), Expect.TOO_LARGE, "body", "payload_too_large");
                }, null, null);
        long before = FuzzRun.lastId(dataSource, "reconciliation");
        Set<String> answered = ConcurrentHashMap.newKeySet();
        run().run("/v1/reconciliations", JSON, fuzzer(5, seeds, new Mix(3, 150, 150, 550, 50)), REQUESTS, SEED,
                (o, result) -> {
                    answered.add(String.valueOf(result.get("reconciliationId")));
                    return result.get("findingCount") instanceof Number ? null : "no findingCount: " + FuzzRun.abbreviate(o.body());
                });
        assertStoredExactly(before, answered, "reconciliation", "reconciliation_id");
    }

    private Object reconciliation(Random r, int i) {
        LocalDate asOf = LocalDate.of(2025, 3, 1).plusDays(r.nextInt(400));
        Map<String, Object> m = new LinkedHashMap<>();
        if (r.nextInt(4) > 0) {
            m.put("profile", PROFILES[r.nextInt(PROFILES.length)]);
        }
        m.put("asOf", asOf.toString());
        for (String list : List.of("householdRegistry", "schoolRegistry", "inSchool", "povertyRegister")) {
            if (r.nextBoolean()) {
                continue;
            }
            List<Object> rows = new ArrayList<>();
            for (int k = r.nextInt(5); k > 0; k--) {
                rows.add(registryRow(r, asOf, i));
            }
            m.put(list, rows);
        }
        return m;
    }

    private static Map<String, Object> registryRow(Random r, LocalDate asOf, int i) {
        Map<String, Object> row = new LinkedHashMap<>();
        LocalDate birth = asOf.minusYears(5 + r.nextInt(12)).minusDays(r.nextInt(365));
        if (r.nextInt(5) > 0) {
            row.put("ref", "fz-" + i + "-" + r.nextInt(100));
        }
        String first17 = "6401" + String.format("%02d", r.nextInt(3)) + birth.toString().replace("-", "")
                + String.format("%03d", r.nextInt(5));
        row.put("nationalId", switch (r.nextInt(8)) {
            case 0 -> first17 + "0"; // mostly a wrong check digit: a finding of its own
            case 1 -> first17.substring(0, 10);
            default -> first17 + NationalId.checkCharacter(first17);
        });
        if (r.nextBoolean()) {
            row.put("birthDate", (r.nextInt(6) == 0 ? birth.plusDays(1) : birth).toString());
        }
        if (r.nextBoolean()) {
            row.put("gender", r.nextBoolean() ? "MALE" : "FEMALE");
        }
        if (r.nextBoolean()) {
            row.put("schoolId", "school-" + r.nextInt(5));
            row.put("grade", 1 + r.nextInt(9));
        }
        if (r.nextBoolean()) {
            row.put("township", "习岗镇");
            row.put("village", "村" + RequestFuzzer.ODD[r.nextInt(RequestFuzzer.ODD.length)]);
        }
        return row;
    }

    @SuppressWarnings("unchecked")
    private Case reconciliationKnown(Random r, Object valid) {
        Map<String, Object> m = (Map<String, Object>) ContractMutator.copy(valid);
        int pick = r.nextInt(200); // the huge list is read row by row before it is refused: 1 in 200
        return switch (pick == 0 ? 0 : 1 + pick % 4) {
            case 0 -> {
                // one more row than the contract allows in a list, each row as small as a valid one gets
                m.put("householdRegistry", List.of());
                String body = write(m).replace("\"householdRegistry\":[]", "\"householdRegistry\":["
                        + "{},".repeat(250_000) + "{}]");
                yield new Case("huge list", bytes(body), Expect.REFUSED, "householdRegistry", null);
            }
            case 1 -> {
                m.put("profile", "atlantis-" + r.nextInt(9));
                yield new Case("unknown profile", bytes(write(m)), Expect.REFUSED, "profile", "unknown_profile");
            }
            case 2 -> {
                // a list given twice: its rows would be read twice
                String list = List.of("householdRegistry", "schoolRegistry", "inSchool", "povertyRegister").get(r.nextInt(4));
                m.remove(list);
                m.put(list, List.of(registryRow(r, LocalDate.of(2025, 9, 1), -1)));
                m.put("__DUP__", List.of());
                yield new Case("list twice", bytes(write(m).replace("\"__DUP__\"", "\"" + list + "\"")), Expect.REFUSED, list,
                        null);
            }
            case 3 -> {
                List<Object> rows = new ArrayList<>();
                rows.add(registryRow(r, LocalDate.of(2025, 9, 1), -1));
                rows.add(r.nextBoolean() ? null : List.of("not", "a", "row"));
                m.put("inSchool", rows);
                yield new Case("row not an object", bytes(write(m)), Expect.REFUSED, "inSchool[1]", null);
            }
            default -> {
                String body = new String[]{"[]", "\"reconcile\"", "42", "null", "true", "", "{"}[r.nextInt(7)];
                yield new Case("not an object", bytes(body), Expect.REFUSED, "body", null);
            }
        };
    }

    // ---------------------------------------------------------------- rule sets

    @Test
    @Order(6)
    void validateNeverFailsAndStoresNothing() throws Exception {
        long versionsBefore = count("ruleset_version");
        byte[] small = FuzzBodies.zip(FuzzBodies.smallRuleset("validate"));
        byte[] broken = FuzzBodies.zip(FuzzBodies.brokenRuleset());
        byte[] noBaseline = FuzzBodies.zip(Map.of("helan/profile.yaml", "name: helan\n", "helan/x.drl", "package kcbx.rules\n"));
        byte[] traversal = FuzzBodies.zip(Map.of("../baseline/profile.yaml", "name: x\n"));
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int k = 0; k <= 2_000; k++) {
            many.put("baseline/n" + k + ".txt", new byte[0]);
        }
        byte[] tooMany = FuzzBodies.zipBytes(many);
        byte[] bomb = FuzzBodies.zipBytes(Map.of("baseline/profile.yaml", new byte[21 << 20]));
        byte[][] notZips = {bytes("{\"files\": []}"), new byte[0], bytes("PK\u0003\u0004 not really"), new byte[]{(byte) 0xFF}};
        String multipart = FuzzBodies.multipartType();
        Seeds seeds = new Seeds(this::write, null, (r, i) -> small, (r, valid) -> switch (r.nextInt(12)) {
            case 0 -> new Case("no baseline", FuzzBodies.multipart("file", noBaseline), Expect.DECIDED, null, null);
            case 1 -> new Case("not a zip", FuzzBodies.multipart("file", notZips[r.nextInt(notZips.length)]), Expect.REFUSED,
                    "file", "invalid_zip");
            case 2 -> new Case("path outside", FuzzBodies.multipart("file", traversal), Expect.REFUSED, "file", "invalid_zip");
            // these two unpack up to 2,000 entries or 20 MB before they are refused: rarer
            case 3 -> r.nextInt(4) > 0 ? new Case("path outside", FuzzBodies.multipart("file", traversal), Expect.REFUSED, "file",
                    "invalid_zip") : new Case("too many entries", FuzzBodies.multipart("file", tooMany), Expect.REFUSED, "file",
                    "invalid_zip");
            case 4 -> r.nextInt(4) > 0 ? new Case("not a zip", FuzzBodies.multipart("file", notZips[r.nextInt(notZips.length)]),
                    Expect.REFUSED, "file", "invalid_zip") : new Case("zip bomb", FuzzBodies.multipart("file", bomb),
                    Expect.REFUSED, "file", "invalid_zip");
            case 5 -> new Case("wrong part", FuzzBodies.multipart("rules", small), Expect.REFUSED, "file", null);
            case 6, 9, 10 -> new Case("not multipart", small, Expect.REFUSED, null, null).answered(415).as("application/zip");
            case 7 -> new Case("no boundary", FuzzBodies.multipart("file", small), Expect.ANY, null, null)
                    .as("multipart/form-data");
            // a rule that does not compile is a report, not an error; it costs a compilation, so it is rare
            default -> r.nextInt(10) == 0 ? new Case("does not compile", FuzzBodies.multipart("file", broken), Expect.DECIDED,
                    null, null) : new Case("no baseline", FuzzBodies.multipart("file", noBaseline), Expect.DECIDED, null, null);
        }, (r, valid) -> {
            byte[] big = new byte[(1 << 20) + 1 + r.nextInt(100_000)]; // multipart.max-file-size
            r.nextBytes(big);
            return new Case("oversized", FuzzBodies.multipart("file", big), Expect.TOO_LARGE, "body", "payload_too_large");
        }, null, valid -> new Case("valid", FuzzBodies.multipart("file", (byte[]) valid), Expect.DECIDED, null, null));
        // valid zips compile (a few hundred ms each): 3 in 1000; byte mutations mostly break the zip or the multipart,
        // but one that leaves the zip readable compiles too: 9 in 100
        run().run("/v1/rulesets/validate", multipart, fuzzer(6, seeds, new Mix(5, 3, 900, 0, 0)), REQUESTS, SEED,
                (o, report) -> {
                    boolean valid = Boolean.TRUE.equals(report.get("valid"));
                    List<?> problems = (List<?>) report.get("problems");
                    if (o.c().kind().equals("valid") && !valid || !valid && (problems == null || problems.isEmpty())) {
                        return "a report that does not fit: " + FuzzRun.abbreviate(o.body());
                    }
                    return null;
                });
        assertEquals(versionsBefore, count("ruleset_version"), "validating stores nothing");
    }

    @Test
    @Order(7)
    void impactNeverFailsAndStoresNothing() throws Exception {
        storedDecisions();
        long versionsBefore = count("ruleset_version");
        long decisionsBefore = FuzzRun.lastId(dataSource, "decision_record");
        String version = active.get().version();
        List<Map<String, Object>> small = FuzzBodies.asJson(FuzzBodies.smallRuleset("impact"));
        Seeds seeds = new Seeds(this::write, "ImpactRequest", (r, i) -> {
            Map<String, Object> body = period(r);
            // a candidate given as files is compiled: 1 in 100
            if (r.nextInt(100) == 0) {
                body.put("files", small);
            } else {
                body.put("rulesetVersion", version);
            }
            body.put("limit", 1 + r.nextInt(3));
            return body;
        }, (r, valid) -> candidateKnown(r, valid, version), (r, valid) -> oversizedField(r, valid, "rulesetVersion"), null, null);
        run().run("/v1/rulesets/impact", JSON, fuzzer(7, seeds, new Mix(3, 150, 250, 450, 50)), REQUESTS, SEED,
                (o, report) -> report.get("candidateVersion") instanceof String && report.get("replayed") instanceof Number
                        ? null : "not an impact report: " + FuzzRun.abbreviate(o.body()));
        assertEquals(versionsBefore, count("ruleset_version"), "an impact stores no version");
        assertEquals(decisionsBefore, FuzzRun.lastId(dataSource, "decision_record"), "an impact stores no decision");
    }

    /** What an impact and a publication refuse before compiling (and a few that compile, rarely). */
    @SuppressWarnings("unchecked")
    private Case candidateKnown(Random r, Object valid, String version) {
        Map<String, Object> m = (Map<String, Object>) ContractMutator.copy(valid);
        List<Map<String, Object>> files = FuzzBodies.asJson(FuzzBodies.smallRuleset("known"));
        switch (r.nextInt(7)) {
            case 0 -> {
                m.put("files", files);
                m.put("rulesetVersion", version);
                return new Case("files and version", bytes(write(m)), Expect.REFUSED, "rulesetVersion", null);
            }
            case 1 -> {
                m.remove("files");
                m.remove("rulesetVersion");
                return new Case("neither files nor version", bytes(write(m)), Expect.REFUSED, "rulesetVersion", null);
            }
            case 2 -> {
                m.remove("files");
                m.put("rulesetVersion", "f".repeat(r.nextInt(64)));
                return new Case("unknown version", bytes(write(m)), Expect.REFUSED, null, "not_found").answered(404);
            }
            case 3 -> {
                m.remove("rulesetVersion");
                int k = r.nextInt(files.size());
                files.get(k).put("path", new String[]{"../baseline/x.drl", "/etc/x.drl", "baseline/../../x.drl"}[r.nextInt(3)]);
                m.put("files", files);
                return new Case("path outside", bytes(write(m)), Expect.REFUSED, "files[" + k + "].path", null);
            }
            case 4 -> {
                m.remove("rulesetVersion");
                files.add(ordered("path", files.get(0).get("path"), "content", "name: twice\n"));
                m.put("files", files);
                return new Case("path twice", bytes(write(m)), Expect.REFUSED, "files[" + (files.size() - 1) + "].path", null);
            }
            case 5 -> {
                m.remove("rulesetVersion");
                files.remove(0); // baseline/profile.yaml: nothing to compile
                m.put("files", files);
                return new Case("no baseline", bytes(write(m)), Expect.REFUSED, "baseline/profile.yaml", "ruleset_invalid")
                        .answered(422);
            }
            default -> {
                m.remove("rulesetVersion");
                boolean compile = r.nextInt(10) == 0; // a DRL that does not compile costs a compilation: rare
                m.put("files", compile ? FuzzBodies.asJson(FuzzBodies.brokenRuleset()) : List.of());
                return compile ? new Case("does not compile", bytes(write(m)), Expect.REFUSED, null, "ruleset_invalid")
                        .answered(422) : new Case("no files", bytes(write(m)), Expect.REFUSED, null, "ruleset_invalid")
                        .answered(422);
            }
        }
    }

    @Test
    @Order(8)
    void publishNeverFailsAndRecordsExactlyWhatItAnswered() throws Exception {
        String original = active.get().version();
        Map<String, String> smallFiles = FuzzBodies.smallRuleset("publish");
        List<Map<String, Object>> small = FuzzBodies.asJson(smallFiles);
        List<Map<String, String>> passing = List.of(FuzzBodies.scenario(null));
        FuzzRun run = run();
        // the small rule set is stored once, so that publishing it again by its version is a swap
        Map<String, Object> first = run.read(post("/v1/rulesets", write(ordered("files", small, "scenarios", passing,
                "publishedBy", "fuzz", "reason", "store the small rule set"))));
        String smallVersion = (String) first.get("rulesetVersion");
        post("/v1/rulesets", write(ordered("rulesetVersion", original, "publishedBy", "fuzz", "reason", "back")));
        long before = FuzzRun.lastId(dataSource, "ruleset_publication");
        long start = System.currentTimeMillis();
        Seeds seeds = new Seeds(this::write, "PublishRequest", (r, i) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            if (r.nextInt(100) == 0) { // a candidate given as files is compiled and tested: 1 in 100
                body.put("files", small);
                body.put("scenarios", passing);
            } else {
                body.put("rulesetVersion", r.nextBoolean() ? original : smallVersion);
            }
            body.put("publishedBy", "fuzz-" + RequestFuzzer.ODD[r.nextInt(RequestFuzzer.ODD.length)]);
            body.put("reason", "fuzz publication " + i);
            return body;
        }, (r, valid) -> {
            if (r.nextInt(8) > 0) {
                return candidateKnown(r, valid, original);
            }
            Map<String, Object> m = (Map<String, Object>) ContractMutator.copy(valid);
            m.remove("rulesetVersion");
            m.put("files", small);
            if (r.nextInt(10) > 0) {
                m.put("scenarios", List.of());
                return new Case("no scenarios", bytes(write(m)), Expect.REFUSED, "scenarios", null);
            }
            m.put("scenarios", List.of(FuzzBodies.scenario("SUSPECTED_DROPOUT")));
            return new Case("failing scenario", bytes(write(m)), Expect.REFUSED, "fuzz/small.json", "scenarios_failed")
                    .answered(422);
        }, (r, valid) -> oversizedField(r, valid, "reason"), null, null);
        Set<String> answered = ConcurrentHashMap.newKeySet();
        try {
            run.run("/v1/rulesets", JSON, fuzzer(8, seeds, new Mix(3, 200, 250, 450, 50)), REQUESTS, SEED, (o, p) -> {
                long at = OffsetDateTime.parse((String) p.get("publishedAt")).toInstant().toEpochMilli();
                if (at >= start) {
                    answered.add(p.get("rulesetVersion") + " " + at + " " + p.get("reason"));
                }
                return p.get("rulesetVersion") instanceof String ? null : "not a publication: " + FuzzRun.abbreviate(o.body());
            });
            Set<String> recorded = FuzzRun.since(dataSource, "ruleset_publication",
                    "CONCAT(version, ' ', published_at_ms, ' ', reason)", before);
            assertEquals(answered, recorded, "the publications recorded are those answered");
        } finally {
            post("/v1/rulesets", write(ordered("rulesetVersion", original, "publishedBy", "fuzz", "reason", "after the fuzz")));
        }
        assertEquals(original, active.get().version());
    }

    // ---------------------------------------------------------------- helpers

    /** A dozen stored decisions for the replays, made once. */
    private synchronized List<String> storedDecisions() {
        if (stored == null) {
            DecisionRequests decisions = new DecisionRequests(this::write, maxBody);
            List<String> ids = new ArrayList<>();
            storedFrom = Instant.now().minusMillis(1);
            for (int i = 0; i < 12; i++) {
                Map<String, Object> decision = run().read(post("/v1/decisions",
                        write(decisions.valid(new Random(SEED + i), i, "fz-replay-"))));
                ids.add((String) decision.get("decisionId"));
            }
            storedTo = Instant.now();
            stored = List.copyOf(ids);
        }
        return stored;
    }

    private String post(String path, String body) {
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                    .newBuilder(server.getURI().resolve(path)).header("Content-Type", JSON)
                    .header("Authorization", "Bearer " + TestCredentials.defaultToken())
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(9)
    @SuppressWarnings("unchecked")
    void mintingFeedLinksNeverFailsAndStoresExactlyWhatItAnswered() throws Exception {
        long before = FuzzRun.lastId(dataSource, "feed_link");
        String[] roles = {"SCHOOL", "TOWNSHIP", "EDUCATION_BUREAU"};
        Seeds seeds = new Seeds(this::write, "FeedRequest", (r, i) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("profile", PROFILES[r.nextInt(PROFILES.length)]);
            if (r.nextBoolean()) {
                body.put("role", roles[r.nextInt(roles.length)]);
            }
            if (r.nextBoolean()) {
                body.put("label", "fuzz 学生 " + i);
            }
            return body;
        }, (r, valid) -> {
            Map<String, Object> m = (Map<String, Object>) ContractMutator.copy(valid);
            switch (r.nextInt(3)) {
                case 0 -> {
                    m.put("profile", "nowhere" + r.nextInt(1000));
                    return new Case("unknown profile", bytes(write(m)), Expect.REFUSED, "profile", "unknown_profile");
                }
                case 1 -> {
                    m.put("role", RequestFuzzer.ODD[r.nextInt(RequestFuzzer.ODD.length)] + "KING");
                    return new Case("unknown role", bytes(write(m)), Expect.REFUSED, "role", "invalid_field");
                }
                default -> {
                    m.remove("profile");
                    return new Case("no profile", bytes(write(m)), Expect.REFUSED, "profile", null);
                }
            }
        }, (r, valid) -> oversizedField(r, valid, "label"), null, null);
        Set<String> answered = ConcurrentHashMap.newKeySet();
        run().run("/v1/feeds", JSON, fuzzer(9, seeds, new Mix(3, 250, 200, 450, 50)), REQUESTS, SEED, (o, feed) -> {
            if (!(feed.get("path") instanceof String path) || !path.matches("/v1/feeds/[0-9a-f]{64}/obligations\\.ics")) {
                return "not a feed link: " + FuzzRun.abbreviate(o.body());
            }
            answered.add((String) feed.get("feedId"));
            return null;
        });
        assertStoredExactly(before, answered, "feed_link", "feed_id");
    }

    private void assertStoredExactly(long before, Set<String> answered, String table, String column) throws Exception {
        Set<String> stored = FuzzRun.since(dataSource, table, column, before);
        Set<String> storedNotAnswered = new HashSet<>(stored);
        storedNotAnswered.removeAll(answered);
        Set<String> answeredNotStored = new HashSet<>(answered);
        answeredNotStored.removeAll(stored);
        assertEquals(Set.of(), answeredNotStored, "everything answered is stored in " + table);
        assertEquals(Set.of(), storedNotAnswered, "nothing is stored in " + table + " that was not answered");
        // and what is stored reads back exactly as it was hashed into the audit chain
        java.net.http.HttpResponse<String> verify = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(server.getURI().resolve("/v1/audit/verify"))
                        .header("authorization", "Bearer " + TestCredentials.defaultToken()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, verify.statusCode(), verify.body());
        assertTrue(verify.body().contains("\"ok\":true"), "the chain verifies after fuzzing " + table + ": " + verify.body());
    }

    private long count(String table) throws Exception {
        return FuzzRun.count(dataSource, table);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
