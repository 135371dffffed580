package kcbx.ruleset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import kcbx.decision.ScenarioRunner;

/**
 * The service's own scenarios, which every candidate must pass whatever scenarios its publisher
 * sends: test-fixtures/scenarios, copied into the jar at build time (under {@value #RESOURCE}) so
 * a running service finds them wherever it is started, or a folder an operator configures.
 */
final class ServiceScenarios {
    static final String RESOURCE = "kcbx/scenarios";

    private ServiceScenarios() {
    }

    /** The scenarios of {@code folder} when one is configured, else the copy shipped in the jar; by relative path. */
    static Map<String, String> load(String folder) {
        try {
            if (folder != null && !folder.isBlank()) {
                return ScenarioRunner.read(Path.of(folder));
            }
            return shipped();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the service's scenarios", e);
        }
    }

    private static Map<String, String> shipped() throws IOException {
        Map<String, String> out = new TreeMap<>();
        ClassLoader loader = ServiceScenarios.class.getClassLoader();
        var urls = loader.getResources(RESOURCE);
        while (urls.hasMoreElements()) {
            URL url = urls.nextElement();
            if (url.getProtocol().equals("file")) {
                try {
                    out.putAll(ScenarioRunner.read(Path.of(url.toURI())));
                } catch (URISyntaxException e) {
                    throw new IOException(e);
                }
            } else if (url.getProtocol().equals("jar")) {
                JarURLConnection conn = (JarURLConnection) url.openConnection();
                conn.setUseCaches(false);
                try (JarFile jar = conn.getJarFile()) {
                    for (JarEntry entry : jar.stream().toList()) {
                        String name = entry.getName();
                        if (name.startsWith(RESOURCE + "/") && name.endsWith(".json") && !entry.isDirectory()) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                out.put(name.substring(RESOURCE.length() + 1),
                                        new String(in.readAllBytes(), StandardCharsets.UTF_8));
                            }
                        }
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new IOException("No scenario found under " + RESOURCE + " on the class path");
        }
        return out;
    }
}
