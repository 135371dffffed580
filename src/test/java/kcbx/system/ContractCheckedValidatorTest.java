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
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import kcbx.api.DecisionsApi;
import kcbx.api.model.PeriodReplayRequest;
import kcbx.api.model.ReplayRequest;
import org.junit.jupiter.api.Test;

/**
 * The validator skips walking a route's body only when that body is the route's one argument and
 * the contract filter kept it as checked; everything else is validated as Micronaut does. The
 * requests below are invalid for the bean constraints (a rule set version of 65 characters, over the
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
        assertEquals(Set.of("replayPeriod.periodReplayRequest.rulesetVersion"), paths(validate(replayPeriod(), badRequest())));
    }

    @Test
    void aBodyTheContractFilterDidNotKeepIsValidated() {
        HttpRequest<?> request = HttpRequest.POST("/v1/decisions/replay", "{}");
        Set<ConstraintViolation<Object>> found = ServerRequestContext.with(request, (Supplier<Set<ConstraintViolation<Object>>>) () -> validate(replayPeriod(), badRequest()));
        assertEquals(Set.of("replayPeriod.periodReplayRequest.rulesetVersion"), paths(found));
    }

    @Test
    void theBodyTheContractFilterKeptIsNotWalkedAgain() {
        HttpRequest<?> request = HttpRequest.POST("/v1/decisions/replay", "{}");
        ReceivedBody.keep(request, "{}".getBytes(StandardCharsets.UTF_8), java.util.Map.of());
        assertTrue(ServerRequestContext.with(request, (Supplier<Set<ConstraintViolation<Object>>>) () -> validate(replayPeriod(), badRequest())).isEmpty());
    }

    @Test
    void aRouteWithPathValuesBesideItsBodyIsValidatedEvenWhenTheBodyWasKept() {
        ExecutableMethod<Object, Object> replay = method("replayDecision", String.class, ReplayRequest.class);
        HttpRequest<?> request = HttpRequest.POST("/v1/decisions/x/replay", "{}");
        ReceivedBody.keep(request, "{}".getBytes(StandardCharsets.UTF_8), java.util.Map.of());
        Set<ConstraintViolation<Object>> found = ServerRequestContext.with(request,
                (Supplier<Set<ConstraintViolation<Object>>>) () -> validator.forExecutables().validateParameters(bean(), replay, new Object[] {"d".repeat(65), null}));
        assertFalse(found.isEmpty(), "the decision id over 64 characters is a violation");
    }

    private static PeriodReplayRequest badRequest() {
        return new PeriodReplayRequest(ZonedDateTime.parse("2025-09-01T00:00:00Z"), ZonedDateTime.parse("2025-10-01T00:00:00Z"))
                .rulesetVersion(TOO_LONG);
    }

    private Set<ConstraintViolation<Object>> validate(ExecutableMethod<Object, Object> method, PeriodReplayRequest body) {
        return validator.forExecutables().validateParameters(bean(), method, new Object[] {body});
    }

    private static Set<String> paths(Set<ConstraintViolation<Object>> violations) {
        return violations.stream().map(v -> v.getPropertyPath().toString()).collect(Collectors.toSet());
    }

    /** POST /v1/decisions/replay: its body is its one argument. */
    private ExecutableMethod<Object, Object> replayPeriod() {
        return method("replayPeriod", PeriodReplayRequest.class);
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
}
