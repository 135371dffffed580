package kcbx.facts;

import java.time.LocalDate;
import java.util.List;
import org.kie.api.runtime.rule.RuleContext;

/** A dated obligation of a profile's documents: what, who leads, from when and by when, and why. */
public final class Obligation {
    private final String code;
    private final String title;
    private final String responsible;
    private final List<String> participants;
    private final LocalDate startDate;
    private final LocalDate dueDate;
    private final String reason;
    private final String ruleId;
    private final String citation;

    public Obligation(String code, String title, String responsible, List<String> participants, LocalDate startDate,
                      LocalDate dueDate, String reason, String ruleId, String citation) {
        this.code = code;
        this.title = title;
        this.responsible = responsible;
        this.participants = List.copyOf(participants);
        this.startDate = startDate;
        this.dueDate = dueDate;
        this.reason = reason;
        this.ruleId = ruleId;
        this.citation = citation;
    }

    /** Called from a rule consequence; {@code startDate} may be null, {@code participants} is comma-separated or "". */
    public static Obligation due(RuleContext drools, String code, String title, String responsible, String participants,
                                 LocalDate startDate, LocalDate dueDate, String reason) {
        List<String> roles = participants == null || participants.isBlank()
                ? List.of()
                : List.of(participants.replace(" ", "").split(","));
        return new Obligation(code, title, responsible, roles, startDate, dueDate, reason,
                RuleOutput.id(drools), RuleOutput.cite(drools));
    }

    public String getCode() { return code; }
    public String getTitle() { return title; }
    public String getResponsible() { return responsible; }
    public List<String> getParticipants() { return participants; }
    public LocalDate getStartDate() { return startDate; }
    public LocalDate getDueDate() { return dueDate; }
    public String getReason() { return reason; }
    public String getRuleId() { return ruleId; }
    public String getCitation() { return citation; }
}
