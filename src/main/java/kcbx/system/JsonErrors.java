package kcbx.system;

import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.core.type.Argument;
import io.micronaut.http.annotation.Body;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.List;

/**
 * Bodies are checked against the contract before deserialisation (ContractFilter), so a read
 * failure that still reaches here has no field to name; its message is not passed on because it
 * can echo the value.
 */
final class JsonErrors {
    private JsonErrors() {
    }

    static List<FieldProblem> describe(Throwable root) {
        return List.of(new FieldProblem("body", "could not be read as this endpoint's request"));
    }

    /**
     * A query or path parameter that is missing or cannot be converted to its type, named by its
     * own name with what it must be; null when the failure is not about a parameter.
     */
    static FieldProblem parameter(Throwable root) {
        for (Throwable t = root; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnsatisfiedRouteException u && !isBody(u.getArgument())) {
                return new FieldProblem(u.getArgument().getName(), "is required");
            }
            if (t instanceof ConversionErrorException c && !isBody(c.getArgument())) {
                return new FieldProblem(c.getArgument().getName(), expected(c.getArgument()));
            }
        }
        return null;
    }

    private static boolean isBody(Argument<?> argument) {
        return argument.getName().isEmpty() || argument.getAnnotationMetadata().hasAnnotation(Body.class);
    }

    private static String expected(Argument<?> argument) {
        Class<?> type = argument.getType();
        if (type.isEnum()) {
            return "must be one of " + String.join(", ", Arrays.stream(type.getEnumConstants())
                    .map(Object::toString).toList());
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "must be a date-time with an offset, e.g. 2025-09-10T08:00:00+08:00";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "must be a whole number";
        }
        return "cannot be read as " + type.getSimpleName();
    }
}
