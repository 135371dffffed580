package kcbx.ruleset;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import kcbx.engine.CompiledRuleset;
import kcbx.engine.RulesetCompiler;
import kcbx.engine.RulesetSource;

/**
 * Any rule set version that ever decided, compiled on demand. The active version is archived when
 * the service starts (before it can decide anything), so every stored decision's version can be
 * rebuilt from the database. Versions other than the active one are compiled from their archived
 * files and kept in a small least-recently-used cache: a compiled version holds a KieBase per
 * profile, and replays cluster on a few versions.
 */
@Context
@Requires(bean = ActiveRuleset.class) // not in the credentials command (environment "cli")
public class RulesetVersions {
    private static final Logger LOG = LoggerFactory.getLogger(RulesetVersions.class);

    private final ActiveRuleset active;
    private final RulesetArchive archive;
    private final Map<String, CompiledRuleset> cache;

    RulesetVersions(ActiveRuleset active, RulesetArchive archive, @Value("${kcbx.ruleset.cache-size:4}") int cacheSize) {
        this.active = active;
        this.archive = archive;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompiledRuleset> eldest) {
                return size() > Math.max(cacheSize, 1);
            }
        };
        CompiledRuleset current = active.get();
        if (archive.archive(current.source(), "rules folder at start-up", null)) {
            LOG.info("Rule set {} archived ({} files)", current.version(), current.source().files().size());
        }
    }

    /** Keeps a version that just stopped being active compiled, so a roll back to it is a swap, not a build. */
    public void remember(CompiledRuleset previous) {
        synchronized (cache) {
            cache.put(previous.version(), previous);
        }
    }

    /**
     * The compiled rule set of this version: the active one, a cached one, or one rebuilt from the
     * archive; empty when the version was never archived. A version whose archived files no longer
     * compile fails with {@link RulesetException}.
     */
    public Optional<CompiledRuleset> find(String version) {
        CompiledRuleset current = active.get();
        if (current.version().equals(version)) {
            return Optional.of(current);
        }
        synchronized (cache) {
            CompiledRuleset cached = cache.get(version);
            if (cached != null) {
                return Optional.of(cached);
            }
            Optional<RulesetSource> source = archive.load(version);
            if (source.isEmpty()) {
                return Optional.empty();
            }
            long start = System.nanoTime();
            CompiledRuleset compiled = new RulesetCompiler().compile(source.get());
            LOG.info("Rule set {} rebuilt from the archive in {} ms", version, (System.nanoTime() - start) / 1_000_000);
            cache.put(version, compiled);
            return Optional.of(compiled);
        }
    }
}
