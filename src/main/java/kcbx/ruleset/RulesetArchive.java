package kcbx.ruleset;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import kcbx.system.Jdbc;
import kcbx.engine.RulesetSource;

/**
 * Every rule set version that ever decided, kept with its files in the database so that any
 * decision can be replayed under the rules that made it, long after the rules folder changed.
 * A version is its content hash, so archiving is idempotent and a stored version can be checked
 * against its files when it is read back. Publishing and rolling back versions build on this.
 */
@Singleton
public class RulesetArchive {
    private static final Pattern VERSION = Pattern.compile("[0-9a-f]{64}");
    private final RulesetArchiveRepository repository;
    private final TransactionOperations<Connection> tx;

    RulesetArchive(RulesetArchiveRepository repository, TransactionOperations<Connection> tx) {
        this.repository = repository;
        this.tx = tx;
    }

    /**
     * Stores the version and its files unless it is stored already; true when this call stored it.
     * Two writers storing the same version at once both succeed; one of them stores it.
     */
    public boolean archive(RulesetSource source, String origin, String note) {
        if (contains(source.version())) {
            return false;
        }
        Map<String, String> sha = new LinkedHashMap<>();
        source.files().forEach((path, content) -> sha.put(path, sha256(content)));
        ArchivedVersion v = new ArchivedVersion(source.version(), System.currentTimeMillis(), source.files().size(),
                origin, note);
        try {
            Jdbc.write(tx, c -> {
                repository.insert(c, v, source.files(), sha);
                return null;
            });
            return true;
        } catch (RuntimeException e) {
            if (duplicate(e) && contains(source.version())) {
                return false; // another instance archived it in the meantime
            }
            throw e;
        }
    }

    /**
     * A version is the lowercase hex SHA-256 of its files. Anything else names no version, whatever the
     * database's collation would match (MariaDB's case-insensitive one matches "D4C8..." to "d4c8...").
     */
    static boolean wellFormed(String version) {
        return version != null && VERSION.matcher(version).matches();
    }

    public boolean contains(String version) {
        return find(version).isPresent();
    }

    public Optional<ArchivedVersion> find(String version) {
        if (!wellFormed(version)) {
            return Optional.empty();
        }
        return Jdbc.read(tx, c -> repository.find(c, version));
    }

    public List<ArchivedVersion> list() {
        return Jdbc.read(tx, repository::list);
    }

    /**
     * The files of an archived version, checked file by file and as a whole against the hashes they
     * were stored under; a version whose files were altered is refused, not compiled.
     */
    public Optional<RulesetSource> load(String version) {
        if (!wellFormed(version)) {
            return Optional.empty();
        }
        Map<String, RulesetArchiveRepository.StoredFile> stored = Jdbc.read(tx, c -> repository.files(c, version));
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        stored.forEach((path, f) -> {
            if (!sha256(f.content()).equals(f.sha256())) {
                throw new IllegalStateException("Archived file " + path + " of rule set version " + version
                        + " no longer matches the hash it was stored with.");
            }
            files.put(path, f.content());
        });
        RulesetSource source = new RulesetSource(files);
        if (!source.version().equals(version)) {
            throw new IllegalStateException("The archived files of rule set version " + version
                    + " hash to " + source.version() + ".");
        }
        return Optional.of(source);
    }

    private static boolean duplicate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
