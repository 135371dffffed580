package kcbx.system;

/** One offending field of a request, by JSON path. */
public record FieldProblem(String field, String message) {
}
