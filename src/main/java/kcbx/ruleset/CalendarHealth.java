package kcbx.ruleset;

import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The calendars on {@code /health} (details for operators only): each profile whose calendar ends
 * within the warning period, with the day it ends. The status stays UP: a calendar that runs out
 * degrades decisions (CALENDAR_NOT_COVERED), it does not stop the service.
 */
@Singleton
@Requires(notEnv = "cli")
class CalendarHealth extends AbstractHealthIndicator<Map<String, Object>> {
    private final CalendarExpiry expiry;

    CalendarHealth(CalendarExpiry expiry) {
        this.expiry = expiry;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        healthStatus = HealthStatus.UP;
        Map<String, Object> endingSoon = new LinkedHashMap<>();
        for (CalendarExpiry.Expiring e : expiry.expiring()) {
            endingSoon.put(e.profile(), Map.of("validTo", e.validTo().toString(), "daysLeft", e.daysLeft(),
                    "message", e.message()));
        }
        return Map.of("endingSoon", endingSoon);
    }

    @Override
    protected String getName() {
        return "calendar";
    }
}
