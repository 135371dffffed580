package kcbx.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import kcbx.audit.Actor;
import kcbx.audit.AdminEvents;
import kcbx.store.ActorScreen;
import kcbx.system.Jdbc;
import kcbx.system.StorageFailure;
import kcbx.system.StorageUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues, renews, revokes and checks the bearer credentials of machine clients. A token is
 * {@code kcbx_<16 hex id>_<64 hex secret>}; the database keeps the id, the secret's SHA-256, the
 * roles, the schools and when it expires, never the secret. The same code serves the command
 * line, the development credential and the tests, so what a test authenticates with is what a
 * school system would.
 *
 * <p>Every request reads its credential's row (one look-up by a unique key): a revocation or an
 * expiry takes effect on the next request on every instance sharing the database, which a
 * per-instance cache could not promise.
 * One kind of request is let in on the credential as last read instead: a decision to record
 * ({@link #rememberedForDecision}), whose only effect is a decision the store records after
 * re-reading the credentials of its group ({@link #refused}), refusing it with a 401 if its
 * credential has been revoked or has expired meanwhile. Nothing is read or recorded for it before.
 */
@Singleton
public class Credentials implements ActorScreen {
    static final String PREFIX = "kcbx_";
    /** How a request authenticated by one of these credentials is named, and so its decisions' actor. */
    static final String ACTOR_PREFIX = "credential:";
    private static final Pattern TOKEN = Pattern.compile("kcbx_([0-9a-f]{16})_([0-9a-f]{64})");
    private static final Pattern SCHOOL = Pattern.compile("[^\\s*,]{1,64}");
    private static final Logger LOG = LoggerFactory.getLogger(Credentials.class);
    private static final HexFormat HEX = HexFormat.of();

    private final CredentialRepository repository;
    /**
     * Credentials a read found accepted (issued, unrevoked, unexpired), by id, for
     * {@link #rememberedForDecision}; a read that finds one no longer accepted removes it. Only
     * accepted credentials enter, so it holds at most the credentials issued.
     */
    private final Map<String, Credential> lastAccepted = new ConcurrentHashMap<>();
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();

    /** Chains every credential change with who made it. */
    private final AdminEvents events;

    Credentials(CredentialRepository repository, AdminEvents events,
                @Value("${kcbx.security.credential-lifetime:90d}") Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("kcbx.security.credential-lifetime must be positive, e.g. 90d.");
        }
        this.repository = repository;
        this.events = events;
        this.lifetime = lifetime;
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
        long now = System.currentTimeMillis();
        repository.save(new Credential(null, id, sha256(secret), label, String.join(",", roleList.stream().map(Enum::name).toList()),
                String.join("\n", schoolList), now, null, now + lifetime.toMillis()));
        LOG.info("Issued credential {} ({}) with roles {} for schools {}, expiring in {}", id, label, roleList, schoolList, lifetime);
        events.record(AdminEvents.CREDENTIAL_ISSUED, Actor.current(Actor.host()),
                new AdminEvents.Detail().put("credentialId", id).put("label", label)
                        .put("roles", String.join(",", roleList.stream().map(Enum::name).toList()))
                        .put("schools", String.join(",", schoolList)));
        return new IssuedCredential(id, PREFIX + id + "_" + secret, roleList, schoolList);
    }

    /**
     * Gives an unrevoked credential (expired or not) a new full lifetime from now, keeping its
     * token; empty when no unrevoked credential has that id. A revoked credential stays revoked.
     */
    public Optional<Instant> renew(String credentialId) {
        long expires = System.currentTimeMillis() + lifetime.toMillis();
        if (repository.renew(credentialId, expires) == 0) {
            return Optional.empty();
        }
        LOG.info("Renewed credential {} until {}", credentialId, Instant.ofEpochMilli(expires));
        events.record(AdminEvents.CREDENTIAL_RENEWED, Actor.current(Actor.host()),
                new AdminEvents.Detail().put("credentialId", credentialId)
                        .put("expiresAt", Instant.ofEpochMilli(expires).toString()));
        return Optional.of(Instant.ofEpochMilli(expires));
    }

    /**
     * Revokes a credential by id; false when no unrevoked credential has that id. Every instance
     * refuses it from its next request on.
     */
    public boolean revoke(String credentialId) {
        boolean done = repository.revoke(credentialId, System.currentTimeMillis()) > 0;
        if (done) {
            LOG.info("Revoked credential {}", credentialId);
            events.record(AdminEvents.CREDENTIAL_REVOKED, Actor.current(Actor.host()),
                    new AdminEvents.Detail().put("credentialId", credentialId));
        }
        return done;
    }

    /** Every credential ever issued, revoked ones too, oldest first: no secret, no hash. */
    public List<String> describeAll() {
        List<String> lines = new ArrayList<>();
        for (Credential c : repository.findAllOrderById()) {
            String state = c.revoked() ? "REVOKED" : expired(c, System.currentTimeMillis()) ? "EXPIRED" : "active ";
            lines.add(c.credentialId() + "  " + state + "  expires=" + Instant.ofEpochMilli(expiresAt(c)) + "  roles=" + c.roles()
                    + "  schools=" + String.join(",", schools(c)) + "  label=" + c.label());
        }
        return lines;
    }

    public long count() {
        return repository.count();
    }

    /**
     * Whether the credential with this id would be accepted now (issued, not revoked, not expired):
     * what a feed link minted by it depends on (FeedLinks). Read from the database on every call.
     */
    boolean accepts(String credentialId) {
        return repository.findByCredentialId(credentialId)
                .filter(c -> !c.revoked() && !expired(c, System.currentTimeMillis())).isPresent();
    }

    /** Whether a token has this service's credential shape; anything else is left to other validators (JWT). */
    static boolean looksLikeOurs(String token) {
        return token.startsWith(PREFIX);
    }

    /** Whether a token can be refused without the database: it does not have this service's credential shape. */
    static boolean malformed(String token) {
        return !TOKEN.matcher(token).matches();
    }

    /**
     * The authentication of a valid, unrevoked, unexpired token, read from the database on every
     * call. A database that cannot answer is a 503 problem, not a 401: the client's credential may
     * be fine.
     */
    Optional<Authentication> authenticate(String token) {
        var m = TOKEN.matcher(token);
        if (!m.matches()) {
            return Optional.empty();
        }
        return authenticateFresh(m.group(1), m.group(2));
    }

    /**
     * The authentication of a request that asks for a decision to be recorded and nothing else
     * (POST /v1/decisions), from memory: the credential as a read last found it accepted, the
     * secret checked against it and its expiry against the clock now. Empty when no read has
     * accepted it or it does not pass: then the request is checked as every other
     * ({@link #authenticate}). What this lets in is checked again, from the database, when its
     * decision is recorded: {@link #refused}.
     */
    Optional<Authentication> rememberedForDecision(String token) {
        var m = TOKEN.matcher(token);
        if (!m.matches()) {
            return Optional.empty();
        }
        Credential known = lastAccepted.get(m.group(1));
        if (known != null && accepted(known, System.currentTimeMillis()) && secretMatches(known, m.group(2))) {
            return Optional.of(authentication(known));
        }
        return Optional.empty();
    }

    /**
     * Of the actors of a group of decisions about to be recorded, those whose credential is no
     * longer accepted, read now on the group's connection, in its transaction (one query for the
     * group's credentials, plain SQL: through the repository the query took 2 % of the warm HTTP
     * profile): they are refused with a 401 and not recorded. Actors that are not this service's
     * credentials (an identity provider's subject, the system) are another check's.
     */
    @Override
    public Set<String> refused(Connection connection, Set<String> actors) throws SQLException {
        Map<String, String> actorOf = new HashMap<>();
        for (String actor : actors) {
            if (actor.startsWith(ACTOR_PREFIX)) {
                actorOf.put(actor.substring(ACTOR_PREFIX.length()), actor);
            }
        }
        if (actorOf.isEmpty()) {
            return Set.of();
        }
        long now = System.currentTimeMillis();
        Set<String> stillAccepted = new HashSet<>();
        List<String> ids = List.copyOf(actorOf.keySet());
        for (int from = 0, n; from < ids.size(); from += n) {
            n = Jdbc.slice(ids.size() - from); // the statement's shapes stay few, as the write path's
            try (PreparedStatement ps = connection.prepareStatement("SELECT credential_id, created_at_ms, revoked_at_ms,"
                    + " expires_at_ms FROM api_credential WHERE credential_id IN ("
                    + Jdbc.marks(n) + ")")) {
                for (int i = 0; i < n; i++) {
                    ps.setString(i + 1, ids.get(from + i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        // only what acceptance reads: issued, revoked, expiring
                        Credential c = new Credential(null, rs.getString(1), null, null, null, null, rs.getLong(2),
                                rs.getObject(3, Long.class), rs.getObject(4, Long.class));
                        if (accepted(c, now)) {
                            stillAccepted.add(c.credentialId());
                        }
                    }
                }
            }
        }
        Set<String> refused = new HashSet<>();
        actorOf.forEach((id, actor) -> {
            if (!stillAccepted.contains(id)) {
                lastAccepted.remove(id);
                refused.add(actor);
                LOG.info("Refused a decision of credential {}: revoked or expired before it was recorded", id);
            }
        });
        return refused;
    }

    private Optional<Authentication> authenticateFresh(String id, String secret) {
        Optional<Credential> stored;
        try {
            stored = repository.findByCredentialId(id);
        } catch (RuntimeException e) {
            if (!StorageFailure.isStorageFailure(e)) {
                throw e;
            }
            LOG.warn("Credential {} could not be checked: {}", id, StorageFailure.describe(e));
            throw StorageUnavailableException.credentialNotChecked(e);
        }
        long now = System.currentTimeMillis();
        if (stored.isPresent() && accepted(stored.get(), now)) {
            lastAccepted.put(id, stored.get()); // a wrong secret removes nothing: anyone may know an id
        } else {
            lastAccepted.remove(id);
        }
        return stored.flatMap(c -> check(c, secret, now));
    }

    /**
     * When a credential stops being accepted. One issued before credentials expired (no
     * expires_at_ms, migration V12) gets the configured lifetime from its issue.
     */
    private long expiresAt(Credential c) {
        return c.expiresAtMs() != null ? c.expiresAtMs() : c.createdAtMs() + lifetime.toMillis();
    }

    private boolean expired(Credential c, long now) {
        return now >= expiresAt(c);
    }

    /** Unrevoked and unexpired at {@code now}. */
    private boolean accepted(Credential c, long now) {
        return !c.revoked() && !expired(c, now);
    }

    private static boolean secretMatches(Credential c, String secret) {
        return MessageDigest.isEqual(HEX.parseHex(c.secretSha256()), digest(secret));
    }

    private Optional<Authentication> check(Credential c, String secret, long now) {
        if (c.revoked() || !secretMatches(c, secret)) {
            return Optional.empty();
        }
        if (expired(c, now)) {
            LOG.info("Refused credential {}: expired at {}; renew it with CredentialsCli renew", c.credentialId(),
                    Instant.ofEpochMilli(expiresAt(c)));
            return Optional.empty();
        }
        return Optional.of(authentication(c));
    }

    /** Who the credential is: {@code credential:<id>}, its roles and the schools it serves. */
    private static Authentication authentication(Credential c) {
        List<String> roles = Arrays.stream(c.roles().split(",")).filter(r -> Role.parse(r).isPresent()).toList();
        return Authentication.build(ACTOR_PREFIX + c.credentialId(), roles,
                Map.of(SchoolScope.SCHOOLS_ATTRIBUTE, schools(c), "credentialId", c.credentialId()));
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
