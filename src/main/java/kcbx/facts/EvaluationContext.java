package kcbx.facts;

import java.time.LocalDate;

/** The date the decision is made for and the profile deciding it. Rules read dates here, never the clock. */
public final class EvaluationContext {
    private final LocalDate asOf;
    private final String profile;

    public EvaluationContext(LocalDate asOf, String profile) {
        this.asOf = asOf;
        this.profile = profile;
    }

    public LocalDate getAsOf() { return asOf; }
    public String getProfile() { return profile; }
}
