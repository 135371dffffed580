package kcbx.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import kcbx.api.model.DecisionRequest;
import org.junit.jupiter.api.Test;

/**
 * The tree binder makes exactly the object the service's JSON mapper reads from the same bytes,
 * for every request of the scenario fixtures and for a request with every property of every
 * schema it reaches set (made from the contract, so a property added to it is covered); where it
 * cannot be sure it says so, and the mapper reads the bytes.
 */
@MicronautTest(transactional = false, startApplication = false)
class TreeBinderTest {
    private static final Map<String, Object> SCHEMA = Map.of("$ref", "#/components/schemas/DecisionRequest");
    private final ContractValidator contract = new ContractValidator();

    @Inject
    JsonMapper json;

    @Test
    void everyScenarioRequestBindsAsTheMapperReadsIt() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("test-fixtures/scenarios"))) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        int bound = 0;
        for (Path file : files) {
            Object request = json.readValue(Files.readAllBytes(file), Map.class).get("request");
            if (request == null) {
                continue;
            }
            byte[] body = json.writeValueAsBytes(request);
            ContractValidator.Checked checked = contract.checked(SCHEMA, body);
            if (!checked.errors().isEmpty()) {
                continue; // a scenario of a refused request: nothing is bound
            }
            Optional<DecisionRequest> tree = TreeBinder.bind(checked.tree(), DecisionRequest.class);
            assertTrue(tree.isPresent(), file::toString);
            assertEquals(json.readValue(body, DecisionRequest.class), tree.get(), file::toString);
            bound++;
        }
        assertTrue(bound > 200, bound + " scenario requests bound");
    }

    @Test
    void aRequestWithEveryPropertyBindsAsTheMapperReadsIt() throws IOException {
        Object full = filled(contract.schema("DecisionRequest"), 0);
        byte[] body = json.writeValueAsBytes(full);
        ContractValidator.Checked checked = contract.checked(SCHEMA, body);
        assertEquals(List.of(), checked.errors(), new String(body, StandardCharsets.UTF_8));
        DecisionRequest bound = TreeBinder.bind(checked.tree(), DecisionRequest.class).orElseThrow();
        DecisionRequest read = json.readValue(body, DecisionRequest.class);
        assertEquals(read, bound);
        // and the filled request really has every property: its JSON is the body's
        assertEquals(json.readValue(body, Map.class), json.readValue(json.writeValueAsBytes(bound), Map.class));
    }

    @Test
    void whatItCannotBeSureOfIsLeftToTheMapper() {
        String base = "{\"asOf\":\"2025-09-10\",\"student\":{\"id\":\"s1\",\"schoolId\":\"S\"%s}%s}";
        // an explicit null, which the mapper may treat otherwise than a key left out
        assertTrue(bind(base.formatted(",\"name\":null", "")).isEmpty());
        // a key the model has no property for (the contract check refuses it first in service)
        assertTrue(bind(base.formatted(",\"nickname\":\"x\"", "")).isEmpty());
        // a value of another shape than the model's
        assertTrue(bind(base.formatted(",\"grade\":\"eight\"", "")).isEmpty());
        assertTrue(bind(base.formatted("", ",\"attendance\":{}")).isEmpty());
        // a date that is not one, an enum value the model does not have
        assertTrue(bind(base.formatted(",\"birthDate\":\"2012-02-30\"", "")).isEmpty());
        assertTrue(bind(base.formatted(",\"gender\":\"OTHER\"", "")).isEmpty());
        // a required value missing
        assertTrue(bind("{\"asOf\":\"2025-09-10\"}").isEmpty());
        // and the same request without them binds
        assertEquals("s1", bind(base.formatted(",\"grade\":8", "")).orElseThrow().getStudent().getId());
    }

    private static Optional<DecisionRequest> bind(String body) {
        return TreeBinder.bind(tree(body), DecisionRequest.class);
    }

    /** The tree as the contract check reads it (whole numbers as BigInteger), whether or not it conforms. */
    private static Object tree(String body) {
        try {
            return JsonTree.parse(body.getBytes(StandardCharsets.UTF_8));
        } catch (JsonTree.Malformed e) {
            throw new AssertionError(e);
        }
    }

    /** A value of this schema with every property set: enums their last value, numbers their least, arrays of two. */
    @SuppressWarnings("unchecked")
    private Object filled(Map<String, Object> schema, int depth) {
        while (schema.get("$ref") instanceof String ref) {
            schema = contract.schema(ref.substring(ref.lastIndexOf('/') + 1));
        }
        String type = (String) schema.getOrDefault("type", "object");
        switch (type) {
            case "object" -> {
                Map<String, Object> out = new LinkedHashMap<>();
                ((Map<String, Object>) schema.getOrDefault("properties", Map.of()))
                        .forEach((name, prop) -> out.put(name, filled((Map<String, Object>) prop, depth + 1)));
                return out;
            }
            case "array" -> {
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    out.add(filled((Map<String, Object>) schema.get("items"), depth + 1));
                }
                return out;
            }
            case "integer" -> {
                return schema.get("minimum") instanceof Integer min ? min + 1 : 7;
            }
            case "boolean" -> {
                return Boolean.TRUE;
            }
            default -> {
                if (schema.get("enum") instanceof List<?> values) {
                    return values.get(values.size() - 1);
                }
                if ("date".equals(schema.get("format"))) {
                    return "2024-02-29";
                }
                if ("date-time".equals(schema.get("format"))) {
                    return "2025-09-10T08:00:00+08:00";
                }
                return "值" + depth;
            }
        }
    }
}
