package kcbx.decision;

import java.time.Instant;
import kcbx.api.model.Decision;
import kcbx.api.model.DecisionRequest;
import kcbx.engine.ProfileRules;

/** Opens the pure decision path to benchmarks outside this package. */
public final class DecisionBench {
    private DecisionBench() {
    }

    public static Decision evaluate(DecisionRequest request, String version, ProfileRules profile) {
        RequestValidator.validate(request);
        return DecisionService.evaluate(request, version, profile, "bench", Instant.EPOCH);
    }
}
