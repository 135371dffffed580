package kcbx.security;

import io.micronaut.http.annotation.Controller;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.utils.SecurityService;
import java.util.Collection;
import java.util.List;
import kcbx.api.CallerApi;
import kcbx.api.model.Caller;
import kcbx.system.ProblemException;

/**
 * GET /v1/me: the calling credential's identity, roles and schools, so the console (/console/)
 * shows the pages its role may use. Any valid credential; the answer holds nothing about a child.
 */
@Controller
class CallerController implements CallerApi {
    private final SecurityService security;

    CallerController(SecurityService security) {
        this.security = security;
    }

    @Override
    public Caller getCaller() {
        Authentication a = security.getAuthentication().orElseThrow(() -> new ProblemException(
                io.micronaut.http.HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthorized",
                "This request carries no credential.", List.of()));
        Object schools = a.getAttributes().get(SchoolScope.SCHOOLS_ATTRIBUTE);
        List<String> served = a.getRoles().contains(Role.SCHOOL_SYSTEM.name()) && schools instanceof Collection<?> list
                ? list.stream().map(String::valueOf).sorted().toList() : List.of();
        return new Caller(a.getName(), a.getRoles().stream().sorted().toList(), served);
    }
}
