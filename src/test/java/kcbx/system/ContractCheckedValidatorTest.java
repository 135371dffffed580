package kcbx.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.BeanContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.ExecutableMethod;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.validation.validator.Validator;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import kcbx.api.DecisionsApi;
import kcbx.api.model.DecisionRequest;
import kcbx.api.model.ReplayRequest;
import kcbx.api.model.Student;
import org.junit.jupiter.api.Test;

/**
 * The validator skips walking a route's body only when that body is the route's one argument and
 * the contract filter kept it as checked; everything else is validated as Micronaut does. The
 * requests below are invalid for the bean constraints (a student id of 65 characters, over the
 * contract's 64), so a skipped walk shows as no violation.
 */
@MicronautTest(transactional = false, startApplication = false)
class ContractCheckedValidatorTest {
    private static final String TOO_LONG = "s".repeat(65);

    @Inject
    Validator validator;

    @Inject
    BeanContext beans;

    @Test
    void theServiceValidatesWithIt() {
        assertInstanceOf(ContractCheckedValidator.class, validator);
    }

    @Test
    void aBodyOutsideARequestIsValidated() {
        assertEquals(Set.of("decide.decisionRequest.student.id"), paths(validate(decide(), badRequest())));
    }

    @Test
    void aBodyTheContractFilterDidNotKeepIsValidated() {
        HttpRequest<?> request = HttpRequest.POST("/v1/decisions", "{}");
        Set<ConstraintViolation<Object>> found = ServerRequestContext.with(request, (Supplier<Set<ConstraintViolation<Object>>>) () -> validate(decide(), badRequest()));
        assertEquals(Set.of("decide.decisionRequest.student.id"), paths(found));
    }

    @Test
    void theBodyTheContractFilterKeptIsNotWalkedAgain() {
        HttpRequest<?> request = HttpRequest.POST("/v1/decisions", "{}");
        ReceivedBody.keep(request, "{}".getBytes(StandardCharsets.UTF_8));
        assertTrue(ServerRequestContext.with(request, (Supplier<Set<ConstraintViolation<Object>>>) () -> validate(decide(), badRequest())).isEmpty());
    }

    @Test
    void aRouteWithPathValuesBesideItsBodyIsValidatedEvenWhenTheBodyWasKept() {
        ExecutableMethod<Object, Object> replay = method("replayDecision", String.class, ReplayRequest.class);
        HttpRequest<?> request = HttpRequest.POST("/v1/decisions/x/replay", "{}");
        ReceivedBody.keep(request, "{}".getBytes(StandardCharsets.UTF_8));
        Set<ConstraintViolation<Object>> found = ServerRequestContext.with(request,
                (Supplier<Set<ConstraintViolation<Object>>>) () -> validator.forExecutables().validateParameters(bean(), replay, new Object[] {"d".repeat(65), null}));
        assertFalse(found.isEmpty(), "the decision id over 64 characters is a violation");
    }

    private static DecisionRequest badRequest() {
        return new DecisionRequest(LocalDate.of(2025, 9, 10), new Student(TOO_LONG));
    }

    private Set<ConstraintViolation<Object>> validate(ExecutableMethod<Object, Object> method, DecisionRequest body) {
        return validator.forExecutables().validateParameters(bean(DECIDE), method, new Object[] {body});
    }

    private static Set<String> paths(Set<ConstraintViolation<Object>> violations) {
        return violations.stream().map(v -> v.getPropertyPath().toString()).collect(Collectors.toSet());
    }

    /** POST /v1/decisions: the route of kcbx.decision.DecideController (package-private, so named here). */
    private ExecutableMethod<Object, Object> decide() {
        return method(DECIDE, "decide", DecisionRequest.class);
    }

    private static final Class<?> DECIDE = decideController();

    private static Class<?> decideController() {
        try {
            return Class.forName("kcbx.decision.DecideController");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private ExecutableMethod<Object, Object> method(String name, Class<?>... types) {
        return method(DecisionsApi.class, name, types);
    }

    @SuppressWarnings("unchecked")
    private ExecutableMethod<Object, Object> method(Class<?> bean, String name, Class<?>... types) {
        BeanDefinition<?> definition = beans.getBeanDefinition(bean);
        return (ExecutableMethod<Object, Object>) (ExecutableMethod<?, ?>) definition.findMethod(name, types).orElseThrow();
    }

    private Object bean() {
        return beans.getBean(DecisionsApi.class);
    }

    private Object bean(Class<?> type) {
        return beans.getBean(type);
    }
}
