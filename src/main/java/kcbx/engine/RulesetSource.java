package kcbx.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files of a rule set, by path relative to its root ("helan/parameters.yaml"), and the
 * version that is their content hash. Only files that decide count: DRL, YAML (profile,
 * parameters, calendars) and CSV tables; notes and READMEs beside them do not change the version.
 */
public final class RulesetSource {
    private static final Set<String> DECIDING = Set.of(".drl", ".yaml", ".yml", ".csv");

    private final Map<String, byte[]> files;
    private final String version;

    public RulesetSource(Map<String, byte[]> files) {
        TreeMap<String, byte[]> sorted = new TreeMap<>();
        files.forEach((path, content) -> {
            if (decides(path)) {
                sorted.put(path, content.clone());
            }
        });
        this.files = sorted;
        this.version = hash(sorted);
    }

    public static RulesetSource fromDirectory(Path root) {
        if (!Files.isDirectory(root)) {
            throw new RulesetException(java.util.List.of(new RulesetProblem(root.toString(), 0, 0,
                    "The rules folder does not exist (set kcbx.rules.path or KCBX_RULES_PATH).")));
        }
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (!rel.startsWith(".") && !rel.contains("/.")) {
                    files.put(rel, Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the rules folder " + root, e);
        }
        return new RulesetSource(files);
    }

    static boolean decides(String path) {
        int dot = path.lastIndexOf('.');
        return dot >= 0 && DECIDING.contains(path.substring(dot).toLowerCase(java.util.Locale.ROOT));
    }

    private static String hash(Map<String, byte[]> files) {
        try {
            MessageDigest all = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                // path, NUL, content digest, newline: no two different file sets hash alike by concatenation
                all.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                all.update((byte) 0);
                all.update(MessageDigest.getInstance("SHA-256").digest(normalise(e.getValue())));
                all.update((byte) '\n');
            }
            return HexFormat.of().formatHex(all.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** CRLF and LF checkouts of the same files are the same version. */
    private static byte[] normalise(byte[] content) {
        return new String(content, StandardCharsets.UTF_8).replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
    }

    public Map<String, byte[]> files() {
        return files;
    }

    public String text(String path) {
        byte[] b = files.get(path);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    public String version() {
        return version;
    }
}
