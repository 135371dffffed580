package kcbx.security;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Real credentials for the tests, issued through the same code as the command line and stored
 * hashed in the test database when a test context starts. {@link kcbx.decision.HttpCalls} sends
 * the default one unless a test chooses another: a school system for every school that is also
 * an auditor, so the tests written before authentication keep submitting and reading back.
 */
@Singleton
@Requires(env = "test")
public class TestCredentials implements ApplicationEventListener<StartupEvent> {
    private static volatile String defaultToken;

    private final Credentials credentials;

    TestCredentials(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        defaultToken = credentials.issue("tests: every school + auditor", List.of(Role.SCHOOL_SYSTEM, Role.AUDITOR),
                List.of(SchoolScope.ALL_SCHOOLS)).token();
    }

    /** The token of the last started test context. */
    public static String defaultToken() {
        if (defaultToken == null) {
            throw new IllegalStateException("no test context has started, so no test credential was issued");
        }
        return defaultToken;
    }
}
