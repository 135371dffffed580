package kcbx.security;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import kcbx.system.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default ships no shared password: on the first start with the embedded H2
 * database and no credential at all, one development credential (every role, every school) is
 * issued and its token written to a file only the owner can read. The log says where, never
 * what. A MySQL deployment never gets one; its operator issues credentials with CredentialsCli.
 */
@Singleton
@Requires(property = "kcbx.security.dev-credential.enabled", value = "true")
@Requires(notEnv = CredentialsCli.ENVIRONMENT)
class DevCredential implements ApplicationEventListener<StartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(DevCredential.class);

    private final Credentials credentials;
    private final String datasourceUrl;
    private final Path file;

    DevCredential(Credentials credentials, @Value("${datasources.default.url:}") String datasourceUrl,
                  @Value("${kcbx.security.dev-credential.file}") String file) {
        this.credentials = credentials;
        this.datasourceUrl = datasourceUrl;
        this.file = Path.of(file).toAbsolutePath().normalize();
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        if (!datasourceUrl.startsWith("jdbc:h2:") || credentials.count() > 0) {
            return;
        }
        IssuedCredential dev = credentials.issue("development (first start)",
                List.of(Role.values()),
                List.of(SchoolScope.ALL_SCHOOLS));
        write(dev.token());
        // INFO, not WARN: this is what a first start on the embedded database is meant to do, and a
        // normal start logs no warning (QuietStartTest); the operator still reads where the token is
        LOG.info("No credential existed, so development credential {} (every role, every school) was issued;"
                + " its bearer token is in {} (send it as 'Authorization: Bearer <token>'). For real clients issue"
                + " credentials with kcbx.security.CredentialsCli and revoke this one.", dev.credentialId(), file);
    }

    private void write(String token) {
        OwnerOnly.newFile(file); // 0600 in a 0700 directory before the token is in it
        try {
            Files.writeString(file, token + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the development credential to " + file, e);
        }
    }
}
