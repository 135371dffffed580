package kcbx.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.utils.SecurityService;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import kcbx.audit.Actor;
import kcbx.audit.AdminEvents;
import kcbx.system.Jdbc;
import kcbx.system.ProblemException;
import kcbx.system.StorageFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feed links: a secret URL through which a phone calendar reads one profile's obligations
 * (iCalendar) without a bearer header, since calendar apps cannot send one. A credential of this
 * service mints them; the database keeps the secret's SHA-256 only (like {@link Credentials}). A
 * link serves while it is unrevoked, unexpired and its owner credential is still accepted, all
 * read from the database on every fetch; anything else is indistinguishable from a link that never
 * existed. The secret is the whole capability: it opens the obligations feed and nothing else (it
 * has none of a credential's shape, so no bearer validator accepts it), and it is never logged.
 */
@Singleton
public class FeedLinks {
    /** The secret as it appears in the URL: 256 random bits in lowercase hex. */
    private static final Pattern SECRET = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern FEED_ID = Pattern.compile("[0-9a-f]{16}");
    private static final HexFormat HEX = HexFormat.of();
    private static final Logger LOG = LoggerFactory.getLogger(FeedLinks.class);
    static final String FEED_ISSUED = "feed_issued";
    static final String FEED_REVOKED = "feed_revoked";
    private static final String COLUMNS = "feed_id, credential_id, owner, profile, role, label, created_at_ms,"
            + " expires_at_ms, revoked_at_ms";

    /** A feed link as stored, without its secret; {@code state} is ACTIVE, REVOKED, EXPIRED or OWNER_INACTIVE. */
    public record Feed(String feedId, String credentialId, String owner, String profile, String role, String label,
                       long createdAtMs, long expiresAtMs, Long revokedAtMs, String state) {
        public boolean active() {
            return state.equals("ACTIVE");
        }
    }

    /** A feed just minted: the only moment its secret exists outside the subscriber's calendar. */
    public record Minted(Feed feed, String secret) {
        @Override
        public String toString() {
            return "Minted[" + feed.feedId() + "]";
        }
    }

    private final TransactionOperations<Connection> tx;
    private final SecurityService security;
    private final Credentials credentials;
    private final AdminEvents events;
    private final Duration lifetime;
    private final int maxPerCredential;
    private final SecureRandom random = new SecureRandom();

    FeedLinks(TransactionOperations<Connection> tx, SecurityService security, Credentials credentials, AdminEvents events,
              @Value("${kcbx.feeds.lifetime:365d}") Duration lifetime,
              @Value("${kcbx.feeds.max-per-credential:100}") int maxPerCredential) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("kcbx.feeds.lifetime must be positive, e.g. 365d.");
        }
        this.tx = tx;
        this.security = security;
        this.credentials = credentials;
        this.events = events;
        this.lifetime = lifetime;
        this.maxPerCredential = maxPerCredential;
    }

    /**
     * A new feed link for the calling credential, for one profile (and optionally one leading role).
     * Only a credential of this service can mint one, since only its revocation can be checked.
     */
    public Minted mint(String profile, String role, String label) {
        String credentialId = callerCredential().orElseThrow(() -> new ProblemException(HttpStatus.FORBIDDEN, "forbidden",
                "Forbidden", "A feed link is minted with a credential of this service (kcbx_...), whose revocation"
                        + " ends the link too; this caller has none.", List.of()));
        String owner = Credentials.ACTOR_PREFIX + credentialId;
        String feedId = hex(8);
        String secret = hex(32);
        long now = System.currentTimeMillis();
        Feed feed = new Feed(feedId, credentialId, owner, profile, role, label, now, now + lifetime.toMillis(), null,
                "ACTIVE");
        guarded(() -> Jdbc.write(tx, c -> {
            if (activeOf(c, credentialId) >= maxPerCredential) {
                throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "feed_limit", "Too many feed links",
                        "This credential already has " + maxPerCredential + " active feed links; revoke one first"
                                + " (DELETE /v1/feeds/{feedId}).", List.of());
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO feed_link (feed_id, secret_sha256, credential_id,"
                    + " owner, profile, role, label, created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, feedId);
                ps.setString(2, Credentials.sha256(secret));
                ps.setString(3, credentialId);
                ps.setString(4, owner);
                ps.setString(5, profile);
                ps.setString(6, role);
                ps.setString(7, label);
                ps.setLong(8, now);
                ps.setLong(9, feed.expiresAtMs());
                ps.executeUpdate();
            }
            events.record(FEED_ISSUED, Actor.current(owner), new AdminEvents.Detail().put("feedId", feedId)
                    .put("credentialId", credentialId).put("profile", profile).put("role", role == null ? "" : role)
                    .put("expiresAtMs", feed.expiresAtMs()));
            return null;
        }));
        LOG.info("Issued feed link {} for credential {} (profile {}, role {})", feedId, credentialId, profile, role);
        return new Minted(feed, secret);
    }

    /** The caller's own feed links, newest first; every feed link for an OPERATOR. Revoked and expired ones too. */
    public List<Feed> visible() {
        Authentication a = security.getAuthentication().orElse(null);
        boolean all = a != null && a.getRoles().contains(Role.OPERATOR.name());
        Optional<String> own = callerCredential();
        if (!all && own.isEmpty()) {
            return List.of();
        }
        List<Feed> rows = guarded(() -> Jdbc.read(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM feed_link"
                    + (all ? "" : " WHERE credential_id = ?") + " ORDER BY id DESC")) {
                if (!all) {
                    ps.setString(1, own.get());
                }
                return rows(ps);
            }
        }));
        long now = System.currentTimeMillis();
        return rows.stream().map(f -> withState(f, now)).toList();
    }

    /**
     * Revokes a feed link the caller owns (any, for an OPERATOR); false when the caller has no
     * unrevoked feed link of that id, which the edge answers exactly as an unknown id.
     */
    public boolean revoke(String feedId) {
        if (feedId == null || !FEED_ID.matcher(feedId).matches()) {
            return false;
        }
        Authentication a = security.getAuthentication().orElse(null);
        boolean any = a != null && a.getRoles().contains(Role.OPERATOR.name());
        Optional<String> own = callerCredential();
        if (!any && own.isEmpty()) {
            return false;
        }
        String actor = Actor.current(Actor.host());
        boolean done = guarded(() -> Jdbc.write(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE feed_link SET revoked_at_ms = ?, revoked_by = ?"
                    + " WHERE feed_id = ? AND revoked_at_ms IS NULL" + (any ? "" : " AND credential_id = ?"))) {
                ps.setLong(1, System.currentTimeMillis());
                ps.setString(2, actor);
                ps.setString(3, feedId);
                if (!any) {
                    ps.setString(4, own.get());
                }
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            events.record(FEED_REVOKED, actor, new AdminEvents.Detail().put("feedId", feedId));
            return true;
        }));
        if (done) {
            LOG.info("Revoked feed link {}", feedId);
        }
        return done;
    }

    /**
     * The feed a secret opens, if it serves now: well-formed, known by its hash, unrevoked,
     * unexpired, and its owner credential still accepted. Empty for anything else, alike.
     */
    public Optional<Feed> serving(String secret) {
        if (secret == null || !SECRET.matcher(secret).matches()) {
            return Optional.empty();
        }
        String sha = Credentials.sha256(secret);
        return guarded(() -> {
            Optional<Feed> stored = Jdbc.read(tx, c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", secret_sha256 FROM feed_link"
                        + " WHERE secret_sha256 = ?")) {
                    ps.setString(1, sha);
                    try (ResultSet rs = ps.executeQuery()) {
                        // the row was found by the hash; compared again in constant time all the same
                        return rs.next() && MessageDigest.isEqual(HEX.parseHex(rs.getString(10)), HEX.parseHex(sha))
                                ? Optional.of(row(rs)) : Optional.<Feed>empty();
                    }
                }
            });
            long now = System.currentTimeMillis();
            return stored.map(f -> withState(f, now)).filter(Feed::active);
        });
    }

    private Feed withState(Feed f, long now) {
        String state = f.revokedAtMs() != null ? "REVOKED" : now >= f.expiresAtMs() ? "EXPIRED"
                : !credentials.accepts(f.credentialId()) ? "OWNER_INACTIVE" : "ACTIVE";
        return new Feed(f.feedId(), f.credentialId(), f.owner(), f.profile(), f.role(), f.label(), f.createdAtMs(),
                f.expiresAtMs(), f.revokedAtMs(), state);
    }

    private static int activeOf(Connection c, String credentialId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM feed_link WHERE credential_id = ?"
                + " AND revoked_at_ms IS NULL AND expires_at_ms > ?")) {
            ps.setString(1, credentialId);
            ps.setLong(2, System.currentTimeMillis());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static List<Feed> rows(PreparedStatement ps) throws SQLException {
        List<Feed> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    private static Feed row(ResultSet rs) throws SQLException {
        long revokedAt = rs.getLong(9);
        Long revoked = rs.wasNull() ? null : revokedAt;
        return new Feed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getLong(7), rs.getLong(8), revoked, "ACTIVE");
    }

    private Optional<String> callerCredential() {
        return security.getAuthentication().map(a -> a.getAttributes().get("credentialId"))
                .filter(String.class::isInstance).map(String.class::cast);
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HEX.formatHex(b);
    }

    /** A database that cannot answer is a 503 problem, never a feed that seems not to exist. */
    private static <T> T guarded(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            if (StorageFailure.isStorageFailure(e)) {
                LOG.warn("Feed links could not be read or written: {}", StorageFailure.describe(e));
                throw ProblemException.unavailable();
            }
            throw e;
        }
    }
}
