package kcbx.facts;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kie.api.runtime.rule.RuleContext;

/** A recommended action: who leads it, who takes part, by when, and why. */
public final class Action implements Explainable {
    private final String code;
    private final String responsible;
    private final List<String> participants;
    private final LocalDate dueDate;
    private final String reason;
    private final String ruleId;
    private final String citation;

    public Action(String code, String responsible, List<String> participants, LocalDate dueDate, String reason,
                  String ruleId, String citation) {
        this.code = code;
        this.responsible = responsible;
        this.participants = List.copyOf(participants);
        this.dueDate = dueDate;
        this.reason = reason;
        this.ruleId = ruleId;
        this.citation = citation;
    }

    /** Called from a rule consequence. {@code participants} is a comma-separated list of roles, or "". */
    public static Action recommend(RuleContext drools, String code, String responsible, String participants,
                                   LocalDate dueDate, String reason) {
        List<String> roles = participants == null || participants.isBlank()
                ? List.of()
                : List.of(participants.replace(" ", "").split(","));
        return new Action(code, responsible, roles, dueDate, reason, RuleOutput.id(drools), RuleOutput.cite(drools));
    }

    public String getCode() { return code; }
    public String getResponsible() { return responsible; }
    public List<String> getParticipants() { return participants; }
    public LocalDate getDueDate() { return dueDate; }
    public String getReason() { return reason; }
    public String getRuleId() { return ruleId; }
    public String getCitation() { return citation; }

    @Override
    public Map<String, String> explain() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("dueDate", dueDate.toString());
        return m;
    }
}
