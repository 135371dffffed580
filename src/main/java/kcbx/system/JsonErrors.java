package kcbx.system;

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
}
