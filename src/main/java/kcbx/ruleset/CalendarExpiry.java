package kcbx.ruleset;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kcbx.calendar.SchoolCalendar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import kcbx.engine.ProfileRules;

/**
 * Warns before a profile's school calendar runs out. Past its {@code validTo} a decision knows no
 * terms and carries CALENDAR_NOT_COVERED, so an operator must hear of it while there is time to enter
 * the next 校历: at start-up, once a day in the log, and on {@code /health} for operators. This reads
 * the service's clock on purpose; rules never do (their {@code asOf} is an input).
 */
@Singleton
@Requires(notEnv = "cli")
public class CalendarExpiry {
    private static final Logger LOG = LoggerFactory.getLogger(CalendarExpiry.class);

    private final ActiveRuleset active;
    private final int warningDays;
    private final Clock clock;

    CalendarExpiry(ActiveRuleset active, @Value("${kcbx.calendar.expiry-warning-days:60}") int warningDays) {
        this.active = active;
        this.warningDays = warningDays;
        this.clock = Clock.systemUTC();
    }

    /** A profile whose calendar ends within the warning period (or has ended: {@code daysLeft} below zero). */
    public record Expiring(String profile, LocalDate validTo, long daysLeft) {
        public String message() {
            return daysLeft < 0
                    ? "档案 " + profile + " 的校历已于 " + validTo + " 结束：请录入新学年校历并发布"
                    : "档案 " + profile + " 的校历将于 " + validTo + " 结束（还有 " + daysLeft + " 天）：请录入新学年校历并发布";
        }
    }

    /** The profiles of the rule set in force whose calendar ends within the warning period of today. */
    public List<Expiring> expiring() {
        return expiring(active.get().profiles(), LocalDate.now(clock), warningDays);
    }

    static List<Expiring> expiring(Map<String, ProfileRules> profiles, LocalDate today, int warningDays) {
        return profiles.values().stream()
                .map(p -> expiring(p.definition().id(), p.calendar(), today, warningDays))
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(Expiring::profile))
                .toList();
    }

    static Optional<Expiring> expiring(String profile, SchoolCalendar calendar, LocalDate today,
                                       int warningDays) {
        return calendar.validTo()
                .map(end -> new Expiring(profile, end, ChronoUnit.DAYS.between(today, end)))
                .filter(e -> e.daysLeft() <= warningDays);
    }

    @EventListener
    void onStartup(StartupEvent event) {
        warn();
    }

    @Scheduled(fixedDelay = "24h", initialDelay = "24h")
    void daily() {
        warn();
    }

    private void warn() {
        for (Expiring e : expiring()) {
            LOG.warn("Calendar of profile {} ends on {} ({} days left): add the next school year's terms and"
                    + " holidays to its calendar.yaml and publish", e.profile(), e.validTo(), e.daysLeft());
        }
    }
}
