package kcbx.decision;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import kcbx.api.model.DecisionRequest;
import kcbx.system.FieldProblem;
import kcbx.system.ProblemException;
import kcbx.system.TreeBinder;

/**
 * A decision request from a body the contract check has passed: bound from the tree the check read
 * it into ({@link TreeBinder}), or, where the binder leaves it to the JSON mapper or no tree was
 * kept, read from the body's bytes. Either way the same object: {@code TreeBinderTest}.
 */
@Singleton
public class DecisionRequestReader {
    private final JsonMapper json;

    DecisionRequestReader(JsonMapper json) {
        this.json = json;
    }

    /** The request of a checked body; tree may be null. */
    public DecisionRequest read(Object tree, byte[] body) {
        if (tree != null) {
            DecisionRequest bound = TreeBinder.bind(tree, DecisionRequest.class).orElse(null);
            if (bound != null) {
                return bound;
            }
        }
        try {
            return json.readValue(body, DecisionRequest.class);
        } catch (IOException e) {
            // the contract check passed, so this is a shape the contract does not describe
            throw ProblemException.invalid(List.of(new FieldProblem("body", "could not be read as a DecisionRequest")));
        }
    }
}
