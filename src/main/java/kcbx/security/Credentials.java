package kcbx.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import kcbx.system.ProblemException;
import kcbx.system.StorageFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues, revokes and checks the bearer credentials of machine clients. A token is
 * {@code kcbx_<16 hex id>_<64 hex secret>}; the database keeps the id, the secret's SHA-256, the
 * roles and the schools, never the secret. The same code serves the command line, the
 * development credential and the tests, so what a test authenticates with is what a school
 * system would.
 */
@Singleton
public class Credentials {
    static final String PREFIX = "kcbx_";
    private static final Pattern TOKEN = Pattern.compile("kcbx_([0-9a-f]{16})_([0-9a-f]{64})");
    private static final Pattern SCHOOL = Pattern.compile("[^\\s*,]{1,64}");
    private static final Logger LOG = LoggerFactory.getLogger(Credentials.class);
    private static final HexFormat HEX = HexFormat.of();

    private final CredentialRepository repository;
    private final long cacheNanos;
    private final SecureRandom random = new SecureRandom();
    /** Checked credentials by id, so a burst of requests costs one query, not one each. */
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Credential credential, long loadedAt) {
    }

    /** Chains every credential change with who made it (issue 17.5); a field so the constructor stays as it was. */
    @jakarta.inject.Inject
    kcbx.audit.AdminEvents events;

    Credentials(CredentialRepository repository,
                @Value("${kcbx.security.credential-cache:30s}") Duration cacheTtl) {
        this.repository = repository;
        this.cacheNanos = cacheTtl.toNanos();
    }

    /**
     * A new credential. SCHOOL_SYSTEM needs the schools it serves ({@value SchoolScope#ALL_SCHOOLS}
     * for every school); other roles serve no school.
     *
     * @throws IllegalArgumentException naming the option that is wrong
     */
    public IssuedCredential issue(String label, List<Role> roles, List<String> schools) {
        List<Role> roleList = List.copyOf(new LinkedHashSet<>(roles));
        List<String> schoolList = List.copyOf(new LinkedHashSet<>(schools));
        if (roleList.isEmpty()) {
            throw new IllegalArgumentException("--role is required: one of " + Arrays.toString(Role.values()) + ".");
        }
        if (roleList.contains(Role.SCHOOL_SYSTEM) && schoolList.isEmpty()) {
            throw new IllegalArgumentException("--school is required for SCHOOL_SYSTEM: name each school it serves, or '"
                    + SchoolScope.ALL_SCHOOLS + "' for every school.");
        }
        if (!roleList.contains(Role.SCHOOL_SYSTEM) && !schoolList.isEmpty()) {
            throw new IllegalArgumentException("--school applies only to SCHOOL_SYSTEM credentials.");
        }
        if (schoolList.contains(SchoolScope.ALL_SCHOOLS) && schoolList.size() > 1) {
            throw new IllegalArgumentException("--school '" + SchoolScope.ALL_SCHOOLS + "' already means every school; name no other.");
        }
        for (String s : schoolList) {
            if (!s.equals(SchoolScope.ALL_SCHOOLS) && !SCHOOL.matcher(s).matches()) {
                throw new IllegalArgumentException("--school must be 1 to 64 characters without spaces, commas or '*'.");
            }
        }
        if (label == null || label.isBlank() || label.length() > 128) {
            throw new IllegalArgumentException("--label must be 1 to 128 characters.");
        }
        String id = hex(8);
        String secret = hex(32);
        repository.save(new Credential(null, id, sha256(secret), label, String.join(",", roleList.stream().map(Enum::name).toList()),
                String.join("\n", schoolList), System.currentTimeMillis(), null));
        LOG.info("Issued credential {} ({}) with roles {} for schools {}", id, label, roleList, schoolList);
        events.record(kcbx.audit.AdminEvents.CREDENTIAL_ISSUED, kcbx.audit.Actor.current(kcbx.audit.Actor.host()),
                new kcbx.audit.AdminEvents.Detail().put("credentialId", id).put("label", label)
                        .put("roles", String.join(",", roleList.stream().map(Enum::name).toList()))
                        .put("schools", String.join(",", schoolList)));
        return new IssuedCredential(id, PREFIX + id + "_" + secret, roleList, schoolList);
    }

    /** Revokes a credential by id; false when no unrevoked credential has that id. Takes effect here at once. */
    public boolean revoke(String credentialId) {
        boolean done = repository.revoke(credentialId, System.currentTimeMillis()) > 0;
        cache.remove(credentialId);
        if (done) {
            LOG.info("Revoked credential {}", credentialId);
            events.record(kcbx.audit.AdminEvents.CREDENTIAL_REVOKED, kcbx.audit.Actor.current(kcbx.audit.Actor.host()),
                    new kcbx.audit.AdminEvents.Detail().put("credentialId", credentialId));
        }
        return done;
    }

    /** Every credential ever issued, revoked ones too, oldest first: no secret, no hash. */
    public List<String> describeAll() {
        List<String> lines = new ArrayList<>();
        for (Credential c : repository.findAllOrderById()) {
            lines.add(c.credentialId() + "  " + (c.revoked() ? "REVOKED" : "active ") + "  roles=" + c.roles()
                    + "  schools=" + String.join(",", schools(c)) + "  label=" + c.label());
        }
        return lines;
    }

    public long count() {
        return repository.count();
    }

    /** Whether a token has this service's credential shape; anything else is left to other validators (JWT). */
    static boolean looksLikeOurs(String token) {
        return token.startsWith(PREFIX);
    }

    /** Whether checking this token needs no database: malformed, or its credential is freshly cached. */
    boolean answerableWithoutDatabase(String token) {
        var m = TOKEN.matcher(token);
        return !m.matches() || fresh(cache.get(m.group(1)));
    }

    /**
     * The authentication of a valid, unrevoked token, reading the database when the cache has no
     * fresh entry. A database that cannot answer is a 503 problem, not a 401: the client's
     * credential may be fine.
     */
    Optional<Authentication> authenticate(String token) {
        var m = TOKEN.matcher(token);
        if (!m.matches()) {
            return Optional.empty();
        }
        String id = m.group(1);
        Cached cached = cache.get(id);
        if (!fresh(cached)) {
            Optional<Credential> stored;
            try {
                stored = repository.findByCredentialId(id);
            } catch (RuntimeException e) {
                if (!StorageFailure.isStorageFailure(e)) {
                    throw e;
                }
                LOG.warn("Credential {} could not be checked: {}", id, StorageFailure.describe(e));
                throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "storage_unavailable",
                        "Credential store unavailable",
                        "The credential could not be checked because the database is unreachable; retry shortly.", List.of());
            }
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            cached = new Cached(stored.get(), System.nanoTime());
            cache.put(id, cached);
        }
        return check(cached.credential(), m.group(2));
    }

    private boolean fresh(Cached c) {
        return c != null && System.nanoTime() - c.loadedAt() <= cacheNanos;
    }

    private static Optional<Authentication> check(Credential c, String secret) {
        if (c.revoked() || !MessageDigest.isEqual(HEX.parseHex(c.secretSha256()), digest(secret))) {
            return Optional.empty();
        }
        List<String> roles = Arrays.stream(c.roles().split(",")).filter(r -> Role.parse(r).isPresent()).toList();
        return Optional.of(Authentication.build("credential:" + c.credentialId(), roles,
                Map.of(SchoolScope.SCHOOLS_ATTRIBUTE, schools(c), "credentialId", c.credentialId())));
    }

    private static List<String> schools(Credential c) {
        return c.schools().isEmpty() ? List.of() : List.of(c.schools().split("\n"));
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HEX.formatHex(b);
    }

    static String sha256(String secret) {
        return HEX.formatHex(digest(secret));
    }

    private static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
