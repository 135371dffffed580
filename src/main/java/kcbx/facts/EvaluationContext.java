package kcbx.facts;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** The date the decision is made for and the profile deciding it. Rules read dates here, never the clock. */
public final class EvaluationContext implements Explainable {
    private final LocalDate asOf;
    private final String profile;

    public EvaluationContext(LocalDate asOf, String profile) {
        this.asOf = asOf;
        this.profile = profile;
    }

    public LocalDate getAsOf() { return asOf; }
    public String getProfile() { return profile; }

    @Override
    public Map<String, String> explain() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("asOf", asOf.toString());
        m.put("profile", profile);
        return m;
    }
}
