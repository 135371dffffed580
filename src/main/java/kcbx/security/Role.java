package kcbx.security;

import java.util.Arrays;
import java.util.Optional;

/**
 * Who a caller is to this service. The paths each role reaches are in application.yml
 * (micronaut.security.intercept-url-map); which schools a SCHOOL_SYSTEM serves is {@link SchoolScope}.
 */
public enum Role {
    /** A school information system: submits facts and reads the decisions of the schools it serves. */
    SCHOOL_SYSTEM,
    /** Policy staff: validate, test, see the impact of and publish rule sets. Sees no child's data. */
    POLICY_EDITOR,
    /** Reads and replays every decision and its stored facts, verifies and exports the log. */
    AUDITOR,
    /** County education bureau: reconciles the county's population lists; reads obligations. */
    COUNTY_OFFICER,
    /** Runs the service: sees the details behind /health (database, disk, indicators). Sees no child's data. */
    OPERATOR;

    static Optional<Role> parse(String name) {
        return Arrays.stream(values()).filter(r -> r.name().equals(name)).findFirst();
    }
}
