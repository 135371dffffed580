package kcbx.security;

import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.utils.SecurityService;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;
import kcbx.system.FieldProblem;
import kcbx.system.ProblemException;

/**
 * Which schools the caller may act for. Roles decide which paths a caller reaches
 * (application.yml); this decides which records: a SCHOOL_SYSTEM submits and reads for the
 * schools its credential names, an AUDITOR reads every school. Credentials and identity-provider
 * JWTs carry the schools in the same {@value #SCHOOLS_ATTRIBUTE} attribute or claim.
 */
@Singleton
public class SchoolScope {
    public static final String SCHOOLS_ATTRIBUTE = "schools";
    public static final String ALL_SCHOOLS = "*";

    private final SecurityService security;

    SchoolScope(SecurityService security) {
        this.security = security;
    }

    /** Whether the caller may read a record of this school (null: a record with no school). */
    public boolean canRead(String schoolId) {
        Authentication a = security.getAuthentication().orElse(null);
        if (a == null) {
            return false;
        }
        return a.getRoles().contains(Role.AUDITOR.name()) || serves(a, schoolId);
    }

    /**
     * Ledgers and reports: the county bureau and auditors see any school, township or the county;
     * a school system sees only a school it serves, named in schoolId.
     */
    public void requireReportScope(String schoolId, String township) {
        Authentication a = security.getAuthentication().orElse(null);
        if (a != null && (a.getRoles().contains(Role.AUDITOR.name()) || a.getRoles().contains(Role.COUNTY_OFFICER.name()))) {
            return;
        }
        // the school is the query parameter schoolId here, not a request body's student.schoolId
        require(a, schoolId, "schoolId");
    }

    /**
     * Refuses a submission for a school the caller does not serve. A credential for named schools
     * must say which school; one for every school may leave it out.
     */
    public void requireServes(String schoolId) {
        require(security.getAuthentication().orElse(null), schoolId, "student.schoolId");
    }

    /**
     * The caller's credential, taken on the request's thread, as a check that other threads can
     * run for it ({@link #requireServes} there would find no caller): a batch decides its items
     * on worker threads, each item still checked against the credential that sent it.
     */
    public Served served() {
        Authentication a = security.getAuthentication().orElse(null);
        return schoolId -> require(a, schoolId, "student.schoolId");
    }

    /** {@link #requireServes} for a credential taken earlier; see {@link #served()}. */
    @FunctionalInterface
    public interface Served {
        void require(String schoolId);
    }

    /** Refuses a school the credential does not serve, naming {@code field}: where the caller gave the school. */
    private static void require(Authentication a, String schoolId, String field) {
        if (a != null && serves(a, schoolId)) {
            return;
        }
        String message = schoolId == null
                ? "is required: this credential serves named schools only"
                : "names a school this credential does not serve";
        throw new ProblemException(HttpStatus.FORBIDDEN, "school_not_served", "School not served",
                field + " " + message + ".", List.of(new FieldProblem(field, message)));
    }

    private static boolean serves(Authentication a, String schoolId) {
        if (!a.getRoles().contains(Role.SCHOOL_SYSTEM.name())) {
            return false;
        }
        Object schools = a.getAttributes().get(SCHOOLS_ATTRIBUTE);
        if (!(schools instanceof Collection<?> list)) {
            return false;
        }
        return list.contains(ALL_SCHOOLS) || schoolId != null && list.contains(schoolId);
    }
}
