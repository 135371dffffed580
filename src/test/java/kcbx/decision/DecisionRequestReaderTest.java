package kcbx.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import kcbx.system.FieldProblem;
import kcbx.system.ProblemException;
import org.junit.jupiter.api.Test;

/**
 * A body reaches the rules only checked against the contract: one the contract filter did not keep
 * (never in service) is checked by the reader itself, and a batch item always is.
 */
@MicronautTest(transactional = false, startApplication = false)
class DecisionRequestReaderTest {
    private static final byte[] VALID = "{\"asOf\":\"2025-09-10\",\"student\":{\"id\":\"s1\",\"schoolId\":\"S\",\"grade\":8}}"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] NO_STUDENT_ID = "{\"asOf\":\"2025-09-10\",\"student\":{\"schoolId\":\"S\",\"grade\":\"8\"}}"
            .getBytes(StandardCharsets.UTF_8);

    @Inject
    DecisionRequestReader reader;

    @Test
    void aBodyTheFilterDidNotKeepIsCheckedHere() {
        HttpRequest<?> request = HttpRequest.POST("/v1/decisions", "");
        ProblemException refused = assertThrows(ProblemException.class, () -> reader.fromRequest(request, NO_STUDENT_ID));
        assertEquals(List.of("student.id", "student.grade"), refused.errors().stream().map(FieldProblem::field).toList());
        assertEquals(LocalDate.of(2025, 9, 10), reader.fromRequest(request, VALID).getAsOf());
    }

    @Test
    void aBatchItemIsCheckedThenBound() {
        ProblemException refused = assertThrows(ProblemException.class, () -> reader.fromItem(NO_STUDENT_ID));
        assertEquals(List.of("student.id", "student.grade"), refused.errors().stream().map(FieldProblem::field).toList());
        assertEquals(8, reader.fromItem(VALID).getStudent().getGrade());
    }
}
