package kcbx.decision;

import io.micronaut.http.HttpRequest;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import kcbx.api.model.DecisionRequest;
import kcbx.system.ContractValidator;
import kcbx.system.FieldProblem;
import kcbx.system.ProblemException;
import kcbx.system.ReceivedBody;
import kcbx.system.TreeBinder;

/**
 * A decision request from a body the contract check has passed: bound from the tree the check read
 * it into ({@link TreeBinder}), or, where the binder leaves it to the JSON mapper or no tree was
 * kept, read from the body's bytes. Either way the same object: {@code TreeBinderTest}.
 */
@Singleton
public class DecisionRequestReader {
    private static final Map<String, Object> SCHEMA = Map.of("$ref", "#/components/schemas/DecisionRequest");
    private final JsonMapper json;
    private final ContractValidator contract;

    DecisionRequestReader(JsonMapper json, ContractValidator contract) {
        this.json = json;
        this.contract = contract;
    }

    /** The request of this HTTP request's body, bound from the tree {@code ContractFilter} kept. */
    public DecisionRequest fromRequest(HttpRequest<?> request, byte[] body) {
        return read(ReceivedBody.tree(request).orElse(null), body);
    }

    /** The request of one batch item, checked against the contract here. */
    public DecisionRequest fromItem(byte[] item) {
        return read(null, item);
    }

    /**
     * The request of a body: {@code checkedTree} is the tree the contract check read it into, or
     * null where the body has not been checked yet (a batch item; an HTTP body the filter did not
     * keep, never in service), which is then checked here first, refused with every offending
     * field named: no body reaches the rules unchecked.
     */
    private DecisionRequest read(Object checkedTree, byte[] body) {
        Object tree = checkedTree;
        if (tree == null) {
            ContractValidator.Checked checked = contract.checked(SCHEMA, body == null ? new byte[0] : body);
            if (!checked.errors().isEmpty()) {
                throw ProblemException.contract(checked.errors());
            }
            tree = checked.tree();
        }
        DecisionRequest bound = TreeBinder.bind(tree, DecisionRequest.class).orElse(null);
        if (bound != null) {
            return bound;
        }
        try {
            return json.readValue(body, DecisionRequest.class);
        } catch (IOException e) {
            // the contract check passed, so this is a shape the contract does not describe
            throw ProblemException.invalid(List.of(new FieldProblem("body", "could not be read as a DecisionRequest")));
        }
    }
}
