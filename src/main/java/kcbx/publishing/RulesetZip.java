package kcbx.publishing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import kcbx.engine.RulesetCompiler;
import kcbx.engine.RulesetSource;

/**
 * A zipped rules folder as a rule set source. People zip either the folder itself ("rules/...")
 * or its contents ("baseline/..."); both work. Bounded, so a hostile zip cannot fill the memory.
 */
public final class RulesetZip {
    static final long MAX_TOTAL_BYTES = 20L * 1024 * 1024;
    static final int MAX_ENTRIES = 2_000;

    private RulesetZip() {
    }

    /** The files of the zip; IllegalArgumentException with one sentence when it is not a usable zip. */
    public static RulesetSource read(byte[] zip) {
        Map<String, byte[]> files = new TreeMap<>();
        long total = 0;
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (++entries > MAX_ENTRIES) {
                    throw new IllegalArgumentException("The zip holds more than " + MAX_ENTRIES + " entries.");
                }
                String name = e.getName().replace('\\', '/');
                if (e.isDirectory() || name.startsWith("__MACOSX/") || name.contains("/.") || name.startsWith(".")) {
                    continue;
                }
                if (name.startsWith("/") || name.contains("../")) {
                    throw new IllegalArgumentException("The zip entry " + name + " points outside the rules folder.");
                }
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                    total += n;
                    if (total > MAX_TOTAL_BYTES) {
                        throw new IllegalArgumentException("The zip unpacks to more than 20 MB.");
                    }
                    content.write(buf, 0, n);
                }
                files.put(name, content.toByteArray());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("The file is not a readable zip archive.");
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("The zip holds no files.");
        }
        return new RulesetSource(stripTopFolder(files));
    }

    private static Map<String, byte[]> stripTopFolder(Map<String, byte[]> files) {
        if (files.containsKey(RulesetCompiler.BASELINE + "/profile.yaml")) {
            return files;
        }
        String first = files.keySet().iterator().next();
        int slash = first.indexOf('/');
        if (slash < 0) {
            return files;
        }
        String top = first.substring(0, slash + 1);
        if (!files.keySet().stream().allMatch(p -> p.startsWith(top))) {
            return files;
        }
        Map<String, byte[]> out = new TreeMap<>();
        files.forEach((p, c) -> out.put(p.substring(top.length()), c));
        return out;
    }
}
