package kcbx.ruleset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import kcbx.engine.CompiledRuleset;
import kcbx.engine.RulesetSource;

/** Rule set versions are kept in the database with their files, and rebuilt from them. */
@MicronautTest(transactional = false)
@Tag("db")
class RulesetArchiveTest {
    @Inject
    ActiveRuleset active;

    @Inject
    RulesetArchive archive;

    @Inject
    RulesetVersions versions;

    @Test
    void theActiveVersionIsArchivedAtStartUpByteForByte() {
        String version = active.get().version();
        assertTrue(archive.contains(version));
        RulesetSource stored = archive.load(version).orElseThrow();
        RulesetSource folder = RulesetSource.fromDirectory(Path.of("rules"));
        assertEquals(folder.files().keySet(), stored.files().keySet());
        folder.files().forEach((path, content) -> assertArrayEquals(content, stored.files().get(path), path));
        assertFalse(archive.archive(folder, "again", null), "archiving a stored version again stores nothing");
        assertTrue(archive.list().stream().anyMatch(v -> v.version().equals(version)
                && v.fileCount() == folder.files().size()));
    }

    @Test
    void aVersionNotInMemoryIsRebuiltFromItsArchivedFilesAndCached() {
        Map<String, byte[]> files = new TreeMap<>(RulesetSource.fromDirectory(Path.of("rules")).files());
        files.put("baseline/parameters.yaml", (new String(files.get("baseline/parameters.yaml"), StandardCharsets.UTF_8)
                + "\n# a comment changes the bytes, so the version\n").getBytes(StandardCharsets.UTF_8));
        RulesetSource other = new RulesetSource(files);
        assertTrue(archive.archive(other, "RulesetArchiveTest", "a comment more") || archive.contains(other.version()));

        CompiledRuleset rebuilt = versions.find(other.version()).orElseThrow();
        assertEquals(other.version(), rebuilt.version());
        assertNotSame(active.get(), rebuilt);
        assertSame(rebuilt, versions.find(other.version()).orElseThrow(), "compiled once, then cached");
        assertSame(active.get(), versions.find(active.get().version()).orElseThrow());
        assertTrue(versions.find("f".repeat(64)).isEmpty());
    }
}
