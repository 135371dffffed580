package kcbx.facts;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** Something the school or township already did: a contact, a visit, a persuasion attempt. */
public final class InterventionFact implements Explainable {
    private final LocalDate date;
    private final String type;
    private final String outcome;

    public InterventionFact(LocalDate date, String type, String outcome) {
        this.date = date;
        this.type = type;
        this.outcome = outcome;
    }

    public LocalDate getDate() { return date; }
    /** FAMILY_CONTACT, HOME_VISIT, HOME_TEACHING_VISIT, TOWNSHIP_VERIFICATION, PERSUASION, WRITTEN_REPORT, GUARDIAN_ORDER. */
    public String getType() { return type; }
    /** DONE, RETURNED, FAILED or UNREACHABLE (DONE when the school sent none). */
    public String getOutcome() { return outcome; }

    @Override
    public Map<String, String> explain() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("date", date.toString());
        m.put("type", type);
        m.put("outcome", outcome);
        return m;
    }
}
