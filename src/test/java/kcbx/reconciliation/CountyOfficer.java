package kcbx.reconciliation;

import java.util.List;
import kcbx.security.Credentials;
import kcbx.security.Role;

/** A real county-officer credential for the tests: only that role may submit a reconciliation. */
final class CountyOfficer {
    private CountyOfficer() {
    }

    static String token(Credentials credentials) {
        return credentials.issue("tests: county officer", List.of(Role.COUNTY_OFFICER), List.of()).token();
    }
}
