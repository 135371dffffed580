package kcbx.publishing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import kcbx.engine.CodeSourceFiles;

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
        for (String path : CodeSourceFiles.list(ServiceScenarios.class, RESOURCE)) {
            if (path.endsWith(".json")) {
                out.put(path.substring(RESOURCE.length() + 1),
                        new String(CodeSourceFiles.read(ServiceScenarios.class, path), StandardCharsets.UTF_8));
            }
        }
        if (out.isEmpty()) {
            throw new IOException("No scenario found under " + RESOURCE + " beside " + ServiceScenarios.class.getName());
        }
        return out;
    }
}
