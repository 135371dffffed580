package kcbx.system;

import java.util.List;

/** Turns a body that could not be read into field errors naming the JSON path. */
final class JsonErrors {
    private JsonErrors() {
    }

    static List<FieldProblem> describe(Throwable root) {
        return List.of(new FieldProblem("body", "could not be read"));
    }
}
