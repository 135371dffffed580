package kcbx.engine;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.drools.base.util.Drools;
import org.kie.api.definition.KiePackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drools' compiled packages of DRL files kept on disk, by the SHA-256 of what they were compiled
 * from: the files' paths and text, the Drools version and the fact classes the rules match (all
 * of {@code kcbx/facts} and {@code kcbx/calendar} as this build holds them), the rule-code gate
 * ({@link RuleSandbox} and the classes it checks with) and the JDK's version. A restart with the
 * same rule set reads the packages instead of compiling them again (the compile is most of a
 * start's CPU).
 *
 * <p>A file is written only after every DRL file it was compiled from passed the rule-code gate,
 * and its key holds that gate's code: a file found under a key is the gate's verdict on those
 * texts, so files served from here are not put through the gate again ({@link #holds}; the gate
 * parsing every file was about a third of a restart's rule set time). A newer gate is a
 * different key, so a stricter allowlist checks every file again. Every rule's name, id and
 * citation is still checked on each start.
 *
 * <p>The files hold compiled rule code that the service runs: the folder belongs to the
 * service's own user (like the checkpoint key), and a file that does not read is compiled again
 * and replaced. Only packages that compiled without error are written.
 */
public final class CompiledDrlCache {
    private static final Logger LOG = LoggerFactory.getLogger(CompiledDrlCache.class);

    /** The class files of the rule-code gate: the sandbox, the code checker and the allowlist, with their nested classes. */
    static final Pattern GATE =
            Pattern.compile("kcbx/engine/(RuleSandbox|RuleCodeChecker|RuleAllowlist)(\\$.*)?\\.class");

    private final Path folder;
    private final byte[] build;

    public CompiledDrlCache(Path folder) {
        this.folder = folder;
        this.build = buildIdentity();
    }

    /**
     * Whether a file holds the packages of {@code paths} with these texts: they passed the rule-code
     * gate of this build when they were compiled. A file that then does not read is compiled again,
     * through the gate ({@link DrlUnit}).
     */
    boolean holds(RulesetSource source, List<String> paths) {
        return build != null && !paths.isEmpty() && Files.isRegularFile(file(source, paths));
    }

    /** The file that keeps the packages of {@code paths} with these texts. */
    Path file(RulesetSource source, List<String> paths) {
        return folder.resolve(key(source, paths) + ".pkg");
    }

    /** The packages compiled from {@code paths} with these texts, when a readable file holds them. */
    Optional<Collection<KiePackage>> read(RulesetSource source, List<String> paths) {
        if (build == null) {
            return Optional.empty();
        }
        Path file = file(source, paths);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (ObjectInputStream in = new DroolsObjectInputStream(new BufferedInputStream(Files.newInputStream(file)),
                CompiledDrlCache.class.getClassLoader())) {
            List<KiePackage> packages = new ArrayList<>();
            for (Object o : (List<?>) in.readObject()) {
                packages.add((KiePackage) o);
            }
            return Optional.of(packages);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            LOG.warn("The compiled rules in {} do not read ({}); compiling {} again", file, e.toString(), paths);
            return Optional.empty();
        }
    }

    /** Keeps the packages compiled from {@code paths}; a failure to write only costs the next start a compile. */
    void write(RulesetSource source, List<String> paths, Collection<KiePackage> packages) {
        if (build == null) {
            return;
        }
        Path file = file(source, paths);
        try {
            if (!Files.isDirectory(folder)) {
                // owner-only where the file system has POSIX permissions: the files hold rule code the service runs
                try {
                    Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectories(folder);
                }
            }
            // a temporary file is created owner-only (0600) on POSIX file systems
            Path tmp = Files.createTempFile(folder, "pkg", ".tmp");
            try {
                try (ObjectOutputStream out = new DroolsObjectOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                    out.writeObject(new ArrayList<>(packages));
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot keep the compiled rules of {} in {}: {}", paths, folder, e.toString());
        }
    }

    private String key(RulesetSource source, List<String> paths) {
        MessageDigest sha = sha256();
        sha.update(build);
        for (String path : paths) {
            sha.update(path.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(source.text(path).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * Drools' and the JDK's versions, the bytes of every class the rules match (compiled rule code
     * is only good against these) and of the rule-code gate (a kept file stands for its verdict).
     * Null (no cache) when the classes cannot be read.
     */
    private static byte[] buildIdentity() {
        MessageDigest sha = sha256();
        sha.update((Drools.getFullVersion() + "/" + Runtime.version()).getBytes(StandardCharsets.UTF_8));
        try {
            for (String folder : List.of("kcbx/facts", "kcbx/calendar")) {
                for (String path : CodeSourceFiles.list(kcbx.facts.Flag.class, folder)) {
                    sha.update(path.getBytes(StandardCharsets.UTF_8));
                    sha.update(CodeSourceFiles.read(kcbx.facts.Flag.class, path));
                }
            }
            for (String path : CodeSourceFiles.list(CompiledDrlCache.class, "kcbx/engine")) {
                if (GATE.matcher(path).matches()) {
                    sha.update(path.getBytes(StandardCharsets.UTF_8));
                    sha.update(CodeSourceFiles.read(CompiledDrlCache.class, path));
                }
            }
        } catch (IOException e) {
            LOG.warn("Compiled rules are not kept: cannot read this build's fact classes ({})", e.toString());
            return null;
        }
        return sha.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
