package kcbx.obligation;

import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import kcbx.api.model.Obligation;
import kcbx.api.model.ObligationCode;
import kcbx.api.model.ObligationList;
import kcbx.api.model.Role;
import kcbx.api.model.Warning;
import kcbx.calendar.SchoolCalendar;
import kcbx.facts.ObligationWindow;
import kcbx.engine.CompiledRuleset;
import kcbx.ruleset.ActiveRuleset;
import kcbx.engine.ProfileRules;
import kcbx.engine.RuleSessions;
import kcbx.system.FieldProblem;
import kcbx.system.ProblemException;

/**
 * The dated obligations of a profile in a period: the profile's obligation rules run once over
 * the period and the terms of its calendar, and what they list is filtered to the period and,
 * when asked, to one leading role. The period is the caller's; without one it is this year and
 * the next, by the service's clock (the rules themselves never read it).
 */
@Singleton
class ObligationService {
    static final int MAX_YEARS = 3;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);

    private final ActiveRuleset rulesets;

    ObligationService(ActiveRuleset rulesets) {
        this.rulesets = rulesets;
    }

    ObligationList list(String profileId, String fromText, String toText, String roleText, LocalDate today) {
        List<FieldProblem> errors = new ArrayList<>();
        LocalDate from = date("from", fromText, errors);
        LocalDate to = date("to", toText, errors);
        Role role = null;
        if (roleText != null && !roleText.isEmpty()) {
            try {
                role = Role.fromValue(roleText);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldProblem("role", "must be a role code such as SCHOOL or TOWNSHIP"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        from = from != null ? from : to != null ? to.withDayOfYear(1) : today.withDayOfYear(1);
        to = to != null ? to : from.plusYears(1).withMonth(12).withDayOfMonth(31);
        if (to.isBefore(from)) {
            throw ProblemException.invalid(List.of(new FieldProblem("to", "must not be before from")));
        }
        if (to.isAfter(from.plusYears(MAX_YEARS))) {
            throw ProblemException.invalid(List.of(new FieldProblem("to", "must be at most " + MAX_YEARS
                    + " years after from")));
        }
        CompiledRuleset ruleset = rulesets.get();
        ProfileRules profile = ruleset.profile(profileId).orElseThrow(() -> ProblemException.unknownProfile(profileId));
        SchoolCalendar calendar = profile.calendar();
        RuleSessions.Outcome outcome = RuleSessions.run(profile,
                List.of(new ObligationWindow(from, to, calendar.terms())), 100);
        LocalDate first = from;
        LocalDate last = to;
        Role only = role;
        List<Obligation> obligations = outcome.all(kcbx.facts.Obligation.class).stream()
                .filter(o -> !o.getDueDate().isBefore(first) && !o.getDueDate().isAfter(last))
                .map(ObligationService::toModel)
                .filter(o -> only == null || o.getResponsible() == only)
                .sorted(Comparator.comparing(Obligation::getDueDate).thenComparing(o -> o.getCode().getValue())
                        .thenComparing(Obligation::getRuleId))
                .toList();
        List<Warning> warnings = new ArrayList<>();
        if (!calendar.covers(from) || !calendar.covers(to)) {
            warnings.add(new Warning("CALENDAR_NOT_COVERED", "The profile's calendar.yaml does not cover the whole"
                    + " period: obligations tied to term dates are listed only for the terms it holds.")
                    .field("to"));
        }
        ObligationList list = new ObligationList(profileId, ruleset.version(), from, to, obligations, warnings);
        return role == null ? list : list.role(role);
    }

    private static Obligation toModel(kcbx.facts.Obligation o) {
        Obligation m = new Obligation(code(ObligationCode::fromValue, o.getCode(), o.getRuleId()), o.getTitle(),
                code(Role::fromValue, o.getResponsible(), o.getRuleId()), o.getParticipants().stream()
                        .map(p -> code(Role::fromValue, p, o.getRuleId())).toList(),
                o.getDueDate(), o.getReason(), o.getRuleId(), o.getCitation());
        return o.getStartDate() == null ? m : m.startDate(o.getStartDate());
    }

    private static LocalDate date(String name, String text, List<FieldProblem> errors) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(text, DATE);
        } catch (DateTimeParseException e) {
            errors.add(new FieldProblem(name, "must be a real calendar date written YYYY-MM-DD"));
            return null;
        }
    }

    private static <T> T code(java.util.function.Function<String, T> parse, String code, String ruleId) {
        try {
            return parse.apply(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Rule " + ruleId + " produced \"" + code
                    + "\", which is not in the public vocabulary of openapi/decision-api.yaml");
        }
    }
}
