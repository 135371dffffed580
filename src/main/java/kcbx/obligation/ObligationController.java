package kcbx.obligation;

import io.micronaut.http.annotation.Controller;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import kcbx.api.ObligationsApi;
import kcbx.api.model.ObligationList;
import kcbx.ruleset.ActiveRuleset;

/**
 * HTTP edge of the obligations calendar, as JSON and as an iCalendar feed township staff can
 * subscribe to. "Today" (for a period not given) is China Standard Time, where the deadlines are.
 */
@Controller
class ObligationController implements ObligationsApi {
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final ObligationService obligations;
    private final ActiveRuleset rulesets;
    private final Clock clock = Clock.system(CHINA);

    ObligationController(ObligationService obligations, ActiveRuleset rulesets) {
        this.obligations = obligations;
        this.rulesets = rulesets;
    }

    @Override
    public ObligationList listObligations(String profile, String from, String to, String role) {
        return obligations.list(profile, from, to, role, LocalDate.now(clock));
    }

    @Override
    public String obligationsCalendar(String profile, String from, String to, String role) {
        ObligationList list = obligations.list(profile, from, to, role, LocalDate.now(clock));
        String name = rulesets.get().profile(profile).map(p -> p.definition().name()).orElse(profile);
        return ICalendarWriter.write(list, name, clock.instant());
    }
}
