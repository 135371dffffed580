package kcbx.system;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.type.Argument;
import io.micronaut.http.annotation.Body;
import io.micronaut.inject.ExecutableMethod;
import io.micronaut.validation.validator.DefaultValidator;
import io.micronaut.validation.validator.ValidatorConfiguration;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import java.util.Set;

/**
 * Micronaut's validator, but for a route whose one argument is the JSON body that
 * {@link ContractFilter} has already checked against the contract: that body is not walked again.
 * The contract check and the bean constraints come from the same schemas of
 * openapi/decision-api.yaml (the constraints are generated from them), and the contract check
 * covers every keyword the request bodies use (type, required, enum, bounds, lengths, item counts,
 * dates); only it names every offending field in the problem. Walking a decision request's beans
 * again (a term of attendance is a few hundred objects) was 8 % of the warm HTTP profile (issue 18);
 * since 2026-12-05 POST /v1/decisions binds no beans at all (DecideController takes the checked
 * bytes and binds the request from the check's tree), and this serves the other single-body routes.
 * A route with other arguments (path or query values, which the contract filter does not check), a
 * body the filter did not keep (not JSON, or a route it leaves out: the batch and the
 * reconciliation lists, which check each item themselves) and every call outside a request are
 * validated as before.
 */
@Singleton
@Replaces(DefaultValidator.class)
public class ContractCheckedValidator extends DefaultValidator {

    public ContractCheckedValidator(ValidatorConfiguration configuration) {
        super(configuration);
    }

    @Override
    public <T> Set<ConstraintViolation<T>> validateParameters(T object, ExecutableMethod method, Object[] parameterValues,
                                                              Class<?>... groups) {
        if (contractChecked(method.getArguments(), parameterValues)) {
            return Set.of();
        }
        return super.validateParameters(object, method, parameterValues, groups);
    }

    /** Whether the only argument is the request's body and the contract filter kept exactly that body as checked. */
    static boolean contractChecked(Argument<?>[] arguments, Object[] values) {
        return arguments.length == 1 && values.length == 1 && values[0] != null
                && arguments[0].getAnnotationMetadata().hasAnnotation(Body.class)
                && ReceivedBody.ofCurrentRequest() != null;
    }
}
