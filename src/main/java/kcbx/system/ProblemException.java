package kcbx.system;

import io.micronaut.http.HttpStatus;
import java.util.List;

/** An error the caller should see as an RFC 7807 problem with a stable machine code. */
public class ProblemException extends RuntimeException {
    private final HttpStatus status;
    private final String code;
    private final String title;
    private final List<FieldProblem> errors;

    public ProblemException(HttpStatus status, String code, String title, String detail, List<FieldProblem> errors) {
        super(detail);
        this.status = status;
        this.code = code;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException invalid(List<FieldProblem> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + " " + errors.get(0).message() + "."
                : errors.size() + " fields are invalid: " + String.join(", ", errors.stream().map(FieldProblem::field).toList()) + ".";
        String code = errors.stream().allMatch(e -> e.field().endsWith("nationalId")) ? "invalid_national_id" : "invalid_field";
        return new ProblemException(HttpStatus.BAD_REQUEST, code, "The request has invalid fields", detail, errors);
    }

    /**
     * The problem for a body that does not conform to the contract: malformed JSON, only unknown
     * fields, or invalid fields, as ContractValidator reported them (at least one).
     */
    public static ProblemException contract(List<FieldProblem> errors) {
        FieldProblem first = errors.get(0);
        String detail = first.field() + " " + first.message() + ".";
        boolean malformed = first.field().equals("body") && (first.message().startsWith("is not well-formed") || first.message().equals("is empty")
                || first.message().startsWith("has more"));
        if (malformed) {
            return new ProblemException(HttpStatus.BAD_REQUEST, "malformed_json", "Malformed JSON", detail, errors);
        }
        if (errors.stream().allMatch(e -> e.message().startsWith("is not a field of"))) {
            return new ProblemException(HttpStatus.BAD_REQUEST, "unknown_field", "The request has unknown fields",
                    detail, errors);
        }
        return invalid(errors);
    }

    public static ProblemException unknownProfile(String profile) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "unknown_profile", "Unknown profile",
                "profile is not a profile of the active rule set (see GET /v1/profiles).",
                List.of(new FieldProblem("profile", "is not a known profile")));
    }

    /**
     * Nothing has the id the caller named: {@code what} names the kind ("decision"), never the id,
     * which is the caller's value (a problem echoes no value).
     */
    public static ProblemException notFound(String what) {
        return new ProblemException(HttpStatus.NOT_FOUND, "not_found", "Not found", "No " + what + " has this id.", List.of());
    }

    /**
     * No valid credential: the same problem the security filter answers for a missing, unknown,
     * expired or revoked one, also when a credential is found revoked as its decision is recorded.
     */
    public static ProblemException unauthenticated() {
        return new ProblemException(HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated",
                "Send a valid credential as 'Authorization: Bearer <token>'.",
                List.of(new FieldProblem("Authorization", "is missing, unknown, expired, revoked or not valid")));
    }

    public static ProblemException storageUnavailable() {
        return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "storage_unavailable", "Decision store unavailable",
                "The decision could not be recorded, so none is returned; retry shortly.", List.of());
    }

    /** The database cannot be reached: nothing was read or recorded, and the caller should retry. */
    public static ProblemException unavailable() {
        return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "storage_unavailable", "Database unavailable",
                "The database is unreachable, so nothing was read or recorded; retry shortly.", List.of());
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
