package kcbx.engine;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The files under a folder of the jar or class directory a class was loaded from. Read from the
 * jar's entries rather than as a class path resource, because a jar need not hold entries for its
 * directories (then ClassLoader.getResources finds nothing).
 */
public final class CodeSourceFiles {
    private CodeSourceFiles() {
    }

    /** Paths ("kcbx/facts/Flag.class") of the regular files under {@code folder}, at any depth. */
    public static List<String> list(Class<?> anchor, String folder) throws IOException {
        var source = anchor.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IOException("Cannot tell where " + anchor.getName() + " was loaded from");
        }
        Path root;
        try {
            root = Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("Cannot read the location of " + anchor.getName() + ": " + source.getLocation(), e);
        }
        List<String> out = new ArrayList<>();
        if (Files.isDirectory(root)) {
            Path dir = root.resolve(folder);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(Files::isRegularFile)
                            .forEach(p -> out.add(root.relativize(p).toString().replace('\\', '/')));
                }
            }
        } else {
            try (JarFile jar = new JarFile(root.toFile())) {
                jar.stream().filter(e -> !e.isDirectory()).map(JarEntry::getName)
                        .filter(n -> n.startsWith(folder + "/")).forEach(out::add);
            }
        }
        out.sort(null);
        return out;
    }

    /** The content of one file listed by {@link #list}. */
    public static byte[] read(Class<?> anchor, String path) throws IOException {
        try (var in = anchor.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("No " + path + " on the class path");
            }
            return in.readAllBytes();
        }
    }
}
