package kcbx.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder named by a setting (kcbx.scenarios.path, kcbx.fixtures.path), resolved as the rules
 * folder is (kcbx.rules.path: relative to the working directory, made absolute), and, when it is
 * not there, the copy the build put in the jar (or the class directory under {@code mvn mn:run}),
 * so a service started from any directory finds its scenarios instead of failing a request.
 */
public final class ConfiguredFolder {
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredFolder.class);
    /** Jars opened as file systems stay open: the paths handed out read from them. */
    private static final Map<Path, FileSystem> JARS = new ConcurrentHashMap<>();

    private ConfiguredFolder() {
    }

    /** The setting's folder, absolute and normalised; empty when the setting is blank. */
    public static Optional<Path> resolve(String setting) {
        return setting == null || setting.isBlank() ? Optional.empty()
                : Optional.of(Path.of(setting).toAbsolutePath().normalize());
    }

    /**
     * The setting's folder when it is a directory; otherwise the folder {@code resource} of the jar
     * or class directory {@code anchor} was loaded from. A setting that differs from its default
     * and names no folder is a mistake worth a warning; the default missing (a jar started outside
     * the repository) is expected.
     */
    public static Path orBundled(String name, String setting, String defaultSetting, Class<?> anchor, String resource) {
        Optional<Path> configured = resolve(setting);
        if (configured.isPresent() && Files.isDirectory(configured.get())) {
            return configured.get();
        }
        Path bundled = bundled(anchor, resource);
        if (configured.isPresent()) {
            String message = "{} {} is not a folder; using the copy in {}";
            if (setting.equals(defaultSetting)) {
                LOG.info(message, name, configured.get(), bundled.toUri());
            } else {
                LOG.warn(message, name, configured.get(), bundled.toUri());
            }
        }
        return bundled;
    }

    /** The folder {@code resource} inside the jar or class directory {@code anchor} was loaded from. */
    public static Path bundled(Class<?> anchor, String resource) {
        var source = anchor.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("Cannot tell where " + anchor.getName() + " was loaded from");
        }
        Path root;
        try {
            root = Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot read the location of " + anchor.getName() + ": " + source.getLocation(), e);
        }
        if (Files.isDirectory(root)) {
            return root.resolve(resource);
        }
        FileSystem jar = JARS.computeIfAbsent(root, r -> {
            try {
                return FileSystems.newFileSystem(r, (ClassLoader) null);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot open " + r, e);
            }
        });
        return jar.getPath("/" + resource);
    }
}
